"""Ingest: read a year's raw CSV folder and check it against its manifest.

The manifest is the table in ``data/raw/<tahun>/README.md`` whose rows look like::

    | `t3_5_anggaran.csv` | Tabel 3.5 | ... | 3f1c...e9 |

(first cell the file name in backticks, last cell its sha256). Raw data is
immutable: a file whose bytes differ from the recorded digest is refused until the
change is acknowledged with ``lkjip manifest``. The narasi files
(``narasi/<name>.md``) are part of the manifest too.

Only plain files are read: a symbolic link, a FIFO, a device or a folder named like a
data file anywhere in the raw folder is refused (checked with ``lstat``, never opened).

The raw data is read once per run (:func:`baca_mentah`, by the pre-run check
:func:`lkjip.antara.baca`); the verified snapshot of every cell (:func:`salinan`) is
published by the ingest stage, and the clean stage reads it back and checks it by
sha256 (:func:`dari_salinan`) instead of reading the raw files again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from . import narasi
from .errors import DataError, Problem
from .io import masalah_berkas, read_bytes_checked, read_raw_csv, sha256_file
from .katalog import KOLOM_INVENTARIS
from .params import KARAKTER_KENDALI
from .tables import (BATAS_TEKS_MENTAH, BATAS_TEKS_SEL, BATAS_UKURAN, ROW_COL, SPECS, TableSpec, batas_baris, check_columns,
                     lengkapi_kolom)
from .tahap import BARIS_MANIFEST  # one manifest-row pattern, shared with the stage keys (tahap.sidik_readme)

NARASI = "narasi"
#: The ``tabel`` of a narasi file's row in the inventory (:func:`inventory`).
TABEL_NARASI = "Narasi"

#: Spreadsheet formats that are not read, with the advice given.
TIDAK_DIDUKUNG = {
    ".ods": "format .ods tidak didukung; simpan sebagai .xlsx (Excel Workbook)",
    ".xls": "format .xls (Excel 97-2003) tidak didukung; simpan sebagai .xlsx (Excel Workbook)",
    ".xlsm": "workbook bermakro (.xlsm) tidak didukung; simpan sebagai .xlsx tanpa makro",
    ".xlsb": "format .xlsb tidak didukung; simpan sebagai .xlsx (Excel Workbook)",
    ".numbers": "format .numbers tidak didukung; ekspor sebagai .xlsx",
    ".tsv": "berkas .tsv tidak didukung; simpan sebagai .csv (pemisah koma atau titik koma)",
}
_DATA_SUFFIXES = (".csv", ".xlsx", ".md")


def parse_manifest(text: str) -> dict[str, str]:
    """Return ``{file name: sha256}`` from the manifest table of a data README.

    Parameters
    ----------
    text : str
        Markdown text of ``data/raw/<tahun>/README.md``.

    Returns
    -------
    dict
        File names (as written in backticks) mapped to their hex digest.
    """
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = BARIS_MANIFEST.match(line.strip())
        if m:
            out[m.group("file")] = m.group("sha")
    return out


def update_manifest(text: str, digests: dict[str, str]) -> str:
    """Return the README text with the sha256 cell of each listed file replaced.

    Files in ``digests`` that have no row are not added (a row needs a source
    description written by a person); see :func:`missing_manifest_rows`.
    """
    lines = []
    for line in text.splitlines():
        m = BARIS_MANIFEST.match(line.strip())
        if m and m.group("file") in digests:
            line = line[: line.rfind(m.group("sha"))] + digests[m.group("file")] + line[line.rfind(m.group("sha")) + 64:]
        lines.append(line)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


MANIFEST_KEPALA = "| berkas | sumber | isi | sha256 |\n|---|---|---|---|"


def tambah_baris_manifest(text: str, rows: list[tuple[str, str, str, str]]) -> str:
    """Return the README text with manifest rows ``(berkas, sumber, isi, sha256)`` added.

    Rows go after the last row of the manifest table; a README without one gets a
    ``## Manifest`` section at its end.

    Examples
    --------
    >>> t = tambah_baris_manifest("# Data", [("a.csv", "s", "i", "0" * 64)])
    >>> list(parse_manifest(t))
    ['a.csv']
    """
    new = [f"| `{f}` | {sumber} | {isi} | {sha} |" for f, sumber, isi, sha in rows]
    lines = text.splitlines()
    last = max((i for i, line in enumerate(lines) if BARIS_MANIFEST.match(line.strip())), default=None)
    if last is None:
        head = next((i for i, line in enumerate(lines) if line.strip().startswith("| berkas")), None)
        if head is not None and head + 1 < len(lines):
            last = head + 1
    if last is None:
        body = text.rstrip("\n") + "\n\n## Manifest\n\n" + MANIFEST_KEPALA + "\n" + "\n".join(new) + "\n"
        return body.lstrip("\n")
    lines[last + 1:last + 1] = new
    return "\n".join(lines) + "\n"


def missing_manifest_rows(text: str, files: list[str]) -> list[str]:
    """Files that have no manifest row in the README text."""
    have = parse_manifest(text)
    return [f for f in files if f not in have]


def periksa_folder(raw_dir: Path, label_root: Path | None = None) -> list[Problem]:
    """Problems with the entries of a raw folder, found without opening any file.

    Walks the whole folder (``narasi/`` included) with ``lstat``: symbolic links,
    FIFOs, devices and sockets are refused, and so is a folder named like a data file
    (``sasaran.csv/``). In the folder itself, spreadsheet formats that are not read
    (``.ods``, ``.xls``...) and data files whose extension is not lower case
    (``data.XLSX``) are named with the fix.

    Parameters
    ----------
    raw_dir : Path
        ``data/raw/<tahun>``.
    label_root : Path, optional
        Folder that file names in messages are shown relative to.

    Returns
    -------
    list of Problem
    """
    raw_dir = Path(raw_dir)
    problems: list[Problem] = []

    def _unreadable(exc: OSError) -> None:
        problems.append(Problem(_label(Path(exc.filename or raw_dir), label_root),
                                f"folder tidak dapat dibaca ({exc.strerror})"))

    for dirpath, dirnames, filenames in os.walk(raw_dir, onerror=_unreadable, followlinks=False):
        dirnames.sort()
        here = Path(dirpath)
        for name in sorted(dirnames + filenames):
            path = here / name
            label = _label(path, label_root)
            try:
                mode = os.lstat(path).st_mode
            except OSError as exc:
                problems.append(Problem(label, f"tidak dapat diperiksa ({exc.strerror})"))
                continue
            if stat.S_ISDIR(mode):
                if Path(name).suffix.lower() in _DATA_SUFFIXES + tuple(TIDAK_DIDUKUNG):
                    problems.append(masalah_berkas(path, label))
                continue
            problem = masalah_berkas(path, label)
            if problem is not None:
                problems.append(problem)
                continue
            if here == raw_dir:
                suffix = Path(name).suffix
                if suffix.lower() in TIDAK_DIDUKUNG:
                    problems.append(Problem(label, TIDAK_DIDUKUNG[suffix.lower()]))
                elif suffix.lower() in (".csv", ".xlsx") and suffix != suffix.lower():
                    problems.append(Problem(label, f"ekstensi harus huruf kecil: ganti nama menjadi "
                                                   f"'{Path(name).stem}{suffix.lower()}'"))
    return problems


def narasi_files(raw_dir: Path) -> list[Path]:
    """The narasi Markdown files of a raw folder (``narasi/*.md``), sorted."""
    folder = Path(raw_dir) / NARASI
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(folder.glob("*.md"))


def read_narasi(raw_dir: Path, label_root: Path | None = None, dibaca: dict | None = None) -> dict[str, str]:
    """Read and check the narasi files: plain, readable, within the size limit, UTF-8.

    Parameters
    ----------
    raw_dir : Path
        ``data/raw/<tahun>``.
    label_root : Path, optional
        Folder that file names in messages are shown relative to.
    dibaca : dict, optional
        Filled with ``narasi/<file>`` → the bytes read, so a caller hashes the very bytes
        whose text it uses (:func:`narasi_terperiksa`).

    Returns
    -------
    dict
        File stem (``kata_pengantar``) to Markdown text.

    Raises
    ------
    DataError
        Naming each bad file; for text that is not UTF-8, the line and byte offset.
    """
    problems: list[Problem] = []
    out: dict[str, str] = {}
    jumlah = 0
    for path in narasi_files(raw_dir):
        label = _label(path, label_root)
        try:
            data = read_bytes_checked(path, label, BATAS_UKURAN["md"])
        except DataError as exc:
            problems += exc.problems
            continue
        jumlah += len(data)
        if dibaca is not None:
            dibaca[f"{NARASI}/{path.name}"] = data
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            problems.append(Problem(label, f"berkas bukan teks UTF-8 (bita ke-{exc.start + 1} tidak sah: "
                                           f"0x{data[exc.start]:02x}); simpan ulang sebagai teks UTF-8", baris=line))
            continue
        if m := KARAKTER_KENDALI.search(text):
            problems.append(Problem(label, f"berkas memuat karakter kendali tak terlihat U+{ord(m.group()):04X}; "
                                           "hapus karakter itu dan simpan ulang sebagai teks UTF-8",
                                    baris=text[: m.start()].count("\n") + 1))
            continue
        out[path.stem] = narasi.rapikan(text)  # lists and broken sentences of the transcription
    if not problems and jumlah > BATAS_UKURAN["narasi"]:
        problems.append(Problem(_label(Path(raw_dir) / NARASI, label_root),
                                f"berkas narasi bersama-sama {jumlah // 2 ** 10} KiB; paling banyak "
                                f"{BATAS_UKURAN['narasi'] // 2 ** 10} KiB untuk seluruh narasi"))
    if problems:
        raise DataError(problems)
    return out


def read_raw_dir(raw_dir: Path, specs: tuple[TableSpec, ...] = SPECS, label_root: Path | None = None) -> dict[str, pd.DataFrame]:
    """Read every raw table of a year, checking presence and columns.

    Parameters
    ----------
    raw_dir : Path
        ``data/raw/<tahun>``.
    specs : tuple of TableSpec
        Tables to read; optional tables that are absent are skipped.
    label_root : Path, optional
        Folder that file names in messages are shown relative to.

    Returns
    -------
    dict
        Table name to text frame (see :func:`lkjip.io.read_raw_csv`).

    Raises
    ------
    DataError
        Listing every missing required file, unreadable file and bad header.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise DataError([Problem(str(raw_dir), "folder data mentah tidak ditemukan")])
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    for spec in specs:
        path = raw_dir / spec.filename
        label = _label(path, label_root)
        if not os.path.lexists(path):
            if spec.required:
                problems.append(Problem(label, f"berkas wajib tidak ditemukan ({spec.judul}: {spec.uraian})"))
            continue
        try:
            df = read_raw_csv(path, label, batas_baris=batas_baris(spec.name), batas_ukuran=BATAS_UKURAN["csv"])
        except DataError as exc:
            problems += exc.problems
            continue
        col_problems = check_columns(df, spec, label)
        problems += col_problems
        if not col_problems:
            frames[spec.name] = lengkapi_kolom(df, spec)
    known = {s.filename for s in specs}
    for extra in sorted(p.name for p in raw_dir.glob("*.csv") if p.name not in known):
        problems.append(Problem(_label(raw_dir / extra, label_root), "berkas tidak dikenal; ganti nama atau pindahkan"))
    if problems:
        raise DataError(problems)
    return frames


def data_workbooks(raw_dir: Path) -> list[Path]:
    """Excel workbooks in a raw folder (Excel's ``~$`` lock files are ignored)."""
    return sorted(p for p in Path(raw_dir).glob("*.xlsx") if not p.name.startswith("~$"))


def read_raw(raw_dir: Path, specs: tuple[TableSpec, ...] = SPECS,
             label_root: Path | None = None) -> tuple[dict[str, pd.DataFrame], dict[str, str], dict[str, str]]:
    """Read a year's raw tables from its CSV files or from its one Excel workbook.

    Returns
    -------
    (dict, dict, dict)
        Table name → text frame; table name → label for messages (file, and sheet for
        a workbook); table name → file name in ``raw_dir`` (for the sha256 manifest).

    Raises
    ------
    DataError
        When the folder holds both CSV files and a workbook, or several workbooks, and
        for every problem :func:`read_raw_dir` or the workbook reader finds.
    """
    from .workbook import read_workbook

    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise DataError([Problem(str(raw_dir), "folder data mentah tidak ditemukan")])
    entry_problems = periksa_folder(raw_dir, label_root)
    if entry_problems:
        raise DataError(entry_problems)
    books = data_workbooks(raw_dir)
    csvs = sorted(p.name for p in raw_dir.glob("*.csv"))
    if books and csvs:
        raise DataError([Problem(_label(raw_dir, label_root), "folder berisi berkas CSV dan workbook Excel sekaligus ("
                                 + ", ".join([b.name for b in books] + csvs[:3]) + " …); pakai salah satu saja")])
    if len(books) > 1:
        raise DataError([Problem(_label(raw_dir, label_root), "lebih dari satu workbook Excel: "
                                 + ", ".join(b.name for b in books) + "; sisakan satu")])
    if books:
        book = books[0]
        frames = read_workbook(book, _label(book, label_root), specs)
        labels = {n: label_tabel(raw_dir, book.name, n, label_root) for n in frames}
        berkas = {n: book.name for n in frames}
    else:
        frames = read_raw_dir(raw_dir, specs, label_root)
        labels = {n: label_tabel(raw_dir, f"{n}.csv", n, label_root) for n in frames}
        berkas = {n: f"{n}.csv" for n in frames}
    problems = periksa_panjang_teks(frames, labels, _label(raw_dir, label_root))
    if problems:
        raise DataError(problems)
    return frames, labels, berkas


def periksa_panjang_teks(frames: dict[str, pd.DataFrame], labels: dict[str, str], folder: str) -> list[Problem]:
    """Cells longer than :data:`~lkjip.tables.BATAS_TEKS_SEL` characters, and all text beyond :data:`~lkjip.tables.BATAS_TEKS_MENTAH`.

    The report prints the raw text; these limits keep every accepted input within the
    run's time and memory budget (the row limits alone do not: one row may hold a long text).

    Parameters
    ----------
    frames : dict
        Table name to raw frame (with ``_baris``).
    labels : dict
        Table name to its label in messages.
    folder : str
        The raw folder, as named in messages.

    Returns
    -------
    list of Problem
        One per cell that is too long (file, row, column), or one naming the tables with
        the most text when the total is too large.
    """
    def ribuan(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    problems: list[Problem] = []
    per_tabel: dict[str, int] = {}
    for name, df in frames.items():
        total = 0
        for col in df.columns:
            if col == ROW_COL:
                continue
            for line, value in zip(df[ROW_COL], df[col]):
                n = len(value) if isinstance(value, str) else len(str(value))
                total += n
                if n > BATAS_TEKS_SEL:
                    problems.append(Problem(labels.get(name, name), f"teks terlalu panjang ({ribuan(n)} karakter; "
                                            f"paling banyak {ribuan(BATAS_TEKS_SEL)} karakter per sel)",
                                            baris=int(line), kolom=col, nilai=str(value)[:40] + "…"))
        per_tabel[name] = total
    jumlah = sum(per_tabel.values())
    if not problems and jumlah > BATAS_TEKS_MENTAH:
        terbesar = sorted(per_tabel.items(), key=lambda kv: -kv[1])[:3]
        rincian = ", ".join(f"{labels.get(n, n)} {ribuan(v)}" for n, v in terbesar)
        problems.append(Problem(folder, f"seluruh tabel data mentah memuat {ribuan(jumlah)} karakter; paling banyak "
                                        f"{ribuan(BATAS_TEKS_MENTAH)} karakter (terbanyak: {rincian}); laporan LKjIP "
                                        "memuat ringkasan, bukan data rinci"))
    return problems


def label_tabel(raw_dir: Path, berkas: str, name: str, label_root: Path | None = None) -> str:
    """The label of raw table ``name`` in messages: its CSV file, or the workbook and its sheet.

    Examples
    --------
    >>> label_tabel(Path("/data/raw/2024"), "sasaran.csv", "sasaran", Path("/data"))
    'raw/2024/sasaran.csv'
    >>> label_tabel(Path("/data/raw/2024"), "data.xlsx", "sasaran", Path("/data"))
    'raw/2024/data.xlsx [lembar sasaran]'
    """
    label = _label(Path(raw_dir) / berkas, label_root)
    return label if berkas == f"{name}.csv" else f"{label} [lembar {name}]"


def _label(path: Path, root: Path | None) -> str:
    if root is None:
        return str(path)
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


def _berkas_lembar(berkas: str, tabel: str) -> str:
    """The inventory's ``berkas`` of a table read from a file of another name (a workbook sheet).

    Examples
    --------
    >>> _berkas_lembar("data-2025.xlsx", "t2_1_indikator")
    'data-2025.xlsx [t2_1_indikator]'
    """
    return f"{berkas} [{tabel}]"


def inventory(raw_dir: Path, frames: dict[str, pd.DataFrame], manifest: dict[str, str],
              specs: tuple[TableSpec, ...] = SPECS, berkas: dict[str, str] | None = None,
              narasi: bool = True) -> pd.DataFrame:
    """One row per raw file: source table, size, digest and whether it matches the manifest.

    With ``narasi`` (the default) every ``narasi/*.md`` file has a row too
    (``tabel`` "Narasi", ``baris`` its line count, ``kolom`` blank).

    Returns
    -------
    DataFrame
        Columns ``berkas, tabel, uraian, baris, kolom, sha256, sha256_manifest, cocok``.
        ``berkas`` maps a table to its file (``<name>.csv`` by default; the workbook's
        name for every sheet of a workbook, shown as ``data.xlsx [sheet]``).
    """
    rows = []
    digests: dict[str, str] = {}
    for spec in specs:
        if spec.name not in frames:
            continue
        fname = (berkas or {}).get(spec.name, spec.filename)
        if fname not in digests:
            digests[fname] = sha256_file(Path(raw_dir) / fname)
        digest = digests[fname]
        recorded = manifest.get(fname)
        rows.append({
            "berkas": fname if fname == spec.filename else _berkas_lembar(fname, spec.name),
            "tabel": spec.judul,
            "uraian": spec.uraian,
            "baris": len(frames[spec.name]),
            "kolom": len(spec.columns),
            "sha256": digest,
            "sha256_manifest": recorded,
            "cocok": recorded == digest,
        })
    for path in narasi_files(raw_dir) if narasi else []:
        fname = f"{NARASI}/{path.name}"
        rows.append(_baris_narasi(fname, read_bytes_checked(path, fname, BATAS_UKURAN["md"]), manifest))
    return pd.DataFrame(rows, columns=list(KOLOM_INVENTARIS), dtype=object)  # the columns also without a row (no narasi)


def _baris_narasi(fname: str, data: bytes, manifest: dict[str, str]) -> dict:
    """The inventory row of a narasi file from its bytes (:func:`inventory`)."""
    digest = hashlib.sha256(data).hexdigest()
    recorded = manifest.get(fname)
    return {"berkas": fname, "tabel": TABEL_NARASI, "uraian": "Narasi Markdown", "baris": len(data.splitlines()),
            "kolom": None, "sha256": digest, "sha256_manifest": recorded, "cocok": recorded == digest}


def tanpa_narasi(inv: pd.DataFrame) -> pd.DataFrame:
    """The inventory rows of the data files (the narasi files' rows left out): what ``01_ingest`` publishes.

    Examples
    --------
    >>> inv = pd.DataFrame({"berkas": ["a.csv", "narasi/n.md"], "tabel": ["A", TABEL_NARASI]})
    >>> tanpa_narasi(inv)["berkas"].tolist()
    ['a.csv']
    """
    return inv[inv["tabel"] != TABEL_NARASI].reset_index(drop=True)


def narasi_terperiksa(raw_dir: Path, label_root: Path | None = None) -> tuple[dict[str, str], pd.DataFrame]:
    """The narasi texts and their inventory, checked against the manifest: what ``07_laporan`` reads and publishes.

    Checks the folder's entries (:func:`periksa_folder`), reads each narasi file once as
    :func:`read_narasi` does (plain, size limit, UTF-8) and hashes those same bytes for
    the inventory, reads the README and compares each narasi file with its manifest row.
    The report stage, which reads the narasi, checks it: a narasi change re-runs that
    stage only.

    Returns
    -------
    tuple
        File stem → Markdown text (:func:`read_narasi`), and the inventory rows (the
        columns of :func:`inventory`), one per ``narasi/*.md`` file.

    Raises
    ------
    DataError
        For a link or special file in the folder, an unreadable narasi file or README, and
        for each narasi file missing from the manifest or different from its row.
    """
    raw_dir = Path(raw_dir)
    masalah = periksa_folder(raw_dir, label_root)  # links and special files anywhere, as the whole check does
    if masalah:
        raise DataError(masalah)
    dibaca: dict[str, bytes] = {}
    teks = read_narasi(raw_dir, label_root, dibaca)
    text, label = baca_readme(raw_dir, label_root)
    manifest = parse_manifest(text)
    inv = pd.DataFrame([_baris_narasi(f, data, manifest) for f, data in dibaca.items()],
                       columns=list(KOLOM_INVENTARIS), dtype=object)
    check_inventory(inv, label)
    return teks, inv


def check_inventory(inv: pd.DataFrame, readme_label: str) -> None:
    """Raise when a raw file is missing from the manifest or differs from it.

    Raises
    ------
    DataError
        Naming each file; the remedy (``lkjip manifest``) is in the message.
    """
    problems = []
    for row in inv.itertuples():
        if not isinstance(row.sha256_manifest, str):
            problems.append(Problem(row.berkas, f"tidak tercatat di manifest {readme_label}; tambahkan barisnya "
                                                "lalu jalankan 'lkjip manifest'"))
        elif not row.cocok:
            problems.append(Problem(row.berkas, f"isi berkas berubah sejak dicatat di {readme_label} "
                                                f"(sha256 {row.sha256[:12]}… ≠ {row.sha256_manifest[:12]}…); data mentah "
                                                "tidak boleh diubah diam-diam — bila perubahan disengaja, jalankan "
                                                "'lkjip manifest' untuk mencatatnya"))
    if problems:
        raise DataError(problems)


# ------------------------------------------------------------------ read once: the verified raw data

@dataclass(frozen=True)
class Mentah:
    """A year's raw data as read, once: the cells of every table and the inventory of the files.

    Parameters
    ----------
    tabel : dict
        Raw table name → frame of the cells as read (:func:`read_raw`).
    label : dict
        Raw table name → label for messages (file, and sheet for a workbook).
    berkas : dict
        Raw table name → file name in the raw folder.
    inventaris : DataFrame
        One row per raw file (:func:`inventory`): sha256 against the manifest.
    readme : str
        Label of the manifest (``README.md``) for messages.
    """

    tabel: dict[str, pd.DataFrame]
    label: dict[str, str]
    berkas: dict[str, str]
    inventaris: pd.DataFrame
    readme: str


def baca_readme(raw_dir: Path, label_root: Path | None = None) -> tuple[str, str]:
    """The manifest README of a raw folder: ``(text, label)``, read as a raw file (plain, size limit, UTF-8).

    Raises
    ------
    DataError
        When the README is missing, not a plain file, too large or not UTF-8.
    """
    readme = Path(raw_dir) / "README.md"
    label = _label(readme, label_root)
    if not os.path.lexists(readme):
        raise DataError([Problem(label, "README.md dengan tabel manifest (berkas, sumber, isi, sha256) tidak ada")])
    data = read_bytes_checked(readme, label, BATAS_UKURAN["README.md"])
    try:
        return data.decode("utf-8-sig"), label
    except UnicodeDecodeError as exc:
        raise DataError([Problem(label, "berkas bukan teks UTF-8; simpan ulang sebagai UTF-8",
                                 baris=data[: exc.start].count(b"\n") + 1)]) from None


def baca_mentah(raw_dir: Path, label_root: Path | None = None) -> Mentah:
    """Read a year's raw data once: every table, the narasi files and the manifest, with the inventory.

    The inventory is not judged here: :func:`check_inventory` refuses a file that
    differs from its manifest row.

    Parameters
    ----------
    raw_dir : Path
        ``data/raw/<tahun>``.
    label_root : Path, optional
        Folder that file names in messages are shown relative to.

    Raises
    ------
    DataError
        For every problem of the folder, the tables (:func:`read_raw`), the narasi
        files (:func:`read_narasi`) and the README.
    """
    raw_dir = Path(raw_dir)
    frames, labels, berkas = read_raw(raw_dir, label_root=label_root)
    read_narasi(raw_dir, label_root)
    text, readme_label = baca_readme(raw_dir, label_root)
    inv = inventory(raw_dir, frames, parse_manifest(text), berkas=berkas)
    return Mentah(frames, labels, berkas, inv, readme_label)


#: How a raw cell's Python type is kept in the snapshot (a workbook gives numbers as numbers).
_JENIS_SEL = {str: "teks", int: "bulat", float: "pecahan", Decimal: "desimal"}
_DARI_TEKS = {"teks": str, "bulat": int, "pecahan": float, "desimal": Decimal}


def _sel(v: object) -> tuple[str, str]:
    jenis = _JENIS_SEL.get(type(v))
    if jenis is None:
        raise TypeError(f"sel data mentah bertipe {type(v).__name__}: {v!r}")
    return jenis, repr(v) if jenis == "pecahan" else str(v)


def _sidik_sel(rows) -> str:
    """sha256 of a table's snapshot cells ``(baris, kolom, jenis, nilai)``, in order (canonical JSON lines)."""
    h = hashlib.sha256()
    for r in rows:
        h.update(json.dumps([int(r[0]), r[1], r[2], r[3] or ""], ensure_ascii=False).encode("utf-8") + b"\n")
    return h.hexdigest()


def salinan(m: Mentah) -> dict[str, pd.DataFrame]:
    """The verified snapshot of the raw data that the clean stage reads instead of the raw files.

    ``mentah`` holds every cell as read (table, source line, column, Python type,
    value as text: exact, so a workbook's numbers come back as the same numbers);
    ``mentah_sidik`` holds per table its file, row count, columns, the file's sha256
    (checked against the manifest by :func:`check_inventory`) and the sha256 of its
    cells (:func:`dari_salinan` checks it).

    Examples
    --------
    >>> df = pd.DataFrame({"a": ["x", 1.5], ROW_COL: [2, 3]}, dtype=object)
    >>> m = Mentah({"t": df}, {"t": "t.csv"}, {"t": "t.csv"}, pd.DataFrame({"berkas": ["t.csv"], "sha256": ["ab"]}), "")
    >>> s = salinan(m)
    >>> s["mentah"].values.tolist()
    [['t', 2, 'a', 'teks', 'x'], ['t', 3, 'a', 'pecahan', '1.5']]
    >>> dari_salinan(s, Path("."))[0]["t"].values.tolist() == df.values.tolist()
    True
    """
    digest = dict(zip(m.inventaris["berkas"], m.inventaris["sha256"]))
    cells, sidik = [], []
    for name, df in m.tabel.items():
        cols = [c for c in df.columns if c != ROW_COL]
        rows = [(int(line), col, *_sel(v)) for line, values in zip(df[ROW_COL], df[cols].itertuples(index=False))
                for col, v in zip(cols, values)]
        cells += [(name, *r) for r in rows]
        berkas = m.berkas[name]
        sha = digest.get(berkas, digest.get(_berkas_lembar(berkas, name)))
        sidik.append((name, berkas, len(df), ",".join(cols), sha, _sidik_sel(rows)))
    return {"mentah": pd.DataFrame(cells, columns=["tabel", "baris", "kolom", "jenis", "nilai"], dtype=object),
            "mentah_sidik": pd.DataFrame(sidik, columns=["tabel", "berkas", "baris", "kolom", "sha256_berkas", "sha256_sel"],
                                         dtype=object)}


def dari_salinan(t: dict[str, pd.DataFrame], raw_dir: Path,
                 label_root: Path | None = None) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The raw tables from the snapshot of :func:`salinan`, after checking the sha256 of each table's cells.

    Parameters
    ----------
    t : dict
        The processed tables ``mentah`` and ``mentah_sidik`` (as read back).
    raw_dir : Path
        The raw folder the snapshot was taken from: messages name its files
        (:func:`label_tabel`), as if they had been read again; nothing is read there.
    label_root : Path, optional
        Folder that file names in messages are shown relative to.

    Returns
    -------
    (dict, dict)
        Raw table name → frame (the same cells, types and columns as :func:`read_raw`
        gave), and raw table name → label for messages.

    Raises
    ------
    DataError
        When a table's cells differ from the sha256 recorded beside them (the snapshot
        was changed after the ingest stage verified it), or a table is missing.
    """
    cells, sidik = t["mentah"], t["mentah_sidik"]
    per_tabel: dict[str, list[tuple]] = {}
    for r in cells.itertuples(index=False):
        per_tabel.setdefault(r.tabel, []).append((r.baris, r.kolom, r.jenis, r.nilai or ""))
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    labels: dict[str, str] = {}
    for r in sidik.itertuples(index=False):
        rows = per_tabel.pop(r.tabel, [])
        label = label_tabel(raw_dir, r.berkas, r.tabel, label_root)
        if _sidik_sel(rows) != r.sha256_sel:
            problems.append(Problem(label, f"salinan data mentah (mentah.csv) tidak sama dengan yang diperiksa tahap "
                                             f"ingest (sha256 sel {_sidik_sel(rows)[:12]}… ≠ {r.sha256_sel[:12]}…); "
                                             "jalankan ulang pipeline"))
            continue
        cols = r.kolom.split(",")
        values = [_DARI_TEKS[jenis](nilai) for _, _, jenis, nilai in rows]
        lines = [baris for baris, _, _, _ in rows[::len(cols)]]
        data = {c: values[i::len(cols)] for i, c in enumerate(cols)}
        if len(lines) != r.baris or any(k != cols[i % len(cols)] for i, (_, k, _, _) in enumerate(rows)):
            problems.append(Problem(label, "salinan data mentah (mentah.csv) tidak utuh; jalankan ulang pipeline"))
            continue
        df = pd.DataFrame(data, columns=cols, dtype=object)
        df[ROW_COL] = lines  # as the readers give it
        frames[r.tabel] = df
        labels[r.tabel] = label
    problems += [Problem("mentah.csv", f"tabel '{n}' tidak tercatat di mentah_sidik.csv") for n in sorted(per_tabel)]
    if problems:
        raise DataError(problems)
    return frames, labels


#: Largest logo file accepted (a cover logo needs far less).
BATAS_LOGO = 2 * 2 ** 20
_SVG_TERLARANG = re.compile(r"<\s*(script|foreignObject|iframe|embed|object)\b|<!(ENTITY|DOCTYPE)|\son\w+\s*=|"
                            r"(href|src)\s*=\s*[\"'](?!#|data:image/)|url\(\s*[\"']?(?!#)", re.I)


def baca_logo(raw_dir: Path, nama: str, label_root: Path | None = None) -> tuple[bytes, str]:
    """Read and check the instansi logo (``instansi.logo``) like a raw file; return ``(bytes, mime type)``.

    The file must lie inside the raw folder, be a plain file (no symlink) within
    :data:`BATAS_LOGO`, and be what its name says: a PNG (its signature) or an SVG
    (UTF-8 text whose root is ``<svg``) without scripts, event handlers, entities or
    references to anything outside itself (only ``#id`` and ``data:image/`` links), so
    embedding it in the report fetches nothing and runs nothing.

    Raises
    ------
    DataError
        Naming the file and what is wrong with it.
    """
    raw_dir = Path(raw_dir)
    path = raw_dir / nama
    label = _label(path, label_root)
    if not os.path.lexists(path):
        raise DataError([Problem(label, "berkas logo (instansi.logo) tidak ditemukan")])
    try:
        inside = path.resolve().is_relative_to(raw_dir.resolve())
    except OSError:
        inside = False
    if not inside:
        raise DataError([Problem(label, "berkas logo harus berada di dalam folder data mentah")])
    data = read_bytes_checked(path, label, BATAS_LOGO)
    if path.suffix.lower() == ".png":
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            raise DataError([Problem(label, "berkas logo .png bukan gambar PNG")])
        return data, "image/png"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError([Problem(label, "berkas logo .svg bukan teks UTF-8")]) from None
    body = re.sub(r"<\?xml[^>]*\?>|<!--.*?-->", "", text, flags=re.S).lstrip()
    if not re.match(r"<svg[\s>]", body):
        raise DataError([Problem(label, "berkas logo .svg tidak berisi gambar SVG (elemen akar <svg>)")])
    bad = _SVG_TERLARANG.search(text)
    if bad:
        raise DataError([Problem(label, f"berkas logo .svg memuat '{bad.group(0).strip()[:40]}': skrip, entitas "
                                        "atau rujukan ke luar berkas tidak diizinkan")])
    return data, "image/svg+xml"
