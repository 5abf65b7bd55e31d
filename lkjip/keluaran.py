"""Rendering the outputs of a run: the LKjIP (HTML, PDF), the evaluator edition, the annex.

Called by the runner after every stage has succeeded, on the staging folders, so a
failure here also leaves the previous outputs untouched.

* ``LKjIP-<tahun>.html``: the executed narrative notebook through the nbconvert template
  ``lkjip_laporan`` (only its HTML outputs: no code, no prompts, no scripts), with the
  Daftar Isi / Tabel / Gambar filled in.
* ``LKjIP-<tahun>.pdf``: the same HTML through WeasyPrint (A4, CSS ``@page``).
* ``notebooks/*.html``: every executed stage notebook *with* its code (template
  ``lkjip_evaluator``), and ``notebooks/index.html``: the provenance page.
* ``tabel/*.csv`` and ``tabel/LKjIP-<tahun>-tabel.xlsx``: every computed table (text that
  looks like a formula is made inert: ``'`` before it in the CSV, a text cell in the workbook).
"""

from __future__ import annotations

import io as _io
import json
import logging
import subprocess
from decimal import Decimal  # noqa: F401  (used by the doctests)
from pathlib import Path

import pandas as pd

from . import laporan
from .katalog import KATALOG, LAMPIRAN, SATUAN
from .io import frame_to_csv, read_tables, write_bytes_atomic, write_text_atomic
from .paths import ROOT
from .tahap import versi_paket  # noqa: F401  (one source; kept here for callers)

TEMPLATES = Path(__file__).parent / "templates" / "nbconvert"

#: Computed tables in the annex: name → title (from the catalog). Raw-derived tables are left out (they are inputs).
ANNEX: dict[str, str] = {n: KATALOG[n].judul for n in LAMPIRAN}

_SATUAN = SATUAN


def _exporter(template: str, **kw):
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=template, extra_template_basedirs=[str(TEMPLATES)], **kw)
    exporter.log.setLevel(logging.ERROR)
    return exporter


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
    body, _ = _exporter("lkjip_laporan").from_notebook_node(nb, resources={"metadata": meta})
    return laporan.isi_daftar(body)


def pengambil_url():
    """The URL fetcher of the PDF renderer: ``data:`` URIs only.

    The report HTML is self-contained (charts are ``data:`` PNGs, the CSS is inline),
    so WeasyPrint never needs a file or a network resource. Every other URL — ``file:``
    (a local file embedded by ``<a rel="attachment">`` or an image), ``http(s):``,
    ``ftp:``… — is refused before anything is opened; the refused URLs are kept in
    the fetcher's ``ditolak`` list.
    """
    from weasyprint.urls import URLFetcher

    class _HanyaData(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)
            self.ditolak: list[str] = []

        def fetch(self, url, headers=None):
            if not url.lower().startswith("data:"):
                self.ditolak.append(url)
                raise ValueError(f"URL ditolak (PDF hanya memakai sumber yang tertanam): {url[:80]}")
            return super().fetch(url, headers)

    return _HanyaData()


#: PDF variant: tagged PDF for accessibility (structure tree, language, alt texts of the charts).
PDF_VARIAN = "pdf/ua-1"


def pdf(html_text: str, url_fetcher=None) -> bytes:
    """A4 PDF of the report HTML (WeasyPrint; page size, margins and numbers come from the CSS).

    Resources come only through :func:`pengambil_url` (embedded ``data:`` URIs); no
    ``base_url`` is given, so a relative URL does not resolve to a local file. The PDF
    is tagged (:data:`PDF_VARIAN`, PDF/UA-1) and its language is the HTML's (``id``);
    its file identifier is derived from the HTML, so the same report gives the same PDF.
    """
    import hashlib

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    ident = hashlib.sha256(html_text.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return weasyprint.HTML(string=html_text, url_fetcher=url_fetcher or pengambil_url()).write_pdf(
        pdf_variant=PDF_VARIAN, pdf_identifier=ident)


def html_evaluator(notebook: Path) -> str:
    """One executed stage notebook as self-contained HTML *with* its code, for evaluators."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    body, _ = _exporter("lkjip_evaluator").from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
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


def annex_xlsx(tables: dict[str, pd.DataFrame], tahun: int) -> bytes:
    """One workbook, a sheet per computed table: title, source, headers with units, values.

    Numbers are written as numbers (the CSV beside it keeps the exact decimals), text
    as text: a name beginning with ``=`` is never a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .workbook import nilai_excel, teks_tetap_teks

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
        ws = wb.create_sheet(sheet)
        ws.append([ANNEX.get(name, name)])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append([f"Sumber: data/processed/{tahun}/{name}.csv — nilai persen dalam persen (100 = 100%), rupiah dalam Rp"])
        header = [f"{c} ({_SATUAN[c]})" if _SATUAN.get(c) else c for c in df.columns]
        ws.append(header)
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE6F1")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in df.itertuples(index=False, name=None):
            ws.append([nilai_excel(v) for v in row])
        for j, col in enumerate(df.columns, 1):
            unit = _SATUAN.get(col)
            fmt_ = "#,##0" if unit == "Rp" else ("#,##0.00" if unit else None)
            if fmt_:
                for r in range(4, ws.max_row + 1):
                    ws.cell(r, j).number_format = fmt_
            ws.column_dimensions[get_column_letter(j)].width = min(60, max(10, len(header[j - 1]) + 2))
        ws.freeze_panes = "A4"
    for j, w in enumerate((28, 70, 30), 1):
        isi.column_dimensions[get_column_letter(j)].width = w
    teks_tetap_teks(wb)
    buf = _io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


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
    """An annex CSV: the processed table (exact values) with formula-like text made inert (:func:`teks_csv_aman`)."""
    return frame_to_csv(df.map(teks_csv_aman))


def judul_laporan(params) -> str:
    """The report title (the HTML ``<title>``)."""
    return f"LKjIP {params.tahun} — {params.instansi.nama} {params.instansi.kabupaten}"


def tulis_html_laporan(params, laporan_nb: Path, reports: Path) -> tuple[Path, str]:
    """Write ``LKjIP-<tahun>.html`` from the executed narrative notebook; returns the path and the HTML."""
    text = html_laporan(laporan_nb, judul_laporan(params),
                        penulis=f"{params.instansi.nama} {params.instansi.kabupaten}",
                        subjek=f"Laporan Kinerja Instansi Pemerintah (LKjIP) tahun {params.tahun}",
                        tanggal=params.instansi.tanggal_laporan.isoformat())
    out = reports / f"LKjIP-{params.tahun}.html"
    write_text_atomic(out, text)
    return out, text


def tulis_pdf(params, html_text: str, reports: Path) -> Path:
    """Write ``LKjIP-<tahun>.pdf`` from the report HTML."""
    out = reports / f"LKjIP-{params.tahun}.pdf"
    write_bytes_atomic(out, pdf(html_text))
    return out


def tulis_evaluator(notebook: Path) -> Path:
    """Write the evaluator page of one executed notebook beside it (``<stem>.html``)."""
    out = notebook.with_suffix(".html")
    write_text_atomic(out, html_evaluator(notebook))
    return out


def tulis_lampiran(processed: Path, reports: Path, tahun: int) -> list[Path]:
    """Write the annex (``tabel/*.csv`` and the workbook) from the catalog tables present in ``processed``."""
    annex = read_tables(processed, [n for n in ANNEX if (processed / f"{n}.csv").is_file()])
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
    inv = (read_tables(processed, ["inventaris_raw"])["inventaris_raw"] if (processed / "inventaris_raw.csv").is_file()
           else pd.DataFrame(columns=["berkas", "sha256", "cocok"]))
    out = nb_dir / "index.html"
    write_text_atomic(out, provenans(params_path.read_text(encoding="utf-8"), inv, tahap,
                                     [Path(n).stem for n in notebooks], versi_paket(), git_commit(), tahun))
    return out


def tulis_semua(params, params_path: Path, processed: Path, reports: Path, tahap: list[dict],
                notebooks: list[str], echo=print) -> dict[str, Path]:
    """Write every rendered output of a run into ``reports`` (a staging folder).

    Returns
    -------
    dict
        Output kind → path written.
    """
    tahun = params.tahun
    out: dict[str, Path] = {}
    nb_dir = reports / "notebooks"
    laporan_nb = [n for n in notebooks if "laporan" in n]
    if laporan_nb:
        judul = f"LKjIP {tahun} — {params.instansi.nama} {params.instansi.kabupaten}"
        text = html_laporan(nb_dir / laporan_nb[-1], judul, penulis=f"{params.instansi.nama} {params.instansi.kabupaten}",
                            subjek=f"Laporan Kinerja Instansi Pemerintah (LKjIP) tahun {tahun}",
                            tanggal=params.instansi.tanggal_laporan.isoformat())
        out["html"] = reports / f"LKjIP-{tahun}.html"
        write_text_atomic(out["html"], text)
        echo(f"      HTML: {out['html'].name}")
        if "pdf" in params.keluaran.format:
            out["pdf"] = reports / f"LKjIP-{tahun}.pdf"
            write_bytes_atomic(out["pdf"], pdf(text))
            echo(f"      PDF : {out['pdf'].name}")
    for n in notebooks:
        write_text_atomic(nb_dir / (Path(n).stem + ".html"), html_evaluator(nb_dir / n))
    stored = set(json.loads((processed / "skema.json").read_text(encoding="utf-8")))
    tables = read_tables(processed, [n for n in (*ANNEX, "inventaris_raw") if n in stored])
    inventaris = tables.get("inventaris_raw", pd.DataFrame(columns=["berkas", "sha256", "cocok"]))
    write_text_atomic(nb_dir / "index.html", provenans(
        params_path.read_text(encoding="utf-8"), inventaris, tahap, [Path(n).stem for n in notebooks],
        versi_paket(), git_commit(), tahun))
    out["evaluator"] = nb_dir / "index.html"
    annex = {n: tables[n] for n in ANNEX if n in tables}
    tabel_dir = reports / "tabel"
    for n in annex:
        write_text_atomic(tabel_dir / f"{n}.csv", csv_lampiran(annex[n]))
    out["xlsx"] = tabel_dir / f"LKjIP-{tahun}-tabel.xlsx"
    write_bytes_atomic(out["xlsx"], annex_xlsx(annex, tahun))
    echo(f"      edisi evaluator: notebooks/index.html; lampiran tabel: tabel/ ({len(annex)} tabel)")
    return out

