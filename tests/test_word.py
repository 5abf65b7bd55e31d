"""The Word edition: opens, has real headings/tables/sections/pictures, and its numbers are the HTML's."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

import pytest
from bs4 import BeautifulSoup, NavigableString

from lkjip.word import MARGIN_LEBAR, MARGIN_TEGAK, docx_laporan

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ANGKA = re.compile(r"[−-]?\d(?:[\d.,]*\d)?%?")


def _html_teks(html_text: str) -> str:
    """The report's visible text, list numbers included (as Word shows them)."""
    soup = BeautifulSoup(html_text, "html.parser")
    main = soup.find("main") or soup
    for el in main.select("style, script, ul.daftar-isi"):
        el.decompose()
    for ol in main.find_all("ol"):
        n = int(ol.get("start") or 1)
        for li in ol.find_all("li", recursive=False):
            kind = ol.get("type") or "1"
            marker = chr(ord(kind) + n - 1) if kind in ("a", "A") else str(n)
            li.insert(0, NavigableString(f" {marker}. "))
            n += 1
    for el in main.find_all(["p", "td", "th", "li", "h1", "h2", "h3", "h4", "caption", "figcaption", "div", "br",
                             "section", "tr", "ol", "ul"]):
        el.insert_after(NavigableString(" "))
        el.insert(0, NavigableString(" "))
    return main.get_text("")


def _docx_teks(doc) -> str:
    parts = []
    for el in doc.element.body.iter():
        if el.tag == W + "t" and el.text:
            parts.append(el.text)
        elif el.tag in (W + "p", W + "tc", W + "br"):
            parts.append(" ")
    return "".join(parts)


@pytest.fixture(scope="module")
def word(run_2024):
    from docx import Document

    path = run_2024.reports / f"LKjIP-{run_2024.tahun}.docx"
    html_text = (run_2024.reports / f"LKjIP-{run_2024.tahun}.html").read_text(encoding="utf-8")
    return Document(str(path)), html_text, path


def test_word_opens_with_properties(word, run_2024):
    doc, _, path = word
    assert zipfile.is_zipfile(path)
    p = doc.core_properties
    assert p.title.startswith(f"LKjIP {run_2024.tahun}") and "Dinas Koperasi" in p.author and p.language == "id-ID"


def test_word_numbers_equal_the_html(word):
    doc, html_text, _ = word
    h = ANGKA.findall(_html_teks(html_text))
    d = ANGKA.findall(_docx_teks(doc))
    assert len(h) > 2000
    assert Counter(d) == Counter(h), (Counter(h) - Counter(d)).most_common(5) + (Counter(d) - Counter(h)).most_common(5)
    assert d == h  # and in the same order


def test_word_has_real_headings(word):
    doc, html_text, _ = word
    soup = BeautifulSoup(html_text, "html.parser")
    for level in (1, 2, 3):
        heads = [" ".join(x.get_text(" ").split()) for x in soup.find_all(f"h{level}")]
        words = [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]
        assert [" ".join(w.split()) for w in words] == heads, level
    assert any("TOC" in (t.text or "") for t in doc.element.body.iter(W + "instrText"))


def _tabel_dan_bagian(doc):
    """(table element, section index) in body order."""
    out, idx = [], 0
    for child in doc.element.body.iterchildren():
        if child.tag == W + "tbl":
            out.append((child, idx))
        elif child.tag == W + "p" and child.find(f"{W}pPr/{W}sectPr") is not None:
            idx += 1
    return out


def test_word_tables_repeat_headers_and_wide_tables_are_landscape(word):
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    doc, html_text, _ = word
    soup = BeautifulSoup(html_text, "html.parser")
    tables = soup.select("main table")
    lebar = ["lebar" in (t.find_parent("div", class_="tabel-wrap") or {}).get("class", []) for t in tables]
    found = _tabel_dan_bagian(doc)
    assert len(found) == len(tables) > 20
    sections = doc.sections
    for (tbl, idx), wide, t in zip(found, lebar, tables):
        first = tbl.find(f"{W}tr")
        if t.find("thead") is not None:
            assert first.find(f"{W}trPr/{W}tblHeader") is not None
        orient = sections[idx].orientation
        assert orient == (WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT), t.find("caption").get_text()[:40]
    assert any(lebar)
    for s in sections:
        m = MARGIN_LEBAR if s.orientation == WD_ORIENT.LANDSCAPE else MARGIN_TEGAK
        assert {round(s.page_width.cm, 1), round(s.page_height.cm, 1)} == {21.0, 29.7}
        assert [round(x.cm, 2) for x in (s.top_margin, s.right_margin, s.bottom_margin, s.left_margin)] == \
               [round(Cm(v).cm, 2) for v in m]


def test_word_has_the_charts(word):
    doc, html_text, _ = word
    n_fig = len(BeautifulSoup(html_text, "html.parser").select("main figure img"))
    assert n_fig > 0 and len(doc.inline_shapes) == n_fig
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("Gambar")]
    assert len(captions) == n_fig


def test_user_text_stays_text_in_word():
    from docx import Document

    nakal = '=HYPERLINK("http://x") { DDEAUTO c:\\\\windows } &lt;w:fldSimple w:instr="TIME"/&gt; &lt;b&gt;'
    html_text = (f'<main><h1 id="a" data-toc="1">BAB I</h1><ul class="daftar-isi"></ul><p>{nakal}</p>'
                 f'<ol start="3"><li>tiga</li><li>empat<ul><li>sub</li></ul></li></ol></main>')
    data = docx_laporan(html_text, judul="uji", penulis="uji")
    doc = Document(io.BytesIO(data))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "fldSimple w:instr" not in xml.replace("&lt;w:fldSimple", "")
    instr = [t.text for t in doc.element.body.iter(W + "instrText")]
    assert instr == ['TOC \\o "1-3" \\h \\z \\u']  # the only field is the table of contents
    text = [p.text for p in doc.paragraphs]
    assert any('=HYPERLINK("http://x")' in t and "<w:fldSimple" in t and "<b>" in t for t in text)
    assert "3. tiga" in text and "4. empat" in text and "sub" in text
