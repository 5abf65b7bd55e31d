"""Reviu: each rule on a small case that triggers it and one that does not; the 2024 backtest; the CLI."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal as D

import pandas as pd
import pytest

from lkjip import io
from lkjip import reviu as R
from lkjip.params import load_params

P = load_params("params/2024.yaml")
TOL = D(1)


def _dil(*rows):
    """dilaporkan rows: (lokasi, entitas, besaran, teks, nilai)."""
    return pd.DataFrame([{"lokasi": a, "entitas": b, "besaran": c, "nilai_teks": d,
                          "nilai": (D(e) if isinstance(e, str) and e[:1].isdigit() or isinstance(e, str) and e[:1] == "-" else e)}
                         for a, b, c, d, e in rows], dtype=object)


def _hit(*rows):
    return pd.DataFrame([{"entitas": a, "besaran": b, "nilai": c, "jenis": d, "sumber": "uji"} for a, b, c, d in rows],
                        dtype=object)


def _codes(found):
    return sorted((f["kode"], f["tingkat"]) for f in found)


# ------------------------------------------------------------------- R01-R03


def test_r01_recomputed_figure():
    hit = _hit(("X", "capaian", D("107.15"), "hitung"))
    bad = R.aturan_hitung(_dil(("Tabel 3.1", "X", "capaian", "122%", "122")), hit, TOL)
    assert _codes(bad) == [("R01", "error")] and bad[0]["nilai_hitung"] == D("107.15") and bad[0]["selisih"] == D("14.85")
    assert R.aturan_hitung(_dil(("Tabel 3.1", "X", "capaian", "107,15%", "107.15")), hit, TOL) == []


def test_r01_truncation_is_info_not_error():
    hit = _hit(("X", "capaian", D("101.7692"), "hitung"))
    cut = R.aturan_hitung(_dil(("Bab IV", "X", "capaian", "101,7%", "101.7")), hit, TOL)
    assert _codes(cut) == [("R01", "info")] and "pemotongan" in cut[0]["uraian"]
    # printed "87,50" carries two decimals even though it parses to 87.5
    hit2 = _hit(("K", "persen_bobot", D("87.5333"), "hitung"))
    assert _codes(R.aturan_hitung(_dil(("Tabel 1.3", "K", "persen_bobot", "87,50", "87.5")), hit2, TOL)) == [("R01", "error")]


def test_r02_total_and_exact_counts():
    hit = _hit(("TOTAL", "jumlah_usaha_mikro", 13124, "jumlah"), ("TOTAL", "kekurangan", -47, "jumlah"))
    found = R.aturan_hitung(_dil(("Tabel 1.2", "TOTAL", "jumlah_usaha_mikro", "13128", "13128"),
                                 ("Tabel 3.7", "TOTAL", "kekurangan", "-46", "-46")), hit, TOL)
    assert _codes(found) == [("R02", "error"), ("R02", "error")]  # a count off by one is not a rounding
    assert R.aturan_hitung(_dil(("Tabel 1.2", "TOTAL", "jumlah_usaha_mikro", "13.124", "13124")), hit, TOL) == []


def test_r03_input_and_printed_twice():
    hit = _hit(("I", "realisasi", D("4.56"), "masukan"))
    found = R.aturan_hitung(_dil(("Tabel 3.1", "I", "realisasi", "4,65%", "4.65"),
                                 ("Narasi", "I", "realisasi", "4,56%", "4.56")), hit, TOL)
    kinds = _codes(found)
    assert ("R03", "error") in kinds and ("R03", "peringatan") in kinds
    # no computed value: two printed values that disagree are an error; that agree, nothing
    two = R.aturan_hitung(_dil(("Tabel 3.8", "TOTAL@2023", "rata_rata_capaian", "102,08", "102.08"),
                               ("Tabel 4.1", "TOTAL@2023", "rata_rata_capaian", "106,09", "106.09")), _hit(), TOL)
    assert _codes(two) == [("R03", "error")] and two[0]["nilai_hitung"] == D("102.08")
    same = R.aturan_hitung(_dil(("A", "T", "jumlah_pegawai", "30", "30"), ("B", "T", "jumlah_pegawai", "30", "30")),
                           _hit(), TOL)
    assert same == []


def test_r06_x_of_y_and_r03_implied_realisasi():
    hit = _hit(("I", "realisasi", D(58), "masukan"))
    found = R.aturan_pembilang(_dil(("N", "I", "pembilang", "726", "726"), ("N", "I", "penyebut", "718", "718")), hit)
    assert ("R06", "error") in _codes(found)
    ok = R.aturan_pembilang(_dil(("N", "I", "pembilang", "58", "58"), ("N", "I", "penyebut", "100", "100")), hit)
    assert ok == []


# ------------------------------------------------------------------------ R04


def test_r04_predicate_against_scale():
    hit = _hit(("I", "predikat", "Istimewa", "hitung"))
    bad = R.aturan_predikat(_dil(("Tabel 3.1", "I", "predikat", "Baik", "Baik")), hit, P.skala_predikat_capaian,
                            P.skala_predikat_akip, None, None, {})
    assert _codes(bad) == [("R04", "error")]
    assert R.aturan_predikat(_dil(("Tabel 3.1", "I", "predikat", "Istimewa", "Istimewa")), hit,
                             P.skala_predikat_capaian, P.skala_predikat_akip, None, None, {}) == []


def test_r04_akip_grade_of_indicator():
    found = R.aturan_predikat(_dil(("Bab IV", "AK", "predikat", "B", "B")), _hit(), P.skala_predikat_capaian,
                              P.skala_predikat_akip, None, "AK", {"AK": D("79.38")})
    assert _codes(found) == [("R04", "error")] and "'BB'" in found[0]["uraian"]
    ok = R.aturan_predikat(_dil(("Ikhtisar", "AK", "predikat", "BB", "BB")), _hit(), P.skala_predikat_capaian,
                           P.skala_predikat_akip, None, "AK", {"AK": D("79.38")})
    assert ok == []


def test_r04_printed_scale_gaps():
    gap = pd.DataFrame([{"predikat": "A", "keterangan": "", "bawah": D(90), "atas": None},
                        {"predikat": "B", "keterangan": "", "bawah": None, "atas": D(80)}], dtype=object)
    found = R.aturan_predikat(_dil(("T", "I", "capaian", "85%", "85")), _hit(), P.skala_predikat_capaian,
                              P.skala_predikat_akip, gap, None, {})
    assert any("celah" in f["uraian"] for f in found) and any("jatuh di celah" in f["uraian"] for f in found)
    whole = pd.DataFrame([{"predikat": "A", "keterangan": "", "bawah": D(80), "atas": None},
                          {"predikat": "B", "keterangan": "", "bawah": None, "atas": D(80)}], dtype=object)
    assert R.aturan_predikat(_dil(("T", "I", "capaian", "85%", "85")), _hit(), P.skala_predikat_capaian,
                             P.skala_predikat_akip, whole, None, {}) == []


# ------------------------------------------------------------------------ R05


def _dok(*rows):
    return pd.DataFrame([{"lokasi": a, "unsur": b, "nilai": c, "catatan": None} for a, b, c in rows], dtype=object)


def test_r05_periods():
    pk = pd.DataFrame({"tahun_pk": [2023], "nomor": ["1/2023"]}, dtype=object)
    found = R.aturan_periode(_dok(("Bab IV", "tanggal", "05 Januari 2024"), ("Sampul", "tahun_laporan", "2024")),
                             pk, None, 2024, {})
    assert [f["kode"] for f in found] == ["R05", "R05"]
    ok = R.aturan_periode(_dok(("Bab IV", "tanggal", "10 Januari 2025"), ("Lampiran Perjanjian Kinerja", "tanggal",
                                                                           "2 Januari 2024")),
                          pd.DataFrame({"tahun_pk": [2024], "nomor": ["1/2024"]}, dtype=object), None, 2024, {})
    assert ok == []
    future = R.aturan_periode(None, None, pd.DataFrame({"tahun": [2023, 2024]}, dtype=object), 2024, {})
    assert [f["kode"] for f in future] == ["R05"]


def test_r03_document_elements_differ():
    found = R.aturan_periode(_dok(("Kata Pengantar", "nip_kepala_dinas", "1"), ("Bab IV", "nip_kepala_dinas", "2")),
                             None, None, 2024, {"nip_kepala_dinas": "1"})
    assert _codes(found) == [("R03", "error"), ("R03", "peringatan")]
    assert R.aturan_periode(_dok(("A", "nip_kepala_dinas", "1"), ("B", "nip_kepala_dinas", "1")), None, None, 2024,
                            {"nip_kepala_dinas": "1"}) == []


# ------------------------------------------------------------------------ R06


def test_r06_impossibles():
    dil = _dil(("T", "UM1", "persen_usaha_mikro", "120%", "120"), ("T", "X", "jumlah_pegawai", "29,5", "29.5"),
               ("T", "P1", "pagu", "10", "10"), ("T", "P1", "realisasi_anggaran", "12", "12"),
               ("T", "P2", "pagu", "-5", "-5"))
    agg = pd.DataFrame({"program_id": ["P9"], "pagu": [D(5)], "realisasi": [D(6)]}, dtype=object)
    found = R.aturan_mustahil(dil, {"anggaran": agg})
    assert [f["kode"] for f in found] == ["R06"] * 5
    ok = R.aturan_mustahil(_dil(("T", "UM1", "persen_usaha_mikro", "54%", "54"), ("T", "P1", "pagu", "10", "10"),
                                ("T", "P1", "realisasi_anggaran", "9", "9")),
                           {"anggaran": agg.assign(realisasi=[D(4)])})
    assert ok == []


# ------------------------------------------------- sumber_realisasi links


def _tautan(sumber, realisasi, kegiatan, tingkat="program"):
    """Processed tables of one linked indicator ``I`` of program ``P`` whose kegiatan have capaian ``kegiatan``."""
    ind = pd.DataFrame({"indikator_id": ["I"], "tingkat": [tingkat], "sasaran_id": ["S"], "program_id": ["P"],
                        "sumber_realisasi": [sumber]}, dtype=object)
    cap = pd.DataFrame({"indikator_id": ["I"], "realisasi": [realisasi]}, dtype=object)
    nodes = [("S", None, "sasaran", None), ("P", "S", "program", None)]
    for i, c in enumerate(kegiatan, 1):
        nodes += [(f"P.K{i}", "P", "kegiatan", c), (f"P.K{i}.S1", f"P.K{i}", "sub_kegiatan", D(100))]
    roll = pd.DataFrame(nodes, columns=["node_id", "parent_id", "tingkat", "capaian_kinerja"], dtype=object)
    return {"indikator": ind, "capaian_indikator": cap, "rkt_rollup": roll}


def test_average_capaian_link_compared_with_the_stated_tolerance():
    t = _tautan("rata_rata_capaian_kegiatan", D("95"), [D(90), D("100.8")])  # mean 95.4: within ± 0,5 of "95"
    tertaut = R.realisasi_tertaut(t)
    row = tertaut.iloc[0]
    assert (row["nilai_hitung"], row["toleransi"]) == (D("95.4"), D("0.5")) and "P.K1, P.K2" in row["cara"]
    assert R.aturan_tautan(tertaut, TOL) == []
    t = _tautan("rata_rata_capaian_kegiatan", D("95.3"), [D(90), D("100.76")])  # 95,3 for 95,38: cut, info
    found = R.aturan_tautan(R.realisasi_tertaut(t), TOL)
    assert _codes(found) == [("R01", "info")] and "toleransi ± 0.05" in found[0]["uraian"] \
        and "pemotongan" in found[0]["uraian"]
    t = _tautan("rata_rata_capaian_kegiatan", D("100"), [D(90), D("100.8")])  # 100 for 95,4: error
    found = R.aturan_tautan(R.realisasi_tertaut(t), TOL)
    assert _codes(found) == [("R01", "error")] and (found[0]["nilai_dilaporkan"], found[0]["nilai_hitung"]) == (
        D(100), D("95.4"))
    assert (found[0]["lokasi"], found[0]["entitas"], found[0]["besaran"]) == ("Tabel 3.1 (masukan)", "I", "realisasi")
    sub = R.realisasi_tertaut(_tautan("rata_rata_capaian_sub_kegiatan", D("100"), [D(90), D("100.8")]))
    assert sub.iloc[0]["nilai_hitung"] == D(100) and R.aturan_tautan(sub, TOL) == []  # the sub kegiatan: 100, 100


def test_average_capaian_link_not_computable_or_blank_is_a_warning():
    t = _tautan("rata_rata_capaian_kegiatan", D("100"), [D(90), None])
    found = R.aturan_tautan(R.realisasi_tertaut(t), TOL)
    assert _codes(found) == [("R01", "peringatan")] and "1 dari 2 kegiatan" in found[0]["uraian"] \
        and "P.K2" in found[0]["uraian"]
    blank = R.aturan_tautan(R.realisasi_tertaut(_tautan("rata_rata_capaian_kegiatan", None, [D(90), D(100)])), TOL)
    assert _codes(blank) == [("R01", "peringatan")] and "kosong" in blank[0]["uraian"] and blank[0]["nilai_hitung"] == 95
    sasaran = R.realisasi_tertaut(_tautan("rata_rata_capaian_kegiatan", D(95), [D(90), D(100)], tingkat="sasaran"))
    assert sasaran.iloc[0]["nilai_hitung"] == 95  # a sasaran indicator: the kegiatan below its sasaran node
    assert R.realisasi_tertaut(_tautan(None, D(95), [D(90)])).empty  # no link declared: nothing compared


def test_akip_link_is_the_same_mechanism():
    t = _tautan("nilai_akip", D("79.38"), [])
    t["akip_total"] = pd.DataFrame({"jumlah_komponen": [D("79.40")], "toleransi_komponen": [D("0.065")]}, dtype=object)
    found = R.aturan_tautan(R.realisasi_tertaut(t), TOL)
    assert _codes(found) == [("R02", "info")] and "(± 0.065)" in found[0]["uraian"]
    t["akip_total"] = t["akip_total"].assign(jumlah_komponen=[D("79.50")])
    assert _codes(R.aturan_tautan(R.realisasi_tertaut(t), TOL)) == [("R02", "error")]


def test_r03_rkt_node_realisasi_against_its_indicator():
    rkt = pd.DataFrame({"node_id": ["P", "P.K1"], "indikator_id": ["I", None], "realisasi": [D(90), D(5)]}, dtype=object)
    cap = pd.DataFrame({"indikator_id": ["I"], "realisasi": [D(95)], "capaian": [D(95)]}, dtype=object)
    empty = _dil()
    found = R.aturan_mustahil(empty, {"rkt": rkt, "capaian_indikator": cap})
    assert _codes(found) == [("R03", "error")] and (found[0]["entitas"], found[0]["nilai_hitung"]) == ("I", D(95))
    assert R.aturan_mustahil(empty, {"rkt": rkt, "capaian_indikator": cap.assign(realisasi=[D("90.0")])}) == []


def test_r07_remarks_on_the_source_document():
    found = R.aturan_catatan(_dok(("Tabel 3.4", "catatan_reviu:IKS02", "sasaran nasional tidak dicetak"),
                                  ("Bab IV", "catatan_reviu", "halaman 60 terpotong"), ("Bab IV", "tanggal", "1 Mei 2025")))
    assert [(f["kode"], f["tingkat"], f["lokasi"], f["entitas"]) for f in found] == [
        ("R07", "peringatan", "Tabel 3.4", "IKS02"), ("R07", "peringatan", "Bab IV", "dokumen")]
    assert "R07" in R.ATURAN


def test_bandingkan_and_decimals():
    assert R.bandingkan(D("110"), D("111"), TOL) == "beda"
    assert R.bandingkan(D("169"), D("169.6"), TOL) == "pemotongan"
    assert R.bandingkan(D("80.75"), D("80.76"), TOL) == "beda"
    assert R.bandingkan(D("5"), D("5.4"), TOL, tepat=True) == "beda"
    assert R.desimal_teks("1.762.701.408,00", D("1762701408")) == 2


# -------------------------------------------------------------- 2024 backtest


@pytest.fixture(scope="module")
def temuan_2024(run_2024):
    return io.read_table(run_2024.processed, "reviu")


def _has(df, kode, lokasi, entitas, besaran, dicetak=None, hitung=None):
    sub = df[(df.kode == kode) & (df.lokasi == lokasi) & (df.entitas == entitas) & (df.besaran == besaran)]
    if dicetak is not None:
        sub = sub[sub.nilai_dilaporkan == D(dicetak)]
    if hitung is not None:
        sub = sub[sub.nilai_hitung.map(lambda v: v is not None and round(v, 2) == D(hitung))]
    return len(sub) > 0


@pytest.mark.parametrize("kode, lokasi, entitas, besaran, dicetak, hitung", [
    ("R02", "Tabel 1.2", "TOTAL", "jumlah_usaha_mikro", "13128", "13124"),
    ("R02", "Tabel 1.3", "TOTAL", "nilai_akip", "79.38", "79.40"),
    ("R01", "Tabel 1.3", "K2", "persen_bobot", "60.95", "67.33"),
    ("R02", "Tabel 2.2", "TOTAL", "anggaran_awal", "5725182494", "5726954494"),
    ("R02", "Tabel 2.2", "SS3", "anggaran_awal", "821742500", "821743100"),
    ("R01", "Tabel 3.1", "IKP06", "capaian", "155", "152.00"),
    ("R01", "Tabel 3.1", "IKP07", "capaian", "122", "107.15"),
    ("R03", "Tabel 3.1", "IKP06", "realisasi", "4.65", "4.56"),
    ("R02", "Bab IV", "TOTAL", "realisasi_anggaran", "7850041878", "7815322265"),
    ("R01", "Bab IV", "TOTAL", "serapan", "96.75", "95.58"),
    ("R02", "Tabel 3.7", "TOTAL", "kekurangan", "-46", "-47"),
    ("R01", "Tabel 3.7", "baris:1", "kekurangan", "1", "-1"),
    ("R03", "Tabel 3.8", "TOTAL", "jumlah_pegawai", "29", "30"),
    ("R03", "Bab IV", "TOTAL", "jumlah_pegawai", "33", "30"),
    ("R02", "Tabel 4.0", "TOTAL", "nilai_aset", "1632208570", "1652208570"),
    ("R03", "Tabel 4.1", "TOTAL@2023", "rata_rata_capaian", "106.09", "102.08"),
    ("R06", "Narasi 3.1.2", "IKS01", "pembilang", "726", "718"),
])
def test_2024_document_errors_found(temuan_2024, kode, lokasi, entitas, besaran, dicetak, hitung):
    assert _has(temuan_2024, kode, lokasi, entitas, besaran, dicetak, hitung)


def test_2024_periods_predicates_and_levels(temuan_2024):
    t = temuan_2024
    pk = t[(t.kode == "R05") & (t.entitas == "perjanjian_kinerja")].iloc[0]
    assert "bertahun 2023, bukan 2024" in pk.uraian and pk.tingkat == "error"
    assert _has(t, "R05", "Bab IV", "tanggal", "tanggal")
    assert _has(t, "R04", "Bab IV", "IKS04", "predikat")
    assert t[(t.kode == "R04") & t.uraian.str.contains("celah")].shape[0] == 1  # the printed scale's gap
    trunc = t[(t.lokasi == "Bab IV") & (t.entitas == "IKS04") & (t.besaran == "capaian")].iloc[0]
    assert trunc.tingkat == "info" and "pemotongan" in trunc.uraian  # 101,7 for 101,77
    assert set(t.tingkat) <= set(R.TINGKAT) and set(t.kode) <= set(R.ATURAN)


def test_2024_links_and_remarks(temuan_2024):
    t = temuan_2024
    link = t[(t.entitas == "IKP01") & (t.besaran == "realisasi") & (t.kode == "R01")]
    assert list(link.tingkat) == ["peringatan"] and "7 dari 7 kegiatan di bawah P01 tanpa capaian" in link.iloc[0].uraian
    r07 = t[t.kode == "R07"]  # every remark on the source document, from dokumen.csv only
    assert sorted(zip(r07.lokasi, r07.entitas)) == [("Narasi 3.1.4", "IKS01"), ("Narasi 3.1.4", "IKS03"),
                                                     ("Tabel 3.4", "IKS02"), ("Tabel 3.4", "IKS04")]
    assert set(r07.tingkat) == {"peringatan"} and not ((t.besaran == "catatan") & (t.kode != "R07")).any()


def test_new_year_without_printed_figures_runs_internal_rules(run_2024):
    t = io.read_tables(run_2024.processed)
    for name in ("dilaporkan", "dokumen", "skala_dilaporkan"):
        t.pop(name, None)
    found = R.reviu(t, P)
    assert set(found.kode) <= {"R01", "R02", "R03", "R05", "R06"}  # no printed figures: only internal rules can fire
    r01 = found[found.kode == "R01"]  # the declared average-capaian link of IKP01, which 2024 cannot recompute
    assert list(zip(r01.entitas, r01.besaran, r01.tingkat)) == [("IKP01", "realisasi", "peringatan")]
    r02 = found[found.kode == "R02"]  # the one internal sum: the official AKIP score vs Σ components (issue 14)
    assert list(zip(r02.entitas, r02.besaran, r02.tingkat)) == [("TOTAL", "nilai_akip", "info")]
    assert (found.kode == "R05").any() and (found.kode == "R03").any()  # PK of 2023; P06 pagu 3.5 vs 2.2


def test_cli_reviu_strict(run_2024, capsys):
    from ._bantu import kalimat_reviu

    cmd = [sys.executable, "-m", "lkjip.cli", "reviu", str(run_2024.params_file)]
    loose = subprocess.run(cmd, capture_output=True, text=True)
    assert loose.returncode == 0 and "error" in loose.stdout and "R01" in loose.stdout
    lines = loose.stdout.splitlines()
    assert lines[1] == kalimat_reviu(run_2024.processed)  # N printed figures checked, M not, E errors: reviu.csv's counts
    t = io.read_table(run_2024.processed, "reviu")
    n = {k: int((t.tingkat == k).sum()) for k in ("error", "peringatan", "info")}
    assert lines[0].startswith(f"Reviu LKjIP 2024: {n['error']} error, {n['peringatan']} peringatan, {n['info']} info")
    assert n["error"] > 0
    from lkjip.cli import main

    assert main(["reviu", str(run_2024.params_file), "--strict"]) == 1  # the same entry point, in-process
    out = capsys.readouterr()
    assert out.out.splitlines()[:2] == lines[:2] and "--strict" in out.err and "Traceback" not in out.err


def test_report_has_reviu_annex(run_2024):
    html = (run_2024.reports / "LKjIP-2024.html").read_text(encoding="utf-8")
    assert 'id="lampiran-reviu"' in html and "tabel-L-3" in html
    assert (run_2024.reports / "notebooks" / "06_reviu.html").exists()
