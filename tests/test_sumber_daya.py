"""Resources stage: staff and asset efficiency, Tabel 1.1/1.2/3.7/3.9/4.0, and the 2024 backtest."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

from lkjip import anggaran as A
from lkjip import capaian as C
from lkjip import sumber_daya as S
from lkjip.fmt import bulatkan
from lkjip.params import load_params

from .conftest import RAW_2024
from .test_ingest_clean import _clean

P = load_params("params/2024.yaml")
SKALA = P.skala_predikat_capaian


def _df(**cols):
    return pd.DataFrame(cols, dtype=object)


# ------------------------------------------------------------------ formulas


def test_efisiensi_per_unit_formula_and_direction():
    r = S.efisiensi_per_unit(2024, 20, 25, D(100), D(100), "pegawai").iloc[0]
    assert r["sumbangan_lalu"] == D(5) and r["sumbangan_ini"] == D(4)
    assert r["perubahan"] == D(-1) and r["perubahan_relatif"] == D(-20)
    assert r["kesimpulan"] == "kurang efisien"
    same = S.efisiensi_per_unit(2024, 10, 10, D(50), D(50), "sarpras").iloc[0]
    assert same["perubahan"] == 0 and same["kesimpulan"] == "tidak berubah"
    assert "rata-rata capaian kinerja (%) / jumlah sarpras" in same["definisi"]


@pytest.mark.parametrize("lalu, ini, rata_lalu, rata_ini, missing", [
    (0, 30, D(100), D(120), "jumlah pegawai 2023"),
    (30, 0, D(100), D(120), "jumlah pegawai 2024"),
    (None, 30, D(100), D(120), "jumlah pegawai 2023"),
    (30, 30, None, D(120), "rata-rata capaian 2023"),
])
def test_zero_or_missing_units_give_na(lalu, ini, rata_lalu, rata_ini, missing):
    r = S.efisiensi_per_unit(2024, lalu, ini, rata_lalu, rata_ini, "pegawai").iloc[0]
    assert r["perubahan"] is None and r["perubahan_relatif"] is None
    assert r["kesimpulan"].startswith("tidak dapat dihitung") and missing in r["kesimpulan"]


def test_zero_assets_na():
    r = S.efisiensi_per_unit(2024, 0, 0, D(100), D(100), "sarpras").iloc[0]
    assert r["sumbangan_lalu"] is None and r["sumbangan_ini"] is None and r["perubahan"] is None


def test_rasio_pegawai_and_zero_staff():
    cap = _df(capaian=[D(120), D(99), None, D(100)])
    r = S.rasio_pegawai(4, D(1000), cap).set_index("rasio")["nilai"]
    assert r["realisasi_anggaran_per_pegawai"] == D(250)
    assert r["indikator_tercapai"] == 2 and r["indikator_tercapai_per_pegawai"] == D("0.5")
    zero = S.rasio_pegawai(0, D(1000), cap).set_index("rasio")["nilai"]
    assert zero["realisasi_anggaran_per_pegawai"] is None and zero["indikator_tercapai_per_pegawai"] is None


def test_tabel_3_7_sign_and_totals():
    peg = _df(baris=[1, 2, 3], no=["1", "2", None], unit=["A", "B", "B"], jabatan=["x", "y", "z"],
              kelompok=["struktural"] * 3, bezetting=[0, 2, 1], kebutuhan_abk=[1, 1, 4])
    t = S.tabel_3_7(peg)
    assert list(t["kekurangan"]) == [-1, 1, -3, -3]
    assert t.iloc[-1][["bezetting", "kebutuhan_abk"]].tolist() == [3, 6]
    per_unit = S.pegawai_per_unit(t).set_index("unit")
    assert per_unit.at["B", "bezetting"] == 3 and per_unit.at["B", "kekurangan"] == -2


def test_tabel_3_7_missing_cell_leaves_total_missing():
    peg = _df(baris=[1, 2], no=[None, None], unit=["A", "A"], jabatan=["x", "y"], kelompok=["pelaksana"] * 2,
              bezetting=[1, None], kebutuhan_abk=[1, 2])
    t = S.tabel_3_7(peg)
    assert t.iloc[1]["kekurangan"] is None and t.iloc[-1]["bezetting"] is None and t.iloc[-1]["kebutuhan_abk"] == 3


def test_jumlah_pegawai_prefers_complete_composition():
    kom = _df(tahun=[2024, 2024], jenis=["PNS", "Kontrak"], jumlah=[5, None])
    riw = _df(tahun=[2024], jumlah_pegawai=[9], sumber=["catatan"])
    assert S.jumlah_pegawai(kom, riw, 2024) == (9, "riwayat pegawai 2024 (catatan)")


def test_komposisi_shares():
    kom = S.komposisi_pegawai(_df(tahun=[2024, 2024], jenis=["PNS", "P3K"], jumlah=[3, 1]), 2024)
    assert list(kom["jumlah"]) == [3, 1, 4] and kom.iloc[0]["persen"] == D(75)
    assert S.komposisi_pegawai(_df(tahun=[2023], jenis=["PNS"], jumlah=[3]), 2024).empty


def test_tabel_4_0_status_missing_price_and_totals():
    aset = _df(barang_id=["A", "A", "B", "B", "C", "D", "D"], no=[1, 1, 2, 2, 3, 4, 4],
               nama_barang=["a", "a", "b", "b", "c", "d", "d"], tahun=[2023, 2024, 2023, 2024, 2024, 2023, 2024],
               jumlah=[2, 0, 1, 3, 4, 5, 5], harga=[D(10), None, None, D(30), D(40), D(7), D(7)])
    t = S.tabel_4_0(aset, 2024).set_index("barang_id")
    assert t.at["A", "status"] == "dihapus" and t.at["A", "harga_ini"] == 0  # nothing left to value
    assert t.at["B", "harga_lalu"] is None and t.at["B", "status"] == "bertambah"
    assert t.at["C", "status"] == "baru" and t.at["C", "jumlah_lalu"] == 0
    assert t.at["D", "status"] == "tetap"
    tot = t.loc["TOTAL"]
    assert (tot["jumlah_lalu"], tot["jumlah_ini"]) == (8, 12)
    assert (tot["harga_lalu"], tot["harga_ini"]) == (D(17), D(77))
    assert (tot["barang_tanpa_harga_lalu"], tot["barang_tanpa_harga_ini"]) == (1, 0)
    mut = S.perubahan_aset(t.reset_index())
    assert list(mut["barang_id"]) == ["A", "C", "B"]


def test_tabel_3_9():
    rk = _df(barang_id=["X", "Y"], no=[1, 2], uraian=["x", "y"], hasil_rekon=[1, 4], standar_kebutuhan=[2, 0],
             pengadaan=[1, 0])
    t = S.tabel_3_9(rk)
    assert list(t["kekurangan"]) == [0, 4, 4] and t.iloc[-1]["hasil_rekon"] == 5


def test_tabel_1_1_missing_year_is_not_zero():
    kop = _df(kecamatan=["A", "A", "A", "A", "B", "B", "B", "B"], jenis=["KSP", "KSP", "Jasa", "Jasa"] * 2,
              tahun=[2023, 2024] * 4, jumlah=[3, 4, 1, None, 2, 2, 0, 1])
    t = S.tabel_1_1(kop, 2024).set_index(["kecamatan", "jenis"])
    assert t.loc[("A", "KSP"), "perubahan"] == 1
    assert t.loc[("A", "Jasa"), "jumlah_ini"] is None and t.loc[("A", "Jasa"), "perubahan"] is None
    assert t.loc[("A", "Jumlah"), "jumlah_lalu"] == 4 and t.loc[("A", "Jumlah"), "jumlah_ini"] is None
    assert t.loc[("B", "Jumlah"), "perubahan"] == 1
    assert t.loc[("Jumlah", "KSP"), "jumlah_ini"] == 6
    wide = S.tabel_1_1_lebar(t.reset_index(), "jumlah_ini")
    assert list(wide.columns) == ["kecamatan", "KSP", "Jasa", "Jumlah"] and wide.iloc[0]["Jasa"] is None


def test_tabel_1_2_shares_and_largest():
    t = S.tabel_1_2(_df(bidang_id=["A", "B", "C"], bidang=["a", "b", "c"], jumlah=[1, 6, 1]))
    assert t.iloc[1]["persen"] == D(75) and t.iloc[-1]["jumlah"] == 8
    assert S.bidang_terbesar(t)["bidang_id"] == "B"
    empty = S.tabel_1_2(_df(bidang_id=["A"], bidang=["a"], jumlah=[None]))
    assert empty.iloc[-1]["jumlah"] is None and S.bidang_terbesar(empty) is None


def test_rata_rata_tahun_methods():
    ind = _df(indikator_id=["A", "B", "C"], tingkat=["sasaran"] * 3, sasaran_id=["S1", "S1", "S2"])
    t32 = _df(indikator_id=["A", "B", "C", "A"], tahun=[2023, 2023, 2023, 2022],
              capaian=[D(100), D(120), D(90), D(1)])
    assert C.rata_rata_tahun(t32, ind, 2023, "rata_rata_sasaran", SKALA).iloc[0]["capaian"] == D(100)
    by_ind = C.rata_rata_tahun(t32, ind, 2023, "rata_rata_indikator_sasaran", SKALA).iloc[0]
    assert by_ind["capaian"] == D(310) / 3
    none = C.rata_rata_tahun(t32, ind, 2021, "rata_rata_sasaran", SKALA).iloc[0]
    assert none["capaian"] is None and none["predikat"] is None


# ------------------------------------------------------------- 2024 backtest


@pytest.fixture(scope="module")
def t2024():
    return _clean(RAW_2024)


@pytest.fixture(scope="module")
def avg(t2024):
    """Average capaian of 2024 and 2023, computed as the capaian stage does."""
    cap = C.capaian_indikator(t2024["kinerja"], t2024["indikator"], "selisih_target", None, SKALA)
    sas = C.capaian_sasaran(cap, t2024["sasaran"], SKALA)
    ini = C.capaian_instansi(cap, sas, "rata_rata_sasaran", SKALA).iloc[0]["capaian"]
    t32 = C.tabel_3_2(cap, t2024["riwayat_kinerja"], t2024["indikator"], 2024, "selisih_target", None, SKALA)
    lalu = C.rata_rata_tahun(t32, t2024["indikator"], 2023, "rata_rata_sasaran", SKALA).iloc[0]
    return {"cap": cap, "ini": ini, "lalu": lalu}


def test_2024_tabel_1_1(t2024):
    t = S.tabel_1_1(t2024["koperasi"], 2024)
    total = t.iloc[-1]
    assert total["jumlah_lalu"] == 877 and total["jumlah_ini"] is None and total["perubahan"] is None
    per_jenis = t[(t.kecamatan == "Jumlah") & (t.jenis != "Jumlah")].set_index("jenis")["jumlah_lalu"]
    assert per_jenis.to_dict() == {"Produsen": 112, "Konsumen": 662, "Jasa": 14, "Pemasaran": 13, "Simpan Pinjam": 76}
    assert t["jumlah_ini"].map(lambda v: v is None).all()  # 2024 stays missing, never 0


def test_2024_tabel_1_2(t2024):
    t = S.tabel_1_2(t2024["usaha_mikro"])
    assert t.iloc[-1]["jumlah"] == 13124  # the document prints 13.128
    top = S.bidang_terbesar(t)
    assert top["bidang_id"] == "UM2" and bulatkan(top["persen"]) == D("53.86")
    assert sum(t.iloc[:-1]["persen"]) == 100


def test_2024_tabel_3_7(t2024):
    t = S.tabel_3_7(t2024["pegawai"])
    assert t.iloc[-1][["bezetting", "kebutuhan_abk", "kekurangan"]].tolist() == [13, 60, -47]
    assert t.iloc[0]["kekurangan"] == -1  # Kepala Dinas: 0 in post, 1 needed (printed +1)
    src = S.sumber_jumlah_pegawai(t, S.komposisi_pegawai(t2024["pegawai_komposisi"], 2024), t2024["pegawai_riwayat"], t2024["dilaporkan"], 2024)
    assert sorted(src["jumlah"]) == [13, 29, 30, 30, 33]


def test_2024_tabel_3_8_from_capaian_stage(t2024, avg):
    n_ini, _ = S.jumlah_pegawai(t2024["pegawai_komposisi"], t2024["pegawai_riwayat"], 2024)
    n_lalu, _ = S.jumlah_pegawai(t2024["pegawai_komposisi"], t2024["pegawai_riwayat"], 2023)
    assert (n_lalu, n_ini) == (33, 30)
    assert avg["lalu"]["jumlah_nilai"] == 3 and avg["lalu"]["tanpa_data"] == 1  # IKS02 has no 2023 data
    r = S.efisiensi_per_unit(2024, n_lalu, n_ini, avg["lalu"]["capaian"], avg["ini"], "pegawai").iloc[0]
    assert r["sumbangan_ini"] == avg["ini"] / 30 and r["sumbangan_lalu"] == avg["lalu"]["capaian"] / 33
    assert bulatkan(r["sumbangan_ini"]) == D("4.23") and bulatkan(r["sumbangan_lalu"]) == D("3.21")
    assert bulatkan(avg["lalu"]["capaian"]) == D("105.90")
    assert r["kesimpulan"] == "lebih efisien"


def test_2024_tabel_4_0_and_4_1(t2024, avg):
    t40 = S.tabel_4_0(t2024["aset"], 2024)
    tot = t40.iloc[-1]
    assert (tot["jumlah_lalu"], tot["harga_lalu"]) == (279, D(1762701408))
    assert (tot["jumlah_ini"], tot["harga_ini"]) == (152, D(1652208570))  # the document prints 1.632.208.570
    assert tot["barang_tanpa_harga_lalu"] == 8
    assert tot["harga_lalu"] == sum(v for v in t40.iloc[:-1]["harga_lalu"] if v is not None)
    r = S.efisiensi_per_unit(2024, 279, 152, avg["lalu"]["capaian"], avg["ini"], "sarpras").iloc[0]
    assert r["sumbangan_ini"] == avg["ini"] / 152
    assert bulatkan(r["sumbangan_ini"], 4) == D("0.8345")


def test_2024_rasio_pegawai(t2024, avg):
    t35 = A.tabel_3_5(avg["cap"], t2024["anggaran"], t2024["program"], t2024["sasaran"],
                      A.dengan_total(A.rollup_rkt(t2024["rkt"])))
    real = A.ringkasan(t35).iloc[0]["realisasi_anggaran"]
    r = S.rasio_pegawai(30, real, avg["cap"]).set_index("rasio")["nilai"]
    assert r["realisasi_anggaran_per_pegawai"] == D(7815322265) / 30
    assert r["indikator_tercapai"] == 11
