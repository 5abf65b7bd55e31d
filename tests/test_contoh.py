"""``lkjip contoh``: a deterministic, valid synthetic kabupaten; and the rekap's pure parts on small frames."""

from __future__ import annotations

import io as _io
from decimal import Decimal as D
from pathlib import Path

import pandas as pd
import pytest
import yaml

from lkjip import rekap as R
from lkjip.pemeriksaan import baca
from lkjip.cli import main
from lkjip.contoh import kabupaten
from lkjip.ingest import parse_manifest
from lkjip.io import sha256_file
from lkjip.params import load_params


@pytest.fixture(scope="module")
def kab(tmp_path_factory):
    folder = tmp_path_factory.mktemp("contoh") / "kab"
    assert main(["contoh", str(folder), "--opd", "6", "--tahun", "2023", "2024", "--benih", "7"]) == 0
    return folder


def test_same_arguments_same_bytes_other_seed_other_data(tmp_path):
    a = kabupaten(tmp_path, 3, [2024, 2023], 1)
    assert a == kabupaten(tmp_path, 3, [2023, 2024], 1)
    b = kabupaten(tmp_path, 3, [2023, 2024], 2)
    assert "daftar.yaml" in b and a["daftar.yaml"] == b["daftar.yaml"]  # same OPD names and years
    assert any(a.get(k) != v for k, v in b.items() if k.endswith(".csv"))


def test_every_opd_year_is_valid_with_its_manifest(kab):
    daftar = yaml.safe_load((kab / "daftar.yaml").read_text(encoding="utf-8"))
    assert len(daftar["params"]) == 12 and daftar["keluaran"] == "reports"
    names = set()
    for rel in daftar["params"]:
        P = load_params(kab / rel)
        names.add(P.instansi.nama)
        raw = Path(P.paths.raw)
        assert raw.is_relative_to(kab) and Path(P.paths.processed).is_relative_to(kab)
        warnings = baca(raw, P.tahun).peringatan
        assert warnings == [], (rel, warnings)
        manifest = parse_manifest((raw / "README.md").read_text(encoding="utf-8"))
        files = sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file() and p.name != "README.md")
        assert sorted(manifest) == files
        assert all(manifest[f] == sha256_file(raw / f) for f in files)
    assert len(names) == 6


def test_shape_of_the_invented_opds(kab):
    raws = sorted(kab.glob("opd-*/data/raw/2024"))
    n_sasaran = [len(pd.read_csv(r / "sasaran.csv", sep=";")) for r in raws]
    assert all(2 <= n <= 6 for n in n_sasaran)
    for r in raws:
        ind = pd.read_csv(r / "indikator.csv", sep=";")
        assert ind.groupby("sasaran_id").size().between(1, 4).all()
    # some OPDs lack the staff history or asset tables; some carry deliberate printed errors
    assert any(not (r / "t3_8_pegawai_riwayat.csv").exists() or not (r / "t4_0_aset.csv").exists() for r in raws)
    assert any((r / "t4_0_aset.csv").exists() for r in raws)
    assert any("salah cetak rekaan" in (r / "dilaporkan.csv").read_text(encoding="utf-8") for r in raws)
    assert any("salah cetak rekaan" not in (r / "dilaporkan.csv").read_text(encoding="utf-8") for r in raws)


def test_history_equals_the_earlier_years_own_data(kab):
    for opd in sorted(kab.glob("opd-*")):
        k23 = pd.read_csv(opd / "data/raw/2023/t3_1_kinerja.csv", sep=";", dtype=str)
        r24 = pd.read_csv(opd / "data/raw/2024/t3_2_riwayat.csv", sep=";", dtype=str)
        r24 = r24[r24["tahun"] == "2023"].set_index("indikator_id")
        for row in k23.itertuples():
            assert (r24.at[row.indikator_id, "target"], r24.at[row.indikator_id, "realisasi"]) == (row.target, row.realisasi)


def test_contoh_refuses_a_non_empty_folder(kab, capsys):
    assert main(["contoh", str(kab), "--opd", "1"]) == 2
    assert "tidak ditimpa" in capsys.readouterr().err
    assert main(["contoh", str(kab.parent / "lain"), "--opd", "0"]) == 2
    assert main(["contoh", str(kab.parent / "lain"), "--tahun", "1999"]) == 2


# ------------------------------------------------------------------ rekap (pure)


def _tables(predikat, capaian=D("95.5"), akip=True, reviu=("error", "peringatan", "error")):
    t = {
        "capaian_indikator": pd.DataFrame({"indikator_id": [f"I{i}" for i in range(len(predikat))],
                                           "target": [D(10)] * len(predikat), "realisasi": [D(9)] * len(predikat),
                                           "capaian": [D(90)] * len(predikat), "predikat": predikat}, dtype=object),
        "capaian_instansi": pd.DataFrame([{"capaian": capaian, "predikat": "Baik"}], dtype=object),
        "ringkasan_anggaran": pd.DataFrame([{"pagu": D(1000), "realisasi_anggaran": D(900), "serapan": D(90)}],
                                           dtype=object),
        "reviu": pd.DataFrame({"tingkat": list(reviu)}, dtype=object),
        "dilaporkan": pd.DataFrame([{"lokasi": "x", "entitas": "TOTAL", "besaran": "pagu", "nilai": D(1000)},
                                    {"lokasi": "x", "entitas": "ZZ", "besaran": "jumlah_koperasi", "nilai": D(3)}],
                                   dtype=object),
    }
    if akip:
        t["akip_total"] = pd.DataFrame([{"nilai": D("71.5"), "predikat": "BB"}], dtype=object)
    return t


def test_baris_opd_reads_the_tables():
    t = _tables(["Baik", "Baik", None, "Kurang", "Aneh"])
    b = R.baris_opd(t, 2024, ["Istimewa", "Baik", "Kurang"], "capaian_minus_serapan")
    assert b["rata_rata_capaian"] == D("95.5") and b["predikat"] == "Baik"
    assert (b["pagu"], b["realisasi_anggaran"], b["serapan"]) == (D(1000), D(900), D(90))
    assert b["efisiensi"] == D("5.5") and b["status_efisiensi"] == "efisien"
    assert (b["nilai_akip"], b["predikat_akip"]) == (D("71.5"), "BB")
    assert (b["reviu_error"], b["reviu_peringatan"]) == (2, 1)
    assert b["predikat_indikator"] == [("Istimewa", 0), ("Baik", 2), ("Kurang", 1), ("Aneh", 1),
                                       (R.TIDAK_DAPAT_DIHITUNG, 1)]
    assert b["indikator_per_predikat"] == "Baik 2; Kurang 1; Aneh 1; tidak dapat dihitung 1"
    # TOTAL pagu has a computed value (ringkasan_anggaran); ZZ jumlah_koperasi has none
    assert b["reviu_tidak_diperiksa"] == 1
    b = R.baris_opd(_tables(["Baik"], akip=False, capaian=None), 2024, ["Baik"], "sisa_anggaran")
    from lkjip.anggaran import efisiensi

    assert b["nilai_akip"] is None and b["efisiensi"] is None
    assert b["status_efisiensi"] == efisiensi(None, D(90), "sisa_anggaran")[1]  # the module's own "cannot be judged"


def test_distribusi_tren_ringkasan():
    rows = []
    for opd, th, cap, pred, per in (("A", 2023, D(80), "Cukup", [("Baik", 1), ("Cukup", 2)]),
                                    ("A", 2024, D(95), "Baik", [("Baik", 3), ("Cukup", 0)]),
                                    ("B", 2024, D(60), "Kurang", [("Baik", 0), ("Cukup", 1)])):
        rows.append(R.baris_gagal() | {"opd": opd, "tahun": th, "status": "berhasil", "rata_rata_capaian": cap,
                                        "predikat": pred, "predikat_indikator": per, "pagu": D(10), "serapan": D(50),
                                        "realisasi_anggaran": D(5), "reviu_error": 1, "params": f"{opd}{th}"})
    rows.append(R.baris_gagal() | {"opd": "C", "tahun": 2024, "status": "gagal", "pesan": "x", "params": "C"})
    semua = R.tabel_rekap(rows)
    assert list(semua["opd"]) == ["A", "A", "B", "C"]
    per = R.tabel_predikat([r for r in rows if r["status"] == "berhasil"])
    d = R.distribusi_predikat(semua, per, 2024)
    assert d.to_dict("records") == [{"predikat": "Baik", "jumlah_opd": 1, "jumlah_indikator": 3},
                                    {"predikat": "Cukup", "jumlah_opd": 0, "jumlah_indikator": 1},
                                    {"predikat": "Kurang", "jumlah_opd": 1, "jumlah_indikator": 0}]
    tr = R.tren(semua).set_index("opd")
    assert tr.at["A", "perubahan_capaian"] == D(15) and tr.at["B", "capaian_2023"] is None
    assert tr.at["C", "capaian_2024"] is None
    ring = R.ringkasan(semua[semua["tahun"] == 2024])
    assert ring == {"jumlah": 3, "berhasil": 2, "gagal": 1, "reviu_error": 2, "pagu": D(20), "realisasi_anggaran": D(10)}


def test_rekap_html_and_xlsx_keep_user_text_inert():
    from openpyxl import load_workbook

    from lkjip.rekap_keluaran import html_rekap, xlsx_rekap

    evil = "=HYPERLINK(\"http://x\")<script>alert(1)</script>"
    rows = [R.baris_gagal() | {"opd": evil, "tahun": 2024, "status": "gagal", "pesan": "<b>galat</b>", "params": "p"}]
    rekap = R.tabel_rekap(rows)
    html = html_rekap(2024, "Kab <i>", rekap, pd.DataFrame(columns=["predikat", "jumlah_opd", "jumlah_indikator"]),
                      R.tren(rekap), [2024], [], {"scheduler": "tcp://x", "pekerja": 1, "lokal": True, "detik": 1.0},
                      "sekarang")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;galat" in html and "Kab &lt;i&gt;" in html
    wb = load_workbook(_io.BytesIO(xlsx_rekap(2024, {"Rekap": ("judul", rekap)})))
    cell = wb["Rekap"]["A4"]
    assert cell.value == evil and cell.data_type == "s"


def test_tulis_rekap_several_years_staged_and_marked(tmp_path):
    from openpyxl import load_workbook

    from lkjip.errors import LkjipError
    from lkjip.io import read_tables
    from lkjip.paths import PENANDA
    from lkjip.rekap_keluaran import periksa_folder_rekap, tulis_rekap

    rows = []
    for opd, th, cap in (("Dinas A", 2023, D(80)), ("Dinas A", 2024, D("95.5")), ("Dinas B", 2024, D(60))):
        rows.append(R.baris_gagal() | {"opd": opd, "kabupaten": "Kabupaten Uji", "tahun": th, "status": "berhasil",
                                        "rata_rata_capaian": cap, "predikat": "Baik", "serapan": D(90),
                                        "pagu": D(1000), "realisasi_anggaran": D(900),
                                        "predikat_indikator": [("Baik", 2)], "params": f"{opd}/{th}.yaml"})
    rows.append(R.baris_gagal() | {"opd": "Dinas C", "tahun": 2024, "status": "gagal", "pesan": "t3_1_kinerja.csv, baris 2",
                                    "params": "c.yaml"})
    klaster = {"scheduler": "tcp://127.0.0.1:1", "pekerja": 2, "lokal": True, "detik": 3.0}
    folder = tmp_path / "reports" / "rekap-2024"
    periksa_folder_rekap([folder], [tmp_path / "opd"])
    tulis_rekap(folder, 2024, rows, [], klaster, echo=lambda *a: None)
    assert (folder / PENANDA).is_file() and (folder / "rekap-2024.pdf").read_bytes().startswith(b"%PDF")
    html = (folder / "rekap-2024.html").read_text(encoding="utf-8")
    assert "Tren per OPD (2023–2024)" in html and "Kabupaten Uji" in html and "t3_1_kinerja.csv, baris 2" in html
    t = read_tables(folder / "data")
    assert list(t["rekap"]["opd"]) == ["Dinas A", "Dinas B", "Dinas C"]  # only this year's rows
    assert t["tren"].set_index("opd").at["Dinas A", "perubahan_capaian"] == D("15.5")
    assert "Tren" in load_workbook(folder / "rekap-2024.xlsx").sheetnames
    tulis_rekap(folder, 2024, rows[:2], [], klaster, echo=lambda *a: None)  # a later batch replaces it
    assert list(read_tables(folder / "data")["rekap"]["opd"]) == ["Dinas A"]
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".staging")]
    other = tmp_path / "bukan-buatan-lkjip"
    other.mkdir()
    (other / "penting.txt").write_text("x", encoding="utf-8")
    with pytest.raises(LkjipError, match="bukan buatan lkjip"):
        periksa_folder_rekap([other], [])
    with pytest.raises(LkjipError, match="folder rekap"):
        periksa_folder_rekap([tmp_path / "opd" / "reports"], [tmp_path / "opd"])
