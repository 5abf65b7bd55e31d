"""lkjip tahun-baru: next year's params and raw data from this year's; then the analyst fills the workbook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from lkjip import io
from lkjip.paths import ROOT
from lkjip.tahun_baru import bawa_ke_tahun_baru, params_baru

from .isi_workbook import isi


def _root(tmp_path):
    """A throw-away repository root with the 2024 params, raw data and the notebooks."""
    shutil.copytree(ROOT / "data" / "raw" / "2024", tmp_path / "data" / "raw" / "2024")
    (tmp_path / "params").mkdir()
    shutil.copy(ROOT / "params" / "2024.yaml", tmp_path / "params" / "2024.yaml")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copy(ROOT / "requirements.in", tmp_path / "requirements.in")
    return tmp_path


def _lkjip(root, *args):
    env = {**os.environ, "LKJIP_ROOT": str(root)}
    return subprocess.run([sys.executable, "-m", "lkjip.cli", *args], capture_output=True, text=True, env=env, cwd=root)


@pytest.mark.slow
def test_new_year_end_to_end_with_workbook(tmp_path):
    root = _root(tmp_path)
    r = _lkjip(root, "tahun-baru", "2025")
    assert r.returncode == 0, r.stderr
    assert (root / "params" / "2025.yaml").exists() and (root / "data" / "raw" / "2025" / "data-2025.xlsx").exists()
    assert (root / "data" / "raw" / "2025" / "narasi" / "kata_pengantar.md").exists()
    # refuses to overwrite
    again = _lkjip(root, "tahun-baru", "2025")
    assert again.returncode == 2 and "tidak ditimpa" in again.stderr and "Traceback" not in again.stderr
    # the empty workbook is refused with located messages (targets left for the analyst)
    empty = _lkjip(root, "run", "params/2025.yaml")
    assert empty.returncode == 2 and "data-2025.xlsx [lembar" in empty.stderr and "wajib diisi" in empty.stderr
    # the analyst fills it, records the manifest and runs
    isi(root / "data" / "raw" / "2025" / "data-2025.xlsx", 2025)
    assert _lkjip(root, "manifest", "data/raw/2025").returncode == 0
    r = _lkjip(root, "run", "params/2025.yaml")
    assert r.returncode == 0, r.stderr[-2000:]
    t32 = io.read_table(root / "data" / "processed" / "2025", "tabel_3_2")
    years = t32.loc[t32.indikator_id == "IKP04"].set_index("tahun")["realisasi"]
    assert set(t32["tahun"]) == {2023, 2024, 2025}
    assert str(years[2024]) == "14.76" and str(years[2023]) == "4.6"  # 2024 realisasi moved into the history
    assert (root / "reports" / "2025" / "LKjIP-2025.pdf").exists()
    html = (root / "reports" / "2025" / "LKjIP-2025.html").read_text(encoding="utf-8")
    assert "LAPORAN KINERJA" in html and "TAHUN 2025" in html


def test_new_year_csv_format(tmp_path):
    root = _root(tmp_path)
    r = _lkjip(root, "tahun-baru", "2025", "--format", "csv")
    assert r.returncode == 0, r.stderr
    raw = root / "data" / "raw" / "2025"
    kin = pd.read_csv(raw / "t3_1_kinerja.csv", dtype=str, keep_default_na=False)
    assert set(kin["target"]) == {""} and "IKS01" in set(kin["indikator_id"]) and "IKH01" not in set(kin["indikator_id"])
    riw = pd.read_csv(raw / "t3_2_riwayat.csv", dtype=str, keep_default_na=False)
    assert set(riw["tahun"]) == {"2023", "2024"}
    assert not (raw / "dilaporkan.csv").exists()  # printed figures of 2024 are not carried
    aset = pd.read_csv(raw / "t4_0_aset.csv", dtype=str, keep_default_na=False)
    assert set(aset["tahun"]) == {"2024", "2025"} and set(aset.loc[aset.tahun == "2025", "jumlah"]) == {""}
    readme = (raw / "README.md").read_text(encoding="utf-8")
    assert "`t3_1_kinerja.csv`" in readme and io.sha256_file(raw / "t3_1_kinerja.csv") in readme


def test_new_year_refuses_same_or_earlier_year(tmp_path):
    root = _root(tmp_path)
    r = _lkjip(root, "tahun-baru", "2024", "--dari", "params/2024.yaml")
    assert r.returncode == 2 and "tahun baru harus sesudahnya" in r.stderr


def test_pure_functions():
    assert params_baru("# Params LKjIP 2024\ntahun: 2024\n", 2024, 2025) == "# Params LKjIP 2025\ntahun: 2025\n"
    kom = pd.DataFrame({"tahun": ["2024", "2024"], "jenis": ["PNS", "P3K"], "jumlah": ["5", "2"], "sumber": ["a", "b"]})
    out = bawa_ke_tahun_baru({"pegawai_komposisi": kom}, 2024, 2025)
    assert out["pegawai_komposisi"]["tahun"].tolist() == ["2025", "2025"] and set(out["pegawai_komposisi"]["jumlah"]) == {""}
    assert out["t3_8_pegawai_riwayat"].values.tolist() == [["2024", "7", "komposisi pegawai 2024"]]


@pytest.mark.parametrize("name", ["dilaporkan", "dokumen", "skala_dilaporkan"])
def test_printed_figures_not_carried(name):
    df = pd.DataFrame({"lokasi": ["x"]})
    assert name not in bawa_ke_tahun_baru({name: df}, 2024, 2025)
