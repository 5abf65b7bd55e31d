"""One source for every fact: what is derived from the raw specs, the printed-figure vocabulary and the chart registry."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

from lkjip import clean, katalog, reviu, tables
from lkjip.tables import BESARAN, SPECS, Besaran, _spec

#: The value rules the hand-written pandera schemas held before they were derived from the specs
#: (processed table → column → rule); the derived schemas must keep every one of them.
ATURAN_LAMA = {
    "indikator": {"polaritas": "pilihan", "tingkat": "pilihan", "sumber_realisasi": "pilihan"},
    "rkt": {"tingkat": "pilihan", **dict.fromkeys(("anggaran_awal", "anggaran_perubahan", "target_awal",
                                                    "target_perubahan", "realisasi", "realisasi_anggaran"),
                                                   "nonnegatif")},
    "belanja": {"jenis_belanja": "pilihan", "anggaran_perubahan": "nonnegatif"},
    "anggaran": {"pagu": "nonnegatif", "realisasi": "nonnegatif"},
    "kinerja": {"target": "nonnegatif"},
    "riwayat_kinerja": {"target": "nonnegatif"},
    "koperasi": {"jumlah": "nonnegatif"},
    "usaha_mikro": {"jumlah": "nonnegatif"},
    "evaluasi_akip": {"bobot": "rentang", "nilai": "nonnegatif"},
    "pegawai": {"bezetting": "nonnegatif", "kebutuhan_abk": "nonnegatif"},
    "pegawai_komposisi": {"jumlah": "nonnegatif"},
    "pegawai_riwayat": {"jumlah_pegawai": "nonnegatif"},
    "rkbmd": {"hasil_rekon": "nonnegatif", "standar_kebutuhan": "nonnegatif", "pengadaan": "nonnegatif"},
    "aset": {"jumlah": "nonnegatif", "harga": "nonnegatif"},
    "perjanjian_kinerja": {"tingkat": "pilihan", "anggaran": "nonnegatif"},
    "renstra": {"target": "nonnegatif"},
    "target_renstra": {"target_akhir": "nonnegatif"},
}


def _aturan(spec) -> dict[str, str]:
    return {**{c: "nonnegatif" for c in spec.nonnegatif}, **{c: "pilihan" for c in spec.pilihan},
            **{c: "rentang" for c in spec.rentang}}


def _satu_baris(spec, **nilai) -> pd.DataFrame:
    """A typed one-row table of ``spec`` (blank cells but the given ones), at line 2 of its file."""
    row = {c: None for c in spec.kolom_olahan} | {"baris_sumber": 2} | nilai
    return pd.DataFrame([row], dtype=object)


def _angka(spec, col, v: int):
    return v if spec.columns[col] == "bilangan" else D(v)


def test_derived_schemas_keep_every_rule_of_the_hand_written_ones():
    assert {s.olahan: _aturan(s) for s in SPECS if _aturan(s)} == ATURAN_LAMA
    assert set(clean.SCHEMAS) == set(ATURAN_LAMA)
    for name, rules in ATURAN_LAMA.items():
        assert set(clean.SCHEMAS[name].columns) == set(rules), name


@pytest.mark.parametrize("spec, col", [(s, c) for s in SPECS for c in sorted(s.nonnegatif)],
                         ids=lambda v: getattr(v, "name", v))
def test_every_non_negative_rule_refuses_a_negative_and_accepts_zero(spec, col):
    probs = clean.schema_problems(spec.olahan, _satu_baris(spec, **{col: _angka(spec, col, -1)}), spec.filename)
    assert [(p.kolom, p.pesan, p.baris) for p in probs] == [(col, "tidak boleh negatif", 2)]
    assert clean.schema_problems(spec.olahan, _satu_baris(spec, **{col: _angka(spec, col, 0)}), spec.filename) == []


@pytest.mark.parametrize("spec, col", [(s, c) for s in SPECS for c in sorted(s.pilihan)],
                         ids=lambda v: getattr(v, "name", v))
def test_every_choice_rule_lists_its_values(spec, col):
    probs = clean.schema_problems(spec.olahan, _satu_baris(spec, **{col: "lain"}), spec.filename)
    assert [(p.kolom, p.pesan, p.nilai) for p in probs] == [
        (col, "harus salah satu dari: " + ", ".join(spec.pilihan[col]), "lain")]
    for v in spec.pilihan[col]:
        assert clean.schema_problems(spec.olahan, _satu_baris(spec, **{col: v}), spec.filename) == []


@pytest.mark.parametrize("bobot, ok", [(D(0), False), (D("0.01"), True), (D(100), True), (D("100.01"), False),
                                       (D(-5), False), (None, True)])
def test_akip_weight_range(bobot, ok):
    spec = tables.SPEC_BY_NAME["t1_3_evaluasi_akip"]
    probs = clean.schema_problems("evaluasi_akip", _satu_baris(spec, bobot=bobot), spec.filename)
    assert probs == [] if ok else [(p.kolom, p.pesan) for p in probs] == [("bobot", "bobot harus di antara 0 dan 100%")]


def test_schema_built_only_for_declared_rules():
    bare = _spec("contoh", "Tabel X", "Contoh", {"a": "id", "b": "rupiah"})
    assert clean.skema_pandera(bare) is None
    sk = clean.skema_pandera(_spec("contoh", "Tabel X", "Contoh", {"a": "teks", "b": "rupiah", "c": "persen"},
                                   nonnegatif=("b",), pilihan={"a": ("x", "y")}))
    assert list(sk.columns) == ["a", "b"]


@pytest.mark.parametrize("kwargs, fragment", [
    ({"nonnegatif": ("a",)}, "needs a number column"),
    ({"rentang": {"zz": (0, 1)}}, "needs a number column"),
    ({"pilihan": {"b": ("x",)}}, "needs a text column"),
])
def test_spec_refuses_a_rule_on_the_wrong_column(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        _spec("contoh", "Tabel X", "Contoh", {"a": "teks", "b": "rupiah"}, **kwargs)


def test_processed_columns_follow_the_parsing():
    assert tables.SPEC_BY_NAME["dilaporkan"].kolom_olahan == {
        "lokasi": "teks", "entitas": "teks", "besaran": "teks", "nilai_teks": "teks", "nilai": "desimal",
        "catatan": "teks", "baris_sumber": "bulat"}
    assert tables.SPEC_BY_NAME["t2_2_rkt"].kolom_olahan["target_awal_satuan"] == "teks"
    assert tables.SPEC_BY_NAME["sasaran"].kolom_olahan["tahun_awal"] == "bulat"
    assert _spec("contoh", "T", "U", {"a": "id"}).olahan == "contoh"  # the raw name unless declared
    assert tables.PROCESSED_NAME["t3_2_riwayat"] == "riwayat_kinerja"
    assert len(set(tables.PROCESSED_NAME.values())) == len(SPECS)


def test_clean_writes_the_columns_the_catalog_derives():
    typed = clean.parse_table(pd.DataFrame({c: ["1"] for c in tables.SPEC_BY_NAME["t3_5_anggaran"].columns}
                                           | {"_baris": [2]}, dtype=object),
                              tables.SPEC_BY_NAME["t3_5_anggaran"], "t3_5_anggaran.csv")[0]
    assert list(typed.columns) == list(katalog.KATALOG["anggaran"].kolom)


def test_review_quantity_sets_come_from_the_besaran_declaration():
    assert reviu.BESARAN_BILANGAN == {"jumlah_koperasi", "jumlah_usaha_mikro", "jumlah_pegawai", "jumlah_sarpras",
                                      "bezetting", "kebutuhan_abk", "kekurangan", "pembilang", "penyebut"}
    assert reviu.BESARAN_BAGIAN == {"persen_usaha_mikro"}
    assert reviu.BESARAN_NONNEGATIF == {"pagu", "realisasi_anggaran", "anggaran", "anggaran_awal",
                                        "anggaran_perubahan", "nilai_aset", "jumlah_koperasi", "jumlah_usaha_mikro",
                                        "jumlah_pegawai", "jumlah_sarpras", "bezetting", "kebutuhan_abk",
                                        "pembilang", "penyebut"}
    assert reviu.BESARAN_BILANGAN == {k for k, b in BESARAN.items() if b.jenis == "bilangan"}


def test_besaran_properties():
    assert Besaran("bilangan", ("TOTAL",), "R").bilangan and Besaran("bilangan", ("TOTAL",), "R").nonnegatif
    assert not Besaran("bilangan", ("TOTAL",), "R", selisih=True).nonnegatif  # a shortfall may be negative
    assert Besaran("rupiah", ("TOTAL",), "R").nonnegatif and not Besaran("rupiah", ("TOTAL",), "R").bilangan
    assert not Besaran("persen", ("TOTAL",), "R").nonnegatif  # a capaian may be negative


def test_chart_registry():
    g = katalog.GAMBAR
    assert list(g) == ["1.1", "1.2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]
    assert all(n == x.nomor and x.berkas.endswith(".png") for n, x in g.items())
    assert len({x.berkas for x in g.values()}) == len(g)
    assert g["3.7"].judul_tahun(2025) == "Nilai aset per jenis barang, 31 Desember 2024 dan 2025"
    assert g["3.2"].judul_tahun(2025) == "Capaian indikator sasaran dari tahun ke tahun"
    assert katalog.gambar_tahap("03_capaian") == ("capaian_indikator.png", "tren_sasaran.png", "kemajuan_renstra.png")
    assert katalog.gambar_tahap("06_reviu") == ()


def test_counts_are_shown_whole_in_the_review_annex():
    from lkjip import laporan

    for k, b in BESARAN.items():
        if b.bilangan:
            assert laporan.label_besaran(k)[1] == "bulat", k
        elif b.jenis == "rupiah":
            assert laporan.label_besaran(k)[1] == "rupiah", k


def test_display_kinds_of_review_quantities_come_from_the_besaran_declaration():
    from lkjip import laporan

    # the report keeps labels only: a kind beside the declaration would be a second source
    assert all(isinstance(v, str) for v in laporan.LABEL_BESARAN.values())
    assert not hasattr(laporan, "BESARAN") and not hasattr(laporan, "_JENIS_TAMPIL")
    for k, b in BESARAN.items():
        assert laporan.label_besaran(k)[1] == b.jenis_tampil, k
    # a value shown otherwise than its printed type is declared so, beside its type
    assert {k: b.tampil for k, b in BESARAN.items() if b.tampil} == {
        "realisasi": "angka", "target": "angka", "rata_rata_capaian": "persen", "nilai_akip": "angka",
        "capaian_per_pegawai": "angka", "capaian_per_sarpras": "angka"}
    assert [laporan.label_besaran(k)[1] for k in ("capaian", "pagu", "bezetting", "predikat", "tanggal", "rasio_baru")] == [
        "persen", "rupiah", "bulat", "teks", "teks", "angka"]
    assert not laporan.BESARAN_TEKS & set(BESARAN)  # text only for what the declaration does not know
    assert set(tables.JENIS_TAMPIL) == {b.jenis for b in BESARAN.values()}


def test_tabel_3_5_columns_are_the_catalogs():
    import inspect

    from lkjip import anggaran

    assert anggaran.KOLOM_3_5 == list(katalog.KATALOG["tabel_3_5"].kolom)
    assert '"metode_capaian", "pagu"' not in inspect.getsource(anggaran)  # no hand-typed copy of the list
