"""Ingest and clean on the real 2024 data and on deliberately broken copies."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from lkjip import clean, ingest
from lkjip.errors import DataError
from lkjip.io import read_raw_csv
from lkjip.numbers import parse_bilangan, parse_rupiah
from lkjip.paths import ROOT

from .conftest import RAW_2024


def _clean(raw_dir, tahun=2024):
    frames = ingest.read_raw_dir(raw_dir, label_root=raw_dir.parent)
    labels = {n: f"{raw_dir.name}/{n}.csv" for n in frames}
    return clean.clean_tables(frames, tahun, labels)


@pytest.fixture(scope="module")
def tables():
    return _clean(RAW_2024)


def _raw_rows(name):
    text = (RAW_2024 / f"{name}.csv").read_text(encoding="utf-8")
    delim = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return list(csv.DictReader(text.splitlines(), delimiter=delim))


def test_manifest_matches_every_raw_file():
    frames = ingest.read_raw_dir(RAW_2024)
    manifest = ingest.parse_manifest((RAW_2024 / "README.md").read_text(encoding="utf-8"))
    inv = ingest.inventory(RAW_2024, frames, manifest)
    assert inv["cocok"].all()
    assert set(inv["berkas"]) == ({p.name for p in RAW_2024.glob("*.csv")}
                                  | {f"narasi/{p.name}" for p in (RAW_2024 / "narasi").glob("*.md")})


def test_processed_sums_equal_raw_rows(tables):
    # Independently of the cleaning code: sum the raw cells that have a value.
    kop23 = sum(parse_bilangan(r["jumlah"]) for r in _raw_rows("t1_1_koperasi") if r["tahun"] == "2023")
    assert sum(v for v in tables["koperasi"].query("tahun == 2023")["jumlah"]) == kop23 == 877
    # 2024 is blank in the document: it stays missing, never 0
    assert all(v is None for v in tables["koperasi"].query("tahun == 2024")["jumlah"])
    um = sum(int(r["jumlah"]) for r in _raw_rows("t1_2_usaha_mikro"))
    assert sum(tables["usaha_mikro"]["jumlah"]) == um == 13124  # the document prints 13.128
    pagu = sum(parse_rupiah(r["pagu"]) for r in _raw_rows("t3_5_anggaran"))
    assert sum(tables["anggaran"]["pagu"]) == pagu == Decimal("8177126957")
    real = sum(parse_rupiah(r["realisasi"]) for r in _raw_rows("t3_5_anggaran"))
    assert sum(tables["anggaran"]["realisasi"]) == real == Decimal("7815322265")  # Bab IV prints 7.850.041.878
    leaves = tables["rkt"][tables["rkt"]["daun"]]
    assert sum(leaves["anggaran_perubahan"]) == Decimal("6302736257")
    assert sum(leaves["anggaran_awal"]) == Decimal("5726954494")  # the table prints 5.725.182.494
    aset = tables["aset"]
    assert sum(aset.query("tahun == 2023")["jumlah"]) == 279
    assert sum(v for v in aset.query("tahun == 2024")["harga"] if v is not None) == Decimal("1652208570")
    assert sum(tables["pegawai"]["bezetting"]) == 13 and sum(tables["pegawai"]["kebutuhan_abk"]) == 60


def test_values_parsed_exactly(tables):
    k = tables["kinerja"].set_index("indikator_id")
    assert k.at["IKP05", "realisasi"] == Decimal("25.35")
    assert k.at["IKS01", "realisasi"] == Decimal("1.11")
    rkt = tables["rkt"].set_index("node_id")
    assert rkt.at["P01.K2.S1", "anggaran_awal"] == Decimal("2950574844")
    assert rkt.at["P01.K1.S1", "target_awal"] == Decimal("3") and rkt.at["P01.K1.S1", "target_awal_satuan"] == "dok"
    assert rkt.at["P01", "indikator_id"] == "IKP01" and rkt.at["P05", "indikator_id"] == "IKP05"
    rep = tables["dilaporkan"]
    row = rep[(rep.lokasi == "Tabel 3.1") & (rep.entitas == "TOTAL")].iloc[0]
    assert row.nilai == Decimal("106.93") and row.nilai_teks == "106,93%"


def test_missing_harga_stays_missing(tables):
    a = tables["aset"].set_index(["barang_id", "tahun"])
    assert a.at[("B11", 2023), "harga"] is None  # printed '-'
    assert a.at[("B10", 2023), "harga"] is None  # printed blank


def test_malformed_number_names_file_row_column(project):
    project.edit("t3_5_anggaran.csv", "142.770.090;", "142.77O.090;")
    with pytest.raises(DataError) as exc:
        _clean(project.raw_dir)
    msg = str(exc.value)
    assert "raw/t3_5_anggaran.csv" in msg and "baris 3" in msg and "kolom 'pagu'" in msg and "142.77O.090" in msg
    assert "Rupiah" in msg


def test_ambiguous_percentage_is_refused(project):
    project.edit("t3_1_kinerja.csv", '"25,35%"', "1.234%")
    with pytest.raises(DataError, match="meragukan"):
        _clean(project.raw_dir)


def test_missing_column_is_named(project):
    path = project.raw_dir / "t3_5_anggaran.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(";".join(l.split(";")[:3]) for l in lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        ingest.read_raw_dir(project.raw_dir)
    assert "kolom wajib 'realisasi'" in str(exc.value)


def test_extra_column_is_named(project):
    path = project.raw_dir / "t1_2_usaha_mikro.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",catatan"] + [l + "," for l in lines[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="kolom 'catatan' tidak dikenal"):
        ingest.read_raw_dir(project.raw_dir)


def test_semicolon_file_with_decimal_commas_parses(project):
    src = project.raw_dir / "t3_1_kinerja.csv"
    rows = list(csv.reader(src.read_text(encoding="utf-8").splitlines()))
    src.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    project.rehash()
    t = _clean(project.raw_dir)
    k = t["kinerja"].set_index("indikator_id")
    assert k.at["IKP05", "realisasi"] == Decimal("25.35")
    assert k.at["IKS04", "realisasi"] == Decimal("79.38")


def test_non_utf8_file(project):
    path = project.raw_dir / "t1_2_usaha_mikro.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("DLL", "DLL é").encode("latin-1"))
    with pytest.raises(DataError, match="bukan teks UTF-8"):
        ingest.read_raw_dir(project.raw_dir)


def test_wrong_field_count_names_line(project):
    project.edit("t1_2_usaha_mikro.csv", "UM3,", "UM3,extra,")
    with pytest.raises(DataError) as exc:
        ingest.read_raw_dir(project.raw_dir)
    assert "baris 4" in str(exc.value) and "jumlah kolom" in str(exc.value)


def test_missing_required_file(project):
    (project.raw_dir / "t3_1_kinerja.csv").unlink()
    with pytest.raises(DataError, match="berkas wajib tidak ditemukan"):
        ingest.read_raw_dir(project.raw_dir)


def test_changed_file_is_caught_by_manifest(project):
    project.edit("t1_2_usaha_mikro.csv", "1601", "1602", rehash=False)
    frames = ingest.read_raw_dir(project.raw_dir)
    manifest = ingest.parse_manifest((project.raw_dir / "README.md").read_text(encoding="utf-8"))
    inv = ingest.inventory(project.raw_dir, frames, manifest)
    with pytest.raises(DataError, match="isi berkas berubah"):
        ingest.check_inventory(inv, "README.md")


@pytest.mark.parametrize("name, old, new, fragment", [
    ("indikator.csv", "IKS01,Persentase peningkatan koperasi aktif,sasaran,SS1,,%,positif", "IKS01,Persentase peningkatan koperasi aktif,sasaran,SS1,,%,naik", "harus salah satu dari"),
    ("t2_2_rkt.csv", "P03.K1.S1;P03.K1;", "P03.K1.S1;P03.K9;", "induk (parent_id) tidak ditemukan"),
    ("t2_2_rkt.csv", "P02;SS1;program;Program Pelayanan Izin Usaha Simpan Pinjam;Persentase Koperasi yang mempunyai legalitas;60%;;", "P02;SS1;program;Program Pelayanan Izin Usaha Simpan Pinjam;Persentase Koperasi yang mempunyai legalitas;60%;5.000;", "anggaran hanya diisi pada sub kegiatan"),
    ("t3_5_anggaran.csv", "P02;", "P99;", "program_id 'P99' tidak dikenal"),
    ("t3_5_anggaran.csv", ";32.702.250;", ";-32.702.250;", "tidak boleh negatif"),
    ("t1_2_usaha_mikro.csv", "UM2,", "UM1,", "baris ganda"),
    ("t1_1_koperasi.csv", "Perak,Produsen,2023,0", "Perak,Produsen,2019,0", "tahun tidak sesuai params"),
    ("t3_1_kinerja.csv", "IKP02,Persentase Koperasi yang mempunyai legalitas", "IKP02,Persentase koperasi yang sehat", "nama indikator tidak cocok"),
    ("t1_3_evaluasi_akip.csv", "K4;Evaluasi Kinerja;25%", "K4;Evaluasi Kinerja;20%", "jumlah bobot"),
])
def test_domain_rules(project, name, old, new, fragment):
    project.edit(name, old, new)
    with pytest.raises(DataError) as exc:
        _clean(project.raw_dir)
    assert fragment in str(exc.value)


def test_all_problems_reported_at_once(project):
    project.edit("t3_5_anggaran.csv", "142.770.090;", "x;")
    project.edit("t1_2_usaha_mikro.csv", ",1601", ",1.5")
    with pytest.raises(DataError) as exc:
        _clean(project.raw_dir)
    assert len(exc.value.problems) >= 2


def test_raw_reader_keeps_text_exactly():
    df = read_raw_csv(ROOT / "data/raw/2024/t2_2_rkt.csv")
    assert "2,950, 574,844" in set(df["anggaran_awal"])
    assert df["_baris"].iloc[0] == 2
