"""Charts (matplotlib). Each function takes processed frames and returns a Figure.

Values are converted to float only for drawing; labels and axis ticks are formatted
the Indonesian way through :mod:`lkjip.fmt` (comma decimals, dot thousands). Figures
are drawn at the width they are printed (:data:`LEBAR`, the text width of a portrait
A4 page) with text of at least 8 pt, so no text is smaller than 8 pt on paper. Long
names are wrapped, never cut. The notebooks save each figure as PNG and SVG
(:func:`simpan`) and show it. Names come from the user's data, so every text is drawn
as written: no math text (``$…$``), no TeX.

Layout: the title is wrapped to the figure's width; every value label ends inside the plot
frame (the value axis is widened until it does) and never sits on a reference line (a label
that would is moved into its bar, or beside its point on the side away from the line).
Each chart is also drawn a second time at :data:`LEBAR_PONSEL` with the same text size
(its *phone edition*, saved by :func:`simpan` as ``<name>.ponsel.svg``): scaled down to a
phone's width the printed chart's text would be about 7 px; the phone edition's is about 11 px.
"""

from __future__ import annotations

import functools
import io
import textwrap
from decimal import Decimal
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import Formatter, ScalarFormatter

from . import fmt
from .katalog import berkas_grafik

#: Printed width of a chart (inches): the text width of a portrait A4 page (21 − 4 − 2,5 cm).
LEBAR = 5.7
#: Width of a chart's phone edition (inches): shown 373 px wide on a 390 px phone, its 8,5 pt
#: text is about 11 px (the printed chart scaled to that width: about 7 px).
LEBAR_PONSEL = 3.8
#: Smallest text size (pt) of any chart text at its printed size.
HURUF = 8.5
#: Size (pt) of a chart title.
HURUF_JUDUL = 9.5
#: Gap (pt) between a bar's end or a point and its value label.
JARAK_LABEL = 3
#: Most bars (rows) a chart draws: a longer table is drawn with the rows of largest value (a
#: count or value chart) or its first rows (a percent chart), said under the chart; every row is
#: in its table and in the annex. The 2024 charts have at most 21 bars (koperasi per kecamatan).
BATAS_BATANG = 40
#: Text of a missing value in a chart (the report's legend explains it: data tidak tersedia).
TA = fmt.TA
#: White ground of a value label, so a line or a grid passes behind it (matplotlib copies it on use).
FOND_LABEL = {"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"}
_RC = {"text.parse_math": False, "text.usetex": False, "font.size": HURUF, "axes.titlesize": HURUF_JUDUL,
       "axes.labelsize": HURUF, "xtick.labelsize": HURUF, "ytick.labelsize": HURUF, "legend.fontsize": HURUF,
       "legend.title_fontsize": HURUF, "font.family": "DejaVu Sans"}


class FormatIndonesia(Formatter):
    """Axis ticks the Indonesian way: ``1.000``, ``87,5``; as many decimals as the ticks need (at most 3).

    Examples
    --------
    >>> FormatIndonesia().format_ticks([0, 2500, 5000.0])
    ['0', '2.500', '5.000']
    >>> FormatIndonesia().format_ticks([87.5, 90.0])
    ['87,5', '90,0']
    """

    def __call__(self, x, pos=None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values) -> list[str]:
        d = 0
        while d < 3 and any(abs(round(float(v), d) - float(v)) > 1e-9 for v in values):
            d += 1
        return [fmt.angka(Decimal(f"{float(v):.{d}f}"), d) for v in values]


def bungkus(text: str, lebar: int = 38) -> str:
    """A label wrapped on word boundaries (never cut with "…").

    Examples
    --------
    >>> bungkus("Persentase koperasi yang melaksanakan RAT tepat waktu", 30)
    'Persentase koperasi yang\\nmelaksanakan RAT tepat waktu'
    """
    return "\n".join(textwrap.wrap(str(text), lebar, break_long_words=False)) or str(text)


def _baris(labels: list[str]) -> float:
    """Height (in label lines) the rows need: rows are evenly spaced, so every row gets the tallest label's lines."""
    return len(labels) * max([label.count("\n") + 1 for label in labels] or [1]) * 0.95


def _kolom(n: int, lebar: float) -> int:
    """Characters per line of a wrapped label: ``n`` at the printed width, fewer on a narrower chart."""
    return max(14, round(n * lebar / LEBAR))


def simpan(fig: Figure, png: Path) -> None:
    """Save a chart as ``<name>.png`` (200 dpi) and ``<name>.svg`` (vector, text as text) beside it.

    The chart's phone edition (drawn by every chart function, see the module notes) is
    saved as ``<name>.ponsel.svg``. All are deterministic: no date in the metadata, fixed
    ids in the SVG.
    """
    saved = {k: plt.rcParams[k] for k in ("svg.fonttype", "svg.hashsalt")}
    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "lkjip"})
    try:
        png = Path(png)
        _, svg, kecil = berkas_grafik(png.name)
        fig.savefig(png, dpi=200, metadata={"Software": None})
        for f, path in ((fig, png.with_name(svg)), (ponsel(fig), png.with_name(kecil))):
            if f is None:
                continue
            buf = io.BytesIO()
            f.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
            path.write_bytes(buf.getvalue())
    finally:
        plt.rcParams.update(saved)


def ponsel(fig: Figure) -> Figure | None:
    """The phone edition of a chart drawn by this module (``None`` for another figure)."""
    return getattr(fig, "lkjip_ponsel", None)


#: Colour of each capaian predicate, from best to worst; unknown predicates are grey.
WARNA_PREDIKAT = ["#1b7837", "#5aae61", "#f1a340", "#e66101", "#b2182b", "#762a83", "#2166ac"]


def _gambar(fn, args, kwargs) -> Figure:
    # only these settings are set and restored: plt.rc_context would also restore
    # the backend, and resolving it again closes the figures the notebook has not shown yet
    saved = {k: plt.rcParams[k] for k in _RC}
    plt.rcParams.update(_RC)
    try:
        fig = fn(*args, **kwargs)
    finally:
        plt.rcParams.update(saved)
    for text in fig.findobj(Text):  # also when the figure is drawn again later (savefig)
        text.set_parse_math(False)
        text.set_usetex(False)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(FormatIndonesia())
    return fig


def _teks_apa_adanya(fn):
    """Draw a chart with every text printed as written (math text ``$…$`` and TeX off), and its phone edition.

    A name such as ``Persen $^$`` would otherwise be parsed as math and break the chart.
    The phone edition (the same chart at :data:`LEBAR_PONSEL`) is closed at once, so the
    notebook shows only the printed chart; :func:`simpan` saves both.
    """
    @functools.wraps(fn)
    def wrapper(*args, lebar: float = LEBAR, **kwargs) -> Figure:
        fig = _gambar(fn, args, {**kwargs, "lebar": lebar})
        if lebar == LEBAR:
            kecil = _gambar(fn, args, {**kwargs, "lebar": LEBAR_PONSEL})
            plt.close(kecil)
            fig.lkjip_ponsel = kecil
        return fig
    return wrapper


def pilih_batang(kunci: list[float | None] | None, n: int, batas: int = BATAS_BATANG) -> tuple[list[int], str]:
    """Which of ``n`` rows a chart draws (:data:`BATAS_BATANG`), in their order, and the note that says so.

    ``kunci`` given: the ``batas`` rows of largest value (a missing value counts as
    the smallest); none: the first ``batas`` rows. All rows fit: every row, no note.

    Examples
    --------
    >>> pilih_batang([5, None, 9, 7], 4, batas=2)
    ([2, 3], 'digambar 2 dari 4 baris dengan nilai terbesar; semua baris ada di tabelnya dan di lampiran tabel')
    >>> pilih_batang(None, 3, batas=3)
    ([0, 1, 2], '')
    """
    if n <= batas:
        return list(range(n)), ""
    if kunci is None:
        return list(range(batas)), f"digambar {batas} baris pertama dari {n}; semua baris ada di tabelnya dan di lampiran tabel"
    urut = sorted(range(n), key=lambda i: (kunci[i] is None, -(kunci[i] or 0), i))[:batas]
    return sorted(urut), f"digambar {batas} dari {n} baris dengan nilai terbesar; semua baris ada di tabelnya dan di lampiran tabel"


def _palette(order: list[str]) -> dict[str, str]:
    return {p: WARNA_PREDIKAT[i % len(WARNA_PREDIKAT)] for i, p in enumerate(order)}


# ------------------------------------------------------------------ layout


def _muat(lebar_pt: float, huruf: float) -> int:
    """Characters of text of size ``huruf`` (pt) that fit on a line ``lebar_pt`` points wide (about 0.62 em each).

    Examples
    --------
    >>> _muat(LEBAR * 72, HURUF_JUDUL)
    69
    """
    return int(lebar_pt / (huruf * 0.62))


def _judul(fig: Figure, judul: str) -> None:
    """The chart title, centred over the whole figure and wrapped to its width (never cut at an edge)."""
    per_baris = _muat(fig.get_size_inches()[0] * 72, HURUF_JUDUL)
    fig.suptitle(bungkus(judul, per_baris), fontsize=HURUF_JUDUL)


def _legenda_bawah(fig: Figure, handles, labels, ncol: int = 1, **kw) -> float:
    """A legend centred at the foot of the figure (one row when it fits, else one column).

    Returns the share of the figure's height it takes: the bottom of the plot's area.
    """
    renderer = fig.canvas.get_renderer()
    legend = fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0), ncol=ncol, frameon=False, **kw)
    if ncol > 1 and legend.get_window_extent(renderer).width > fig.bbox.width * 0.98:
        legend.remove()
        legend = fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0), ncol=1, frameon=False, **kw)
    return legend.get_window_extent(renderer).height / fig.bbox.height + 0.01


def _label(ax, x: float, y: float, text: str) -> Text:
    """A value label just after the end of a bar (moved by :func:`_tata_batang` when it must)."""
    return ax.annotate(text, (x, y), xytext=(JARAK_LABEL, 0), textcoords="offset points", ha="left", va="center",
                       zorder=4, annotation_clip=False)


def _kontras(colour: str) -> str:
    """Black or white, whichever reads better on ``colour``."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def _tata_batang(fig: Figure, ax, labels: list[tuple[Text, float, str | None]], garis: float | None = None,
                 rect=(0, 0, 1, 1)) -> None:
    """Lay out a bar chart so that every value label ends inside the frame and none sits on the reference line.

    The value axis (``0 … x``, at least as wide as the caller set it) is widened until
    the outermost label ends inside the frame. A label of a bar ending before the
    reference line ``garis`` (the 100% line) that would reach the line is moved into its
    bar (in black or white, whichever reads on the bar) when it fits there; otherwise it
    keeps a white ground, so the line passes behind it.

    Parameters
    ----------
    labels : list of (Text, float, str or None)
        Each label (:func:`_label`), the value at the end of its bar and the bar's colour.
    garis : float, optional
        Value of the reference line.
    rect : tuple
        Area of the figure for the axes (``tight_layout``), leaving room for a figure legend.
    """
    x0, x_awal = ax.get_xlim()
    jarak = JARAK_LABEL * fig.dpi / 72
    for text, _, _ in labels:
        text.set_bbox(FOND_LABEL)
    for _ in range(2):  # the layout and the labels' room depend on each other: two passes settle them
        fig.tight_layout(rect=rect)
        renderer = fig.canvas.get_renderer()
        lebar_px = ax.get_window_extent(renderer).width
        lebar_teks = [text.get_window_extent(renderer).width for text, _, _ in labels]
        for _ in range(2):
            skala = lebar_px / (ax.get_xlim()[1] - x0)
            for (text, x, colour), w in zip(labels, lebar_teks):
                masuk = (garis is not None and x < garis and (garis - x) * skala <= jarak + w + 1
                         and (x - x0) * skala >= w + jarak + 2)
                text.set_position((-JARAK_LABEL if masuk else JARAK_LABEL, 0))
                text.set_ha("right" if masuk else "left")
                text.set_color(_kontras(colour) if masuk and colour else "black")
                text.get_bbox_patch().set_visible(not masuk)
            perlu = x_awal
            for (text, x, _), w in zip(labels, lebar_teks):
                ruang = lebar_px - jarak - w - 4
                if text.get_horizontalalignment() == "left" and x >= x0:
                    perlu = max(perlu, x0 + (x - x0) * lebar_px / ruang if ruang > 0 else 2 * x)
            ax.set_xlim(x0, perlu)


def _kotak(text: Text, renderer):
    return text.get_window_extent(renderer).padded(1)


def _tata_titik(fig: Figure, ax, labels: list[Text], titik: list[tuple[float, float]], garis_x: float, garis_y: float,
                lain: list[Text]) -> None:
    """Place each point's label beside it, on the first side where it stays inside the frame,
    off the reference lines and clear of the other labels and points."""
    fig.tight_layout()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    to_px = ax.transData.transform
    gx, gy = to_px((garis_x, garis_y))
    r = 5 * fig.dpi / 72
    dots = [to_px(p) for p in titik]
    placed = [_kotak(t, renderer) for t in lain]
    for text, (px0, py0) in zip(labels, dots):
        best, best_cost = None, None
        for dx, dy, ha, va in ((5, 3, "left", "bottom"), (-5, 3, "right", "bottom"), (5, -3, "left", "top"),
                               (-5, -3, "right", "top"), (0, 6, "center", "bottom"), (0, -6, "center", "top")):
            text.set_position((dx, dy))
            text.set_ha(ha)
            text.set_va(va)
            b = _kotak(text, renderer)
            cost = 0
            if b.x0 < frame.x0 or b.x1 > frame.x1 or b.y0 < frame.y0 or b.y1 > frame.y1:
                cost += 100
            if b.x0 <= gx <= b.x1 or b.y0 <= gy <= b.y1:
                cost += 10
            # on the point's side of each line (a point on a line has no side)
            cost += sum(5 for p, g, lo, hi in ((px0, gx, b.x0, b.x1), (py0, gy, b.y0, b.y1))
                        if abs(p - g) > 1 and (p < g) != ((lo + hi) / 2 < g))
            cost += sum(20 for o in placed if b.overlaps(o))
            cost += sum(20 for px, py in dots if (px, py) != (px0, py0)
                        and b.x0 - r < px < b.x1 + r and b.y0 - r < py < b.y1 + r)
            if best_cost is None or cost < best_cost:
                best, best_cost = (dx, dy, ha, va), cost
            if cost == 0:
                break
        text.set_position(best[:2])
        text.set_ha(best[2])
        text.set_va(best[3])
        text.set_bbox(FOND_LABEL)
        placed.append(_kotak(text, renderer))
    fig.tight_layout()


# ------------------------------------------------------------------ charts


@_teks_apa_adanya
def capaian_per_indikator(cap: pd.DataFrame, predikat_urut: list[str], judul: str, lebar: float = LEBAR) -> Figure:
    """Horizontal bars of capaian per indicator, a 100% line, bars coloured by predicate.

    Parameters
    ----------
    cap : DataFrame
        ``indikator_id, indikator, capaian, predikat`` (missing capaian is drawn as
        an empty row labelled "t.a.").
    predikat_urut : list of str
        Predicates from best to worst (fixes the colours and the legend order).
    judul : str
        Chart title.
    lebar : float
        Width of the figure (inches): :data:`LEBAR` printed, :data:`LEBAR_PONSEL` on a phone.
    """
    colours = _palette(predikat_urut)
    pilih, catatan = pilih_batang(None, len(cap))
    cap = cap.iloc[pilih]
    labels = [bungkus(f"{r.indikator_id} {r.indikator}", _kolom(44, lebar)) for r in cap.itertuples()]
    values = [float(v) if v is not None else 0.0 for v in cap["capaian"]]
    tinggi = 0.16 * _baris(labels) + 0.08 * len(cap) + 1.75
    fig, ax = plt.subplots(figsize=(lebar, tinggi))
    y = list(range(len(cap)))[::-1]
    warna = [colours.get(p, "#999999") for p in cap["predikat"]]
    ax.barh(y, values, color=warna, zorder=2)
    teks = [_label(ax, v, yi, fmt.persen(r.capaian) if r.capaian is not None else TA)
            for yi, v, r in zip(y, values, cap.itertuples())]
    ax.axvline(100, color="black", linestyle="--", linewidth=1, zorder=3)
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, len(cap) - 0.4)
    ax.set_xlabel("Capaian (%)" + (f"\n{bungkus(catatan, _kolom(60, lebar))}" if catatan else ""))
    _judul(fig, judul)
    present = [p for p in predikat_urut if p in set(cap["predikat"])]
    fig.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=colours[p]) for p in present], labels=present,
               loc="lower center", ncol=max(1, min(len(present), 3)), title="Predikat", frameon=False)
    ax.set_xlim(0, max(values + [100]) * 1.05)
    _tata_batang(fig, ax, list(zip(teks, values, warna)), 100, rect=(0, 0.6 / tinggi, 1, 1))
    return fig


@_teks_apa_adanya
def tren_sasaran(tahunan: pd.DataFrame, names: dict[str, str], judul: str, lebar: float = LEBAR) -> Figure:
    """Capaian per year of each sasaran indicator.

    A line joins only years in which the indicator was the same; a year with another
    (replaced) indicator is drawn as a hollow point, not joined, since its capaian
    measures something else.

    Parameters
    ----------
    tahunan : DataFrame
        ``indikator_id, tahun, indikator_tahun_id, berubah, capaian``.
    names : dict
        Indicator id to display name.
    lebar : float
        Width of the figure (inches).
    """
    ids = list(dict.fromkeys(tahunan["indikator_id"]))
    kolom = _muat(lebar * 72 - 36, HURUF)  # the legend spans the figure, beside a 2-em marker
    legenda = [bungkus(f"{iid} {names.get(iid, '')}", kolom) for iid in ids]
    kosong = bungkus("titik kosong: tahun itu indikatornya lain (indikator lama), tidak disambung", kolom)
    baris = sum(t.count("\n") + 1 for t in legenda + [kosong])
    fig, ax = plt.subplots(figsize=(lebar, 3.3 + 0.19 * baris + 0.04 * len(ids)))
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    handles = []
    for n, (iid, nama) in enumerate(zip(ids, legenda)):
        grp = tahunan[(tahunan["indikator_id"] == iid) & tahunan["capaian"].map(lambda v: v is not None)]
        grp = grp.sort_values("tahun")
        colour = cycle[n % len(cycle)]
        same = grp[~grp["berubah"].astype(bool)]
        changed = grp[grp["berubah"].astype(bool)]
        if grp.empty:
            continue
        # consecutive years of the same indicator are joined; a gap year breaks the line
        seg_x, seg_y, last = [], [], None
        for x, v in zip(same["tahun"], same["capaian"]):
            if last is not None and x != last + 1:
                ax.plot(seg_x, seg_y, marker="o", color=colour)
                seg_x, seg_y = [], []
            seg_x.append(x)
            seg_y.append(float(v))
            last = x
        if seg_x:
            ax.plot(seg_x, seg_y, marker="o", color=colour)
        if len(changed):
            ax.plot(list(changed["tahun"]), [float(v) for v in changed["capaian"]], linestyle="none", marker="o",
                    markerfacecolor="white", color=colour)
        handles.append((plt.Line2D([], [], color=colour, marker="o"), nama))
    if handles:
        handles.append((plt.Line2D([], [], color="#555555", marker="o", markerfacecolor="white", linestyle="none"),
                        kosong))
    ax.axhline(100, color="black", linestyle="--", linewidth=1)
    years = sorted({int(y) for y in tahunan["tahun"]})
    ax.set_xticks(years, [str(y) for y in years])
    if years:  # one tick per year, whatever years hold a capaian (a realisasi-only history has none)
        ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    if not any(c is not None for c in tahunan["capaian"]):
        ax.text(0.5, 0.5, "belum ada capaian untuk digambar", transform=ax.transAxes, ha="center")
    ax.set_ylabel("Capaian (%)")
    _judul(fig, judul)
    if not handles:
        fig.tight_layout()
        return fig
    bawah = _legenda_bawah(fig, [h for h, _ in handles], [t for _, t in handles], handlelength=1.5)
    fig.tight_layout(rect=(0, bawah, 1, 1))
    return fig


@_teks_apa_adanya
def kemajuan_renstra(t33: pd.DataFrame, judul: str, lebar: float = LEBAR) -> Figure:
    """Tingkat kemajuan toward the Renstra end target per indicator, with the 100% line and a legend for the shades."""
    rows = t33[[v is not None for v in t33["tingkat_kemajuan"]]]
    pilih, catatan = pilih_batang(None, len(rows))
    rows = rows.iloc[pilih]
    labels = [bungkus(f"{r.indikator_id} {r.indikator}", _kolom(44, lebar)) for r in rows.itertuples()]
    values = [float(v) for v in rows["tingkat_kemajuan"]]
    tinggi = 0.16 * _baris(labels) + 0.08 * len(rows) + 2.05
    fig, ax = plt.subplots(figsize=(lebar, tinggi))
    y = list(range(len(rows)))[::-1]
    gelap, terang = "#2166ac", "#92c5de"
    warna = [gelap if v >= 100 else terang for v in values]
    ax.barh(y, values, color=warna, zorder=2)
    teks = [_label(ax, v, yi, fmt.persen(raw)) for yi, v, raw in zip(y, values, rows["tingkat_kemajuan"])]
    ax.axvline(100, color="black", linestyle="--", linewidth=1, zorder=3)
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel("Tingkat kemajuan terhadap\ntarget akhir Renstra (%)" + (f"\n{bungkus(catatan, _kolom(60, lebar))}"
                                                                        if catatan else ""))
    _judul(fig, judul)
    fig.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=gelap), plt.Rectangle((0, 0), 1, 1, color=terang)],
               labels=["target akhir Renstra sudah tercapai (≥ 100%)", "belum tercapai (< 100%)"],
               loc="lower center", ncol=1, frameon=False)
    ax.set_xlim(0, max(values + [100]) * 1.05)
    _tata_batang(fig, ax, list(zip(teks, values, warna)), 100, rect=(0, 0.55 / tinggi, 1, 1))
    return fig


@_teks_apa_adanya
def serapan_program(t35: pd.DataFrame, judul: str, lebar: float = LEBAR) -> Figure:
    """Bars of budget absorption (serapan) per program, with the 100% line."""
    rows = t35[(t35["jenis_baris"] == "program") & t35["serapan"].map(lambda v: v is not None)]
    pilih, catatan = pilih_batang(None, len(rows))
    rows = rows.iloc[pilih]
    labels = [bungkus(f"{r.id} {r.nama}", _kolom(44, lebar)) for r in rows.itertuples()]
    values = [float(v) for v in rows["serapan"]]
    fig, ax = plt.subplots(figsize=(lebar, 0.16 * _baris(labels) + 0.08 * len(rows) + 1.55))
    y = list(range(len(rows)))[::-1]
    ax.barh(y, values, color="#4393c3", zorder=2)
    teks = [_label(ax, v, yi, fmt.persen(raw)) for yi, v, raw in zip(y, values, rows["serapan"])]
    ax.axvline(100, color="black", linestyle="--", linewidth=1, zorder=3)
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel("Serapan anggaran (%)" + (f"\n{bungkus(catatan, _kolom(60, lebar))}" if catatan else ""))
    ax.set_xlim(0, max(values + [100]) * 1.05)
    _judul(fig, judul)
    _tata_batang(fig, ax, [(t, v, "#4393c3") for t, v in zip(teks, values)], 100)
    return fig


@_teks_apa_adanya
def kuadran_capaian_serapan(t35: pd.DataFrame, judul: str, lebar: float = LEBAR) -> Figure:
    """Scatter of capaian (y) against serapan (x) per program, with 100% quadrant lines.

    Quadrants: top-left efisien (target met, budget left), top-right mahal (target
    met, budget fully used or exceeded), bottom-left penyerapan rendah, bottom-right
    kinerja rendah. The quadrant names sit inside the plot area, clear of its edges;
    each point's label sits beside it, off the 100% lines and inside the frame.
    """
    rows = t35[(t35["jenis_baris"] == "program") & t35["serapan"].map(lambda v: v is not None)
               & t35["capaian"].map(lambda v: v is not None)]
    xs, ys = [float(v) for v in rows["serapan"]], [float(v) for v in rows["capaian"]]
    fig, ax = plt.subplots(figsize=(lebar, 4.3 * (0.85 + 0.15 * lebar / LEBAR)))
    ax.scatter(xs, ys, color="#2166ac", zorder=3)
    pilih, catatan = pilih_batang(None, len(rows))  # every point drawn, the first BATAS_BATANG labelled
    teks = [ax.annotate(rows["id"].iloc[j], (xs[j], ys[j]), textcoords="offset points", xytext=(5, 3), zorder=4)
            for j in pilih]
    xmin, xmax = min(xs + [100]) - 5, max(xs + [100]) + 5
    ymin, ymax = min(ys + [100]) - 20, max(ys + [100]) + 20
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.axhline(100, color="black", linestyle="--", linewidth=1)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    kuadran = [ax.text(tx, ty, label, transform=ax.transAxes, ha="left" if tx < 0.5 else "right",
                       va="top" if ty > 0.5 else "bottom", color="#555555", style="italic")
               for tx, ty, label in ((0.02, 0.97, "efisien"), (0.98, 0.97, "mahal"), (0.02, 0.03, "penyerapan rendah"),
                                     (0.98, 0.03, "kinerja rendah"))]
    ax.set_xlabel("Serapan anggaran (%)" + (f"\n{bungkus(catatan.replace('digambar', 'diberi label'), _kolom(60, lebar))}"
                                              if catatan else ""))
    ax.set_ylabel("Capaian kinerja (%)")
    _judul(fig, judul)
    _tata_titik(fig, ax, teks, [(xs[j], ys[j]) for j in pilih], 100, 100, kuadran)
    return fig


def _grouped_barh(labels: list[str], series: list[tuple[str, list[float | None], str]], judul: str,
                  xlabel: str, value_fmt, lebar: float = LEBAR) -> Figure:
    """Grouped horizontal bars; a missing value is drawn as no bar with the label "t.a.".

    A series without any value is left out (and said so under the chart), never drawn
    as a row of empty bars. ``value_fmt(value, row)`` writes a bar's label. With more
    than one series the legend sits above the plot, clear of the bars.
    """
    pilih, catatan = pilih_batang([max((v[j] for _, v, _ in series if v[j] is not None), default=None)
                                   for j in range(len(labels))], len(labels))
    if catatan:
        labels = [labels[j] for j in pilih]
        series = [(name, [vals[j] for j in pilih], colour) for name, vals, colour in series]
        xlabel += "\n" + bungkus(catatan, _kolom(60, lebar))
        fmt_asli = value_fmt
        value_fmt = lambda v, j: fmt_asli(v, pilih[j])  # noqa: E731  (the caller's row number)
    kosong = [name for name, vals, _ in series if all(v is None for v in vals)]
    series = [s for s in series if not all(v is None for v in s[1])] or series[:1]
    n, k = len(labels), len(series)
    rows_in = sum(max(0.17 * (label.count("\n") + 1), 0.15 * k + 0.07) for label in labels)
    fig, ax = plt.subplots(figsize=(lebar, max(2.5, rows_in + 1.7 + (0.3 if k > 1 else 0))))
    height = 0.8 / k
    teks = []
    for i, (name, vals, colour) in enumerate(series):
        ys = [n - 1 - j + (k - 1 - i - (k - 1) / 2) * height for j in range(n)]
        ax.barh(ys, [v or 0 for v in vals], height=height, color=colour, label=name)
        teks += [(_label(ax, v or 0, y, value_fmt(v, j) if v is not None else TA), v or 0, colour)
                 for j, (y, v) in enumerate(zip(ys, vals))]
    ax.set_yticks([n - 1 - j for j in range(n)], labels)
    ax.set_ylim(-0.6, n - 0.4)
    top = max([v for _, vals, _ in series for v in vals if v is not None] + [1])
    ax.set_xlim(0, top * 1.05)
    ax.set_xlabel(xlabel + ("\n" + "; ".join(f"{s}: data tidak tersedia" for s in kosong) if kosong else ""))
    _judul(fig, judul)
    bawah = 0.0
    if k > 1:  # at the foot of the figure, clear of the bars
        bawah = _legenda_bawah(fig, [plt.Rectangle((0, 0), 1, 1, color=c) for _, _, c in series],
                               [name for name, _, _ in series], ncol=k, handlelength=1.2, columnspacing=1.2)
    _tata_batang(fig, ax, teks, rect=(0, bawah, 1, 1))
    return fig


@_teks_apa_adanya
def pegawai_vs_abk(per_unit: pd.DataFrame, judul: str, lebar: float = LEBAR) -> Figure:
    """Staff in post (bezetting) against the ABK need, per unit organisasi."""
    labels = [bungkus(u, _kolom(34, lebar)) for u in per_unit["unit"]]
    vals = [[float(v) if v is not None else None for v in per_unit[c]] for c in ("bezetting", "kebutuhan_abk")]
    return _grouped_barh(labels, [("Bezetting", vals[0], "#4393c3"), ("Kebutuhan ABK", vals[1], "#f4a582")],
                         judul, "Jumlah pegawai (orang)", lambda v, _: fmt.angka(v, 0), lebar)


@_teks_apa_adanya
def nilai_aset(top: pd.DataFrame, tahun: int, judul: str, lebar: float = LEBAR) -> Figure:
    """Value of assets per barang (largest first, the rest grouped), last year vs this year."""
    labels = [bungkus(n, _kolom(34, lebar)) for n in top["nama_barang"]]
    juta = [[float(v) / 1e6 if v is not None else None for v in top[c]] for c in ("harga_lalu", "harga_ini")]
    return _grouped_barh(labels, [(f"31 Des {tahun - 1}", juta[0], "#bababa"), (f"31 Des {tahun}", juta[1], "#2166ac")],
                         judul, "Nilai perolehan (juta Rp)", lambda v, _: fmt.angka(v, 1), lebar)


@_teks_apa_adanya
def koperasi_per_kecamatan(t11: pd.DataFrame, tahun: int, judul: str, lebar: float = LEBAR) -> Figure:
    """Koperasi per kecamatan (column totals of Tabel 1.1), last year vs this year; a year without data is left out."""
    rows = t11[(t11["jenis"] == "Jumlah") & (t11["kecamatan"] != "Jumlah")]
    labels = [bungkus(k, _kolom(34, lebar)) for k in rows["kecamatan"]]
    vals = [[float(v) if v is not None else None for v in rows[c]] for c in ("jumlah_lalu", "jumlah_ini")]
    return _grouped_barh(labels, [(str(tahun - 1), vals[0], "#bababa"), (str(tahun), vals[1], "#1b7837")],
                         judul, "Jumlah koperasi (unit)", lambda v, _: fmt.angka(v, 0), lebar)


@_teks_apa_adanya
def usaha_mikro_per_bidang(t12: pd.DataFrame, judul: str, lebar: float = LEBAR) -> Figure:
    """Usaha mikro per bidang with the share of each bar."""
    rows = t12[t12["bidang_id"] != "TOTAL"]
    labels = [bungkus(b.split("(")[0].strip().title(), _kolom(30, lebar)) for b in rows["bidang"]]
    vals = [float(v) if v is not None else None for v in rows["jumlah"]]
    persen = list(rows["persen"])
    return _grouped_barh(labels, [("Usaha mikro", vals, "#762a83")], judul, "Jumlah usaha mikro (unit)",
                         lambda v, j: fmt.angka(v, 0) + (f" ({fmt.persen(persen[j])})" if persen[j] is not None else ""),
                         lebar)
