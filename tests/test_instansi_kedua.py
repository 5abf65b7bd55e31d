"""A second, invented instansi (another dinas, year, indicators, fewer tables) runs end to end to HTML and PDF.

Nothing in the code or notebooks may be tied to Jombang or to 2024: the fixture has
other indicators, a negative-polarity indicator, a zero target, a missing realisasi, a
program without history, no national comparison, and no koperasi, usaha mikro, AKIP,
Perjanjian Kinerja, RKBMD, asset or printed-figure tables.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal as D
from pathlib import Path

import nbformat
import pytest
import yaml

from lkjip import io
from lkjip.fmt import bulatkan
from lkjip.paths import ROOT

from .test_laporan import _Cells, _parse_shown

FIXTURE = Path(__file__).parent / "fixtures" / "perpustakaan"


@pytest.fixture(scope="module")
def kedua(tmp_path_factory):
    from types import SimpleNamespace

    from lkjip.runner import run

    root = tmp_path_factory.mktemp("instansi2")
    shutil.copytree(FIXTURE / "raw", root / "raw")
    params = yaml.safe_load((FIXTURE / "params.yaml").read_text(encoding="utf-8"))
    params["paths"] = {"raw": str(root / "raw"), "processed": str(root / "processed"), "reports": str(root / "reports")}
    pfile = root / "params.yaml"
    pfile.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run(pfile, echo=lambda *a: None)
    html = (root / "reports" / "LKjIP-2025.html").read_text(encoding="utf-8")
    return SimpleNamespace(root=root, processed=root / "processed", reports=root / "reports", html=html,
                           tables=io.read_tables(root / "processed"))


def _text(html: str) -> str:
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_html_and_pdf_written(kedua):
    assert (kedua.reports / "LKjIP-2025.pdf").read_bytes().startswith(b"%PDF")
    text = _text(kedua.html)
    assert "Dinas Perpustakaan dan Kearsipan" in text and "Kabupaten Contoh" in text and "15 Januari 2026" in text
    for word in ("Jombang", "koperasi", "Koperasi", "usaha mikro", "Usaha mikro", "GATUT"):
        assert word not in text, word


def test_capaian_edge_cases(kedua):
    cap = kedua.tables["capaian_indikator"].set_index("indikator_id")
    assert cap.at["IP2", "capaian"] == D(125)  # negative polarity, rasio_terbalik: 5 / 4 × 100
    assert cap.at["IP3", "capaian"] is None and "target 0" in cap.at["IP3", "alasan"]
    assert cap.at["IP4", "capaian"] is None and "realisasi" in cap.at["IP4", "alasan"]
    inst = kedua.tables["capaian_instansi"].iloc[0]
    assert inst["capaian"] == (D("63.5") / 60 * 100 + D(72) / 70 * 100) / 2  # mean of the 2 sasaran indicators


def test_history_and_missing_comparisons(kedua):
    t32 = kedua.tables["tabel_3_2"]
    assert set(t32.loc[t32.indikator_id == "IS1", "tahun"]) == {2023, 2024, 2025}
    no_hist = t32[(t32.indikator_id == "IP3") & (t32.tahun != 2025)]
    assert no_hist["capaian"].map(lambda v: v is None).all()  # program without history
    assert "Tidak ada indikator nasional pembanding: data tidak tersedia." in kedua.html
    assert "Perjanjian Kinerja: data tidak tersedia." in kedua.html
    assert "efisiensi sarana dan prasarana tidak dapat dihitung" in kedua.html


def test_every_table_number_equals_processed_data(kedua):
    p = _Cells()
    p.feed(kedua.html)
    assert len(p.cells) > 100
    for src, text in p.cells:
        name, row, col = src.split(":")
        value = kedua.tables[name].at[int(row), col]
        shown, places = _parse_shown(text)
        assert (shown is None) if value is None else (shown == bulatkan(value, places)), (src, text, value)


def test_reviu_runs_without_printed_figures(kedua):
    assert len(kedua.tables["reviu"]) == 0  # no printed figures, no contradictions in the inputs


def test_no_instansi_or_year_literals_in_code_and_notebooks():
    """Code and notebooks hold no Jombang name, and no year outside examples and the papermill defaults."""
    for path in sorted((ROOT / "lkjip").rglob("*")):
        if path.suffix in (".py", ".j2", ".css") and "Jombang" in path.read_text(encoding="utf-8"):
            pytest.fail(f"{path.relative_to(ROOT)} menyebut Jombang")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if "parameters" in cell.metadata.get("tags", []):
                continue  # papermill defaults, always overridden by the runner
            # a year after "/" is a regulation number (PermenPAN-RB 53/2014), not data
            assert not re.search(r"(?<!/)\b20\d\d\b|Jombang", cell.source), (path.name, cell.source[:80])
