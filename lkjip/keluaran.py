"""Rendering the outputs of a run: the LKjIP (HTML, PDF), the evaluator edition, the annex.

Called by the runner after every stage has succeeded, on the staging folders, so a
failure here also leaves the previous outputs untouched.

* ``LKjIP-<tahun>.html``: the executed narrative notebook through the nbconvert template
  ``lkjip_laporan`` (only its HTML outputs: no code, no prompts, no scripts), with the
  Daftar Isi / Tabel / Gambar filled in.
* ``LKjIP-<tahun>.pdf``: the same HTML through WeasyPrint (A4, CSS ``@page``).
* ``notebooks/*.html``: every executed stage notebook *with* its code (template
  ``lkjip_evaluator``), and ``notebooks/index.html``: the provenance page.
* ``tabel/*.csv`` and ``tabel/LKjIP-<tahun>-tabel.xlsx``: every computed table and every table
  the report prints, whole (a table longer than :data:`lkjip.laporan.BATAS_BARIS_NASKAH` rows is
  printed only here); text that looks like a formula is made inert: ``'`` before it in the CSV,
  a text cell in the workbook.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal  # noqa: F401  (used by the doctests)
from pathlib import Path

import pandas as pd

from . import jejak, laporan
from .katalog import GAMBAR, KATALOG, LAMPIRAN, SATUAN
from .io import frame_to_csv, read_tables, write_bytes_atomic, write_text_atomic
from .paths import ROOT
from .pdf import pdf, pengambil_url  # noqa: F401  (pengambil_url: re-exported, one source lkjip.pdf)
from .tahap import versi_paket

TEMPLATES = Path(__file__).parent / "templates" / "nbconvert"

#: Computed tables in the annex: name → title (from the catalog). Raw-derived tables are left out (they are inputs).
ANNEX: dict[str, str] = {n: KATALOG[n].judul for n in LAMPIRAN}

_SATUAN = SATUAN


#: Idle HTML exporters per template, shared by every thread of the process (see :func:`_exporter`).
_EXPORTER_BEBAS: dict[str, list] = {}
_EXPORTER_KUNCI = threading.Lock()


@contextmanager
def _exporter(template: str):
    """An HTML exporter of a template, taken from the process's idle ones or built, and put back after use.

    Building an exporter loads and compiles its Jinja templates (a few tenths of a second);
    nbconvert's own command line likewise converts many notebooks with one exporter. An
    exporter is not shared between threads: each use holds it alone; a long-lived
    process (a batch worker running one OPD-year after another, each with new render
    threads) builds one per template and concurrent use, not one per run.
    """
    with _EXPORTER_KUNCI:
        bebas = _EXPORTER_BEBAS.setdefault(template, [])
        exporter = bebas.pop() if bebas else None
    if exporter is None:
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(template_name=template, extra_template_basedirs=[str(TEMPLATES)])
        exporter.log.setLevel(logging.ERROR)
    try:
        yield exporter
    finally:
        with _EXPORTER_KUNCI:
            _EXPORTER_BEBAS[template].append(exporter)


def html_laporan(notebook: Path, judul: str, penulis: str = "", subjek: str = "", tanggal: str = "") -> str:
    """The reviewers' LKjIP: HTML outputs of the executed narrative notebook, with the lists filled.

    ``judul``, ``penulis`` (the instansi), ``subjek`` and ``tanggal`` (ISO date of the
    report) go into ``<title>`` and ``<meta>`` elements, which WeasyPrint turns into the
    PDF's document information (title, author, subject, creation and modification date:
    the report date, so the PDF does not change with the time of the run).
    """
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    meta = {"name": judul, "penulis": penulis, "subjek": subjek, "tanggal": tanggal}
    with _exporter("lkjip_laporan") as exporter:
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": meta})
    return laporan.isi_daftar(body)


def peta_asal_run(nb_dir: Path, notebooks: list[str], tabel: list[str]) -> dict[str, jejak.Asal]:
    """Table → computing cell (:func:`lkjip.jejak.peta_asal`) of the executed notebooks of this run."""
    import nbformat

    books = {Path(n).stem: nbformat.read(str(nb_dir / n), as_version=4) for n in notebooks if (nb_dir / n).exists()}
    return jejak.peta_asal(books, tabel)


def html_evaluator(notebook: Path) -> str:
    """One executed stage notebook as self-contained HTML *with* its code, for evaluators."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    with _exporter("lkjip_evaluator") as exporter:
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    return body


def git_commit() -> str:
    """The commit of the code that ran (``+perubahan`` when the work tree has edits)."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        if head.returncode != 0:
            return "tidak diketahui (bukan repositori git)"
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return head.stdout.strip() + (" +perubahan belum di-commit" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "tidak diketahui (git tidak tersedia)"


def provenans(params_text: str, inventaris: pd.DataFrame, tahap: list[dict], notebooks: list[str],
              versi: list[tuple[str, str]], commit: str, tahun: int) -> str:
    """The provenance page of the evaluator edition (HTML)."""
    return laporan.render("provenans.html.j2", params_text=params_text, inventaris=inventaris, tahap=tahap,
                          notebooks=notebooks, versi=versi, commit=commit, tahun=tahun)


#: Annex tables computed from optional raw tables: the annex leaves such a table out when
#: every one of its sources is empty (an absent table is not printed, not even a TOTAL of 0).
SUMBER_LAMPIRAN: dict[str, tuple[str, ...]] = {
    "tabel_1_1": ("koperasi",), "tabel_1_2": ("usaha_mikro",), "akip_komponen": ("evaluasi_akip",),
    "akip_total": ("evaluasi_akip",), "tabel_3_4": ("pembanding_nasional",),
    "tabel_3_7": ("pegawai",), "pegawai_per_unit": ("pegawai",),
    "komposisi_pegawai": ("pegawai_komposisi",),
    "sumber_jumlah_pegawai": ("pegawai_komposisi", "pegawai_riwayat", "pegawai"),
    "tabel_3_8": ("pegawai_komposisi", "pegawai_riwayat"), "rasio_pegawai": ("pegawai_komposisi",),
    "tabel_3_9": ("rkbmd",), "tabel_4_0": ("aset",), "mutasi_aset": ("aset",), "tabel_4_1": ("aset",),
    "perjanjian_kinerja": ("perjanjian_kinerja",),
}


def lampiran_ada(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Annex tables to write: those of :data:`ANNEX` present, minus those whose optional sources are all empty.

    Examples
    --------
    >>> t = {"tabel_3_7": pd.DataFrame({"a": [0]}), "pegawai": pd.DataFrame({"a": []}), "reviu": pd.DataFrame()}
    >>> lampiran_ada(t)
    ['reviu']
    """
    out = []
    for n in ANNEX:
        if n not in tables:
            continue
        src = SUMBER_LAMPIRAN.get(n)
        if src and all(len(tables.get(s, ())) == 0 for s in src):
            continue
        out.append(n)
    return out


def annex_xlsx(tables: dict[str, pd.DataFrame], tahun: int) -> bytes:
    """One workbook, a sheet per computed table: title, source, headers with units, values.

    Numbers are written as numbers (the CSV beside it keeps the exact decimals), text
    as text: a name beginning with ``=`` is never a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from .workbook import lembar_tabel, simpan_tetap, teks_tetap_teks

    wb = Workbook()
    wb.remove(wb.active)
    isi = wb.create_sheet("Daftar")
    isi.append([f"Lampiran tabel LKjIP {tahun}: setiap tabel hasil hitung"])
    isi["A1"].font = Font(bold=True, size=13)
    isi.append(["Lembar", "Judul", "Berkas CSV"])
    for c in isi[2]:
        c.font = Font(bold=True)
    for name, df in tables.items():
        sheet = name[:31]
        isi.append([sheet, ANNEX.get(name, name), f"tabel/{name}.csv"])
        header = [f"{c} ({_SATUAN[c]})" if _SATUAN.get(c) else c for c in df.columns]
        formats = ["#,##0" if _SATUAN.get(c) == "Rp" else ("#,##0.00" if _SATUAN.get(c) else None) for c in df.columns]
        lembar_tabel(wb, sheet, ANNEX.get(name, name),
                     f"Sumber: data/processed/{tahun}/{name}.csv — nilai persen dalam persen (100 = 100%), rupiah dalam Rp",
                     header, df, formats, 60, "A4")
    for j, w in enumerate((28, 70, 30), 1):
        isi.column_dimensions[get_column_letter(j)].width = w
    teks_tetap_teks(wb)
    return simpan_tetap(wb)  # same tables, same bytes


#: First characters that make a spreadsheet read a CSV cell as a formula (OWASP, CSV injection).
AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")


def teks_csv_aman(v):
    """A value for an annex CSV cell: text beginning with ``= + - @``, tab or CR gets a leading ``'``.

    Numbers (``Decimal``, ``int``) are never changed, so ``-5`` stays a number.

    Examples
    --------
    >>> teks_csv_aman("=1+1"), teks_csv_aman("-"), teks_csv_aman(Decimal("-5")), teks_csv_aman("Dinas")
    ("'=1+1", "'-", Decimal('-5'), 'Dinas')
    """
    return "'" + v if isinstance(v, str) and v.startswith(AWAL_RUMUS) else v


def csv_lampiran(df: pd.DataFrame) -> str:
    """An annex CSV: the processed table (exact values) with formula-like text made inert (:func:`teks_csv_aman`).

    Each column keeps its values as they are (``DataFrame.map`` would infer a float column
    from whole numbers beside blanks and print ``1.0``).

    Examples
    --------
    >>> print(csv_lampiran(pd.DataFrame({"no": [1, None], "nama": ["=x", "A"]}, dtype=object)), end="")
    no,nama
    1,'=x
    ,A
    """
    return frame_to_csv(pd.DataFrame({c: pd.Series([teks_csv_aman(v) for v in df[c]], index=df.index, dtype=object)
                                      for c in df.columns}, columns=df.columns))


def judul_laporan(params) -> str:
    """The report title (the HTML ``<title>``)."""
    return f"LKjIP {params.tahun} — {params.instansi.nama} {params.instansi.kabupaten}"


def tulis_html_laporan(params, laporan_nb: Path, reports: Path,
                       asal: dict[str, jejak.Asal] | None = None) -> tuple[Path, str]:
    """Write ``LKjIP-<tahun>.html`` from the executed narrative notebook; returns the path and the HTML.

    With ``asal`` (:func:`peta_asal_run` of the run's executed notebooks), every computed
    number links to the evaluator cell that computed it (:func:`lkjip.jejak.tautkan`).
    """
    text = html_laporan(laporan_nb, judul_laporan(params),
                        penulis=f"{params.instansi.nama} {params.instansi.kabupaten}",
                        subjek=f"Laporan Kinerja Instansi Pemerintah (LKjIP) tahun {params.tahun}",
                        tanggal=params.instansi.tanggal_laporan.isoformat())
    if asal is not None:
        text = jejak.tautkan(text, asal)
    out = reports / f"LKjIP-{params.tahun}.html"
    write_text_atomic(out, text)
    return out, text


def tulis_pdf(params, html_text: str, reports: Path) -> Path:
    """Write ``LKjIP-<tahun>.pdf`` from the report HTML."""
    return _tulis_pdf_bytes(params, pdf(html_text), reports)


def _tulis_pdf_bytes(params, data: bytes, reports: Path) -> Path:
    """Write the PDF bytes as ``LKjIP-<tahun>.pdf`` in ``reports`` (atomically)."""
    out = reports / f"LKjIP-{params.tahun}.pdf"
    write_bytes_atomic(out, data)
    return out


def mulai_pdf(html_path: Path) -> subprocess.Popen:
    """Start rendering the PDF of a report HTML file in a separate Python process (:mod:`lkjip.pdf`).

    The PDF is the longest render (WeasyPrint is pure Python): in its own process it
    runs on its own core while this process renders the Word edition and the evaluator
    pages, which a thread could not do beside it (one interpreter lock). The bytes are
    those of :func:`lkjip.pdf.pdf` on the same HTML. Finish with :func:`tulis_pdf_dari`.
    """
    import sys

    return subprocess.Popen([sys.executable, "-m", "lkjip.pdf", str(html_path)], cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def tulis_pdf_dari(params, proc: subprocess.Popen, reports: Path) -> Path:
    """Wait for :func:`mulai_pdf` and write ``LKjIP-<tahun>.pdf``; its error (last lines of its stderr) if it failed."""
    data, err = proc.communicate()
    if proc.returncode != 0 or not data.startswith(b"%PDF-"):
        tail = "\n".join(err.decode("utf-8", "replace").strip().splitlines()[-6:])
        raise RuntimeError(f"PDF tidak dapat dibuat (proses PDF keluar dengan status {proc.returncode}):\n{tail}")
    return _tulis_pdf_bytes(params, data, reports)


def gambar_png(reports: Path) -> dict[str, bytes]:
    """The PNG charts of the report (``gambar/``), keyed by the figure anchor (``gambar-3-1``)."""
    return {"gambar-" + nomor.replace(".", "-"): (reports / "gambar" / g.berkas).read_bytes()
            for nomor, g in GAMBAR.items() if (reports / "gambar" / g.berkas).is_file()}


def tulis_docx(params, html_text: str, reports: Path) -> Path:
    """Write the Word edition ``LKjIP-<tahun>.docx`` from the report HTML, with the PNG charts."""
    from .word import docx_laporan

    out = reports / f"LKjIP-{params.tahun}.docx"
    tgl = params.instansi.tanggal_laporan
    write_bytes_atomic(out, docx_laporan(
        html_text, judul=judul_laporan(params), penulis=f"{params.instansi.nama} {params.instansi.kabupaten}",
        tanggal=datetime(tgl.year, tgl.month, tgl.day) if tgl else None, gambar=gambar_png(reports)))
    return out


def tulis_evaluator(notebook: Path) -> Path:
    """Write the evaluator page of one executed notebook beside it (``<stem>.html``)."""
    out = notebook.with_suffix(".html")
    write_text_atomic(out, html_evaluator(notebook))
    return out


#: Tables the annex reads besides its own: the optional sources of :data:`SUMBER_LAMPIRAN`.
SUMBER_DIBACA: tuple[str, ...] = tuple(sorted({s for v in SUMBER_LAMPIRAN.values() for s in v}))


def tulis_lampiran(processed: Path, reports: Path, tahun: int) -> list[Path]:
    """Write the annex (``tabel/*.csv`` and the workbook) from the catalog tables present in ``processed``.

    A table whose optional raw sources are all empty is left out (:func:`lampiran_ada`).
    """
    tables = read_tables(processed, [n for n in dict.fromkeys((*ANNEX, *SUMBER_DIBACA)) if (processed / f"{n}.csv").is_file()])
    annex = {n: tables[n] for n in lampiran_ada(tables)}
    tabel_dir = reports / "tabel"
    out = []
    for n in annex:
        out.append(tabel_dir / f"{n}.csv")
        write_text_atomic(out[-1], csv_lampiran(annex[n]))
    out.append(tabel_dir / f"LKjIP-{tahun}-tabel.xlsx")
    write_bytes_atomic(out[-1], annex_xlsx(annex, tahun))
    return out


def tulis_provenans(params_path: Path, processed: Path, nb_dir: Path, tahap: list[dict], notebooks: list[str],
                    tahun: int) -> Path:
    """Write the provenance page ``notebooks/index.html``."""
    ada = [n for n in ("inventaris_raw", "inventaris_narasi") if (processed / f"{n}.csv").is_file()]
    inv = (pd.concat(read_tables(processed, ada).values(), ignore_index=True) if ada  # data files, then narasi
           else pd.DataFrame(columns=["berkas", "sha256", "cocok"]))
    out = nb_dir / "index.html"
    write_text_atomic(out, provenans(params_path.read_text(encoding="utf-8"), inv, tahap,
                                     [Path(n).stem for n in notebooks], versi_paket(), git_commit(), tahun))
    return out


def tabel_tersimpan(processed: Path) -> list[str]:
    """The catalog tables present in a processed folder (sorted)."""
    return sorted(n for n in KATALOG if (processed / f"{n}.csv").is_file())
