"""Capaian formulas, predicates, AKIP, and the 2024 backtest of every indicator."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

from lkjip import capaian as C
from lkjip.fmt import bulatkan
from lkjip.params import load_params

from .test_ingest_clean import _clean
from .conftest import RAW_2024

P = load_params("params/2024.yaml")
SKALA = P.skala_predikat_capaian


# held-in checks from published LKjIPs
@pytest.mark.parametrize("t, r, pol, metode, shown", [
    ("71.5", "69.88", "positif", "selisih_target", "97.73"),
    ("32", "40.45", "positif", "selisih_target", "126.41"),
    ("7", "6.5", "negatif", "selisih_target", "107.14"),
    ("8", "9", "negatif", "selisih_target", "87.50"),
    ("10", "25.35", "positif", "selisih_target", "253.50"),
])
def test_held_in_checks(t, r, pol, metode, shown):
    assert bulatkan(C.hitung(D(t), D(r), pol, metode).nilai) == D(shown)


def test_negative_polarity_both_formulas():
    assert C.hitung(D(10), D(12), "negatif", "selisih_target").nilai == D(80)
    assert bulatkan(C.hitung(D(10), D(12), "negatif", "rasio_terbalik").nilai) == D("83.33")
    neg = C.hitung(D(10), D(25), "negatif", "selisih_target")
    assert neg.nilai == D(-50) and "negatif" in neg.catatan


@pytest.mark.parametrize("t, r, reason", [
    (D(0), D(5), "target 0"),
    (None, D(5), "target tidak tersedia"),
    (D(5), None, "realisasi tidak tersedia"),
])
def test_zero_or_missing_is_na_with_reason(t, r, reason):
    h = C.hitung(t, r)
    assert h.nilai is None and reason in h.alasan


def test_inverse_ratio_with_zero_realisasi():
    h = C.hitung(D(5), D(0), "negatif", "rasio_terbalik")
    assert h.nilai is None and "realisasi 0" in h.alasan


def test_cap_on_and_off():
    assert C.hitung(D(10), D("25.35")).nilai == D("253.5")
    capped = C.hitung(D(10), D("25.35"), batas=D(120))
    assert capped.nilai == D(120) and "dibatasi" in capped.catatan
    assert C.hitung(D(10), D(11), batas=D(120)).nilai == D(110)


def test_predicate_band_edges():
    assert C.predikat(D("90.00"), SKALA) == "Butuh Perbaikan"
    assert C.predikat(D("90.01"), SKALA) == "Baik"
    assert C.predikat(D("110"), SKALA) == "Baik"
    assert C.predikat(D("110.0001"), SKALA) == "Istimewa"
    assert C.predikat(D("253.5"), SKALA) == "Istimewa"
    assert C.predikat(D("-20"), SKALA) == "Sangat Kurang"
    assert C.predikat(None, SKALA) is None


@pytest.mark.parametrize("nilai, expected", [
    ("0", "D"), ("30", "D"), ("30.01", "C"), ("50", "C"), ("50.01", "CC"), ("60.01", "B"), ("70", "B"),
    ("70.01", "BB"), ("79.40", "BB"), ("80", "BB"), ("80.01", "A"), ("90", "A"), ("90.01", "AA"), ("100", "AA"),
])
def test_akip_edges(nilai, expected):
    assert C.predikat(D(nilai), P.skala_predikat_akip) == expected


def test_akip_outside_scale_has_no_predicate():
    assert C.predikat(D("100.5"), P.skala_predikat_akip) is None


def test_evaluasi_akip_synthetic():
    k = pd.DataFrame({"komponen_id": ["A", "B"], "komponen": ["a", "b"], "bobot": [D(60), D(40)],
                      "nilai": [D(45), D(30)]}, dtype=object)
    comp, tot = C.evaluasi_akip(k, P.skala_predikat_akip, D(70))
    assert list(comp["persen_bobot"]) == [D(75), D(75)]
    assert tot.at[0, "nilai"] == D(75) and tot.at[0, "predikat"] == "BB" and tot.at[0, "perubahan"] == D(5)


@pytest.fixture(scope="module")
def t2024():
    return _clean(RAW_2024)


@pytest.fixture(scope="module")
def cap(t2024):
    return C.capaian_indikator(t2024["kinerja"], t2024["indikator"], "selisih_target", None, SKALA)


EXPECTED_2024 = {  # recomputed from target/realisasi, whatever the document printed
    "IKS01": ("111.00", "Istimewa"), "IKP02": ("100.00", "Baik"), "IKP03": ("105.45", "Baik"),
    "IKS02": ("125.00", "Istimewa"), "IKP05": ("253.50", "Istimewa"), "IKP04": ("189.23", "Istimewa"),
    "IKS03": ("169.60", "Istimewa"), "IKP06": ("152.00", "Istimewa"), "IKP07": ("107.15", "Baik"),
    "IKS04": ("101.77", "Baik"), "IKP01": ("100.00", "Baik"),
}


def test_2024_every_indicator(cap):
    got = {r.indikator_id: (bulatkan(r.capaian), r.predikat) for r in cap.itertuples()}
    assert got == {k: (D(v), p) for k, (v, p) in EXPECTED_2024.items()}
    row = cap.set_index("indikator_id").loc["IKP05"]
    assert row["perhitungan"] == "25,35 / 10 × 100 = 253,50%"


def test_2024_sasaran_and_instansi(cap, t2024):
    sas = C.capaian_sasaran(cap, t2024["sasaran"], SKALA)
    assert [bulatkan(v) for v in sas["capaian"]] == [D("111.00"), D("125.00"), D("169.60"), D("101.77")]
    inst = C.capaian_instansi(cap, sas, "rata_rata_sasaran", SKALA)
    assert bulatkan(inst.at[0, "capaian"]) == D("126.84") and inst.at[0, "predikat"] == "Istimewa"
    assert "4 sasaran" in inst.at[0, "metode"]
    by_ind = C.capaian_instansi(cap, sas, "rata_rata_indikator_sasaran", SKALA)
    assert bulatkan(by_ind.at[0, "capaian"]) == D("126.84")


def test_2024_tabel_3_2_shows_changed_indicators(cap, t2024):
    t32 = C.tabel_3_2(cap, t2024["riwayat_kinerja"], t2024["indikator"], 2024, "selisih_target", None, SKALA)
    row = t32[(t32.indikator_id == "IKP02") & (t32.tahun == 2023)].iloc[0]
    assert row.indikator_tahun_id == "IKH02" and row.berubah and bulatkan(row.capaian) == D("120.00")
    same = t32[(t32.indikator_id == "IKP03") & (t32.tahun == 2022)].iloc[0]
    assert same.indikator_tahun_id == "IKP03" and not same.berubah
    new = t32[(t32.indikator_id == "IKS02") & (t32.tahun == 2022)].iloc[0]
    assert new.capaian is None and new.alasan == "tidak ada data tahun ini"
    assert set(t32.tahun) == {2022, 2023, 2024}


def test_2024_tabel_3_3(cap, t2024):
    t33 = C.tabel_3_3(cap, t2024["target_renstra"], t2024["riwayat_kinerja"], 2024, 2026, "selisih_target").set_index("indikator_id")
    assert bulatkan(t33.at["IKS01", "tingkat_kemajuan"]) == D("37.00")  # 1,11 / 3; the document prints 36,7%
    assert t33.at["IKS01", "perubahan_per_tahun_diperlukan"] == D("0.945")  # (3 − 1,11) / 2
    assert t33.at["IKP03", "tren_per_tahun"] == D("6.5")  # (58 − 45) / 2
    assert t33.at["IKP03", "status_tren"] == "tren saat ini mencapai target akhir"
    assert t33.at["IKS03", "status_tren"] == "target akhir sudah tercapai"
    assert "tidak ada riwayat" in t33.at["IKS02", "status_tren"]


def test_2024_tabel_3_4(cap, t2024):
    t34 = C.tabel_3_4(cap, t2024["pembanding_nasional"]).set_index("indikator_id")
    assert t34.at["IKS02", "selisih"] == D(7)
    assert t34.at["IKS04", "selisih"] is None and "satuan berbeda" in t34.at["IKS04", "keterangan"]
    no_nat = C.tabel_3_4(cap, None)
    assert set(no_nat["keterangan"]) == {"tidak ada pembanding nasional"}


def test_2024_akip(t2024):
    comp, tot = C.evaluasi_akip(t2024["evaluasi_akip"], P.skala_predikat_akip, D("77.47"))
    assert tot.at[0, "nilai"] == D("79.40")  # Tabel 1.3 prints 79,38
    assert tot.at[0, "predikat"] == "BB" and tot.at[0, "perubahan"] == D("1.93")
    assert [bulatkan(v) for v in comp["persen_bobot"]] == [D("86.27"), D("67.33"), D("87.53"), D("80.76")]
    assert list(comp["predikat"]) == ["A", "B", "A", "A"]


def test_urutan_predikat():
    assert C.urutan_predikat(SKALA) == ["Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"]


def test_nilai_tahun_lalu(t2024):
    assert C.nilai_tahun_lalu(t2024["riwayat_kinerja"], "IKS04", 2024) == D("77.47")
    assert C.nilai_tahun_lalu(t2024["riwayat_kinerja"], None, 2024) is None
