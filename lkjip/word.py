"""The Word edition of the LKjIP (``reports/<tahun>/LKjIP-<tahun>.docx``), built from the report HTML.

For analysts who finish the text in Word before signing. It is made from the same
HTML as the PDF (python-docx), so its words and numbers are the HTML's:

* real Word headings (``Heading 1–4``: Word's navigation pane works) and a Word table of
  contents field for the *Daftar Isi* (Word fills it with page numbers when the document
  is opened: ``updateFields``);
* real tables, the header row repeated on every page (``w:tblHeader``), total rows bold,
  numbers right-aligned; wide tables (``.tabel-wrap.lebar`` in the HTML) in their own
  landscape section;
* the charts as pictures, their captions in Word's *Caption* style;
* A4 with the margins of the PDF (3 / 2,5 / 2,5 / 4 cm; 4 cm binding margin on the left;
  landscape sections 2,5 / 2,5 / 2 / 2,5 cm).

Every text of the HTML — narasi included — is written as plain run text: nothing in it
becomes a field, a hyperlink target or markup in Word.
"""

from __future__ import annotations

import base64
import io
import re
from datetime import datetime

from bs4 import BeautifulSoup, NavigableString, Tag

#: Page geometry of the PDF (laporan.css ``@page``): top, right, bottom, left in cm.
MARGIN_TEGAK = (3.0, 2.5, 2.5, 4.0)
MARGIN_LEBAR = (2.5, 2.5, 2.0, 2.5)
A4 = (21.0, 29.7)

_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
_BLOK = {"p", "div", "section", "main", "ol", "ul", "table", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
         "blockquote", "pre", "nav", "header", "footer", "hr"}


def _teks(node) -> str:
    return " ".join(node.get_text(" ").split()) if isinstance(node, Tag) else " ".join(str(node).split())


def _halaman(section, lebar: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    w, h = A4
    section.orientation = WD_ORIENT.LANDSCAPE if lebar else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(h), Cm(w)) if lebar else (Cm(w), Cm(h))
    top, right, bottom, left = MARGIN_LEBAR if lebar else MARGIN_TEGAK
    section.top_margin, section.right_margin = Cm(top), Cm(right)
    section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)


def _field(paragraph, instr: str, placeholder: str) -> None:
    """A Word field (only the table of contents uses one; never built from report text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind):
        r = OxmlElement("w:r")
        fc = OxmlElement("w:fldChar")
        fc.set(qn("w:fldCharType"), kind)
        r.append(fc)
        return r

    p = paragraph._p
    p.append(char("begin"))
    r = OxmlElement("w:r")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = instr
    r.append(t)
    p.append(r)
    p.append(char("separate"))
    paragraph.add_run(placeholder)
    p.append(char("end"))


def _inline(paragraph, node, bold=False, italic=False) -> None:
    """Runs of one paragraph from inline HTML (strong/b → bold, em/i → italic); text stays text."""
    for child in node.children:
        if isinstance(child, NavigableString):
            text = re.sub(r"\s+", " ", str(child))
            if text:
                run = paragraph.add_run(text)
                run.bold, run.italic = bold or None, italic or None
        elif isinstance(child, Tag):
            if child.name == "br":
                paragraph.add_run().add_break()
            elif child.name in ("script", "style"):
                continue
            else:
                _inline(paragraph, child, bold or child.name in ("strong", "b", "th"),
                        italic or child.name in ("em", "i"))


def _rapikan(paragraph) -> None:
    """Trim the whitespace HTML leaves at the start and end of a paragraph."""
    runs = paragraph.runs
    if runs:
        for run, trim in ((runs[0], str.lstrip), (runs[-1], str.rstrip)):
            text = run.text
            if trim(text) != text:  # setting a run's text is costly: only when it changes
                run.text = trim(text)


class _Penulis:
    def __init__(self, gambar: dict[str, bytes]):
        from docx import Document

        self.doc = Document()
        self.gambar = gambar
        _halaman(self.doc.sections[0], lebar=False)
        self.h1 = 0
        self.lebar = False

    # -------------------------------------------------------------- sections
    def _section(self, lebar: bool) -> None:
        from docx.enum.section import WD_SECTION

        if lebar == self.lebar:
            return
        _halaman(self.doc.add_section(WD_SECTION.NEW_PAGE), lebar)
        self.lebar = lebar

    # ----------------------------------------------------------------- walk
    def blok(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.strip():
                    p = self.doc.add_paragraph()
                    p.add_run(" ".join(str(child).split()))
            elif isinstance(child, Tag) and child.name not in ("script", "style"):
                self.elemen(child)

    def judul(self, child: Tag) -> None:
        name = child.name
        if name == "h1" and self.h1:
            self._section(False)
            self.doc.add_page_break()
        self.h1 += name == "h1"
        h = self.doc.add_heading(level=_HEADING[name])
        _inline(h, child)
        _rapikan(h)

    def elemen(self, child: Tag) -> None:
        """One block element of the report: heading, list, table wrapper, table, figure or paragraph."""
        name = child.name
        kelas = child.get("class") or []
        if name in _HEADING:
            self.judul(child)
        elif name == "ul" and "daftar-isi" in kelas:
            _field(self.doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u',
                   "Daftar isi: klik kanan lalu Perbarui Bidang (Update Field) untuk nomor halaman.")
        elif name in ("ul", "ol"):
            self.daftar(child, 0)
        elif name == "div" and "tabel-wrap" in kelas:
            lebar = "lebar" in kelas
            if lebar:
                self._section(True)
            self.blok(child)
            if lebar:
                self._section(False)
        elif name == "table":
            self.tabel(child)
        elif name == "figure":
            self.figur(child)
        elif name == "p" or (name not in _BLOK and child.find(list(_BLOK)) is None):
            if not _teks(child):
                return
            p = self.doc.add_paragraph()
            if "catatan-tabel" in kelas or "jejak-tabel" in kelas:
                p.style = self.doc.styles["Caption"]
            _inline(p, child)
            _rapikan(p)
        else:
            self.blok(child)

    def daftar(self, node: Tag, level: int) -> None:
        from docx.shared import Cm

        nomor = int(node.get("start") or 1)
        jenis = (node.get("type") or "1") if node.name == "ol" else None
        for li in node.find_all("li", recursive=False):
            p = self.doc.add_paragraph(style="List Bullet" if jenis is None and level == 0 else
                                       ("List Bullet 2" if jenis is None else None))
            if jenis is not None:
                marker = (chr(ord("a") + nomor - 1) if jenis == "a" else chr(ord("A") + nomor - 1) if jenis == "A"
                          else str(nomor)) + ". "
                p.paragraph_format.left_indent = Cm(0.75 * (level + 1))
                p.paragraph_format.first_line_indent = Cm(-0.6)
                p.add_run(marker)
                nomor += 1
            inline = BeautifulSoup("", "html.parser").new_tag("span")
            nested = []
            for c in list(li.children):
                if isinstance(c, Tag) and c.name in ("ul", "ol"):
                    nested.append(c)
                elif isinstance(c, Tag) and c.name == "p":
                    inline.append(BeautifulSoup(" ", "html.parser"))
                    for cc in list(c.children):
                        inline.append(cc.__copy__() if isinstance(cc, Tag) else NavigableString(str(cc)))
                else:
                    inline.append(c.__copy__() if isinstance(c, Tag) else NavigableString(str(c)))
            _inline(p, inline)
            _rapikan(p)
            for n in nested:
                self.daftar(n, level + 1)

    def tabel(self, node: Tag) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        cap = node.find("caption")
        if cap is not None:
            p = self.doc.add_paragraph(style="Caption")
            _inline(p, cap)
            _rapikan(p)
            p.paragraph_format.keep_with_next = True
        head = [tr for tr in node.select("thead > tr")]
        body = [tr for tr in node.select("tbody > tr")] or [tr for tr in node.find_all("tr") if tr not in head]
        rows = head + body
        if not rows:
            return
        ncol = max(sum(int(c.get("colspan") or 1) for c in tr.find_all(["td", "th"], recursive=False)) for tr in rows)
        t = self.doc.add_table(rows=len(rows), cols=ncol)
        t.style = self.doc.styles["Table Grid"]  # 8,5 pt (set once on the style, see docx_laporan)
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, (tr, row) in enumerate(zip(rows, t.rows)):
            cells = row.cells
            if i < len(head):  # the header row repeats on every page
                trpr = row._tr.get_or_add_trPr()
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                trpr.append(el)
            j = 0
            total = "total" in (tr.get("class") or []) or "sasaran" in (tr.get("class") or [])
            for c in tr.find_all(["td", "th"], recursive=False):
                span = int(c.get("colspan") or 1)
                if j >= ncol:
                    break
                cell = cells[j]
                if span > 1:
                    cell = cell.merge(cells[min(ncol, j + span) - 1])
                para = cell.paragraphs[0]
                _inline(para, c, bold=(c.name == "th" or total))
                _rapikan(para)
                if "angka" in (c.get("class") or []):
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                j += span
        self.doc.add_paragraph()

    def figur(self, node: Tag) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        img = node.find("img")
        data = self.gambar.get(node.get("id", "")) if node.get("id") else None
        if data is None and img is not None:
            m = re.match(r"data:image/(png|jpeg|gif);base64,(.*)", img.get("src", ""), re.S)
            if m:
                data = base64.b64decode(m.group(2))
        if data is not None and not data.startswith((b"\x89PNG", b"\xff\xd8", b"GIF8")):
            data = None  # Word (python-docx) takes raster pictures only; an SVG chart needs its PNG twin
        if data is not None:
            lebar = (A4[1] if self.lebar else A4[0]) - sum((MARGIN_LEBAR if self.lebar else MARGIN_TEGAK)[1::2])
            self.doc.add_picture(io.BytesIO(data), width=Cm(min(15.0, lebar)))
            self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        cap = node.find("figcaption")
        if cap is not None:
            p = self.doc.add_paragraph(style="Caption")
            _inline(p, cap)
            _rapikan(p)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def docx_laporan(html_text: str, judul: str = "", penulis: str = "", tanggal: datetime | None = None,
                 gambar: dict[str, bytes] | None = None) -> bytes:
    """The Word edition of the report HTML.

    Parameters
    ----------
    html_text : str
        The report HTML (``LKjIP-<tahun>.html``).
    judul, penulis : str
        Document properties: title and author (the instansi).
    tanggal : datetime, optional
        Creation date of the document properties (the report date).
    gambar : dict, optional
        Figure id (``gambar-3-1``) → PNG bytes, used instead of the embedded image
        (charts embedded as SVG in the HTML come as PNG from the chart folder).

    Returns
    -------
    bytes
        The ``.docx`` file.
    """
    soup = BeautifulSoup(html_text, "html.parser")
    root = soup.find("main") or soup.body or soup
    w = _Penulis(gambar or {})
    from docx.shared import Pt

    w.doc.styles["Table Grid"].font.size = Pt(8.5)  # table text ≥ 8,5 pt
    w.blok(root)
    doc = w.doc
    props = doc.core_properties
    props.title, props.author, props.subject = judul, penulis, "Laporan Kinerja Instansi Pemerintah"
    props.language = "id-ID"
    if tanggal is not None:
        props.created = props.modified = tanggal
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    upd = OxmlElement("w:updateFields")
    upd.set(qn("w:val"), "true")
    doc.settings.element.append(upd)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
