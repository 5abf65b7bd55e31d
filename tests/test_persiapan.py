"""The orchestration behind the thin CLI commands: lkjip.persiapan and lkjip.pemeriksaan.reviu_ulang."""

from __future__ import annotations

import re

import pytest
import yaml

from lkjip import persiapan
from lkjip.errors import DataError, LkjipError
from lkjip.ingest import parse_manifest, read_raw
from lkjip.io import sha256_file
from lkjip.params import load_params
from lkjip.pemeriksaan import kalimat_reviu, reviu_ulang
from lkjip.tables import SPECS

from ._bantu import salin_proyek


def test_periksa_tahun_refuses_years_out_of_range():
    assert persiapan.periksa_tahun(2030) == 2030
    with pytest.raises(LkjipError, match="di luar rentang"):
        persiapan.periksa_tahun(1999)


@pytest.mark.parametrize("bentuk", ["xlsx", "csv"])
def test_first_empty_year_is_valid_and_never_overwritten(tmp_path, bentuk):
    baru = persiapan.siapkan_kosong(2026, "Dinas Uji", "Kabupaten Uji", "2026-2030", bentuk, root=tmp_path)
    assert baru.tahun_lama is None and baru.params == tmp_path / "params" / "2026.yaml"
    P = load_params(baru.params)
    assert (P.tahun, P.instansi.nama, P.renstra.tahun_awal, P.renstra.tahun_akhir) == (2026, "Dinas Uji", 2026, 2030)
    files = sorted(p.name for p in baru.raw.iterdir())
    expected = ["data-2026.xlsx"] if bentuk == "xlsx" else sorted(s.filename for s in SPECS if s.required)
    assert files == sorted([*expected, "README.md"]) and sorted(baru.berkas) == sorted(expected)
    manifest = parse_manifest((baru.raw / "README.md").read_text(encoding="utf-8"))
    assert manifest == {f: sha256_file(baru.raw / f) for f in expected}
    before = baru.params.read_bytes()
    with pytest.raises(LkjipError, match="sudah ada; tidak ditimpa"):
        persiapan.siapkan_kosong(2026, "Lain", "Lain", "2026-2030", bentuk, root=tmp_path)
    assert baru.params.read_bytes() == before
    assert not [p for p in tmp_path.rglob(".baru-*")]


def test_first_empty_year_refuses_bad_options_before_writing(tmp_path):
    with pytest.raises(LkjipError, match="--kosong memerlukan"):
        persiapan.siapkan_kosong(2026, "Dinas", None, "2026-2030", root=tmp_path)
    with pytest.raises(LkjipError, match="diharapkan AWAL-AKHIR"):
        persiapan.siapkan_kosong(2026, "Dinas", "Kab", "2026/2030", root=tmp_path)
    with pytest.raises(LkjipError, match="tidak valid, jadi tidak ada yang ditulis"):
        persiapan.siapkan_kosong(2026, "Dinas", "Kab", "2030-2026", root=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_manifest_records_changes_and_adds_rows(project):
    project.edit("t3_5_anggaran.csv", "142.770.090;", "142.770.091;", rehash=False)
    (project.raw_dir / "narasi" / "baru.md").write_text("Teks baru.\n", encoding="utf-8")
    h = persiapan.perbarui_manifest(project.raw_dir)
    assert (h.dibuat, h.berubah, h.baru) == (False, ["t3_5_anggaran.csv"], ["narasi/baru.md"])
    text = (project.raw_dir / "README.md").read_text(encoding="utf-8")
    assert parse_manifest(text)["t3_5_anggaran.csv"] == sha256_file(project.raw_dir / "t3_5_anggaran.csv")
    assert "| `narasi/baru.md` | ISI: sumber" in text
    again = persiapan.perbarui_manifest(project.raw_dir)
    assert (again.berubah, again.baru) == ([], [])
    (project.raw_dir / "README.md").unlink()
    created = persiapan.perbarui_manifest(project.raw_dir)
    assert created.dibuat and len(created.baru) == len(parse_manifest(created.readme.read_text(encoding="utf-8")))
    (project.raw_dir / "data.xls").write_bytes(b"x")
    with pytest.raises(DataError, match="tidak didukung"):
        persiapan.perbarui_manifest(project.raw_dir)


def test_template_filled_from_a_folder_and_never_into_csv_data(project, tmp_path):
    out, n = persiapan.tulis_template(2024, str(project.raw_dir), str(tmp_path / "formulir" / "data-2024.xlsx"))
    assert out.is_file() and n == len(read_raw(project.raw_dir)[0])
    with pytest.raises(LkjipError, match="sudah ada; tidak ditimpa"):
        persiapan.tulis_template(2024, None, str(out))
    with pytest.raises(LkjipError, match="sudah berisi data CSV"):
        persiapan.tulis_template(2024, None, str(project.raw_dir / "data-2024.xlsx"))
    assert not (project.raw_dir / "data-2024.xlsx").exists()


def test_contoh_is_written_whole_into_an_empty_folder(tmp_path):
    folder, n = persiapan.tulis_contoh(tmp_path / "kab", 2, [2024], 3)
    assert n == 2 and (folder / "daftar.yaml").is_file()
    with pytest.raises(LkjipError, match="tidak kosong"):
        persiapan.tulis_contoh(folder, 1, [2024], 3)
    with pytest.raises(LkjipError, match="--opd 0"):
        persiapan.tulis_contoh(tmp_path / "lain", 0, [2024], 3)
    assert not (tmp_path / "lain").exists() and not list(tmp_path.glob(".contoh-*"))


def test_reviu_ulang_recomputes_what_the_stage_wrote(run_2024, tmp_path):
    pfile = salin_proyek(run_2024, tmp_path)
    d = yaml.safe_load(pfile.read_text(encoding="utf-8"))
    (tmp_path / "processed" / "reviu.csv").write_text("rusak\n", encoding="utf-8")
    h = reviu_ulang(pfile)
    assert (tmp_path / "processed" / "reviu.csv").read_bytes() == (run_2024.processed / "reviu.csv").read_bytes()
    assert h.jumlah("error") == int((h.temuan["tingkat"] == "error").sum()) > 0
    assert h.kalimat == kalimat_reviu(run_2024.processed)
    assert re.fullmatch(r"\d+ angka cetakan diperiksa, \d+ tidak dapat diperiksa, \d+ error", h.kalimat), h.kalimat
    assert kalimat_reviu(tmp_path / "kosong") is None
    d["paths"]["processed"] = str(tmp_path / "belum")
    pfile.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(LkjipError, match="belum ada: jalankan dulu"):
        reviu_ulang(pfile)
