"""User text is data, never markup, formula, URL to fetch or math: every output edition.

Unit tests on the pure functions (narasi Markdown, templates, PDF URL fetcher, annex
writers, the workbook template, charts) and ONE end-to-end run on a hostile copy of the
2024 data: a malicious narasi, an injected instansi name and a formula-like indicator
name with ``$^$`` in it.
"""

from __future__ import annotations

import base64
import csv
import http.server
import io
import re
import threading
from decimal import Decimal as D
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from lkjip import grafik, keluaran
from lkjip import laporan as L
from lkjip.fmt import TIDAK_TERSEDIA
from lkjip.paths import ROOT

HOSTILE_NARASI = """# Gambaran umum

Teks **biasa** tetap tampil.

<script>alert('narasi')</script>

<a rel="attachment" href="file:///etc/passwd">sandi</a>

<img src="http://127.0.0.1:9/x.png" onerror="alert(2)">

<iframe src="https://example.org/"></iframe>

<p onclick="alert(3)" style="position:fixed">klik</p>

[tautan js](javascript:alert(4)) [berkas](file:///etc/passwd) ![gambar luar](http://127.0.0.1:9/y.png)
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==) [relatif](../../../etc/passwd)
[JS besar](JaVaScRiPt:alert(6)) [situs resmi](https://jombangkab.go.id) [surel](mailto:dinas@example.go.id)
[ke bab](#bab-1)
"""

INSTANSI_JAHAT = "</title><script>alert(1)</script>"
SAFE_HREF = re.compile(r"(https?://|mailto:|#)", re.I)


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside ``<script>`` elements."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def _elements(doc: str) -> _Elements:
    p = _Elements()
    p.feed(doc)
    p.close()
    return p


def _active_content(doc: str, allowed_href=SAFE_HREF) -> list[str]:
    """What in an HTML document could run code, embed a file or fetch a URL (empty list = safe)."""
    found = []
    for tag, attrs in _elements(doc).tags:
        if tag in ("script", "iframe", "object", "embed", "frame", "base", "form") or "http-equiv" in attrs:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            value = (value or "").strip()
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name == "rel" and "attachment" in value.lower():
                found.append(f"<{tag} rel={value}>")
            if name == "href" and not (allowed_href.match(value)
                                       or re.fullmatch(r"(\.\./)?[\w.-]+\.html", value)  # the run's own pages
                                       or re.fullmatch(r"notebooks/[\w.-]+\.html#sel-[\w-]+", value)):  # a number's cell
                found.append(f"<{tag} href={value}>")
            if name in ("src", "srcset", "data", "action", "formaction", "poster", "background") and not (
                    tag == "img" and name == "src"
                    # charts: PNG, or SVG shown as an image (an <img> SVG runs no script and fetches nothing)
                    and value.startswith(("data:image/png;base64,", "data:image/svg+xml;base64,"))):
                found.append(f"<{tag} {name}={value[:40]}>")
    return found


# --------------------------------------------------------------- narasi Markdown


def test_hostile_narasi_renders_as_inert_text():
    out = str(L.markdown(HOSTILE_NARASI))
    assert _active_content(out) == []
    tags = {t for t, _ in _elements(out).tags}
    assert tags <= L._TAG_NARASI
    assert not [(t, a) for t, a in _elements(out).tags if {"style", "rel", "src"} & set(a)]
    # the raw HTML is shown as text, not dropped silently
    assert "&lt;script&gt;alert('narasi')&lt;/script&gt;" in out.replace("&#x27;", "'").replace("&#39;", "'")
    # the words of refused links and images stay, the links go
    for words in ("tautan js", "berkas", "gambar luar", "relatif", "JS besar", "data"):
        assert words in out
    hrefs = [a.get("href") for t, a in _elements(out).tags if t == "a"]
    assert hrefs == ["https://jombangkab.go.id", "mailto:dinas@example.go.id", "#bab-1"]


def test_ordinary_markdown_still_works():
    out = str(L.markdown("## Sub\n\n- satu\n- **dua**\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\nCatatan[^1]\n\n[^1]: kaki\n"))
    for frag in ("<h2>Sub</h2>", "<li><strong>dua</strong></li>", '<td style="text-align:right">2</td>',
                 '<a href="#fn-1">1</a>', 'id="fn-1"'):
        assert frag in out, frag
    assert TIDAK_TERSEDIA in str(L.markdown("  "))


# ------------------------------------------------------------ templates, escaping


def test_report_templates_autoescape_and_mark_nothing_safe():
    env = L.environment()
    assert env.from_string("{{ x }}").render(x=INSTANSI_JAHAT) == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    for path in (ROOT / "lkjip" / "templates").rglob("*.j2"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup\(", text), path.name
    # prose and sub-sections reach the templates already rendered as Markup, so nothing else passes unescaped
    assert L.render("provenans.html.j2", params_text=INSTANSI_JAHAT, inventaris=pd.DataFrame(
        columns=["berkas", "sha256", "cocok"]), tahap=[], notebooks=[], versi=[], commit="x", tahun=2024).count(
        "<script>") == 0


def _notebook(tmp_path: Path, html_output: str) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    nb = new_notebook(cells=[new_code_cell("display(HTML(bagian))", outputs=[
        new_output("display_data", data={"text/html": html_output, "text/plain": "<HTML>"})])])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "07_laporan.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_report_title_escaped_and_narasi_inert_in_report_and_evaluator(tmp_path):
    nb = _notebook(tmp_path, str(L.markdown(HOSTILE_NARASI)))
    report = keluaran.html_laporan(nb, f"LKjIP 2024 — {INSTANSI_JAHAT} Jombang")
    assert "<title>LKjIP 2024 — &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; Jombang</title>" in report
    assert _active_content(report) == []
    evaluator = keluaran.html_evaluator(nb)
    assert _active_content(evaluator) == []
    assert "alert" not in "".join(_elements(evaluator).script_text)


# ------------------------------------------------------------------- PDF fetcher


def test_pdf_fetcher_serves_only_data_uris():
    f = keluaran.pengambil_url()
    assert f.fetch("data:text/plain;base64," + base64.b64encode(b"halo").decode()).read() == b"halo"
    for url in ("file:///etc/passwd", "FILE:///etc/hostname", "http://127.0.0.1:9/x.png", "https://example.org/a.css",
                "ftp://example.org/x"):
        with pytest.raises(ValueError):
            f.fetch(url)
    assert len(f.ditolak) == 5


@pytest.fixture
def http_server():
    """A local HTTP server that records every request (nothing must reach it)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"rahasia-jaringan")

        def log_message(self, *args):
            pass

    srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", hits
    srv.shutdown()
    srv.server_close()


def test_pdf_embeds_no_local_file_and_fetches_nothing(tmp_path, http_server):
    """Raw HTML as a hostile *template* could write it (narasi never gets this far): the PDF stays clean."""
    import weasyprint

    base, hits = http_server
    secret = tmp_path / "rahasia.txt"
    secret.write_text("rahasia-lokal", encoding="utf-8")
    doc = (f'<html><body><p>isi</p><a rel="attachment" href="{secret.as_uri()}">lampiran</a>'
           f'<link rel="attachment" href="{secret.as_uri()}"><img src="{base}/gambar.png">'
           f'<a rel="attachment" href="{base}/lampiran.txt">jaringan</a><img src="relatif.png"></body></html>')
    # control: WeasyPrint's default fetcher does embed the local file and does fetch the URL
    default = weasyprint.HTML(string=doc).write_pdf()
    assert b"/EmbeddedFile" in default and hits
    hits.clear()
    fetcher = keluaran.pengambil_url()
    out = keluaran.pdf(doc, fetcher)
    assert out.startswith(b"%PDF") and b"/EmbeddedFile" not in out
    assert hits == []
    assert secret.as_uri() in fetcher.ditolak and f"{base}/gambar.png" in fetcher.ditolak


# ------------------------------------------------------------------------ annex

FORMULAS = ["=1+1", "+62 812", "-", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"klik\")", "\tx", "\rx"]


def _annex_frame() -> pd.DataFrame:
    return pd.DataFrame({"nama": FORMULAS + ["Dinas Koperasi"],
                         "nilai": [D("-5"), D("1.25"), None, D("-0.5"), D(0), D(3), D(4), D(7)]}, dtype=object)


def test_annex_xlsx_stores_text_as_text():
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(keluaran.annex_xlsx({"capaian_indikator": _annex_frame()}, 2024)))
    ws = wb["capaian_indikator"]
    names = [ws.cell(r, 1) for r in range(4, 4 + len(FORMULAS) + 1)]
    # (without lxml, XML stores a carriage return as a line feed; with lxml — python-docx needs it —
    # openpyxl keeps it: either way a change of blank at most, never a formula)
    assert [c.value for c in names] in ([f.replace("\r", "\n") for f in FORMULAS] + ["Dinas Koperasi"],
                                        list(FORMULAS) + ["Dinas Koperasi"])
    assert all(c.data_type == "s" for c in names)
    assert ws.cell(4, 2).value == -5 and ws.cell(4, 2).data_type == "n"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_annex_csv_prefixes_formula_text_but_not_numbers():
    rows = list(csv.reader(io.StringIO(keluaran.csv_lampiran(_annex_frame()), newline="")))
    assert rows[0] == ["nama", "nilai"]
    assert [r[0] for r in rows[1:]] == ["'" + f for f in FORMULAS] + ["Dinas Koperasi"]
    assert [r[1] for r in rows[1:]] == ["-5", "1.25", "", "-0.5", "0", "3", "4", "7"]


def test_template_round_trip_keeps_formula_like_text(project, tmp_path):
    """``lkjip template --dari`` writes text as text: ``=teks`` reads back through ingest as ``=teks``."""
    from openpyxl import load_workbook

    from lkjip.ingest import read_raw
    from lkjip.workbook import read_workbook, template

    names = {"IKS01": "=SUM(A1) Persentase koperasi aktif", "IKP02": "+62 legalitas", "IKP03": "@koperasi"}
    path = project.raw_dir / "indikator.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = list(csv.reader(lines))
    for r in rows[1:]:
        if r[0] in names:
            r[1] = names[r[0]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    project.rehash()
    frames, _, _ = read_raw(project.raw_dir)
    book = tmp_path / "data-2024.xlsx"
    book.write_bytes(template(2024, frames))
    ws = load_workbook(book)["indikator"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    back = read_workbook(book, book.name)["indikator"]
    got = dict(zip(back["indikator_id"], back["indikator"]))
    assert {k: got[k] for k in names} == names
    assert list(back["indikator"]) == list(frames["indikator"]["indikator"])


# ----------------------------------------------------------------------- charts

NAMA_MATH = "Persen $^$ _x_ {y}"


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=50)
    return buf.getvalue()


def test_chart_prints_dollar_names_literally():
    from matplotlib.text import Text

    cap = pd.DataFrame({"indikator_id": ["I1", "I2"], "indikator": [NAMA_MATH, "$x$ biasa"],
                        "capaian": [D("80"), None], "predikat": ["Baik", None]}, dtype=object)
    fig = grafik.capaian_per_indikator(cap, ["Baik"], f"Judul {NAMA_MATH}")
    assert _png(fig).startswith(b"\x89PNG")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert f"I1 {NAMA_MATH}" in labels and "I2 $x$ biasa" in labels
    assert fig.get_suptitle().replace("\n", " ") == f"Judul {NAMA_MATH}"
    assert not [t for t in fig.findobj(Text) if t.get_parse_math() or t.get_usetex()]


def test_chart_leaves_settings_and_earlier_figures_alone():
    import matplotlib.pyplot as plt

    before = dict(plt.rcParams)
    cap = pd.DataFrame({"indikator_id": ["I1"], "indikator": [NAMA_MATH], "capaian": [D("80")], "predikat": ["Baik"]},
                       dtype=object)
    first = grafik.capaian_per_indikator(cap, ["Baik"], "a")
    second = grafik.capaian_per_indikator(cap, ["Baik"], "b")
    assert dict(plt.rcParams) == before
    assert {first.number, second.number} <= set(plt.get_fignums())  # the notebook still shows both
    plt.close(first)
    plt.close(second)


def test_grouped_chart_prints_dollar_names_literally():
    per_unit = pd.DataFrame({"unit": [NAMA_MATH, "Bidang $"], "bezetting": [3, 2], "kebutuhan_abk": [4, None]},
                            dtype=object)
    fig = grafik.pegawai_vs_abk(per_unit, "Pegawai $^$")
    assert _png(fig).startswith(b"\x89PNG")
    assert NAMA_MATH in [t.get_text() for t in fig.axes[0].get_yticklabels()]


# ------------------------------------------------------------ one hostile run


@pytest.mark.slow
def test_hostile_run_end_to_end(project, monkeypatch):
    """One full run: hostile narasi, instansi name and indicator name; every edition stays inert."""
    from openpyxl import load_workbook

    from lkjip.runner import run

    d = yaml.safe_load(project.params_file.read_text(encoding="utf-8"))
    d["instansi"]["nama"] = INSTANSI_JAHAT
    project.params_file.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    narasi = project.raw_dir / "narasi" / "gambaran_umum.md"
    narasi.write_text(HOSTILE_NARASI, encoding="utf-8")
    for f in sorted(project.raw_dir.glob("*.csv")):  # the name is checked across tables: change it everywhere
        text = f.read_text(encoding="utf-8")
        f.write_text(text.replace("Persentase peningkatan koperasi aktif", f"=1+1 {NAMA_MATH}"), encoding="utf-8")
    project.rehash()

    fetchers = []
    original = keluaran.pengambil_url

    def recording_fetcher():
        fetchers.append(original())
        return fetchers[-1]

    monkeypatch.setattr(keluaran, "pengambil_url", recording_fetcher)
    run(project.params_file, echo=lambda *a: None)

    reports = project.reports
    report = (reports / "LKjIP-2024.html").read_text(encoding="utf-8")
    assert "<title>LKjIP 2024 — &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in report.split("</title>", 1)[1]  # the cover
    assert _active_content(report) == []
    assert "Teks <strong>biasa</strong> tetap tampil." in report
    assert f"=1+1 {NAMA_MATH}" in report

    pdf = (reports / "LKjIP-2024.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/EmbeddedFile" not in pdf
    assert len(fetchers) == 1 and fetchers[0].ditolak == []  # the report asks for nothing outside itself

    for page in sorted((reports / "notebooks").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert _active_content(text) == [], page.name
        assert "alert(" not in "".join(_elements(text).script_text), page.name

    rows = list(csv.DictReader(open(reports / "tabel" / "capaian_indikator.csv", encoding="utf-8", newline="")))
    assert f"'=1+1 {NAMA_MATH}" in [r["indikator"] for r in rows]
    ws = load_workbook(reports / "tabel" / "LKjIP-2024-tabel.xlsx")["capaian_indikator"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == f"=1+1 {NAMA_MATH}"]
    assert cells and all(c.data_type == "s" for c in cells)
    assert (reports / "gambar" / "capaian_indikator.png").stat().st_size > 1000
