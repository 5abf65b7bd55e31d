"""The LKjIP document: display tables, per-sasaran analyses and HTML sections.

Everything printed in the report comes from the processed tables through this
module and the Jinja2 templates in ``lkjip/templates/laporan/``; no figure is typed
in a template. Numbers are formatted with :mod:`lkjip.fmt` (Babel, ``id`` locale).

Every numeric table cell carries ``data-src="<tabel>:<baris>:<kolom>"`` naming the
processed value it shows, so a test can check each printed number against the data.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal  # noqa: F401  (used by the doctests)
from pathlib import Path
from typing import Callable

import jinja2
import mistune
import nh3
import pandas as pd
from markupsafe import Markup

from . import fmt, jejak, narasi
from .katalog import GAMBAR, berkas_grafik
from .tables import BESARAN as BESARAN_DICETAK
from .sumber_daya import bidang_terbesar

JENIS_KOLOM = ("teks", "bulat", "angka", "persen", "rupiah", "ukuran")


@dataclass(frozen=True)
class Kolom:
    """One column of a display table: source column, header and kind of value."""

    kunci: str
    judul: str
    jenis: str = "teks"
    desimal: int = 2


@dataclass(frozen=True)
class Sel:
    """A formatted cell and the processed value it shows (``tabel:baris:kolom``)."""

    teks: str
    src: str | None = None
    kelas: str | None = None
    span: int | None = None


@dataclass
class Tabel:
    """A numbered, captioned display table."""

    id: str
    nomor: str
    judul: str
    kolom: list[Kolom]
    baris: list[tuple[list[Sel], str | None]]
    catatan: list[str] = field(default_factory=list)
    sumber: str = ""
    lebar: bool = False
    #: Set when the table is too long for the report (:func:`ke_lampiran`): the note printed
    #: under its caption instead of its rows, which are then only in the annex.
    di_lampiran: str | None = None

    @property
    def ada_ta(self) -> bool:
        """Whether a cell shows *t.a.* (the table then carries the legend)."""
        return any(c.teks == fmt.TA for cells, _ in self.baris for c in cells)


@dataclass(frozen=True)
class Gambar:
    """A numbered, captioned chart embedded as a data URI."""

    id: str
    nomor: str
    judul: str
    src: str
    mime: str = "image/png"
    #: The chart's phone edition (data URI of its SVG), shown instead on a narrow screen; none: the same chart.
    src_ponsel: str | None = None


def format_nilai(value, jenis: str, desimal: int = 2, kosong: str = fmt.TA) -> str:
    """Format one value for a table cell.

    Examples
    --------
    >>> format_nilai(Decimal("1234567890"), "rupiah").replace(fmt.NBSP, " ")
    'Rp 1.234.567.890'
    >>> format_nilai(Decimal("12.345"), "persen")
    '12,35%'
    >>> format_nilai(None, "angka")
    't.a.'
    """
    if jenis not in JENIS_KOLOM:
        raise ValueError(f"jenis kolom tidak dikenal: {jenis}")
    if value is None or (isinstance(value, float) and value != value):
        return kosong
    if jenis == "teks":
        return str(value)
    if jenis == "bulat":
        return fmt.angka(value, 0, kosong)
    if jenis == "angka":
        return fmt.angka(value, desimal, kosong)
    if jenis == "ukuran":
        return fmt.ukuran(value, desimal, kosong)
    if jenis == "persen":
        return fmt.persen(value, desimal, kosong)
    return fmt.rupiah(value, kosong)


def tabel(df: pd.DataFrame, sumber: str, nomor: str, judul: str, kolom: list[Kolom],
          kelas_baris: Callable[[pd.Series], str | None] | None = None, catatan: list[str] | None = None,
          kosong: str = fmt.TA) -> Tabel:
    """Build a display table from rows of the processed table ``sumber``.

    Parameters
    ----------
    df : DataFrame
        Rows of the processed table (a filtered selection keeps the original index,
        which is the row number in ``<sumber>.csv``).
    sumber : str
        Name of the processed table (for ``data-src``).
    nomor, judul : str
        Table number (``3.5``) and caption.
    kolom : list of Kolom
        Columns shown, in order.
    kelas_baris : callable, optional
        Row → CSS class (``total``, ``sasaran``…).
    catatan : list of str, optional
        Notes printed under the table.
    kosong : str
        Text for a missing value (*t.a.*, explained under the table). In a total row
        a missing value is a cell that does not apply (a target of a sum) and stays empty.
    """
    rows = []
    for idx, r in df.iterrows():
        kelas = kelas_baris(r) if kelas_baris else None
        cells = []
        for k in kolom:
            value = r[k.kunci]
            src = f"{sumber}:{idx}:{k.kunci}" if k.jenis != "teks" else None
            cells.append(Sel(format_nilai(value, k.jenis, k.desimal, "" if kelas == "total" else kosong), src,
                             "angka" if k.jenis != "teks" else None))
        rows.append((cells, kelas))
    tid = "tabel-" + nomor.replace(".", "-")
    return Tabel(tid, nomor, judul, kolom, rows, list(catatan or []), sumber)


#: Largest SVG chart embedded as vector; a larger one (many points) is embedded as its PNG.
BATAS_SVG = 400 * 2 ** 10


def baca_gambar(folder: Path) -> tuple[dict[str, bytes | None], dict[str, bytes | None], dict[str, bytes | None]]:
    """The saved charts (``reports/<tahun>/gambar/``) by figure number: PNG, SVG and the phone edition's SVG.

    The three dicts :func:`konteks` takes (``gambar_png``, ``gambar_svg``, ``gambar_ponsel``),
    every figure of :data:`lkjip.katalog.GAMBAR` in each; a file that is not there is
    ``None`` (the chart was not drawn).
    """
    def baca(nama: str) -> bytes | None:
        path = Path(folder) / nama
        return path.read_bytes() if path.exists() else None

    png: dict[str, bytes | None] = {}
    svg: dict[str, bytes | None] = {}
    ponsel: dict[str, bytes | None] = {}
    for nomor, g in GAMBAR.items():
        png[nomor], svg[nomor], ponsel[nomor] = (baca(n) for n in berkas_grafik(g.berkas))
    return png, svg, ponsel


def _data_uri(data: bytes, mime: str) -> str:
    """``data`` as a data URI of type ``mime`` (base64).

    Examples
    --------
    >>> _data_uri(b"<svg/>", "image/svg+xml")
    'data:image/svg+xml;base64,PHN2Zy8+'
    """
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def gambar(nomor: str, judul: str, png: bytes, svg: bytes | None = None, ponsel: bytes | None = None) -> Gambar:
    """A chart embedded in the page as a data URI (the HTML stays self-contained).

    The SVG (vector: sharp in print, text searchable) is used when it exists and is
    not larger than :data:`BATAS_SVG`; otherwise the PNG. ``ponsel`` is the SVG of the
    chart's phone edition (:data:`lkjip.grafik.LEBAR_PONSEL`: the same text size on a
    narrower figure), shown on a narrow screen when it is not larger than :data:`BATAS_SVG`.
    """
    if svg is not None and len(svg) <= BATAS_SVG:
        data, mime = svg, "image/svg+xml"
    else:
        data, mime = png, "image/png"
    kecil = _data_uri(ponsel, "image/svg+xml") if ponsel is not None and len(ponsel) <= BATAS_SVG else None
    return Gambar("gambar-" + nomor.replace(".", "-"), nomor, judul, _data_uri(data, mime), mime, kecil)


#: Link targets a narasi may use: web pages, e-mail addresses and anchors inside the report.
_TAUTAN_AMAN = re.compile(r"(https?://|mailto:|#)", re.I)

#: HTML the narasi Markdown can produce (allow-list for the final :func:`nh3.clean` pass).
_TAG_NARASI = {"p", "br", "hr", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li",
               "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
               "sup", "section"}
_ATRIBUT_NARASI = {"a": {"href", "title"}, "ol": {"start", "class"}, "th": {"style"}, "td": {"style"},
                   "li": {"id"}, "sup": {"id"}, "section": {"class"}, "code": {"class"}}


class _PenyajiNarasi(mistune.HTMLRenderer):
    """Markdown → HTML for narasi: raw HTML escaped (shown as text), safe links only, no images."""

    def __init__(self):
        super().__init__(escape=True)

    def link(self, text: str, url: str, title: str | None = None) -> str:
        if not _TAUTAN_AMAN.match(url.strip()):
            return text  # javascript:, file:, data:, relative paths…: the words stay, the link goes
        return super().link(text, url, title)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        return text  # never fetched: the alt text stays in the prose

    def list(self, text: str, ordered: bool, **attrs) -> str:
        if attrs.get("huruf"):
            start = int(attrs.get("start") or 1)
            return f'<ol class="huruf" start="{start}">\n{text}</ol>\n'
        return super().list(text, ordered, **attrs)


def daftar_huruf(md, state) -> None:
    """Mistune hook: a bullet list whose every item starts with a letter marker (``a.``) is a ``lower-alpha`` list.

    The marker is taken off the text (it becomes the list's own numbering), so the
    item never shows a bullet and a letter together; ``start`` is the first letter.
    """
    def walk(tokens):
        for tok in tokens:
            if tok.get("type") == "list" and not tok["attrs"].get("ordered"):
                firsts = []
                for item in tok.get("children", []):
                    kids = item.get("children") or [{}]
                    firsts.append(kids[0] if kids[0].get("type") in ("block_text", "paragraph") else None)
                if firsts and all(f is not None and narasi.HURUF.match(f.get("text", "")) for f in firsts):
                    start = ord(narasi.HURUF.match(firsts[0]["text"]).group(1)) - ord("a") + 1
                    for f in firsts:
                        f["text"] = narasi.HURUF.sub("", f["text"], count=1)
                    tok["attrs"].update(ordered=True, huruf=True, start=start)
            if tok.get("children"):
                walk(tok["children"])
    walk(state.tokens)


_narasi_md = mistune.create_markdown(renderer=_PenyajiNarasi(), plugins=["strikethrough", "footnotes", "table"])
_narasi_md.before_render_hooks.append(daftar_huruf)


def markdown(text: str | None) -> Markup:
    """Static prose (``narasi/*.md``) to safe HTML; missing prose shows *data tidak tersedia*.

    Narasi is data, never markup: raw HTML in it is escaped and printed as text, links
    are kept only to ``http(s)``, ``mailto`` and ``#`` anchors, images are dropped (their
    alt text stays). The result then passes an allow-list sanitiser (nh3): only the
    tags Markdown makes, no event handler, ``rel`` or ``style`` (except table-cell
    ``text-align``), so no script or foreign URL reaches the HTML, the PDF or the
    evaluator edition (all three show this same HTML).

    Examples
    --------
    >>> str(markdown("*a* <script>x</script>")).strip()
    '<p><em>a</em> &lt;script&gt;x&lt;/script&gt;</p>'
    >>> str(markdown("[situs](https://example.org) [berkas](file:///etc/passwd)")).strip()
    '<p><a href="https://example.org">situs</a> berkas</p>'
    """
    if text is None or not text.strip():
        return Markup(f"<p class=\"kosong\">{fmt.TIDAK_TERSEDIA}</p>")
    clean = nh3.clean(_narasi_md(text), tags=_TAG_NARASI, attributes=_ATRIBUT_NARASI,
                      url_schemes={"http", "https", "mailto"}, link_rel=None,
                      filter_style_properties={"text-align"}, strip_comments=True)
    return Markup(kutip_tipografis(nomor_awal(clean)))


_BAGIAN_HTML = re.compile(r"(<[^>]*>)")
_KUTIP_GANDA = re.compile(r'(?:"|&quot;|&#34;)([^"<>&]*?(?:&(?!quot;|#34;)[^"<>&]*?)*)(?:"|&quot;|&#34;)')


def kutip_tipografis(fragment: str) -> str:
    """Straight double quotes in the text (not in tags or ``<code>``) → typographic “ ”.

    Examples
    --------
    >>> kutip_tipografis('<p>visi "maju bersama" <a href="#x">x</a></p>')
    '<p>visi “maju bersama” <a href="#x">x</a></p>'
    """
    parts = _BAGIAN_HTML.split(fragment)
    out, kode = [], 0
    for part in parts:
        if part.startswith("<"):
            kode += part.startswith("<code") or part.startswith("<pre")
            kode -= part.startswith("</code") or part.startswith("</pre")
            out.append(part)
        else:
            out.append(part if kode > 0 else _KUTIP_GANDA.sub(lambda m: f"“{m.group(1)}”", part))
    return "".join(out)


_OL_START = re.compile(r'<ol((?: class="huruf")?) start="(\d{1,4})">')


def nomor_awal(fragment: str) -> str:
    """Give each ``<ol start="n">`` the CSS counter reset that makes it start at ``n``.

    Lists are numbered with CSS counters (the PDF renderer ignores ``start``), so a list
    continuing after a paragraph (``2. Bidang …``) needs ``counter-reset: nomor n-1``.
    Only the exact ``<ol start="digits">`` form that :func:`markdown` writes is touched.

    Examples
    --------
    >>> nomor_awal('<ol start="3"><li>x</li></ol>')
    '<ol start="3" style="counter-reset: nomor 2"><li>x</li></ol>'
    """
    return _OL_START.sub(lambda m: f'<ol{m.group(1)} start="{m.group(2)}" style="counter-reset: nomor '
                                   f'{int(m.group(2)) - 1}">', fragment)


# ----------------------------------------------------------------- analyses


def _row(df: pd.DataFrame, col: str, value) -> pd.Series | None:
    sub = df[df[col] == value]
    return sub.iloc[0] if len(sub) else None


def analisis_sasaran(sasaran_id: str, t: dict[str, pd.DataFrame], faktor: str | None = None) -> dict:
    """The seven analyses of PermenPAN-RB 53/2014 for one sasaran strategis, as data.

    Parameters
    ----------
    sasaran_id : str
        Id of the sasaran.
    t : dict of DataFrame
        Processed tables (``capaian_indikator``, ``capaian_sasaran``, ``tabel_3_2``,
        ``tabel_3_3``, ``tabel_3_4``, ``tabel_3_5``, ``tabel_3_6``).
    faktor : str, optional
        Markdown prose on causes and solutions (``narasi/faktor_<sasaran_id>.md``).

    Returns
    -------
    dict
        ``sasaran`` (row of capaian_sasaran), ``indikator`` (list of dicts with the
        indicator row, its history, Renstra progress and national comparison),
        ``efisiensi`` (row of Tabel 3.6 for the sasaran or None), ``program`` (list of
        dicts: program row of Tabel 3.5, its indicator row of capaian_indikator, and
        its Tabel 3.6 row), ``faktor`` (HTML).
    """
    cap = t["capaian_indikator"]
    sas = _row(t["capaian_sasaran"], "sasaran_id", sasaran_id)
    indikator = []
    for _, r in cap[(cap["sasaran_id"] == sasaran_id) & (cap["tingkat"] == "sasaran")].iterrows():
        hist = t["tabel_3_2"][t["tabel_3_2"]["indikator_id"] == r["indikator_id"]]
        nasional = _row(t["tabel_3_4"], "indikator_id", r["indikator_id"]) if "tabel_3_4" in t else None
        riwayat = [h for _, h in hist.sort_values("tahun").iterrows()]
        indikator.append({
            "row": r,
            "riwayat": riwayat,
            "tren": sebab_tren(riwayat),
            "renstra": _row(t["tabel_3_3"], "indikator_id", r["indikator_id"]),
            "nasional": nasional if nasional is not None and nasional["realisasi_nasional"] is not None else None,
        })
        indikator[-1]["punya_nasional"] = indikator[-1]["nasional"] is not None
    t35, t36 = t["tabel_3_5"], t["tabel_3_6"]
    eff = t36[(t36["jenis_baris"] == "sasaran") & (t36["id"] == sasaran_id)]
    programs = []
    for _, p in t35[(t35["jenis_baris"] == "program") & (t35["sasaran_id"] == sasaran_id)].iterrows():
        e = t36[(t36["jenis_baris"] == "program") & (t36["id"] == p["id"])]
        ind = _row(cap, "indikator_id", p["indikator_id"]) if p["indikator_id"] is not None else None
        programs.append({"row": p, "indikator": ind, "efisiensi": e.iloc[0] if len(e) else None})
    return {"sasaran": sas, "indikator": indikator, "efisiensi": eff.iloc[0] if len(eff) else None,
            "program": programs, "faktor": markdown(faktor)}


def sebab_tren(riwayat: list[pd.Series]) -> str | None:
    """Direction of the realisasi between the last two years of one unchanged indicator.

    Returns ``"naik"``, ``"turun"``, ``"tetap"`` or ``None`` when the indicator changed
    or a value is missing (a change of indicator is not a change of performance).

    Examples
    --------
    >>> rows = [pd.Series({"realisasi": Decimal(3), "berubah": False}),
    ...         pd.Series({"realisasi": Decimal(5), "berubah": False})]
    >>> sebab_tren(rows)
    'naik'
    """
    if len(riwayat) < 2:
        return None
    a, b = riwayat[-2], riwayat[-1]
    if a["berubah"] or b["berubah"] or a["realisasi"] is None or b["realisasi"] is None:
        return None
    return "naik" if b["realisasi"] > a["realisasi"] else ("turun" if b["realisasi"] < a["realisasi"] else "tetap")


# ------------------------------------------------------------ HTML assembly

_env: jinja2.Environment | None = None


def environment() -> jinja2.Environment:
    """The Jinja2 environment of the report templates, with the Indonesian formatting filters."""
    global _env
    if _env is None:
        env = jinja2.Environment(loader=jinja2.PackageLoader("lkjip", "templates/laporan"),
                                 autoescape=True, undefined=jinja2.StrictUndefined,
                                 trim_blocks=True, lstrip_blocks=True)
        env.filters.update({
            # a number from a processed table (see jejak.lacak) is marked with its source cell
            "angka": lambda v, d=2: jejak.tandai(v, fmt.angka(v, d)),
            "bulat": lambda v: jejak.tandai(v, fmt.angka(v, 0)),
            "persen": lambda v, d=2: jejak.tandai(v, fmt.persen(v, d)),
            "rupiah": lambda v: jejak.tandai(v, fmt.rupiah(v)),
            "ukuran": lambda v, d=2: jejak.tandai(v, fmt.ukuran(v, d)),
            "tanggal": fmt.tanggal,
            "durasi": fmt.durasi,
        })
        _env = env
    return _env


def render(template: str, **context) -> Markup:
    """Render one section template to HTML (autoescaped: every field is text unless it is already :class:`Markup`)."""
    return Markup(environment().get_template(template).render(**context))


_HEAD = re.compile(r"<(h[1-3]|caption|figcaption|p)\b([^>]*)>(.*?)</\1>", re.S)
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_LIST = re.compile(r'<ul\b[^>]*class="(daftar-isi|daftar-tabel|daftar-gambar)"[^>]*>\s*</ul>')


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def isi_daftar(doc: str) -> str:
    """Fill the empty Daftar Isi, Daftar Tabel and Daftar Gambar lists from the headings and captions.

    Headings need ``id`` and ``data-toc="<level>"``; captions (``<caption>``,
    ``<figcaption>`` or a ``<p class="judul-tabel">`` above the table's scroll area)
    need ``id`` and ``data-daftar="tabel|gambar"`` (attribute order does not matter: nbconvert
    re-serialises the HTML). Each entry links to its target; in the PDF the page
    number comes from CSS ``target-counter``.

    Examples
    --------
    >>> doc = '<ul class="daftar-isi"></ul><h2 data-toc="2" id="a">1.1 Satu</h2>'
    >>> isi_daftar(doc).split("</ul>")[0]
    '<ul class="daftar-isi"><li class="toc-2"><a href="#a">1.1 Satu</a></li>'
    """
    entries: dict[str, list[str]] = {"daftar-isi": [], "daftar-tabel": [], "daftar-gambar": []}
    for tag, attrs, inner in _HEAD.findall(doc):
        a = dict(_ATTR.findall(attrs))
        if "id" not in a:
            continue
        text = html.escape(_plain(inner))
        if tag.startswith("h") and "data-toc" in a:
            depan = " depan" if "data-depan" in a else ""  # front matter: roman page numbers in the PDF
            entries["daftar-isi"].append(f'<li class="toc-{a["data-toc"]}{depan}"><a href="#{a["id"]}">{text}</a></li>')
        elif a.get("data-daftar") in ("tabel", "gambar"):
            entries["daftar-" + a["data-daftar"]].append(f'<li><a href="#{a["id"]}">{text}</a></li>')
    return _LIST.sub(lambda m: f'<ul class="{m.group(1)}">' + "".join(entries[m.group(1)]) + "</ul>", doc)


# ------------------------------------------------------------ report tables


#: Most body rows a table is printed with in the report (HTML, PDF, Word). A longer table
#: keeps its caption (and its place in the Daftar Tabel) and a note saying that it is
#: printed whole only in the annex (``reports/<tahun>/tabel/``), so the length of the
#: report, and the time and memory of rendering it, do not grow with the input. The
#: longest table of the 2024 report has 129 rows (Tabel L.3, the review findings); the
#: worst accepted input is measured with ``benchmarks/batas.py``.
BATAS_BARIS_NASKAH = 150
#: Most body rows of the numbered tables of Bab I–IV and Lampiran 1 together (2024: 381). When
#: the tables under :data:`BATAS_BARIS_NASKAH` still hold more, the longest go to the annex, one
#: by one, until the rest fit: every table of an accepted input may be just under the per-table
#: limit, and the report must stay bounded all the same.
BATAS_BARIS_NASKAH_JUMLAH = 600


def lampiran_tabel(sumber: str, tahun: int | None) -> str:
    """Where the annex keeps every row of the processed table ``sumber`` (its CSV file and workbook sheet).

    Examples
    --------
    >>> lampiran_tabel("tabel_4_0", 2024)
    'tabel/tabel_4_0.csv dan lembar tabel_4_0 pada tabel/LKjIP-2024-tabel.xlsx'
    """
    buku = f"tabel/LKjIP-{tahun}-tabel.xlsx" if tahun is not None else "workbook lampiran tabel"
    return f"tabel/{sumber}.csv dan lembar {sumber[:31]} pada {buku}"


def ke_lampiran(tb: Tabel | None, tahun: int | None, batas: int = BATAS_BARIS_NASKAH, alasan: str | None = None) -> Tabel | None:
    """``tb`` as printed in the report: whole when it has at most ``batas`` body rows, else only its caption and a note.

    A longer table loses its rows (and its landscape page) in the report; the note
    (:attr:`Tabel.di_lampiran`) gives the number of rows and where the annex keeps
    them all (:func:`lampiran_tabel`). Its notes stay under the caption. ``alasan`` replaces
    the reason the note gives (the per-table limit) with another one.

    Examples
    --------
    >>> tb = Tabel("tabel-4-0", "4.0", "Aset", [Kolom("a", "A")], [([Sel("x")], None)] * 3, sumber="tabel_4_0")
    >>> ke_lampiran(tb, 2024, batas=3) is tb
    True
    >>> pendek = ke_lampiran(tb, 2024, batas=2)
    >>> pendek.baris
    []
    >>> print(pendek.di_lampiran)  # doctest: +NORMALIZE_WHITESPACE
    Tabel 4.0 memuat 3 baris, lebih dari 2 baris yang dicetak dalam naskah ini; tabel ini dicetak lengkap
    hanya di lampiran tabel: tabel/tabel_4_0.csv dan lembar tabel_4_0 pada tabel/LKjIP-2024-tabel.xlsx.
    """
    if tb is None or len(tb.baris) <= batas:
        return tb
    return replace(tb, baris=[], lebar=False, di_lampiran=(
        f"Tabel {tb.nomor} memuat {fmt.angka(len(tb.baris), 0)} baris, "
        f"{alasan or f'lebih dari {fmt.angka(batas, 0)} baris yang dicetak dalam naskah ini'}; "
        f"tabel ini dicetak lengkap hanya di lampiran tabel: "
        f"{lampiran_tabel(tb.sumber, tahun)}."))


#: Most names a list in the prose prints (the assets removed or added; 2024: 54 removed), and
#: most characters of those names together (2024: about 1,100); the rest are counted and left
#: to the tables.
BATAS_DAFTAR_NASKAH = 60
BATAS_TEKS_DAFTAR = 5000


def daftar_naskah(nama: list[str], batas: int = BATAS_DAFTAR_NASKAH, batas_teks: int = BATAS_TEKS_DAFTAR
                  ) -> tuple[list[str], int]:
    """The first names of a list printed in the prose (at most ``batas`` names, ``batas_teks`` characters), and how many are left out.

    The first name is always printed (a single name is bounded by the raw cell limit).

    Examples
    --------
    >>> daftar_naskah(["a", "b", "c"], batas=2)
    (['a', 'b'], 1)
    >>> daftar_naskah(["aaa", "bbb", "c"], batas_teks=5)
    (['aaa'], 2)
    """
    out: list[str] = []
    panjang = 0
    for x in nama[:batas]:
        if out and panjang + len(x) > batas_teks:
            break
        out.append(x)
        panjang += len(x)
    return out, len(nama) - len(out)


def batas_naskah_markdown() -> str:
    """The report-length limits of the README ("Keamanan dan batas"), generated from the constants."""
    from .grafik import BATAS_BATANG

    return "\n".join([
        "| limit | value |",
        "|---|---|",
        f"| body rows of a table printed in the report (HTML, PDF, Word) | {BATAS_BARIS_NASKAH} |",
        f"| body rows of the numbered tables of Bab I–IV and Lampiran 1 together (the longest go to the annex first) "
        f"| {BATAS_BARIS_NASKAH_JUMLAH} |",
        f"| bars of a chart (labelled points of the capaian/serapan scatter) | {BATAS_BATANG} |",
        f"| names in a list in the prose (assets removed / added), and their characters together "
        f"| {BATAS_DAFTAR_NASKAH} ({BATAS_TEKS_DAFTAR:,}) |",
    ])


def dalam_anggaran(T: dict[str, Tabel | None], tahun: int, jumlah: int = BATAS_BARIS_NASKAH_JUMLAH
                   ) -> dict[str, Tabel | None]:
    """``T`` with its longest tables sent to the annex (:func:`ke_lampiran`) until the rows printed fit ``jumlah``.

    Ties go by table order (the later table first); a table already in the annex prints no row.

    Examples
    --------
    >>> def tb(nomor, n):
    ...     return Tabel("t" + nomor, nomor, "", [Kolom("a", "A")], [([Sel("x")], None)] * n, sumber="s")
    >>> T = dalam_anggaran({"1": tb("1", 5), "2": tb("2", 4), "3": tb("3", 5)}, 2024, jumlah=9)
    >>> [len(t.baris) for t in T.values()], [t.di_lampiran is not None for t in T.values()]
    ([5, 4, 0], [False, False, True])
    >>> T["3"].di_lampiran[:83]
    'Tabel 3 memuat 5 baris, dan tabel-tabel naskah ini bersama-sama memuat lebih dari 9'
    """
    T = dict(T)
    while sum(len(t.baris) for t in T.values() if t is not None) > jumlah:
        kunci = list(T)
        k = max(kunci, key=lambda k: (len(T[k].baris) if T[k] is not None else -1, kunci.index(k)))
        T[k] = ke_lampiran(T[k], tahun, batas=len(T[k].baris) - 1,
                           alasan=f"dan tabel-tabel naskah ini bersama-sama memuat lebih dari {fmt.angka(jumlah, 0)} baris")
    return T


def gabung(a: Tabel, b: Tabel) -> Tabel:
    """Rows of ``b`` appended to ``a`` (same columns; e.g. a total row from another table)."""
    return Tabel(a.id, a.nomor, a.judul, a.kolom, a.baris + b.baris, a.catatan + b.catatan, a.sumber, a.lebar)


def _kelas_total(col: str, total: str = "TOTAL") -> Callable[[pd.Series], str | None]:
    return lambda r: "total" if r[col] == total else None


def _tahun_ada(t11: pd.DataFrame, kolom: str) -> bool:
    """Whether the year of Tabel 1.1 in column ``kolom`` (``jumlah_lalu``, ``jumlah_ini``) has any data."""
    return any(v is not None for v in t11[kolom])


def tabel_1_1_tahun(t11: pd.DataFrame, kolom: str, tahun: int, nomor: str) -> Tabel | None:
    """Tabel 1.1 of one year as printed (kecamatan × jenis), or ``None`` when the year has no data at all.

    Each cell points at its row of the long ``tabel_1_1``.
    """
    if not _tahun_ada(t11, kolom):
        return None
    jenis = list(dict.fromkeys(t11["jenis"]))
    kec = list(dict.fromkeys(t11["kecamatan"]))
    index = {(r.kecamatan, r.jenis): i for i, r in zip(t11.index, t11.itertuples())}
    cols = [Kolom("kecamatan", "Kecamatan")] + [Kolom(j, j, "bulat") for j in jenis]
    rows = []
    for k in kec:
        cells = [Sel(k)]
        for j in jenis:
            i = index[(k, j)]
            cells.append(Sel(format_nilai(t11.at[i, kolom], "bulat", kosong=fmt.TIDAK_TERSEDIA),
                             f"tabel_1_1:{i}:{kolom}", "angka"))
        rows.append((cells, "total" if k == "Jumlah" else None))
    return Tabel(f"tabel-{nomor.replace('.', '-')}", nomor,
                 f"Koperasi per kecamatan dan jenis koperasi tahun {tahun}", cols, rows, [], "tabel_1_1")


def _efisiensi_unit(df: pd.DataFrame, sumber: str, nomor: str, judul: str, satuan: str) -> Tabel:
    """Tabel 3.8 / 4.1 as rows per year plus the change, every cell pointing at the one-row table."""
    r = df.iloc[0]
    idx = df.index[0]

    def sel(col: str, jenis: str, desimal: int = 2) -> Sel:
        return Sel(format_nilai(r[col], jenis, desimal), f"{sumber}:{idx}:{col}", "angka")

    cols = [Kolom("tahun", "Tahun"), Kolom("jumlah", f"Jumlah {satuan}", "bulat"),
            Kolom("rata", "Rata-rata capaian kinerja (%)", "angka"),
            Kolom("sumbangan", f"Sumbangan capaian per {satuan} (poin %)", "angka")]
    rows = [
        ([Sel(str(r["tahun_lalu"])), sel("jumlah_lalu", "bulat"), sel("rata_rata_capaian_lalu", "persen"),
          sel("sumbangan_lalu", "angka")], None),
        ([Sel(str(r["tahun_ini"])), sel("jumlah_ini", "bulat"), sel("rata_rata_capaian_ini", "persen"),
          sel("sumbangan_ini", "angka")], None),
        ([Sel("Perubahan"), Sel(""), Sel(""), sel("perubahan", "angka")], "total"),
        ([Sel("Perubahan relatif"), Sel(""), Sel(""), sel("perubahan_relatif", "persen")], "total"),
    ]
    return Tabel(f"tabel-{nomor.replace('.', '-')}", nomor, judul, cols, rows,
                 [f"Definisi: {r['definisi']}.", f"Kesimpulan: {r['kesimpulan']}."], sumber)


#: Tables printed on landscape pages in the PDF (too many columns for a portrait A4).
LEBAR = ("2.1", "2.2", "3.5")


def tabel_laporan(t: dict[str, pd.DataFrame], tahun: int) -> dict[str, Tabel | None]:
    """Every numbered table of the LKjIP, built from the processed tables.

    Returns
    -------
    dict
        Table number (``"1.1a"``, ``"3.5"``…) → :class:`Tabel` (``None`` when there is
        no data for it, e.g. a year of Tabel 1.1 with no data).
    """
    T: dict[str, Tabel | None] = {}
    t11 = t["tabel_1_1"]
    # one table per year with data: 1.1a and 1.1b, or a single Tabel 1.1 (the prose says which year has none)
    dua = _tahun_ada(t11, "jumlah_lalu") and _tahun_ada(t11, "jumlah_ini")
    for kunci, kolom, th in (("1.1a", "jumlah_lalu", tahun - 1), ("1.1b", "jumlah_ini", tahun)):
        T[kunci] = tabel_1_1_tahun(t11, kolom, th, kunci if dua else "1.1")
    T["1.2"] = tabel(t["tabel_1_2"], "tabel_1_2", "1.2", f"Usaha mikro tahun {tahun} menurut bidang usaha",
                     [Kolom("bidang", "Bidang usaha"), Kolom("jumlah", "Jumlah", "bulat"),
                      Kolom("persen", "Persentase", "persen")], _kelas_total("bidang_id"))
    kom = t["akip_komponen"]
    tot = t["akip_total"]
    cols_akip = [Kolom("komponen", "Komponen"), Kolom("bobot", "Bobot", "angka"), Kolom("nilai", "Nilai", "angka"),
                 Kolom("persen_bobot", "Nilai / bobot", "persen"), Kolom("predikat", "Predikat")]
    T["1.3"] = gabung(tabel(kom, "akip_komponen", "1.3", f"Hasil evaluasi AKIP tahun {tahun}", cols_akip),
                      tabel(tot, "akip_total", "1.3", "", cols_akip, lambda r: "total"))
    T["2.1"] = tabel(t["renstra"], "renstra", "2.1", "Misi, tujuan, sasaran, indikator dan arah kebijakan",
                     [Kolom("misi", "Misi"), Kolom("tujuan", "Tujuan"), Kolom("sasaran", "Sasaran"),
                      Kolom("indikator", "Indikator sasaran"), Kolom("target", "Target", "ukuran"),
                      Kolom("target_satuan", "Satuan"), Kolom("arah_kebijakan", "Arah kebijakan")])
    T["2.2"] = tabel(t["rkt_rollup"], "rkt_rollup", "2.2", f"Rencana Kinerja Tahunan {tahun}",
                     [Kolom("node_id", "Kode"), Kolom("nama", "Sasaran / program / kegiatan / sub kegiatan"),
                      Kolom("indikator", "Indikator"), Kolom("target_perubahan", "Target", "ukuran"),
                      Kolom("target_perubahan_satuan", "Satuan"),
                      Kolom("anggaran_awal", "Anggaran awal", "rupiah"),
                      Kolom("anggaran_perubahan", "Anggaran perubahan", "rupiah"),
                      Kolom("perubahan", "Perubahan", "rupiah")],
                     lambda r: "total" if r["node_id"] == "TOTAL" else f"tingkat-{r['tingkat']}",
                     ["Anggaran setiap induk = jumlah anggaran sub kegiatan di bawahnya."])
    T["3.1"] = tabel(t["tabel_3_1"], "tabel_3_1", "3.1", f"Capaian kinerja tahun {tahun}",
                     [Kolom("indikator_id", "Kode"), Kolom("indikator", "Indikator kinerja"), Kolom("satuan", "Satuan"),
                      Kolom("target", "Target", "ukuran"), Kolom("realisasi", "Realisasi", "ukuran"),
                      Kolom("capaian", "Capaian", "persen"), Kolom("predikat", "Predikat")],
                     lambda r: "sasaran" if r["jenis_baris"] == "sasaran" else None)
    inst = t["capaian_instansi"]
    if len(inst):
        T["3.1"].baris.append(([Sel(""), Sel("Rata-rata capaian kinerja instansi"), Sel(""), Sel(""), Sel(""),
                                Sel(format_nilai(inst.iloc[0]["capaian"], "persen", kosong=fmt.TA),
                                    f"capaian_instansi:{inst.index[0]}:capaian", "angka"),
                                Sel(inst.iloc[0]["predikat"] or fmt.TA)], "total"))
        T["3.1"].catatan.append(f"Rata-rata capaian kinerja instansi: {inst.iloc[0]['metode']}.")
    T["3.2"] = tabel(t["tabel_3_2"], "tabel_3_2", "3.2",
                     f"Realisasi dan capaian kinerja {tahun} dibandingkan tahun-tahun sebelumnya",
                     [Kolom("indikator_id", "Kode"), Kolom("tahun", "Tahun"),
                      Kolom("indikator_tahun", "Indikator pada tahun itu"), Kolom("target", "Target", "angka"),
                      Kolom("realisasi", "Realisasi", "angka"), Kolom("capaian", "Capaian", "persen"),
                      Kolom("predikat", "Predikat")],
                     lambda r: "berubah" if r["berubah"] else None,
                     ["Baris bertanda miring: indikator tahun itu berbeda dari indikator tahun ini "
                      "(indikator lama yang digantikan), sehingga angkanya tidak sebanding langsung."])
    T["3.3"] = tabel(t["tabel_3_3"], "tabel_3_3", "3.3",
                     "Realisasi kinerja dibandingkan target jangka menengah (Renstra)",
                     [Kolom("indikator_id", "Kode"), Kolom("indikator", "Indikator"),
                      Kolom("target_akhir", "Target akhir Renstra", "angka"), Kolom("realisasi", "Realisasi", "angka"),
                      Kolom("tingkat_kemajuan", "Tingkat kemajuan", "persen"),
                      Kolom("perubahan_per_tahun_diperlukan", "Kenaikan per tahun yang diperlukan", "angka"),
                      Kolom("status_tren", "Status")])
    nas = t["tabel_3_4"]
    nas = nas[nas["realisasi_nasional"].map(lambda v: v is not None).astype(bool)]
    T["3.4"] = tabel(nas, "tabel_3_4", "3.4",
                     "Realisasi kinerja dibandingkan dengan level nasional",
                     [Kolom("indikator_id", "Kode"), Kolom("indikator", "Indikator"),
                      Kolom("realisasi", "Realisasi", "angka"), Kolom("indikator_nasional", "Indikator nasional"),
                      Kolom("realisasi_nasional", "Realisasi nasional", "angka"), Kolom("selisih", "Selisih", "angka"),
                      Kolom("keterangan", "Keterangan")], kosong="") if len(nas) else None
    t35 = t["tabel_3_5"]
    tingkat = [j for j in ("program", "kegiatan", "sub_kegiatan") if (t35["jenis_baris"] == j).any()]
    judul_baris = "Sasaran / " + " / ".join(j.replace("_", " ") for j in tingkat)
    catatan_35 = sorted({f"Capaian sasaran {r.id}: {r.metode_capaian}." for r in t35.itertuples()
                         if r.jenis_baris == "sasaran" and r.indikator_id is None and r.metode_capaian})

    def kelas_35(r):
        return {"sasaran": "sasaran", "program": None}.get(r["jenis_baris"], f"tingkat-{r['jenis_baris']}")

    T["3.5"] = tabel(t35, "tabel_3_5", "3.5", "Realisasi kinerja dan realisasi anggaran",
                     [Kolom("nama", judul_baris), Kolom("indikator", "Indikator"),
                      Kolom("target", "Target", "ukuran"), Kolom("realisasi", "Realisasi", "ukuran"),
                      Kolom("capaian", "Capaian", "persen"), Kolom("pagu", "Pagu", "rupiah"),
                      Kolom("realisasi_anggaran", "Realisasi anggaran", "rupiah"), Kolom("serapan", "Serapan", "persen")],
                     kelas_35, catatan_35, kosong="")
    ang = t["ringkasan_anggaran"]
    if len(ang):
        a, i = ang.iloc[0], ang.index[0]
        T["3.5"].baris.append(([Sel(f"Jumlah ({a['jumlah_program']} program)"), Sel(""), Sel(""), Sel(""), Sel("")]
                               + [Sel(format_nilai(a[c], j), f"ringkasan_anggaran:{i}:{c}", "angka")
                                  for c, j in (("pagu", "rupiah"), ("realisasi_anggaran", "rupiah"),
                                               ("serapan", "persen"))], "total"))
    T["3.6"] = tabel(t["tabel_3_6"], "tabel_3_6", "3.6", "Efisiensi penggunaan sumber daya (anggaran)",
                     [Kolom("nama", judul_baris), Kolom("capaian", "Capaian", "persen"),
                      Kolom("serapan", "Serapan", "persen"), Kolom("efisiensi", "Efisiensi", "persen"),
                      Kolom("status", "Status"), Kolom("alasan", "Alasan")],
                     kelas_35, kosong="")
    T["3.7"] = tabel(t["tabel_3_7"], "tabel_3_7", "3.7", "Pegawai: bezetting dan kebutuhan berdasarkan ABK",
                     [Kolom("unit", "Unit organisasi"), Kolom("jabatan", "Jabatan"),
                      Kolom("bezetting", "Bezetting", "bulat"), Kolom("kebutuhan_abk", "Kebutuhan ABK", "bulat"),
                      Kolom("kekurangan", "Kekurangan (−) / kelebihan (+)", "bulat")], _kelas_total("baris"),
                     kosong="")
    T["3.7a"] = tabel(t["komposisi_pegawai"], "komposisi_pegawai", "3.7a", f"Komposisi pegawai tahun {tahun}",
                      [Kolom("jenis", "Jenis pegawai"), Kolom("jumlah", "Jumlah", "bulat"),
                       Kolom("persen", "Persentase", "persen")], _kelas_total("jenis", "Jumlah"))
    T["3.8"] = _efisiensi_unit(t["tabel_3_8"], "tabel_3_8", "3.8", "Efisiensi penggunaan sumber daya manusia", "pegawai")
    T["3.9"] = tabel(t["tabel_3_9"], "tabel_3_9", "3.9", f"Rencana kebutuhan barang milik daerah tahun {tahun}",
                     [Kolom("uraian", "Uraian"), Kolom("hasil_rekon", f"Hasil rekon {tahun - 1}", "bulat"),
                      Kolom("standar_kebutuhan", "Standar kebutuhan", "bulat"), Kolom("pengadaan", "Pengadaan", "bulat"),
                      Kolom("kekurangan", "Kekurangan (−) / kelebihan (+)", "bulat")], _kelas_total("barang_id"))
    T["4.0"] = tabel(t["tabel_4_0"], "tabel_4_0", "4.0",
                     f"Aset per 31 Desember {tahun - 1} dan per 31 Desember {tahun}",
                     [Kolom("nama_barang", "Nama barang"), Kolom("jumlah_lalu", f"Jumlah {tahun - 1}", "bulat"),
                      Kolom("harga_lalu", f"Nilai {tahun - 1}", "rupiah"), Kolom("jumlah_ini", f"Jumlah {tahun}", "bulat"),
                      Kolom("harga_ini", f"Nilai {tahun}", "rupiah"), Kolom("status", "Keterangan")],
                     _kelas_total("barang_id"), kosong=fmt.TIDAK_TERSEDIA)
    for nomor in LEBAR:
        if T.get(nomor) is not None:
            T[nomor].lebar = True
    T["4.1"] = _efisiensi_unit(t["tabel_4_1"], "tabel_4_1", "4.1", "Efisiensi penggunaan sarana dan prasarana", "sarpras")
    T["L.1"] = tabel_perjanjian(t["perjanjian_kinerja"])
    return dalam_anggaran({k: ke_lampiran(tb, tahun) for k, tb in T.items()}, tahun)


#: Header row of each part of the Perjanjian Kinerja (``tingkat`` of ``perjanjian_kinerja``).
BAGIAN_PK = {"sasaran": "Sasaran strategis", "program": "Sasaran program"}


def tabel_perjanjian(pk: pd.DataFrame) -> Tabel:
    """Tabel L.1, the Perjanjian Kinerja: numbered 1 … n through the whole table, each part under its header row.

    The signed document numbers each of its parts (sasaran strategis, then program)
    from 1; that numbering stays in the data (``no``), the reader's table counts on.

    Examples
    --------
    >>> pk = pd.DataFrame({"tingkat": ["sasaran", "program", "program"], "no": [1, 1, 2], "sasaran": list("abc"),
    ...                    "indikator": list("xyz"), "target": [1, 2, 3], "target_satuan": "%", "anggaran": None})
    >>> [[c.teks for c in cells][:2] for cells, _ in tabel_perjanjian(pk).baris]
    [['Sasaran strategis'], ['1', 'a'], ['Sasaran program'], ['2', 'b'], ['3', 'c']]
    """
    kolom = [Kolom("no", "No"), Kolom("sasaran", "Sasaran"), Kolom("indikator", "Indikator"),
             Kolom("target", "Target", "ukuran"), Kolom("target_satuan", "Satuan"),
             Kolom("anggaran", "Anggaran", "rupiah")]
    tb = tabel(pk.assign(no=[str(i) for i in range(1, len(pk) + 1)]), "perjanjian_kinerja", "L.1",
               "Perjanjian Kinerja yang dilampirkan dokumen", kolom, kosong="")
    rows: list[tuple[list[Sel], str | None]] = []
    bagian = None
    berbagian = pk["tingkat"].nunique() > 1  # a header row before each part, when there is more than one
    for (cells, kelas), tingkat in zip(tb.baris, pk["tingkat"]):
        if tingkat != bagian and berbagian:
            rows.append(([Sel(BAGIAN_PK.get(tingkat, str(tingkat).capitalize()), span=len(kolom))], "kelompok"))
        bagian = tingkat
        rows.append((cells, kelas))
    return replace(tb, baris=rows)


#: Static prose files every report uses (``narasi/<name>.md``); a missing one prints "data tidak tersedia".
NARASI = ("kata_pengantar", "gambaran_umum", "maksud_tujuan", "tugas_pokok_fungsi", "cascading", "aspek_strategis",
          "rekomendasi_evaluasi", "visi_misi", "penetapan_kinerja", "upaya_perbaikan", "penutup_arahan")

RUMUS_NEGATIF = {
    "selisih_target": "capaian = (2 × target − realisasi) / target × 100%",
    "rasio_terbalik": "capaian = target / realisasi × 100%",
}
METODE_EFISIENSI = {
    "capaian_minus_serapan": "efisiensi = capaian kinerja (%) − serapan anggaran (%); efisien bila hasilnya positif",
    "sisa_anggaran": "efisiensi = 100% − serapan anggaran; efisien hanya bila target tercapai (capaian ≥ 100%) "
                     "dan ada sisa anggaran",
}


def konteks(t: dict[str, pd.DataFrame], P, narasi: dict[str, str], gambar_png: dict[str, bytes | None],
            gambar_svg: dict[str, bytes | None] | None = None, logo: tuple[bytes, str] | None = None,
            gambar_ponsel: dict[str, bytes | None] | None = None) -> dict:
    """Everything the section templates need, derived from the processed tables.

    Parameters
    ----------
    t : dict of DataFrame
        Processed tables of the year.
    P : Params
        Validated params.
    narasi : dict
        Static prose by name (markdown text of ``narasi/<name>.md``).
    gambar_png : dict
        Figure number (:data:`lkjip.katalog.GAMBAR`, which also gives each caption) → PNG bytes
        (``None`` when the chart was not drawn).
    gambar_svg : dict, optional
        Figure number → SVG bytes of the same chart (embedded instead of the PNG, see :func:`gambar`).
    logo : tuple, optional
        ``(bytes, mime type)`` of the checked instansi logo (:func:`lkjip.ingest.baca_logo`); none: no logo.
    gambar_ponsel : dict, optional
        Figure number → SVG bytes of the chart's phone edition (shown on a narrow screen).

    Returns
    -------
    dict
        Template context: ``P``, ``T`` (tables), ``G`` (figures), ``narasi`` (HTML),
        ``analisis`` and the summary rows used in the prose.
    """
    tahun = P.tahun
    t = {name: jejak.lacak(df, name) for name, df in t.items()}  # prose numbers link to their cell
    svg, ponsel = gambar_svg or {}, gambar_ponsel or {}
    G = {k: (gambar(k, GAMBAR[k].judul_tahun(tahun), png, svg.get(k), ponsel.get(k)) if png else None)
         for k, png in gambar_png.items()}
    cap = t["capaian_indikator"]
    sasaran = t["capaian_sasaran"]
    analisis = [analisis_sasaran(sid, t, narasi.get(f"faktor_{sid}")) for sid in sasaran["sasaran_id"]]
    order = [b.predikat for b in sorted(P.skala_predikat_capaian, key=lambda b: -(b.bawah if b.bawah is not None else -1e18))]
    counts = cap["predikat"].value_counts()
    per_predikat = [(p, int(counts[p])) for p in order if p in counts.index]
    n_na = int(cap["capaian"].map(lambda v: v is None).sum())
    if n_na:
        per_predikat.append((None, n_na))  # capaian not computable: no predicate
    t35 = t["tabel_3_5"]
    prog = t35[(t35["jenis_baris"] == "program") & t35["serapan"].map(lambda v: v is not None)]
    low = prog.loc[min(prog.index, key=lambda i: prog.at[i, "serapan"])] if len(prog) else None
    high = prog.loc[max(prog.index, key=lambda i: prog.at[i, "serapan"])] if len(prog) else None
    selisih = [r for _, r in t35[t35["jenis_baris"] == "program"].iterrows()
               if r["selisih_pagu_rkt"] is not None and r["selisih_pagu_rkt"] != 0]
    t11 = t["tabel_1_1"]
    t12 = t["tabel_1_2"]
    terbesar = bidang_terbesar(t12)
    kom = t["komposisi_pegawai"]
    mutasi = t["mutasi_aset"]
    rkt = t["rkt_rollup"]
    pk = t["perjanjian_kinerja"]
    prog_names = t["program"].merge(t["sasaran"][["sasaran_id", "sasaran"]], on="sasaran_id")
    akip = t["akip_total"].iloc[0] if len(t["evaluasi_akip"]) else None
    return {
        "P": P, "T": tabel_laporan(t, tahun), "G": G,
        "logo": _data_uri(*logo) if logo else None,
        "narasi": {**{k: markdown(None) for k in NARASI}, **{k: markdown(v) for k, v in narasi.items()}},
        "analisis": analisis,
        "jumlah_indikator": len(cap),
        "per_predikat": per_predikat,
        "instansi": t["capaian_instansi"].iloc[0],
        "instansi_lalu": t["capaian_instansi_lalu"].iloc[0],
        "anggaran": t["ringkasan_anggaran"].iloc[0],
        "akip": akip,
        "skala": P.skala_predikat_capaian,
        "rumus_negatif": RUMUS_NEGATIF[P.metode.polaritas_negatif],
        "metode_efisiensi": METODE_EFISIENSI[P.metode.efisiensi_anggaran],
        "serapan_terendah": low, "serapan_tertinggi": high, "selisih_pagu": selisih,
        "kop": t11.iloc[-1], "um_total": t12.iloc[-1]["jumlah"], "um_terbesar": terbesar,
        "peg": t["tabel_3_8"].iloc[0], "sarpras": t["tabel_4_1"].iloc[0],
        "komposisi": [r for _, r in kom[kom["jenis"] != "Jumlah"].iterrows()],
        "t37_total": t["tabel_3_7"].iloc[-1],
        "rasio": dict(zip(t["rasio_pegawai"]["rasio"], t["rasio_pegawai"]["nilai"])),
        "aset": t["tabel_4_0"].iloc[-1],
        "mutasi": {s: daftar_naskah(list(mutasi.loc[mutasi["status"] == s, "nama_barang"]))
                   for s in ("dihapus", "baru")},
        "rkt_total": rkt[rkt["node_id"] == "TOTAL"].iloc[0],
        "program": [r for _, r in prog_names.sort_values("urutan", kind="stable").iterrows()],
        "pk_tahun": pk.iloc[0]["tahun_pk"] if len(pk) else None,
        "pk_nomor": pk.iloc[0]["nomor"] if len(pk) else None,
        "pk_tanggal": pk.iloc[0]["tanggal"] if len(pk) else None,
        "reviu": None,
        "ada": {"koperasi": len(t["koperasi"]) > 0, "usaha_mikro": len(t["usaha_mikro"]) > 0,
                "akip": len(t["evaluasi_akip"]) > 0, "pk": len(pk) > 0, "rkbmd": len(t["rkbmd"]) > 0,
                "aset": len(t["aset"]) > 0, "pegawai": len(t["pegawai"]) > 0},
    }


#: Report sections in order: template file of each.
BAGIAN = ("sampul", "kata_pengantar", "ikhtisar", "bab1", "bab2", "bab3", "bab4", "lampiran")


#: Reader's label of each quantity the review compares (``besaran`` of ``reviu.csv``), where its name is not enough.
#: The kind of value shown comes from the declaration (:attr:`lkjip.tables.Besaran.jenis_tampil`), not from here.
LABEL_BESARAN: dict[str, str] = {
    "capaian": "Capaian", "realisasi": "Realisasi", "target": "Target", "serapan": "Serapan anggaran",
    "efisiensi": "Efisiensi anggaran", "persen_bobot": "Nilai terhadap bobot", "tingkat_kemajuan": "Tingkat kemajuan Renstra",
    "rata_rata_capaian": "Rata-rata capaian", "nilai_akip": "Nilai evaluasi AKIP", "anggaran_awal": "Anggaran awal",
    "perubahan_anggaran": "Perubahan anggaran", "realisasi_anggaran": "Realisasi anggaran", "pagu": "Pagu",
    "nilai_aset": "Nilai aset", "jumlah_pegawai": "Jumlah pegawai (orang)", "kekurangan": "Kekurangan pegawai (orang)",
    "jumlah_usaha_mikro": "Jumlah usaha mikro (unit)", "pembilang": "Pembilang “x dari y”", "tahun": "Tahun",
    "tanggal": "Tanggal", "predikat": "Predikat", "predikat_akip": "Predikat AKIP", "nip_kepala_dinas": "NIP kepala dinas",
    "pangkat_kepala_dinas": "Pangkat kepala dinas", "capaian_per_pegawai": "Sumbangan capaian per pegawai (poin %)",
    "capaian_per_sarpras": "Sumbangan capaian per unit sarpras (poin %)", "efisiensi_sdm": "Perubahan efisiensi SDM (%)",
    "efisiensi_sarpras": "Perubahan efisiensi sarpras (%)",
}
#: Review quantities that are not printed figures of ``dilaporkan.csv`` (dates, years, the signatory's fields): text.
BESARAN_TEKS = frozenset({"tahun", "tanggal", "nip_kepala_dinas", "pangkat_kepala_dinas"})
#: Reader's name of each review level, most serious first.
TINGKAT = {"error": "Kesalahan", "peringatan": "Peringatan", "info": "Pembulatan"}
_ENTITAS_TAHUN = re.compile(r"^(.*)@(\d{4})$")
_KUTIP = re.compile(r"'([^']*)'")


def label_besaran(besaran: str) -> tuple[str, str]:
    """Reader's label and kind of a review quantity.

    The label is :data:`LABEL_BESARAN`'s, else the name in words; the kind is the one
    its declaration shows it as (:attr:`lkjip.tables.Besaran.jenis_tampil`; a count as a
    whole number), text for :data:`BESARAN_TEKS`, else a number.

    Examples
    --------
    >>> label_besaran("persen_bobot"), label_besaran("bezetting"), label_besaran("rasio_baru")
    (('Nilai terhadap bobot', 'persen'), ('Bezetting', 'bulat'), ('Rasio baru', 'angka'))
    """
    label = LABEL_BESARAN.get(besaran) or besaran.replace("_", " ").capitalize()
    dicetak = BESARAN_DICETAK.get(besaran)
    if dicetak is not None:
        return label, dicetak.jenis_tampil
    return label, "teks" if besaran in BESARAN_TEKS else "angka"


def label_entitas(entitas: str | None, besaran: str) -> str:
    """Reader's name of what a finding is about: ``TOTAL@2023`` → ``jumlah tahun 2023``, field names → empty.

    Examples
    --------
    >>> label_entitas("TOTAL@2023", "capaian"), label_entitas("IKH02@2022", "capaian"), label_entitas("baris:1", "x")
    ('jumlah tahun 2023', 'IKH02 tahun 2022', 'baris 1')
    """
    if entitas is None or entitas == besaran or "_" in entitas or entitas in ("tanggal", "tahun", "skala"):
        return ""
    m = _ENTITAS_TAHUN.match(entitas)
    base, tahun = (m.group(1), m.group(2)) if m else (entitas, None)
    base = {"TOTAL": "jumlah"}.get(base, base.replace("baris:", "baris "))
    return base + (f" tahun {tahun}" if tahun else "")


def lokasi_sumber(lokasi: str) -> str:
    """A location in the published source document, said so: ``Bab IV`` → ``Dokumen sumber, Bab IV``."""
    return f"Dokumen sumber, {lokasi[:1].lower() + lokasi[1:] if lokasi.startswith('Narasi') else lokasi}"


def uraian_pembaca(r: pd.Series) -> str:
    """The finding's text with internal names replaced by the reader's words and typographic quotes.

    Examples
    --------
    >>> uraian_pembaca(pd.Series({"uraian": "persen_bobot K1 dicetak '86,25' berbeda", "besaran": "persen_bobot",
    ...                           "entitas": "K1"}))
    'Nilai terhadap bobot K1 dicetak ‘86,25’ berbeda'
    """
    text, bes, ent = str(r["uraian"]), str(r["besaran"]), r["entitas"]
    label = label_besaran(bes)[0]
    if isinstance(ent, str) and ent:
        text = text.replace(f"{bes} {ent}", f"{label} {label_entitas(ent, bes)}".strip())
        text = text.replace(ent, label_entitas(ent, bes) or ent) if ("@" in ent or ent == "TOTAL") else text
    text = re.sub(rf"\b{re.escape(bes)}\b", label if text.startswith(bes) else label.lower(), text)
    for name, lab in LABEL_BESARAN.items():
        if "_" in name:
            text = re.sub(rf"\b{name}\b", lab.lower(), text)
    text = _KUTIP.sub(lambda m: f"‘{m.group(1)}’", text)
    return text[:1].upper() + text[1:]


def tabel_temuan(temuan: pd.DataFrame, ringkasan: pd.DataFrame, tingkat: tuple[str, ...] = ("error", "peringatan"),
                 nomor: str = "L.3") -> Tabel:
    """The review findings as a reader's table: grouped by rule (a header row with the counts), errors first.

    Each finding shows its level in Indonesian, where in the *source document* it was
    printed, the quantity with its unit, the text without internal field names, and
    the printed and recomputed values formatted by their kind (Rupiah and counts
    without decimals). Every numeric cell points at its row of ``reviu.csv``.
    """
    cols = [Kolom("no", "No"), Kolom("tingkat", "Tingkat"), Kolom("lokasi", "Lokasi (dokumen sumber)"),
            Kolom("besaran", "Besaran"), Kolom("uraian", "Uraian"), Kolom("nilai_dilaporkan", "Dicetak", "angka"),
            Kolom("nilai_hitung", "Hitung ulang / pembanding", "angka"), Kolom("selisih", "Selisih", "angka")]
    aturan = dict(zip(ringkasan["kode"], ringkasan["aturan"])) if len(ringkasan) else {}
    urut = {k: i for i, k in enumerate(TINGKAT)}
    pilih = temuan[temuan["tingkat"].isin(tingkat)]
    rows: list[tuple[list[Sel], str | None]] = []
    no = 0
    for kode in sorted(set(pilih["kode"])):
        grp = pilih[pilih["kode"] == kode]
        grp = grp.loc[sorted(grp.index, key=lambda i: (urut.get(grp.at[i, "tingkat"], 9), i))]
        hitung = ", ".join(f"{int((grp['tingkat'] == k).sum())} {TINGKAT[k].lower()}" for k in tingkat)
        rows.append(([Sel(f"{kode} {aturan.get(kode, '')}: {hitung}", span=len(cols))], "kelompok"))
        for idx, r in grp.iterrows():
            no += 1
            label, jenis = label_besaran(r["besaran"])
            ent = label_entitas(r["entitas"], r["besaran"])
            jenis = "angka" if jenis == "teks" else jenis
            besaran = f"{label}, {ent}" if ent[:1].islower() else f"{label} {ent}".strip()
            vals = {c: (None if r[c] is None or (isinstance(r[c], float) and r[c] != r[c])
                        else r[c] if isinstance(r[c], Decimal) else Decimal(str(r[c])))
                    for c in ("nilai_dilaporkan", "nilai_hitung", "selisih")}
            desimal = 2 if jenis in ("angka", "persen") and any(
                v is not None and v != v.to_integral_value() for v in vals.values()) else 0

            def nilai(col: str) -> Sel:
                if vals[col] is None:
                    return Sel("", None, "angka")
                return Sel(format_nilai(vals[col], jenis, desimal), f"reviu:{idx}:{col}", "angka")

            uraian = uraian_pembaca(r)
            awal = f"{label} {label_entitas(r['entitas'], r['besaran'])}".strip()
            if uraian.startswith(awal + " "):
                uraian = uraian[len(awal) + 1:]
                uraian = uraian[:1].upper() + uraian[1:]
            rows.append(([Sel(str(no)), Sel(TINGKAT.get(r["tingkat"], r["tingkat"])), Sel(lokasi_sumber(r["lokasi"])),
                          Sel(besaran), Sel(uraian),
                          nilai("nilai_dilaporkan"), nilai("nilai_hitung"), nilai("selisih")],
                         "reviu-error" if r["tingkat"] == "error" else None))
    judul = "Temuan reviu tingkat " + " dan ".join(TINGKAT[k].lower() for k in tingkat) + ", per aturan"
    return Tabel("tabel-" + nomor.replace(".", "-"), nomor, judul, cols, rows,
                 ["Lokasi menunjuk bagian dokumen LKjIP yang diterbitkan (dokumen sumber yang ditranskripsi), "
                  "bukan bagian laporan ini. Persen dalam %, Rupiah tanpa desimal, jumlah dalam satuan besarannya."],
                 "reviu", lebar=True)


def konteks_reviu(temuan: pd.DataFrame, ringkasan: pd.DataFrame, P, t: dict[str, pd.DataFrame] | None = None) -> dict:
    """Context of the "Catatan Reviu" annex: the rule summary, the findings, and the remarks on the source.

    Parameters
    ----------
    temuan, ringkasan : DataFrame
        ``reviu`` and ``reviu_ringkasan``.
    P : Params
    t : dict of DataFrame, optional
        Processed tables: the staff counts of each source (``sumber_jumlah_pegawai``) are
        shown here, not in the body of the report (remarks on the source document are
        findings of rule R07, in the findings table).
    """
    t = t or {}
    tahun = P.tahun if P is not None else None
    T_aturan = tabel(ringkasan, "reviu_ringkasan", "L.2", "Aturan reviu dan banyaknya temuan",
                     [Kolom("kode", "Kode"), Kolom("aturan", "Aturan"), Kolom("uraian", "Uraian"),
                      Kolom("error", TINGKAT["error"], "bulat"), Kolom("peringatan", TINGKAT["peringatan"], "bulat"),
                      Kolom("info", TINGKAT["info"], "bulat"),
                      Kolom("tidak_diperiksa", "Tidak dapat diperiksa", "bulat")])
    T_sumber = None
    if "sumber_jumlah_pegawai" in t and len(t["sumber_jumlah_pegawai"]):
        sjp = t["sumber_jumlah_pegawai"].copy()
        sjp["sumber"] = [s if j != "dilaporkan" else lokasi_sumber(s) for s, j in zip(sjp["sumber"], sjp["jenis"])]
        sjp["keterangan"] = [_KUTIP.sub(lambda m: f"‘{m.group(1)}’", k) if isinstance(k, str) else k
                             for k in sjp["keterangan"]]
        T_sumber = tabel(sjp, "sumber_jumlah_pegawai", "L.4", "Jumlah pegawai menurut setiap sumber",
                         [Kolom("sumber", "Sumber"), Kolom("jumlah", "Jumlah (orang)", "bulat"),
                          Kolom("jenis", "Jenis"), Kolom("keterangan", "Keterangan")], kosong="")
    return {
        "P": P,
        "jumlah": {k: int((temuan["tingkat"] == k).sum()) for k in (*TINGKAT, "tidak_diperiksa")},
        "TINGKAT": TINGKAT,
        "T_aturan": ke_lampiran(T_aturan, tahun),
        "T_temuan": ke_lampiran(tabel_temuan(temuan, ringkasan), tahun),
        "T_sumber": ke_lampiran(T_sumber, tahun),
    }
