"""Outputs of the batch rekap: ``reports/rekap-<tahun>/rekap-<tahun>.html``, ``.pdf``, ``.xlsx``, ``data/``.

The figures come from :mod:`lkjip.rekap` (pure functions over each OPD's processed
tables); this module reads those tables, draws the charts and writes the files. The
rekap folder is written like a run's outputs: locked, built in a marked staging folder
and swapped in, so a failed rekap leaves the previous one intact, and an existing
folder is replaced only when lkjip made it (marker :data:`lkjip.paths.PENANDA`).
Names come from the params (user text): the HTML is autoescaped, the xlsx stores text
as text, never as a formula, and charts draw text as written (no math text).
"""

from __future__ import annotations

import base64
import datetime as dt
import io as _io
import json
import os
import uuid
from pathlib import Path

import jinja2
import pandas as pd

from . import fmt
from . import folder_keluaran as FK
from . import rekap as R
from .anggaran import serapan
from .capaian import urutan_predikat
from .errors import LkjipError
from .io import read_tables, write_bytes_atomic, write_tables_lepas, write_text_atomic
from .katalog import KATALOG, tabel_tahap
from .paths import ROOT, _TERLINDUNG, _terkait, display, periksa_pemilik_keluaran

JUDUL_KOLOM = {
    "opd": "OPD", "tahun": "Tahun", "status": "Status", "pesan": "Pesan galat", "rata_rata_capaian": "Rata-rata capaian (%)",
    "predikat": "Predikat", "jumlah_indikator": "Jumlah indikator", "indikator_per_predikat": "Indikator per predikat",
    "pagu": "Pagu (Rp)", "realisasi_anggaran": "Realisasi (Rp)", "serapan": "Serapan (%)", "efisiensi": "Efisiensi (%)",
    "status_efisiensi": "Status efisiensi", "metode_efisiensi": "Metode efisiensi", "nilai_akip": "Nilai AKIP",
    "predikat_akip": "Predikat AKIP", "reviu_error": "Reviu: error", "reviu_peringatan": "Reviu: peringatan",
    "reviu_tidak_diperiksa": "Reviu: tidak diperiksa", "params": "Berkas params", "laporan": "Laporan (tautan relatif)",
    "jumlah": "Jumlah", "jumlah_opd": "Jumlah OPD", "perubahan_capaian": "Perubahan capaian (poin)",
}


#: Tables of the ingest stage (raw-file inventory, snapshot of the raw cells): not read for the rekap.
_MASUKAN_MENTAH = frozenset(tabel_tahap("01_ingest"))


def periksa_folder_rekap(folders: list[Path], keluaran_opd: list[Path], root: Path | None = None) -> None:
    """Refuse a rekap folder that overlaps an OPD's output folder or the repository's own folders, or that lkjip did not make.

    Raises
    ------
    LkjipError
        Naming the folder and the reason (nothing has run yet).
    """
    root = (root or ROOT).resolve()
    for f in folders:
        f = f.resolve()
        if f == root or root.is_relative_to(f):
            raise LkjipError(f"folder rekap {display(f)} sama dengan atau berisi akar repositori")
        for label, q in [(f"folder repositori '{n}/'", root / n) for n in _TERLINDUNG] + [
                (f"folder keluaran OPD {display(q)}", q) for q in keluaran_opd]:
            rel = _terkait(f, q.resolve())
            if rel:
                raise LkjipError(f"folder rekap {display(f)} {rel} {label}; pilih folder lain dengan --keluar")
        if f.exists() and not f.is_dir():
            raise LkjipError(f"folder rekap {display(f)} sudah ada dan bukan folder")
        periksa_pemilik_keluaran("rekap (--keluar)", f)


def baris_semua(bagian: list[tuple], rekap_root: Path) -> list[dict]:
    """One rekap row per OPD-year: its run result and, when it succeeded, the figures of its processed tables.

    Parameters
    ----------
    bagian : list of (Entri, dict, Params or None)
        Batch entry, task result, and the params (None when they did not load).
    rekap_root : Path
        Parent of the ``rekap-<tahun>`` folders (links to the OPD reports are relative to them).
    """
    rows = []
    for e, r, P in bagian:
        row = {"opd": P.instansi.nama if P is not None else display(e.params),
               "kabupaten": P.instansi.kabupaten if P is not None else None,
               "tahun": P.tahun if P is not None else None, "status": r["status"], "pesan": r.get("pesan"),
               "params": display(e.params), "laporan": None}
        figures = R.baris_gagal()
        if r["status"] == "berhasil" and P is not None:
            from .paths import resolve

            processed, reports = resolve(P.paths.processed), resolve(P.paths.reports)
            try:
                t = read_tables(processed, sorted(n for n in KATALOG if n not in _MASUKAN_MENTAH
                                                  and (processed / f"{n}.csv").is_file()))
            except (OSError, LkjipError, ValueError) as exc:
                row["status"], row["pesan"] = "gagal", f"tabel olahan {display(processed)} tidak terbaca: {exc}"
            else:
                figures = R.baris_opd(t, P.tahun, urutan_predikat(P.skala_predikat_capaian),
                                      P.metode.efisiensi_anggaran)
                html = reports / f"LKjIP-{P.tahun}.html"
                if html.is_file():
                    row["laporan"] = Path(os.path.relpath(html, rekap_root / f"rekap-{P.tahun}")).as_posix()
        rows.append(row | figures)
    return rows


# ------------------------------------------------------------------ charts

def _png(fig) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = _io.BytesIO()
    fig.savefig(buf, format="png", dpi=130, bbox_inches="tight", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _figure(w: float, h: float):
    """A figure outside pyplot (no global state): every text drawn as written (no math text)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(w, h))


def _teks_polos(fig) -> None:
    from matplotlib.text import Text

    for t in fig.findobj(Text):
        t.set_parse_math(False)
        t.set_usetex(False)


def grafik_capaian_serapan(rekap: pd.DataFrame, tahun: int) -> str | None:
    """Scatter of rata-rata capaian against serapan per OPD (100% lines), as a data: URI."""
    ok = rekap[(rekap["status"] == "berhasil") & rekap["rata_rata_capaian"].map(lambda v: v is not None)
               & rekap["serapan"].map(lambda v: v is not None)]
    if not len(ok):
        return None
    fig = _figure(9, 6)
    ax = fig.add_subplot()
    x = [float(v) for v in ok["serapan"]]
    y = [float(v) for v in ok["rata_rata_capaian"]]
    ax.scatter(x, y, color="#2166ac")
    for xi, yi, name in zip(x, y, ok["opd"]):
        ax.annotate(str(name)[:28], (xi, yi), fontsize=6, xytext=(3, 2), textcoords="offset points")
    ax.axhline(100, color="#999", lw=0.8, ls="--")
    ax.axvline(100, color="#999", lw=0.8, ls="--")
    ax.set_xlabel("Serapan anggaran (%)")
    ax.set_ylabel("Rata-rata capaian kinerja (%)")
    ax.set_title(f"Capaian kinerja dan serapan anggaran per OPD, {tahun}")
    _teks_polos(fig)
    return _png(fig)


def grafik_predikat(distribusi: pd.DataFrame, tahun: int) -> str | None:
    """Bars: OPDs per rata-rata predicate and indicators per predicate."""
    if not len(distribusi):
        return None
    fig = _figure(10, 4)
    for k, (col, judul) in enumerate((("jumlah_opd", "OPD per predikat rata-rata capaian"),
                                      ("jumlah_indikator", "Indikator per predikat"))):
        ax = fig.add_subplot(1, 2, k + 1)
        ax.bar(range(len(distribusi)), [int(v) for v in distribusi[col]], color="#5aae61")
        ax.set_xticks(range(len(distribusi)), [str(p) for p in distribusi["predikat"]], rotation=30, ha="right",
                      fontsize=8)
        ax.set_title(f"{judul}, {tahun}", fontsize=10)
    fig.tight_layout()
    _teks_polos(fig)
    return _png(fig)


def grafik_tren(tren: pd.DataFrame, years: list[int]) -> str | None:
    """Lines: rata-rata capaian per OPD over the batch's years (only with several years)."""
    if len(years) < 2 or not len(tren):
        return None
    fig = _figure(9, 5.5)
    ax = fig.add_subplot()
    for r in tren.itertuples(index=False):
        d = r._asdict()
        pts = [(y, float(d[f"capaian_{y}"])) for y in years if d.get(f"capaian_{y}") is not None]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", lw=1, label=str(d["opd"])[:30])
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_ylabel("Rata-rata capaian (%)")
    ax.set_title("Tren rata-rata capaian per OPD")
    if len(tren) <= 20:
        ax.legend(fontsize=6, loc="center left", bbox_to_anchor=(1, 0.5))
    _teks_polos(fig)
    return _png(fig)


# ------------------------------------------------------------------ files

def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("lkjip", "templates/rekap"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update({"angka": lambda v, d=2: fmt.angka(v, d), "persen": lambda v, d=2: fmt.persen(v, d),
                        "rupiah": fmt.rupiah})
    return env


def html_rekap(tahun: int, kabupaten: str, rekap: pd.DataFrame, distribusi: pd.DataFrame, tren: pd.DataFrame,
               years: list[int], gambar: list[dict], klaster: dict, dibuat: str) -> str:
    """The rekap page (autoescaped template ``templates/rekap/rekap.html.j2``)."""
    ring = R.ringkasan(rekap)
    ring["serapan"] = serapan(ring["realisasi_anggaran"], ring["pagu"])[0]
    baris = [dict(r, i=i) for i, r in enumerate(rekap.to_dict("records"))]
    return _env().get_template("rekap.html.j2").render(
        tahun=tahun, kabupaten=kabupaten, r=ring, baris=baris,
        distribusi=distribusi.to_dict("records"), tren=tren.to_dict("records"), tren_tahun=years, gambar=gambar,
        klaster=klaster, dibuat=dibuat)


def xlsx_rekap(tahun: int, tables: dict[str, tuple[str, pd.DataFrame]]) -> bytes:
    """The rekap workbook: a titled sheet per table; numbers as numbers, text always as text (never a formula)."""
    from openpyxl import Workbook

    from .workbook import lembar_tabel, simpan_tetap, teks_tetap_teks

    wb = Workbook()
    wb.remove(wb.active)
    for sheet, (judul, df) in tables.items():
        formats = ["#,##0" if c in ("pagu", "realisasi_anggaran") else (
            "#,##0.00" if c.startswith(("rata_rata", "serapan", "efisiensi", "nilai_akip", "capaian", "perubahan"))
            else None) for c in df.columns]
        lembar_tabel(wb, sheet, judul, f"Rekap LKjIP {tahun}; sumber: tabel olahan tiap OPD (lihat rekap-{tahun}.html)",
                     [JUDUL_KOLOM.get(c, c) for c in df.columns], df, formats, 50, "B4")
    teks_tetap_teks(wb)
    return simpan_tetap(wb)


def ringkas_json(hasil: list[dict], info: dict) -> str:
    """The batch record (``batch.json`` in the rekap folder): cluster facts and one entry per OPD-year."""
    return json.dumps({"klaster": info, "hasil": hasil}, indent=1, ensure_ascii=False, default=str) + "\n"


def tulis_rekap(folder: Path, tahun: int, rows_all: list[dict], hasil: list[dict], klaster: dict, echo=print) -> Path:
    """Write the rekap of ``tahun`` into ``folder`` (locked, staged, swapped in).

    Parameters
    ----------
    folder : Path
        ``<keluaran>/rekap-<tahun>``.
    tahun : int
        Year of this rekap; the trend uses every year of ``rows_all``.
    rows_all : list of dict
        Rows of every OPD-year of the batch (:func:`baris_semua`, plus ``kabupaten``).
    hasil : list of dict
        Task results of the batch (written to ``batch.json``).
    klaster : dict
        Cluster facts (scheduler, workers, wall time).
    """

    semua = R.tabel_rekap(rows_all)
    rows = [r for r in rows_all if r["tahun"] in (tahun, None)]
    rekap = R.tabel_rekap(rows)
    kab = ", ".join(sorted({r["kabupaten"] for r in rows if r.get("kabupaten")})) or "Kabupaten"
    per = R.tabel_predikat([r for r in rows if r["status"] == "berhasil" and r["tahun"] == tahun])
    dist = R.distribusi_predikat(rekap, per, tahun)
    years = sorted({int(y) for y in semua["tahun"] if y is not None})
    tren = R.tren(semua)
    gambar = [g for g in (
        {"judul": f"Rata-rata capaian kinerja terhadap serapan anggaran per OPD, {tahun}",
         "src": grafik_capaian_serapan(rekap, tahun)},
        {"judul": f"Sebaran predikat OPD dan indikator, {tahun}", "src": grafik_predikat(dist, tahun)},
        {"judul": "Tren rata-rata capaian per OPD", "src": grafik_tren(tren, years)}) if g["src"]]
    html = html_rekap(tahun, kab, rekap, dist, tren, years, gambar, klaster,
                      dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    from .pdf import pdf

    siapa = FK.identitas(f"lkjip batch (rekap {tahun})")
    sejak = dt.datetime.now().timestamp()
    with FK.kunci([folder], siapa):
        FK.bersihkan_basi(folder, sejak, echo)
        periksa_pemilik_keluaran("rekap (--keluar)", folder)
        staging = FK.buat_staging(folder, f"{tahun}-{uuid.uuid4().hex[:8]}", siapa)
        try:
            write_text_atomic(staging / f"rekap-{tahun}.html", html)
            write_bytes_atomic(staging / f"rekap-{tahun}.pdf", pdf(html))
            tables = {"Rekap": (f"Rekap LKjIP {tahun} per OPD", rekap),
                      "Predikat indikator": ("Indikator per predikat per OPD", per),
                      "Sebaran predikat": ("Sebaran predikat", dist)}
            if len(years) >= 2:
                tables["Tren"] = ("Tren rata-rata capaian dan serapan per OPD", tren)
            write_bytes_atomic(staging / f"rekap-{tahun}.xlsx", xlsx_rekap(tahun, tables))
            write_tables_lepas(staging / "data", {"rekap": rekap, "predikat_indikator": per, "sebaran_predikat": dist,
                                            "tren": tren})
            write_text_atomic(staging / "batch.json", ringkas_json(hasil, klaster))
            FK.tukar([(staging, folder)], echo)
        finally:
            if not FK.sedang_tukar(folder):
                FK.buang_staging(staging)
    return folder
