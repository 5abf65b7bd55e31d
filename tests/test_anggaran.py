"""Budget stage: roll-up, serapan, efficiency, and the 2024 backtest."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

from lkjip import anggaran as A
from lkjip import capaian as C
from lkjip import katalog
from lkjip.fmt import bulatkan
from lkjip.params import load_params

from .conftest import RAW_2024
from .test_ingest_clean import _clean

P = load_params("params/2024.yaml")


@pytest.mark.parametrize("real, pagu, shown", [
    ("1028058131", "1041759500", "98.68"),
    ("3187728260", "3943192324", "80.84"),
    ("32694150", "32702250", "99.98"),
])
def test_serapan_held_in(real, pagu, shown):
    assert bulatkan(A.serapan(D(real), D(pagu))[0]) == D(shown)


def test_serapan_na_and_flags():
    assert A.serapan(D(5), D(0)) == (None, "pagu 0: serapan tidak dapat dihitung")
    assert A.serapan(D(5), None)[1] == "pagu tidak tersedia"
    assert A.serapan(None, D(5))[1] == "realisasi anggaran tidak tersedia"
    value, flag = A.serapan(D(120), D(100))
    assert value == D(120) and flag == "realisasi melebihi pagu"


def test_efficiency_methods():
    assert A.efisiensi(D(118), D(97), "capaian_minus_serapan")[:2] == (D(21), "efisien")
    assert A.efisiensi(D(90), D(97), "capaian_minus_serapan")[1] == "tidak efisien"
    assert A.efisiensi(D(105), D(97), "sisa_anggaran")[:2] == (D(3), "efisien")
    assert A.efisiensi(D(95), D(80), "sisa_anggaran")[1] == "tidak efisien"  # target not met
    assert A.efisiensi(D(105), D(100), "sisa_anggaran")[1] == "tidak efisien"  # nothing left
    assert A.efisiensi(None, D(80), "sisa_anggaran")[1] == "tidak dapat dinilai"


def test_rollup_synthetic():
    rkt = pd.DataFrame({
        "node_id": ["S", "P", "K", "a", "b"], "parent_id": [None, "S", "P", "K", "K"],
        "tingkat": ["sasaran", "program", "kegiatan", "sub_kegiatan", "sub_kegiatan"],
        "daun": [False, False, False, True, True], "nama": list("SPKab"), "indikator": [None] * 5,
        "target_perubahan": [None] * 5, "target_perubahan_satuan": [None] * 5,
        "anggaran_awal": [None, None, None, D(10), None], "anggaran_perubahan": [None, None, None, D(12), D(5)],
    }, dtype=object)
    roll = A.rollup_rkt(rkt).set_index("node_id")
    assert roll.at["S", "anggaran_perubahan"] == D(17)
    assert roll.at["S", "anggaran_awal"] is None  # one leaf has no awal: the sum is incomplete
    assert roll.at["a", "perubahan"] == D(2)


@pytest.fixture(scope="module")
def t2024():
    t = _clean(RAW_2024)
    cap = C.capaian_indikator(t["kinerja"], t["indikator"], "selisih_target", None, P.skala_predikat_capaian)
    roll = A.dengan_total(A.rollup_rkt(t["rkt"]))
    t35 = A.tabel_3_5(cap, t["anggaran"], t["program"], t["sasaran"], roll)
    return t, roll, t35


SERAPAN_2024 = {"P02": "99.98", "P03": "96.80", "P05": "99.32", "P04": "98.07", "P06": "99.82", "P07": "98.44",
                "P01": "91.89"}


def test_2024_serapan_every_program(t2024):
    _, _, t35 = t2024
    progs = t35[t35.jenis_baris == "program"]
    assert {r.id: bulatkan(r.serapan) for r in progs.itertuples()} == {k: D(v) for k, v in SERAPAN_2024.items()}


def test_2024_totals_from_rows(t2024):
    t, roll, t35 = t2024
    tot = roll.set_index("node_id").loc["TOTAL"]
    assert tot["anggaran_awal"] == D("5726954494") and tot["anggaran_perubahan"] == D("6302736257")
    s = A.ringkasan(t35).iloc[0]
    assert s["pagu"] == D("8177126957") and s["realisasi_anggaran"] == D("7815322265")
    assert bulatkan(s["serapan"]) == D("95.58")  # Bab IV prints 96,75% of 7.850.041.878
    sas = t35[t35.jenis_baris == "sasaran"].set_index("id")
    assert sas.at["SS3", "pagu"] == D("2960633800") and bulatkan(sas.at["SS1", "serapan"]) == D("97.39")


def test_2024_printed_parents_that_do_not_add_up(t2024):
    t, roll, _ = t2024
    cek = A.bandingkan(roll, t["dilaporkan"], "Tabel 2.2", ["anggaran_awal", "anggaran_perubahan"])
    wrong = {(r.entitas, r.besaran): r.selisih for r in cek[cek.cocok == False].itertuples()}
    assert wrong[("P01.K2", "anggaran_awal")] == D(-1772000)
    assert wrong[("SS3", "anggaran_awal")] == D(-600)
    assert wrong[("TOTAL", "anggaran_awal")] == D(5725182494) - D(5726954494)
    assert ("TOTAL", "anggaran_perubahan") not in wrong


def test_2024_two_pagu_sources_kept(t2024):
    _, _, t35 = t2024
    p06 = t35.set_index("id").loc["P06"]
    assert p06["pagu"] == D("2573067300") and p06["pagu_rkt"] == D("698676600")
    assert p06["selisih_pagu_rkt"] == D("1874390700")


def test_2024_efficiency_table(t2024):
    _, _, t35 = t2024
    t36 = A.tabel_3_6(t35, "capaian_minus_serapan").set_index("id")
    assert bulatkan(t36.at["P05", "efisiensi"]) == D("154.18") and t36.at["P05", "status"] == "efisien"
    t36b = A.tabel_3_6(t35, "sisa_anggaran").set_index("id")
    assert bulatkan(t36b.at["P01", "efisiensi"]) == D("8.11")


def test_tabel_3_6_places_every_row_in_its_quadrant():
    t35 = pd.DataFrame([
        {"jenis_baris": "program", "id": i, "nama": i, "indikator": "I", "capaian": c, "serapan": s}
        for i, c, s in (("P1", D(100), D("99.99")), ("P2", D(120), D(100)), ("P3", D("99.9"), D(50)),
                        ("P4", D(50), D(101)), ("P5", None, D(90)), ("P6", D(90), None))], dtype=object)
    t36 = A.tabel_3_6(t35, "capaian_minus_serapan")
    assert list(t36["kuadran"]) == ["efisien", "mahal", "penyerapan rendah", "kinerja rendah", None, None]
    assert list(t36.columns) == list(katalog.KATALOG["tabel_3_6"].kolom)
    assert list(A.tabel_3_6(t35.iloc[:0], "sisa_anggaran").columns) == list(katalog.KATALOG["tabel_3_6"].kolom)


def test_2024_quadrants(t2024):
    _, _, t35 = t2024
    t36 = A.tabel_3_6(t35, "capaian_minus_serapan").set_index("id")
    assert t36.at["P05", "kuadran"] == "efisien"
    assert all(k == A.kuadran(c, s) for k, c, s in zip(t36["kuadran"], t36["capaian"], t36["serapan"]))
