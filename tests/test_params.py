import copy

import pytest

from lkjip.errors import ParamsError
from lkjip.params import load_params, parse_params

# The scale exactly as printed in section 3.1 of the 2024 document.
SEED_SCALE = [
    {"predikat": "Istimewa", "keterangan": "Sangat Berhasil", "bawah": 110, "atas": 120},
    {"predikat": "Baik", "keterangan": "Berhasil", "bawah": 90, "atas": 110},
    {"predikat": "Butuh Perbaikan", "keterangan": "Cukup", "bawah": 70, "atas": 80},
    {"predikat": "Kurang", "keterangan": "", "bawah": 50, "atas": 70},
    {"predikat": "Sangat Kurang", "keterangan": "", "bawah": 0, "atas": 50},
]


def test_2024_params_are_valid():
    p = load_params("params/2024.yaml")
    assert p.tahun == 2024
    assert p.instansi.kepala_dinas.nip == "196912141994031005"
    assert p.renstra.tahun_awal == 2024 and p.renstra.tahun_akhir == 2026


def _err(d) -> str:
    with pytest.raises(ParamsError) as exc:
        parse_params(d, "p.yaml")
    return str(exc.value)


def test_literal_seed_scale_is_refused(params_2024_dict):
    d = copy.deepcopy(params_2024_dict)
    d["skala_predikat_capaian"] = SEED_SCALE
    msg = _err(d)
    assert "skala_predikat_capaian" in msg
    assert "celah" in msg and "80" in msg and "90" in msg


def test_seed_scale_with_80_90_closed_is_still_refused_for_missing_top(params_2024_dict):
    d = copy.deepcopy(params_2024_dict)
    scale = copy.deepcopy(SEED_SCALE)
    scale[2]["atas"] = 90
    scale[4]["bawah"] = None
    d["skala_predikat_capaian"] = scale
    msg = _err(d)
    assert "batas atas" in msg


def test_overlap_is_refused(params_2024_dict):
    d = copy.deepcopy(params_2024_dict)
    d["skala_predikat_capaian"][1]["atas"] = 75
    msg = _err(d)
    assert "tumpang tindih" in msg and "skala_predikat_capaian" in msg


def test_akip_scale_gap_is_refused(params_2024_dict):
    d = copy.deepcopy(params_2024_dict)
    d["skala_predikat_akip"][3]["atas"] = 65
    msg = _err(d)
    assert "skala_predikat_akip" in msg and "celah" in msg


def test_unknown_key_is_named(params_2024_dict):
    d = copy.deepcopy(params_2024_dict)
    d["metode"]["pembulatn"] = 3
    msg = _err(d)
    assert "metode.pembulatn" in msg and "tidak dikenal" in msg


def test_missing_key_is_named(params_2024_dict):
    d = copy.deepcopy(params_2024_dict)
    del d["instansi"]["kepala_dinas"]["pangkat"]
    msg = _err(d)
    assert "instansi.kepala_dinas.pangkat" in msg and "wajib" in msg


def test_wrong_type_is_named(params_2024_dict):
    d = copy.deepcopy(params_2024_dict)
    d["instansi"]["kepala_dinas"]["nip"] = 196912141994031005
    msg = _err(d)
    assert "instansi.kepala_dinas.nip" in msg and "teks" in msg
    d = copy.deepcopy(params_2024_dict)
    d["tahun"] = "dua ribu"
    assert "'tahun'" in _err(d)


def test_unknown_method_is_named(params_2024_dict):
    d = copy.deepcopy(params_2024_dict)
    d["metode"]["efisiensi_anggaran"] = "acak"
    msg = _err(d)
    assert "metode.efisiensi_anggaran" in msg


def test_year_outside_renstra(params_2024_dict):
    d = copy.deepcopy(params_2024_dict)
    d["tahun"] = 2030
    assert "renstra" in _err(d)


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ParamsError, match="tidak ditemukan"):
        load_params(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("tahun: [2024\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="YAML tidak valid"):
        load_params(bad)


def test_readme_table_reference_in_sync():
    """The raw-table reference in the README is the one generated from lkjip/tables.py."""
    from lkjip.paths import ROOT
    from lkjip.tables import referensi_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- referensi-tabel:mulai -->\n")[1].split("\n<!-- referensi-tabel:selesai -->")[0]
    assert block == referensi_markdown()


def test_readme_besaran_table_in_sync():
    """The printed-figure vocabulary in the README is the one generated from lkjip/tables.py."""
    from lkjip.paths import ROOT
    from lkjip.tables import BESARAN, besaran_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- besaran:mulai -->\n")[1].split("\n<!-- besaran:selesai -->")[0]
    assert block == besaran_markdown()
    assert all(f"| `{b}` |" in block for b in BESARAN)


def test_anggaran_tingkat_tabel(tmp_path):
    """anggaran.tingkat_tabel is optional (default program), must hold program, and refuses unknown levels."""
    import yaml

    from lkjip.paths import ROOT

    base = yaml.safe_load((ROOT / "params" / "2024.yaml").read_text(encoding="utf-8"))
    assert load_params(ROOT / "params" / "2024.yaml").anggaran.tingkat_tabel == ["program"]
    for value, ok in (([" program"], False), (["kegiatan"], False), (["program", "sub_kegiatan"], True)):
        f = tmp_path / "p.yaml"
        f.write_text(yaml.safe_dump({**base, "anggaran": {"tingkat_tabel": value}}), encoding="utf-8")
        if ok:
            assert load_params(f).anggaran.tingkat_tabel == value
        else:
            with pytest.raises(ParamsError, match="tingkat_tabel"):
                load_params(f)
