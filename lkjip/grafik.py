"""Charts (matplotlib). Each function takes processed frames and returns a Figure.

Values are converted to float only for drawing; labels and axis ticks are formatted
the Indonesian way through :mod:`lkjip.fmt` (comma decimals, dot thousands). Figures
are drawn at the width they are printed (:data:`LEBAR`, the text width of a portrait
A4 page) with text of at least 8 pt, so no text is smaller than 8 pt on paper. Long
names are wrapped, never cut. The notebooks save each figure as PNG and SVG
(:func:`simpan`) and show it. Names come from the user's data, so every text is drawn
as written: no math text (``$…$``), no TeX.
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

#: Printed width of a chart (inches): the text width of a portrait A4 page (21 − 4 − 2,5 cm).
LEBAR = 5.7
#: Smallest text size (pt) of any chart text at its printed size.
HURUF = 8.5
#: Text of a missing value in a chart (the report's legend explains it: data tidak tersedia).
TA = fmt.TA
_RC = {"text.parse_math": False, "text.usetex": False, "font.size": HURUF, "axes.titlesize": 9.5,
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


def simpan(fig: Figure, png: Path) -> None:
    """Save a chart as ``<name>.png`` (200 dpi) and ``<name>.svg`` (vector, text as text) beside it.

    Both are deterministic: no date in the metadata, fixed ids in the SVG.
    """
    saved = {k: plt.rcParams[k] for k in ("svg.fonttype", "svg.hashsalt")}
    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "lkjip"})
    try:
        png = Path(png)
        fig.savefig(png, dpi=200, metadata={"Software": None})
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        png.with_suffix(".svg").write_bytes(buf.getvalue())
    finally:
        plt.rcParams.update(saved)

#: Colour of each capaian predicate, from best to worst; unknown predicates are grey.
WARNA_PREDIKAT = ["#1b7837", "#5aae61", "#f1a340", "#e66101", "#b2182b", "#762a83", "#2166ac"]


def _teks_apa_adanya(fn):
    """Draw a chart with every text printed as written: math text (``$…$``) and TeX off.

    A name such as ``Persen $^$`` would otherwise be parsed as math and break the chart.
    """
    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> Figure:
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
    return wrapper


def _palette(order: list[str]) -> dict[str, str]:
    return {p: WARNA_PREDIKAT[i % len(WARNA_PREDIKAT)] for i, p in enumerate(order)}


@_teks_apa_adanya
def capaian_per_indikator(cap: pd.DataFrame, predikat_urut: list[str], judul: str) -> Figure:
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
    """
    colours = _palette(predikat_urut)
    labels = [bungkus(f"{r.indikator_id} {r.indikator}", 44) for r in cap.itertuples()]
    values = [float(v) if v is not None else 0.0 for v in cap["capaian"]]
    fig, ax = plt.subplots(figsize=(LEBAR, 0.16 * _baris(labels) + 0.08 * len(cap) + 1.6))
    y = list(range(len(cap)))[::-1]
    ax.barh(y, values, color=[colours.get(p, "#999999") for p in cap["predikat"]])
    top = max(values + [100])
    for yi, r in zip(y, cap.itertuples()):
        text = fmt.persen(r.capaian) if r.capaian is not None else TA
        ax.text((float(r.capaian) if r.capaian is not None else 0) + top * 0.01, yi, text, va="center")
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, len(cap) - 0.4)
    ax.set_xlabel("Capaian (%)")
    ax.set_title(judul)
    present = [p for p in predikat_urut if p in set(cap["predikat"])]
    fig.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=colours[p]) for p in present], labels=present,
               loc="lower center", ncol=max(1, min(len(present), 3)), title="Predikat", frameon=False)
    ax.set_xlim(0, top * 1.2)
    fig.tight_layout(rect=(0, 0.6 / fig.get_size_inches()[1], 1, 1))
    return fig


@_teks_apa_adanya
def tren_sasaran(tahunan: pd.DataFrame, names: dict[str, str], judul: str) -> Figure:
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
    """
    ids = list(dict.fromkeys(tahunan["indikator_id"]))
    fig, ax = plt.subplots(figsize=(LEBAR, 3.4 + 0.42 * len(ids)))
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    handles = []
    for n, iid in enumerate(ids):
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
        handles.append((plt.Line2D([], [], color=colour, marker="o"), bungkus(f"{iid} {names.get(iid, '')}", 75)))
    if handles:
        handles.append((plt.Line2D([], [], color="#555555", marker="o", markerfacecolor="white", linestyle="none"),
                        "titik kosong: tahun itu indikatornya lain (indikator lama), tidak disambung"))
    ax.axhline(100, color="black", linestyle="--", linewidth=1)
    years = sorted(set(tahunan["tahun"]))
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(min(years) - 0.4, max(years) + 0.4)
    ax.set_ylabel("Capaian (%)")
    ax.set_title(judul)
    if handles:
        ax.legend([h for h, _ in handles], [t for _, t in handles], loc="upper left", bbox_to_anchor=(0, -0.1),
                  frameon=False)
    fig.tight_layout()
    return fig


@_teks_apa_adanya
def kemajuan_renstra(t33: pd.DataFrame, judul: str) -> Figure:
    """Tingkat kemajuan toward the Renstra end target per indicator, with the 100% line and a legend for the shades."""
    rows = t33[[v is not None for v in t33["tingkat_kemajuan"]]]
    labels = [bungkus(f"{r.indikator_id} {r.indikator}", 44) for r in rows.itertuples()]
    values = [float(v) for v in rows["tingkat_kemajuan"]]
    fig, ax = plt.subplots(figsize=(LEBAR, 0.16 * _baris(labels) + 0.08 * len(rows) + 1.9))
    y = list(range(len(rows)))[::-1]
    gelap, terang = "#2166ac", "#92c5de"
    ax.barh(y, values, color=[gelap if v >= 100 else terang for v in values])
    top = max(values + [100])
    for yi, v, raw in zip(y, values, rows["tingkat_kemajuan"]):
        ax.text(v + top * 0.01, yi, fmt.persen(raw), va="center")
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, labels)
    ax.set_xlabel("Tingkat kemajuan terhadap\ntarget akhir Renstra (%)")
    ax.set_title(judul)
    ax.set_xlim(0, top * 1.2)
    fig.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=gelap), plt.Rectangle((0, 0), 1, 1, color=terang)],
               labels=["target akhir Renstra sudah tercapai (≥ 100%)", "belum tercapai (< 100%)"],
               loc="lower center", ncol=1, frameon=False)
    fig.tight_layout(rect=(0, 0.55 / fig.get_size_inches()[1], 1, 1))
    return fig


@_teks_apa_adanya
def serapan_program(t35: pd.DataFrame, judul: str) -> Figure:
    """Bars of budget absorption (serapan) per program, with the 100% line."""
    rows = t35[(t35["jenis_baris"] == "program") & t35["serapan"].map(lambda v: v is not None)]
    labels = [bungkus(f"{r.id} {r.nama}", 44) for r in rows.itertuples()]
    values = [float(v) for v in rows["serapan"]]
    fig, ax = plt.subplots(figsize=(LEBAR, 0.16 * _baris(labels) + 0.08 * len(rows) + 1.4))
    y = list(range(len(rows)))[::-1]
    ax.barh(y, values, color="#4393c3")
    top = max(values + [100])
    for yi, v, raw in zip(y, values, rows["serapan"]):
        ax.text(v + top * 0.01, yi, fmt.persen(raw), va="center")
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, labels)
    ax.set_xlabel("Serapan anggaran (%)")
    ax.set_xlim(0, top * 1.2)
    ax.set_title(judul)
    fig.tight_layout()
    return fig


@_teks_apa_adanya
def kuadran_capaian_serapan(t35: pd.DataFrame, judul: str) -> Figure:
    """Scatter of capaian (y) against serapan (x) per program, with 100% quadrant lines.

    Quadrants: top-left efisien (target met, budget left), top-right mahal (target
    met, budget fully used or exceeded), bottom-left penyerapan rendah, bottom-right
    kinerja rendah. The quadrant names sit inside the plot area, clear of its edges.
    """
    rows = t35[(t35["jenis_baris"] == "program") & t35["serapan"].map(lambda v: v is not None)
               & t35["capaian"].map(lambda v: v is not None)]
    xs, ys = [float(v) for v in rows["serapan"]], [float(v) for v in rows["capaian"]]
    fig, ax = plt.subplots(figsize=(LEBAR, 4.3))
    ax.scatter(xs, ys, color="#2166ac", zorder=3)
    for x, yv, pid in zip(xs, ys, rows["id"]):
        ax.annotate(pid, (x, yv), textcoords="offset points", xytext=(5, 4))
    xmin, xmax = min(xs + [100]) - 5, max(xs + [100]) + 5
    ymin, ymax = min(ys + [100]) - 20, max(ys + [100]) + 20
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.axhline(100, color="black", linestyle="--", linewidth=1)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    for tx, ty, label in ((0.02, 0.97, "efisien"), (0.98, 0.97, "mahal"), (0.02, 0.03, "penyerapan rendah"),
                          (0.98, 0.03, "kinerja rendah")):
        ax.text(tx, ty, label, transform=ax.transAxes, ha="left" if tx < 0.5 else "right",
                va="top" if ty > 0.5 else "bottom", color="#555555", style="italic")
    ax.set_xlabel("Serapan anggaran (%)")
    ax.set_ylabel("Capaian kinerja (%)")
    ax.set_title(judul)
    fig.tight_layout()
    return fig


def _grouped_barh(labels: list[str], series: list[tuple[str, list[float | None], str]], judul: str,
                  xlabel: str, value_fmt) -> Figure:
    """Grouped horizontal bars; a missing value is drawn as no bar with the label "t.a.".

    A series without any value is left out (and said so under the chart), never drawn
    as a row of empty bars.
    """
    kosong = [name for name, vals, _ in series if all(v is None for v in vals)]
    series = [s for s in series if not all(v is None for v in s[1])] or series[:1]
    n, k = len(labels), len(series)
    rows_in = sum(max(0.17 * (label.count("\n") + 1), 0.15 * k + 0.07) for label in labels)
    fig, ax = plt.subplots(figsize=(LEBAR, max(2.5, rows_in + 1.5)))
    height = 0.8 / k
    top = max([v for _, vals, _ in series for v in vals if v is not None] + [1])
    for i, (name, vals, colour) in enumerate(series):
        ys = [n - 1 - j + (k - 1 - i - (k - 1) / 2) * height for j in range(n)]
        ax.barh(ys, [v or 0 for v in vals], height=height, color=colour, label=name)
        for y, v in zip(ys, vals):
            ax.text((v or 0) + top * 0.01, y, value_fmt(v) if v is not None else TA, va="center")
    ax.set_yticks([n - 1 - j for j in range(n)], labels)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, top * 1.25)
    ax.set_xlabel(xlabel + ("\n" + "; ".join(f"{s}: data tidak tersedia" for s in kosong) if kosong else ""))
    ax.set_title(judul)
    if k > 1:
        ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


@_teks_apa_adanya
def pegawai_vs_abk(per_unit: pd.DataFrame, judul: str) -> Figure:
    """Staff in post (bezetting) against the ABK need, per unit organisasi."""
    labels = [bungkus(u, 34) for u in per_unit["unit"]]
    vals = [[float(v) if v is not None else None for v in per_unit[c]] for c in ("bezetting", "kebutuhan_abk")]
    return _grouped_barh(labels, [("Bezetting", vals[0], "#4393c3"), ("Kebutuhan ABK", vals[1], "#f4a582")],
                         judul, "Jumlah pegawai (orang)", lambda v: fmt.angka(v, 0))


@_teks_apa_adanya
def nilai_aset(top: pd.DataFrame, tahun: int, judul: str) -> Figure:
    """Value of assets per barang (largest first, the rest grouped), last year vs this year."""
    labels = [bungkus(n, 34) for n in top["nama_barang"]]
    juta = [[float(v) / 1e6 if v is not None else None for v in top[c]] for c in ("harga_lalu", "harga_ini")]
    return _grouped_barh(labels, [(f"31 Des {tahun - 1}", juta[0], "#bababa"), (f"31 Des {tahun}", juta[1], "#2166ac")],
                         judul, "Nilai perolehan (juta Rp)", lambda v: fmt.angka(v, 1))


@_teks_apa_adanya
def koperasi_per_kecamatan(t11: pd.DataFrame, tahun: int, judul: str) -> Figure:
    """Koperasi per kecamatan (column totals of Tabel 1.1), last year vs this year; a year without data is left out."""
    rows = t11[(t11["jenis"] == "Jumlah") & (t11["kecamatan"] != "Jumlah")]
    labels = [bungkus(k, 34) for k in rows["kecamatan"]]
    vals = [[float(v) if v is not None else None for v in rows[c]] for c in ("jumlah_lalu", "jumlah_ini")]
    return _grouped_barh(labels, [(str(tahun - 1), vals[0], "#bababa"), (str(tahun), vals[1], "#1b7837")],
                         judul, "Jumlah koperasi (unit)", lambda v: fmt.angka(v, 0))


@_teks_apa_adanya
def usaha_mikro_per_bidang(t12: pd.DataFrame, judul: str) -> Figure:
    """Usaha mikro per bidang with the share of each bar."""
    rows = t12[t12["bidang_id"] != "TOTAL"]
    labels = [bungkus(b.split("(")[0].strip().title(), 30) for b in rows["bidang"]]
    vals = [float(v) if v is not None else None for v in rows["jumlah"]]
    fig = _grouped_barh(labels, [("Usaha mikro", vals, "#762a83")], judul, "Jumlah usaha mikro (unit)",
                        lambda v: fmt.angka(v, 0))
    ax = fig.axes[0]
    for text, p in zip(ax.texts, rows["persen"]):
        text.set_text(text.get_text() + (f" ({fmt.persen(p)})" if p is not None else ""))
    return fig
