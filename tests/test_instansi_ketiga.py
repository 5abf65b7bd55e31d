"""A third invented instansi, different in shape from 2024 and from the perpustakaan fixture (issue 14).

Dinas Pertanian dan Ketahanan Pangan, Kabupaten Sukamaju, 2026, first year of its Renstra:
started with ``lkjip tahun-baru 2026 --kosong --format csv`` (no previous year: the history
file holds only its header), several indicators per sasaran (one without realisasi, one of
negative polarity), a program without a program indicator, pagu and realisasi per sub
kegiatan (no ``t3_5_anggaran.csv``: programs roll up from the RKT), a kegiatan whose own
realisasi is checked against its sub kegiatan, Tabel 3.5 down to sub kegiatan
(``anggaran.tingkat_tabel``), printed figures at sub-kegiatan level, and no staff, asset,
AKIP, koperasi, national or Perjanjian Kinerja tables.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pandas as pd
import pytest
import yaml

from lkjip import io
from lkjip.fmt import bulatkan
from lkjip.cli import main

from ._bantu import kalimat_reviu, lkjip
from .test_laporan import _Cells, _parse_shown

FIXTURE = Path(__file__).parent / "fixtures" / "pertanian"

#: Pagu and realisasi of every sub kegiatan as transcribed in t2_2_rkt.csv.
SUB = {"P1.K1.S1": (D(900000000), D(887450000)), "P1.K1.S2": (D(1150000000), D("1149999500")),
       "P1.K2.S1": (D(310500000), D(296010000)), "P2.K1.S1": (D(412000000), D(355600000)),
       "P3.K1.S1": (D(720000000), D(715750000)), "P3.K1.S2": (D(310000000), D(300000000))}


@pytest.fixture(scope="module")
def ketiga(tmp_path_factory):
    from types import SimpleNamespace

    from lkjip.runner import run

    root = tmp_path_factory.mktemp("instansi3")
    shutil.copytree(FIXTURE / "raw", root / "raw")
    params = yaml.safe_load((FIXTURE / "params.yaml").read_text(encoding="utf-8"))
    params["paths"] = {"raw": str(root / "raw"), "processed": str(root / "processed"), "reports": str(root / "reports")}
    pfile = root / "params.yaml"
    pfile.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run(pfile, echo=lambda *a: None)
    html = (root / "reports" / "LKjIP-2026.html").read_text(encoding="utf-8")
    return SimpleNamespace(root=root, pfile=pfile, processed=root / "processed", reports=root / "reports", html=html,
                           tables=io.read_tables(root / "processed"))


def _text(html: str) -> str:
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _bagian(text: str, awal: str, akhir: str) -> str:
    """The text from the heading ``awal`` to ``akhir`` (the last ``awal``: the first is in the Daftar Isi)."""
    i = text.rindex(awal)
    return text[i:text.index(akhir, i)]


def test_html_and_pdf_written(ketiga):
    assert (ketiga.reports / "LKjIP-2026.pdf").read_bytes().startswith(b"%PDF")
    text = _text(ketiga.html)
    assert "Dinas Pertanian dan Ketahanan Pangan" in text and "Kabupaten Sukamaju" in text


def test_several_indicators_per_sasaran(ketiga):
    cap = ketiga.tables["capaian_indikator"].set_index("indikator_id")
    assert cap.at["IS1A", "capaian"] == D("5.88") / D("5.6") * 100
    assert cap.at["IS1B", "capaian"] == D("21.5") / 25 * 100
    assert cap.at["IS1C", "capaian"] is None
    assert cap.at["IS2B", "capaian"] == (2 * D(5) - D("4.2")) / 5 * 100  # negative polarity, selisih_target
    sas = ketiga.tables["capaian_sasaran"].set_index("sasaran_id")
    s1 = (D("5.88") / D("5.6") * 100 + D("21.5") / 25 * 100) / 2  # IS1C has no capaian: left out, and said so
    s2 = (D("90.4") / 88 * 100 + (2 * D(5) - D("4.2")) / 5 * 100) / 2
    assert sas.at["S1", "capaian"] == s1 and sas.at["S2", "capaian"] == s2
    assert "IS1C" in sas.at["S1", "metode"] and "tanpa capaian" in sas.at["S1", "metode"]
    assert ketiga.tables["capaian_instansi"].iloc[0]["capaian"] == (s1 + s2) / 2
    renstra = ketiga.tables["renstra"]
    assert (renstra["sasaran_id"] == "S1").sum() == 3  # Tabel 2.1 holds every indicator of a sasaran
    t35 = ketiga.tables["tabel_3_5"].set_index("id")
    assert t35.at["S1", "capaian"] == s1 and "rata-rata" in t35.at["S1", "metode_capaian"]
    assert t35.at["P2", "indikator"] == "tidak ada indikator program"
    t36 = ketiga.tables["tabel_3_6"].set_index("id")
    assert t36.at["P2", "efisiensi"] is None and t36.at["P2", "alasan"] == "tidak ada indikator program"


def test_realisasi_at_every_rkt_level(ketiga):
    roll = ketiga.tables["rkt_rollup"].set_index("node_id")
    for node, (pagu, real) in SUB.items():
        assert roll.at[node, "anggaran_perubahan"] == pagu and roll.at[node, "realisasi_anggaran"] == real
        assert roll.at[node, "serapan"] == real / pagu * 100
    k1 = SUB["P1.K1.S1"][1] + SUB["P1.K1.S2"][1]
    assert roll.at["P1.K1", "realisasi_anggaran"] == k1
    p1 = k1 + SUB["P1.K2.S1"][1]
    assert roll.at["P1", "realisasi_anggaran"] == p1
    total_pagu = sum(p for p, _ in SUB.values())
    total_real = sum(r for _, r in SUB.values())
    assert roll.at["TOTAL", "realisasi_anggaran"] == total_real
    assert roll.at["TOTAL", "serapan"] == total_real / total_pagu * 100
    assert roll.at["P3.K1", "realisasi_anggaran_diisi"] == D(1015750000)  # given on the parent, equal to Σ
    assert roll.at["P2.K1.S1", "capaian_kinerja"] == D(34) / 60 * 100  # the sub kegiatan's own indicator
    t35 = ketiga.tables["tabel_3_5"]
    assert list(t35["jenis_baris"]).count("sub_kegiatan") == 6 and list(t35["jenis_baris"]).count("kegiatan") == 4
    p = t35.set_index("id")
    assert p.at["P1", "pagu"] == SUB["P1.K1.S1"][0] + SUB["P1.K1.S2"][0] + SUB["P1.K2.S1"][0]  # no t3_5: from RKT
    assert p.at["P1", "realisasi_anggaran"] == p1
    tot = ketiga.tables["ringkasan_anggaran"].iloc[0]
    assert tot["pagu"] == total_pagu and tot["realisasi_anggaran"] == total_real


def test_reviu_checks_sub_kegiatan_and_lists_the_unchecked(ketiga):
    r = ketiga.tables["reviu"]
    err = {(x.entitas, x.besaran) for x in r[r.tingkat == "error"].itertuples()}
    assert err == {("P3.K1.S2", "serapan"), ("S1", "capaian"), ("TOTAL", "serapan")}
    tidak = r[r.tingkat == "tidak_diperiksa"]
    assert list(zip(tidak.entitas, tidak.besaran)) == [("IS1C", "capaian")]
    assert "tidak ada nilai hitung ulang" in tidak.iloc[0]["uraian"]
    assert not ((r.entitas == "P1.K1.S1") & (r.besaran == "serapan")).any()  # 98,61% for 98,6055…: matches


def test_cli_end_lines_count_reviu_csv(ketiga):
    """`lkjip run` (nothing changed since the fixture's run) and `lkjip reviu` (run once) end with reviu.csv's counts."""
    akhir = kalimat_reviu(ketiga.processed)
    assert akhir == "9 angka cetakan diperiksa, 1 tidak dapat diperiksa, 3 error"
    run = lkjip("run", str(ketiga.pfile))
    assert run.returncode == 0 and run.stdout.splitlines()[-1] == "Reviu: " + akhir, run.stdout + run.stderr
    rev = lkjip("reviu", str(ketiga.pfile))
    assert rev.returncode == 0 and rev.stdout.splitlines()[1] == akhir, rev.stdout + rev.stderr
    # (moved from test_reviu_checks_sub_kegiatan_and_lists_the_unchecked: the same command on the same folder)
    assert "9 angka cetakan diperiksa, 1 tidak dapat diperiksa, 3 error" in rev.stdout, rev.stdout + rev.stderr


def test_prose_reads_well(ketiga):
    text = _text(ketiga.html)
    body = _bagian(text, "3.1.5 Analisis capaian per sasaran strategis", "3.2 Realisasi Anggaran")
    for bad in ("data tidak tersedia%", "None", "n/a", ")Persentase", ".Tahun", "Kinerja didukung oleh data"):
        assert bad not in body and bad not in _bagian(text, "4.1 Kesimpulan", "4.2 Langkah"), bad
    assert body.count("Tidak ada pembanding nasional") == 2  # once per sasaran, not once per indicator
    assert "Indeks pertanaman: realisasi belum tersedia" in body
    assert "Produktivitas padi: belum ada data tahun sebelumnya" in body  # each indicator named
    assert "Program Penyuluhan Pertanian: tidak ada indikator program" in body
    for blok in re.split(r"Sasaran \d: ", body)[1:]:  # no sentence repeated within one sasaran's analysis
        sentences = [s.strip() for s in blok.split(". ") if len(s.strip()) > 40]
        assert len(sentences) == len(set(sentences)), blok
    assert re.search(r'data-src="tabel_3_5:\d+:realisasi">(?:<a [^>]*>)?34<', ketiga.html) and "34,00" not in text  # counts: integers
    assert "Kinerja didukung oleh" not in text  # no staff data


def test_every_table_number_equals_processed_data(ketiga):
    p = _Cells()
    p.feed(ketiga.html)
    assert len(p.cells) > 80
    for src, text in p.cells:
        name, row, col = src.split(":")
        value = ketiga.tables[name].at[int(row), col]
        shown, places = _parse_shown(text)
        assert (shown is None) if value is None else (shown == bulatkan(value, places)), (src, text, value)


def test_absent_tables_left_out_of_the_annex(ketiga):
    tabel = {p.name for p in (ketiga.reports / "tabel").glob("*.csv")}
    for absent in ("tabel_3_7.csv", "komposisi_pegawai.csv", "tabel_4_0.csv", "tabel_1_1.csv", "akip_total.csv"):
        assert absent not in tabel
    assert "tabel_3_5.csv" in tabel and "reviu.csv" in tabel


def _lkjip(root, *args):
    env = {**os.environ, "LKJIP_ROOT": str(root)}
    return subprocess.run([sys.executable, "-m", "lkjip.cli", *args], capture_output=True, text=True, env=env, cwd=root)


def test_first_year_kosong_workbook_and_manifest(tmp_path):
    r = _lkjip(tmp_path, "tahun-baru", "2026", "--kosong", "--instansi", "Dinas Pertanian dan Ketahanan Pangan",
               "--kabupaten", "Kabupaten Sukamaju", "--renstra", "2026-2030")
    assert r.returncode == 0, r.stderr
    params = (tmp_path / "params" / "2026.yaml").read_text(encoding="utf-8")
    assert "tahun_awal: 2026" in params and "tahun_akhir: 2030" in params
    assert _lkjip(tmp_path, "validasi", "params/2026.yaml").returncode == 0
    raw = tmp_path / "data" / "raw" / "2026"
    assert (raw / "data-2026.xlsx").exists()
    # the generated params and README match what the committed fixture started from
    fixture = (FIXTURE / "params.yaml").read_text(encoding="utf-8")
    assert "tingkat_tabel" in params and fixture.count("\n") == params.count("\n") + 1
    again = _lkjip(tmp_path, "tahun-baru", "2026", "--kosong", "--instansi", "X", "--kabupaten", "Y", "--renstra",
                   "2026-2030")
    assert again.returncode == 2 and "sudah ada" in again.stderr
    (raw / "README.md").unlink()  # manifest creates a missing README with a row per file
    m = _lkjip(tmp_path, "manifest", "data/raw/2026")
    assert m.returncode == 0, m.stderr
    assert "data-2026.xlsx" in (raw / "README.md").read_text(encoding="utf-8") and "dibuat" in m.stdout


def test_printed_figure_vocabulary_errors(tmp_path):
    from lkjip.pemeriksaan import baca
    from lkjip.errors import DataError

    def pesan(tambahan: str) -> str:
        shutil.rmtree(tmp_path / "raw", ignore_errors=True)
        shutil.copytree(FIXTURE / "raw", tmp_path / "raw")
        dil = tmp_path / "raw" / "dilaporkan.csv"
        dil.write_text(dil.read_text(encoding="utf-8") + tambahan, encoding="utf-8")
        assert main(["manifest", str(tmp_path / "raw")]) == 0  # in-process: an absolute path, no LKJIP_ROOT needed
        with pytest.raises(DataError) as exc:
            baca(tmp_path / "raw", 2026)
        return str(exc.value)

    msg = pesan("Tabel 3.1,IS1A,capaiannya,1,\n")
    assert "besaran tidak dikenal; pilihan: anggaran" in msg and "capaiannya" in msg and "baris 12" in msg
    msg = pesan("Tabel 3.5,P9.K1,serapan,\"90%\",\n")
    assert "entitas 'P9.K1' tidak ada untuk besaran serapan" in msg and "P1.K1.S1" in msg and "baris 12" in msg


def test_trend_chart_one_tick_per_year_with_realisasi_only_history():
    from lkjip import grafik

    t = pd.DataFrame({"indikator_id": ["A", "A", "A"], "tahun": [2024, 2025, 2026], "indikator_tahun_id": ["A"] * 3,
                      "berubah": [False] * 3, "capaian": [None, None, D(105)]}, dtype=object)
    fig = grafik.tren_sasaran(t, {"A": "a"}, "judul")
    ax = fig.axes[0]
    assert [x.get_text() for x in ax.get_xticklabels()] == ["2024", "2025", "2026"]
    assert ax.get_xlim() == pytest.approx((2023.6, 2026.4))  # every year in view, whatever holds a capaian


def test_average_capaian_link_on_this_fixtures_rkt(ketiga):
    """A sasaran indicator declared the mean capaian of the sub kegiatan below its sasaran: the reviu recomputes it."""
    from lkjip import reviu as R
    from lkjip.params import load_params

    t = dict(ketiga.tables)
    t["indikator"] = t["indikator"].assign(
        sumber_realisasi=["rata_rata_capaian_sub_kegiatan" if i == "IS1B" else None for i in t["indikator"]["indikator_id"]])
    row = R.realisasi_tertaut(t).set_index("indikator_id").loc["IS1B"]
    mean = (D(118) / 120 * 100 + D(15) / 15 * 100 + D(540) / 500 * 100 + D(34) / 60 * 100) / 4  # S1's 4 sub kegiatan
    assert row["nilai_hitung"] == mean and row["realisasi"] == D("21.5") and row["toleransi"] == D("0.05")
    found = R.reviu(t, load_params(ketiga.pfile))
    link = found[(found.entitas == "IS1B") & (found.besaran == "realisasi")]
    assert list(zip(link.kode, link.tingkat)) == [("R01", "error")] and link.iloc[0]["nilai_hitung"] == mean
