"""Charts (matplotlib). Each function takes processed frames and returns a Figure.

Values are converted to float only for drawing; labels are formatted the Indonesian
way through :mod:`lkjip.fmt`. The notebooks save the figures (PNG, 200 dpi) and show
them. Names come from the user's data, so every text is drawn as written: no math
text (``$…$``), no TeX.
"""

from __future__ import annotations

import functools
import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text

from . import fmt

#: Colour of each capaian predicate, from best to worst; unknown predicates are grey.
WARNA_PREDIKAT = ["#1b7837", "#5aae61", "#f1a340", "#e66101", "#b2182b", "#762a83", "#2166ac"]


def _teks_apa_adanya(fn):
    """Draw a chart with every text printed as written: math text (``$…$``) and TeX off.

    A name such as ``Persen $^$`` would otherwise be parsed as math and break the chart.
    """
    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> Figure:
        # only these two settings are set and restored: plt.rc_context would also restore
        # the backend, and resolving it again closes the figures the notebook has not shown yet
        saved = {k: plt.rcParams[k] for k in ("text.parse_math", "text.usetex")}
        plt.rcParams.update({"text.parse_math": False, "text.usetex": False})
        try:
            fig = fn(*args, **kwargs)
        finally:
            plt.rcParams.update(saved)
        for text in fig.findobj(Text):  # also when the figure is drawn again later (savefig)
            text.set_parse_math(False)
            text.set_usetex(False)
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
        an empty row labelled "n/a").
    predikat_urut : list of str
        Predicates from best to worst (fixes the colours and the legend order).
    judul : str
        Chart title.
    """
    colours = _palette(predikat_urut)
    labels = [f"{r.indikator_id} " + textwrap.shorten(r.indikator, 55, placeholder="…") for r in cap.itertuples()]
    values = [float(v) if v is not None else 0.0 for v in cap["capaian"]]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(cap) + 1.5))
    y = list(range(len(cap)))[::-1]
    ax.barh(y, values, color=[colours.get(p, "#999999") for p in cap["predikat"]])
    for yi, r in zip(y, cap.itertuples()):
        text = fmt.persen(r.capaian) if r.capaian is not None else "n/a"
        ax.text((float(r.capaian) if r.capaian is not None else 0) + 2, yi, text, va="center", fontsize=8)
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel("Capaian (%)")
    ax.set_title(judul)
    present = [p for p in predikat_urut if p in set(cap["predikat"])]
    ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=colours[p]) for p in present], labels=present,
              loc="lower right", fontsize=8, title="Predikat", title_fontsize=8)
    ax.set_xlim(0, max(values + [100]) * 1.15)
    fig.tight_layout()
    return fig


@_teks_apa_adanya
def tren_sasaran(tahunan: pd.DataFrame, names: dict[str, str], judul: str) -> Figure:
    """Capaian per year of each sasaran indicator (a changed indicator drawn hollow).

    Parameters
    ----------
    tahunan : DataFrame
        ``indikator_id, tahun, indikator_tahun_id, berubah, capaian``.
    names : dict
        Indicator id to display name.
    """
    fig, ax = plt.subplots(figsize=(9, 4.5))
    for iid, grp in tahunan.groupby("indikator_id", sort=False):
        grp = grp[[c is not None for c in grp["capaian"]]]
        if grp.empty:
            continue
        xs, ys = list(grp["tahun"]), [float(v) for v in grp["capaian"]]
        line, = ax.plot(xs, ys, marker="o", label=textwrap.shorten(f"{iid} {names.get(iid, '')}", 60, placeholder="…"))
        for x, yv, changed in zip(xs, ys, grp["berubah"]):
            if changed:
                ax.plot([x], [yv], marker="o", markerfacecolor="white", color=line.get_color())
    ax.axhline(100, color="black", linestyle="--", linewidth=1)
    years = sorted({int(y) for y in tahunan["tahun"]})
    ax.set_xticks(years, [str(y) for y in years])
    if years:  # one tick per year, whatever years hold a capaian (a realisasi-only history has none)
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    if not any(c is not None for c in tahunan["capaian"]):
        ax.text(0.5, 0.5, "belum ada capaian untuk digambar", transform=ax.transAxes, ha="center")
    ax.set_ylabel("Capaian (%)")
    ax.set_title(judul)
    ax.legend(fontsize=7, loc="best")
    ax.text(0.01, 0.01, "titik kosong: indikator tahun itu berbeda (diganti)", transform=ax.transAxes, fontsize=7)
    fig.tight_layout()
    return fig


@_teks_apa_adanya
def kemajuan_renstra(t33: pd.DataFrame, judul: str) -> Figure:
    """Tingkat kemajuan toward the Renstra end target per indicator, with the 100% line."""
    rows = t33[[v is not None for v in t33["tingkat_kemajuan"]]]
    labels = [f"{r.indikator_id} " + textwrap.shorten(r.indikator, 55, placeholder="…") for r in rows.itertuples()]
    values = [float(v) for v in rows["tingkat_kemajuan"]]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(rows) + 1.5))
    y = list(range(len(rows)))[::-1]
    ax.barh(y, values, color=["#2166ac" if v >= 100 else "#92c5de" for v in values])
    for yi, v, raw in zip(y, values, rows["tingkat_kemajuan"]):
        ax.text(v + 2, yi, fmt.persen(raw), va="center", fontsize=8)
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel("Tingkat kemajuan terhadap target akhir Renstra (%)")
    ax.set_title(judul)
    ax.set_xlim(0, max(values + [100]) * 1.15)
    fig.tight_layout()
    return fig


@_teks_apa_adanya
def serapan_program(t35: pd.DataFrame, judul: str) -> Figure:
    """Bars of budget absorption (serapan) per program, with the 100% line."""
    rows = t35[(t35["jenis_baris"] == "program") & t35["serapan"].map(lambda v: v is not None)]
    labels = [textwrap.shorten(f"{r.id} {r.nama}", 60, placeholder="…") for r in rows.itertuples()]
    values = [float(v) for v in rows["serapan"]]
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(rows) + 1.5))
    y = list(range(len(rows)))[::-1]
    ax.barh(y, values, color="#4393c3")
    for yi, v, raw in zip(y, values, rows["serapan"]):
        ax.text(v + 1, yi, fmt.persen(raw), va="center", fontsize=8)
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel("Serapan anggaran (%)")
    ax.set_xlim(0, max(values + [100]) * 1.15)
    ax.set_title(judul)
    fig.tight_layout()
    return fig


@_teks_apa_adanya
def kuadran_capaian_serapan(t35: pd.DataFrame, judul: str) -> Figure:
    """Scatter of capaian (y) against serapan (x) per program, with 100% quadrant lines.

    Quadrants: top-left efisien (target met, budget left), top-right mahal (target
    met, budget fully used or exceeded), bottom-left penyerapan rendah, bottom-right
    kinerja rendah.
    """
    rows = t35[(t35["jenis_baris"] == "program") & t35["serapan"].map(lambda v: v is not None)
               & t35["capaian"].map(lambda v: v is not None)]
    xs, ys = [float(v) for v in rows["serapan"]], [float(v) for v in rows["capaian"]]
    fig, ax = plt.subplots(figsize=(8, 5.5))
    ax.scatter(xs, ys, color="#2166ac", zorder=3)
    for x, yv, pid in zip(xs, ys, rows["id"]):
        ax.annotate(pid, (x, yv), textcoords="offset points", xytext=(5, 4), fontsize=8)
    xmin, xmax = min(xs + [100]) - 5, max(xs + [100]) + 5
    ymin, ymax = min(ys + [100]) - 15, max(ys + [100]) + 15
    ax.axvline(100, color="black", linestyle="--", linewidth=1)
    ax.axhline(100, color="black", linestyle="--", linewidth=1)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    for tx, ty, label in ((xmin, ymax, "efisien"), (xmax, ymax, "mahal"), (xmin, ymin, "penyerapan rendah"),
                          (xmax, ymin, "kinerja rendah")):
        ax.text(tx, ty, label, ha="left" if tx == xmin else "right", va="top" if ty == ymax else "bottom",
                fontsize=9, color="#555555")
    ax.set_xlabel("Serapan anggaran (%)")
    ax.set_ylabel("Capaian kinerja (%)")
    ax.set_title(judul)
    fig.tight_layout()
    return fig


def _grouped_barh(labels: list[str], series: list[tuple[str, list[float | None], str]], judul: str,
                  xlabel: str, value_fmt) -> Figure:
    """Grouped horizontal bars; a missing value is drawn as no bar with the label "n/a"."""
    n, k = len(labels), len(series)
    fig, ax = plt.subplots(figsize=(9, max(2.5, (0.25 * k + 0.2) * n + 1.5)))
    height = 0.8 / k
    top = max([v for _, vals, _ in series for v in vals if v is not None] + [1])
    for i, (name, vals, colour) in enumerate(series):
        ys = [n - 1 - j + (k - 1 - i - (k - 1) / 2) * height for j in range(n)]
        ax.barh(ys, [v or 0 for v in vals], height=height, color=colour, label=name)
        for y, v in zip(ys, vals):
            ax.text((v or 0) + top * 0.01, y, value_fmt(v) if v is not None else "n/a", va="center", fontsize=7)
    ax.set_yticks([n - 1 - j for j in range(n)], labels, fontsize=8)
    ax.set_xlim(0, top * 1.2)
    ax.set_xlabel(xlabel)
    ax.set_title(judul)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


@_teks_apa_adanya
def pegawai_vs_abk(per_unit: pd.DataFrame, judul: str) -> Figure:
    """Staff in post (bezetting) against the ABK need, per unit organisasi."""
    labels = [textwrap.shorten(u, 45, placeholder="…") for u in per_unit["unit"]]
    vals = [[float(v) if v is not None else None for v in per_unit[c]] for c in ("bezetting", "kebutuhan_abk")]
    return _grouped_barh(labels, [("Bezetting", vals[0], "#4393c3"), ("Kebutuhan ABK", vals[1], "#f4a582")],
                         judul, "Jumlah pegawai (orang)", lambda v: fmt.angka(v, 0))


@_teks_apa_adanya
def nilai_aset(top: pd.DataFrame, tahun: int, judul: str) -> Figure:
    """Value of assets per barang (largest first, the rest grouped), last year vs this year."""
    labels = [textwrap.shorten(n, 45, placeholder="…") for n in top["nama_barang"]]
    juta = [[float(v) / 1e6 if v is not None else None for v in top[c]] for c in ("harga_lalu", "harga_ini")]
    return _grouped_barh(labels, [(f"31 Des {tahun - 1}", juta[0], "#bababa"), (f"31 Des {tahun}", juta[1], "#2166ac")],
                         judul, "Nilai perolehan (juta Rp)", lambda v: fmt.angka(v, 1))


@_teks_apa_adanya
def koperasi_per_kecamatan(t11: pd.DataFrame, tahun: int, judul: str) -> Figure:
    """Koperasi per kecamatan (column totals of Tabel 1.1), last year vs this year; no data → "n/a"."""
    rows = t11[(t11["jenis"] == "Jumlah") & (t11["kecamatan"] != "Jumlah")]
    labels = list(rows["kecamatan"])
    vals = [[float(v) if v is not None else None for v in rows[c]] for c in ("jumlah_lalu", "jumlah_ini")]
    return _grouped_barh(labels, [(str(tahun - 1), vals[0], "#bababa"), (str(tahun), vals[1], "#1b7837")],
                         judul, "Jumlah koperasi (unit)", lambda v: fmt.angka(v, 0))


@_teks_apa_adanya
def usaha_mikro_per_bidang(t12: pd.DataFrame, judul: str) -> Figure:
    """Usaha mikro per bidang with the share of each bar."""
    rows = t12[t12["bidang_id"] != "TOTAL"]
    labels = [textwrap.shorten(b.split("(")[0].strip().title(), 40, placeholder="…") for b in rows["bidang"]]
    vals = [float(v) if v is not None else None for v in rows["jumlah"]]
    fig = _grouped_barh(labels, [("Usaha mikro", vals, "#762a83")], judul, "Jumlah usaha mikro (unit)",
                        lambda v: fmt.angka(v, 0))
    ax = fig.axes[0]
    for text, p in zip(ax.texts, rows["persen"]):
        text.set_text(text.get_text() + (f" ({fmt.persen(p)})" if p is not None else ""))
    ax.get_legend().remove()
    return fig
