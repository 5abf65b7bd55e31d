"""The LKjIP document: every printed table number equals the processed data; HTML, PDF, evaluator edition, annex."""

from __future__ import annotations

import re
from decimal import Decimal as D
from html.parser import HTMLParser

import pandas as pd
import pytest

from lkjip import fmt, io, katalog
from lkjip import laporan as L
from lkjip.fmt import bulatkan
from lkjip.paths import ROOT

TEMPLATES = ROOT / "lkjip" / "templates" / "laporan"


class _Cells(HTMLParser):
    """Collect (data-src, text) of every table cell and the ids of captions."""

    def __init__(self):
        super().__init__()
        self.cells, self.ids, self._src, self._text, self.scripts = [], set(), None, [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "script":
            self.scripts += 1
        if tag == "td":
            self._src, self._text = a.get("data-src"), []

    def handle_data(self, data):
        if self._src is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self._src is not None:
            self.cells.append((self._src, "".join(self._text).strip()))
            self._src = None


def _parse_shown(text: str) -> tuple[D | None, int]:
    """A formatted cell back to (value, decimals shown); missing-value texts give None."""
    if text in (fmt.TA, fmt.NIHIL, fmt.TIDAK_TERSEDIA, ""):
        return None, 0
    t = text.replace("Rp", "").replace("%", "").replace("\xa0", "").replace(" ", "").replace(".", "").replace(",", ".")
    t = t.replace("−", "-")
    return D(t), (len(t.split(".")[1]) if "." in t else 0)


@pytest.fixture(scope="module")
def html(run_2024) -> str:
    return (run_2024.reports / f"LKjIP-{run_2024.tahun}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(html):
    p = _Cells()
    p.feed(html)
    return p


def test_every_table_number_equals_processed_data(run_2024, parsed):
    tables = io.read_tables(run_2024.processed)
    assert len(parsed.cells) > 500
    checked = 0
    for src, text in parsed.cells:
        name, row, col = src.split(":")
        value = tables[name].at[int(row), col]
        shown, places = _parse_shown(text)
        if value is None:
            assert shown is None, (src, text)
            continue
        assert shown is not None, (src, text, value)
        assert shown == bulatkan(value, places), (src, text, value)
        checked += 1
    assert checked > 400


def test_report_covers_every_seed_table(parsed, html):
    for nomor in ("1-1", "1-2", "1-3", "2-1", "2-2", "3-1", "3-2", "3-3", "3-4", "3-5", "3-6", "3-7", "3-8",
                  "3-9", "4-0", "4-1", "L-1"):
        assert f"tabel-{nomor}" in parsed.ids, nomor
    for nomor, g in katalog.GAMBAR.items():  # each caption is the chart's title in the registry
        assert "gambar-" + nomor.replace(".", "-") in parsed.ids
        assert f">Gambar {nomor} {g.judul_tahun(2024)}</figcaption>" in html, nomor


def test_sentences_carry_computed_values(run_2024, html):
    html = re.sub(r'<a class="jejak"[^>]*>(.*?)</a>', r"\1", html)  # numbers link to their cell (test_jejak)
    tables = io.read_tables(run_2024.processed)
    cap = tables["capaian_indikator"]
    for r in cap[cap["tingkat"] == "sasaran"].itertuples():
        assert f"sehingga capaian {fmt.persen(r.capaian)} ({r.predikat})" in html, r.indikator_id
    total = tables["ringkasan_anggaran"].iloc[0]
    assert f"serapan <strong>{fmt.persen(total['serapan'])}</strong>" in html
    assert fmt.rupiah(total["pagu"]) in html
    assert "10 Januari 2025" in html  # tanggal_laporan of params, Babel id locale
    # Tabel 1.1: 2024 has no data: said so, never printed as 0; no caption without its table, and the
    # one year with data is Tabel 1.1 (not a "1.1a" without a "1.1b")
    assert "Data koperasi per kecamatan tahun 2024: <strong>data tidak tersedia</strong>" in html
    assert "Tabel 1.1b" not in html and "Tabel 1.1a" not in html
    assert "Tabel 1.1 Koperasi per kecamatan dan jenis koperasi tahun 2023" in html


def test_html_is_self_contained_and_has_no_code(html, parsed):
    assert parsed.scripts == 0
    assert not re.search(r'(src|href)="https?://', html)
    assert '<html lang="id">' in html
    assert "import " not in html and "load_params" not in html  # no code cells
    assert len(re.findall(r'<img\b[^>]*\ssrc="data:image/(png|svg\+xml);base64,', html)) == len(katalog.GAMBAR)
    assert html.count('srcset="data:image/svg+xml;base64,') == len(katalog.GAMBAR)  # each chart's phone edition
    assert '<ul class="daftar-tabel"><li>' in html and '<ul class="daftar-isi"><li' in html


def test_pdf_written(run_2024):
    pdf = (run_2024.reports / f"LKjIP-{run_2024.tahun}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 200_000


def test_evaluator_edition(run_2024):
    nb = run_2024.reports / "notebooks"
    page = (nb / "03_capaian.html").read_text(encoding="utf-8")
    assert "jp-InputArea" in page and "capaian_indikator" in page  # the code is shown
    assert not re.search(r'<script[^>]+src="https?://', page)
    index = (nb / "index.html").read_text(encoding="utf-8")
    for f in sorted(run_2024.raw.glob("*.csv")):
        assert io.sha256_file(f) in index, f.name
    for stage in ("01_ingest", "03_capaian", "07_laporan"):
        assert f'href="{stage}.html"' in index
    assert "pandas" in index and "tahun: 2024" in index


def test_annex_excel_and_csv(run_2024):
    from openpyxl import load_workbook

    tabel = run_2024.reports / "tabel"
    wb = load_workbook(tabel / f"LKjIP-{run_2024.tahun}-tabel.xlsx")
    assert "tabel_3_5" in wb.sheetnames and "Daftar" in wb.sheetnames
    ws = wb["tabel_3_5"]
    assert ws["A1"].value.startswith("Tabel 3.5") and "pagu (Rp)" in [c.value for c in ws[3]]
    assert (tabel / "tabel_3_5.csv").read_bytes() == (run_2024.processed / "tabel_3_5.csv").read_bytes()


def test_templates_hold_no_figures():
    """Numbers in the report come from data: no multi-digit or decimal literal in a template."""
    for path in TEMPLATES.glob("*.j2"):
        text = re.sub(r"\{[{%#].*?[}%#]\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<style>.*?</style>", "", text, flags=re.S).replace("× 100", "")  # formula constant
        assert not re.findall(r"(?<![\w.])\d{3,}(?!\w)|\d+,\d+", text), path.name


# --------------------------------------------------------------- unit tests


def test_tabel_marks_sources_and_missing():
    df = pd.DataFrame({"nama": ["a", "b"], "nilai": [D("12.345"), None]}, dtype=object, index=[3, 7])
    tb = L.tabel(df, "contoh", "9.9", "Contoh", [L.Kolom("nama", "Nama"), L.Kolom("nilai", "Nilai", "persen")])
    cells = [c for row, _ in tb.baris for c in row]
    assert [c.teks for c in cells] == ["a", "12,35%", "b", "t.a."]
    assert tb.ada_ta
    assert cells[1].src == "contoh:3:nilai" and cells[0].src is None and tb.id == "tabel-9-9"


def test_format_nilai_rejects_unknown_kind():
    with pytest.raises(ValueError):
        L.format_nilai(1, "warna")


def test_isi_daftar_collects_tables_and_figures():
    doc = ('<ul class="daftar-tabel"></ul><ul class="daftar-gambar"></ul>'
           '<caption data-daftar="tabel" id="t1">Tabel 1.1 A</caption>'
           '<figcaption id="g1" data-daftar="gambar">Gambar 1.1 <b>B</b></figcaption>')
    out = L.isi_daftar(doc)
    assert '<ul class="daftar-tabel"><li><a href="#t1">Tabel 1.1 A</a></li></ul>' in out
    assert '<a href="#g1">Gambar 1.1 B</a>' in out


def test_markdown_missing_prose():
    assert fmt.TIDAK_TERSEDIA in L.markdown(None)
    assert "<li>" in L.markdown("- satu\n- dua")


def test_sebab_tren_changed_indicator_not_compared():
    a = pd.Series({"realisasi": D(3), "berubah": True})
    b = pd.Series({"realisasi": D(5), "berubah": False})
    assert L.sebab_tren([a, b]) is None
    assert L.sebab_tren([b]) is None


# ------------------------------------------------------------------ structure a reader relies on


@pytest.fixture(scope="module")
def sup(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_every_caption_has_its_table_and_every_figure_its_image(sup):
    captions = sup.select("p.judul-tabel")
    assert len(captions) > 15
    for cap in captions:
        wrap = cap.parent
        assert "tabel-wrap" in (wrap.get("class") or []), cap.get_text()
        table = wrap.find("table")
        assert table is not None and table.find("tbody").find("tr") is not None, cap.get_text()
    # no caption-like line standing alone ("Tabel 1.1b …: data tidak tersedia" under no table)
    for p in sup.find_all("p"):
        if "judul-tabel" not in (p.get("class") or []):
            assert not re.match(r"\s*(Tabel|Gambar) [0-9L]+\.\d+[a-z]?\s", p.get_text()), p.get_text()[:80]
    for fig in sup.find_all("figure"):
        assert fig.find("img") is not None and fig.find("figcaption") is not None, fig.get("id")


def test_daftar_isi_lists_every_heading(sup):
    toc = [a["href"][1:] for a in sup.select("ul.daftar-isi a")]
    headings = [h for h in sup.find_all(["h1", "h2", "h3"]) if "judul-sampul" not in (h.get("class") or [])]
    assert len(headings) > 30
    missing = [h.get_text(" ", strip=True) for h in headings if h.get("id") not in toc]
    assert not missing, missing
    assert "lampiran-reviu-sumber" in toc  # "Catatan atas dokumen sumber"
    assert toc == [h["id"] for h in headings]  # in document order


def test_perjanjian_kinerja_numbered_through(sup):
    rows = sup.find(id="tabel-L-1").find("tbody").find_all("tr")
    nomor = [r.find("td").get_text() for r in rows if "kelompok" not in (r.get("class") or [])]
    assert nomor == [str(i) for i in range(1, len(nomor) + 1)] and len(nomor) == 10
    assert [r.get_text() for r in rows if "kelompok" in (r.get("class") or [])] == ["Sasaran strategis",
                                                                                   "Sasaran program"]


def test_report_text_names_no_internal_file_or_field(sup):
    """A reader sees no field names, params or CSV file names (the evaluator references under tables aside)."""
    import copy

    doc = copy.copy(sup)
    for el in doc.select(".jejak-tabel"):
        el.decompose()
    text = doc.get_text(" ")
    internal = [text[max(0, m.start() - 40):m.end() + 20] for m in
                re.finditer(r"\bparams\b|\.csv\b|\b[a-z]+_[a-z0-9_]+\b", text)]
    assert not internal, internal


def test_charts_carry_their_phone_edition(sup):
    for fig in sup.find_all("figure"):
        source = fig.select_one("picture source[media]")
        assert source is not None and source["srcset"].startswith("data:image/svg+xml;base64,"), fig.get("id")
        assert "max-width" in source["media"]


def test_html_exporters_are_reused_across_threads_and_runs(tmp_path):
    """A batch worker renders one OPD-year after another, each run with new render threads: one exporter serves them all."""
    import threading

    import nbformat

    from lkjip import keluaran

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Sel uji pool.")])
    path = tmp_path / "01_uji.ipynb"
    nbformat.write(nb, str(path))
    keluaran._EXPORTER_BEBAS.pop("lkjip_evaluator", None)
    hasil = []
    for _ in range(3):
        t = threading.Thread(target=lambda: hasil.append(keluaran.html_evaluator(path)))
        t.start()
        t.join()
    assert len(set(hasil)) == 1 and "Sel uji pool." in hasil[0]
    assert len(keluaran._EXPORTER_BEBAS["lkjip_evaluator"]) == 1
    with keluaran._exporter("lkjip_evaluator") as a, keluaran._exporter("lkjip_evaluator") as b:
        assert a is not b  # never one exporter in two uses at once
    assert len(keluaran._EXPORTER_BEBAS["lkjip_evaluator"]) == 2
