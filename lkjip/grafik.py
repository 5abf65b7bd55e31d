"""Charts (matplotlib). Each function takes processed frames and returns a Figure.

Values are converted to float only for drawing; labels are formatted the Indonesian
way through :mod:`lkjip.fmt`. The notebooks save the figures (PNG, 200 dpi) and show
them.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from . import fmt

#: Colour of each capaian predicate, from best to worst; unknown predicates are grey.
WARNA_PREDIKAT = ["#1b7837", "#5aae61", "#f1a340", "#e66101", "#b2182b", "#762a83", "#2166ac"]


def _palette(order: list[str]) -> dict[str, str]:
    return {p: WARNA_PREDIKAT[i % len(WARNA_PREDIKAT)] for i, p in enumerate(order)}


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
    years = sorted(set(tahunan["tahun"]))
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_ylabel("Capaian (%)")
    ax.set_title(judul)
    ax.legend(fontsize=7, loc="best")
    ax.text(0.01, 0.01, "titik kosong: indikator tahun itu berbeda (diganti)", transform=ax.transAxes, fontsize=7)
    fig.tight_layout()
    return fig


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
