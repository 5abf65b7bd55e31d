"""File input/output: raw CSV reading, deterministic processed CSV, atomic writes.

Processed tables are written as UTF-8 CSV with ``.`` as decimal mark, exact values
(no rounding), ``\\n`` line endings and a fixed row order, so the same inputs give
byte-identical files. The type of every column is recorded in ``skema.json`` beside
the tables so that later stages read numbers back as exact ``Decimal``/``int``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .errors import DataError, Problem

ROW_COL = "_baris"


def sha256_file(path: Path) -> str:
    """Return the hex sha256 digest of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def detect_delimiter(header_line: str) -> str:
    """Return ``;`` when the header line is semicolon separated, else ``,``."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_raw_csv(path: Path, label: str | None = None) -> pd.DataFrame:
    """Read a raw CSV as text, keeping every value exactly as written.

    Parameters
    ----------
    path : Path
        The CSV file: UTF-8 (a BOM is accepted), comma or semicolon separated
        (detected from the header line), optional double-quote quoting.
    label : str, optional
        Name used in error messages (defaults to the file name).

    Returns
    -------
    DataFrame
        All columns as ``str`` (blank cells as ``""``), plus ``_baris``: the line
        number of each row in the file (the header is line 1).

    Raises
    ------
    DataError
        For a file that is not UTF-8, is empty, has a blank or duplicate header,
        or has a row with the wrong number of fields.
    """
    label = label or Path(path).name
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(label, "berkas bukan teks UTF-8; simpan ulang sebagai 'CSV UTF-8'", baris=line)]) from None
    if not text.strip():
        raise DataError([Problem(label, "berkas kosong; baris pertama harus berisi nama kolom")])
    first = text.splitlines()[0]
    delim = detect_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, quotechar='"', strict=True)
    problems: list[Problem] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        header = [h.strip() for h in next(reader)]
        for row in reader:
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(header):
                problems.append(Problem(
                    label,
                    f"jumlah kolom {len(row)}, diharapkan {len(header)} (pemisah '{delim}'; "
                    "teks yang memuat pemisah harus diapit tanda kutip)",
                    baris=reader.line_num,
                ))
                continue
            rows.append([c.strip() for c in row])
            lines.append(reader.line_num)
    except csv.Error as exc:
        problems.append(Problem(label, f"CSV rusak: {exc}", baris=reader.line_num))
    for i, h in enumerate(header):
        if not h:
            problems.append(Problem(label, f"nama kolom ke-{i + 1} kosong", baris=1))
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    for h in dupes:
        problems.append(Problem(label, "nama kolom ganda", baris=1, kolom=h))
    if problems:
        raise DataError(problems)
    df = pd.DataFrame(rows, columns=header, dtype=object)
    df[ROW_COL] = lines
    return df


def _cell(v: object) -> str:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return ""
    if isinstance(v, Decimal):
        if v == v.to_integral_value():
            return str(int(v))
        return format(v.normalize(), "f")
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _kind(series: pd.Series) -> str:
    vals = [v for v in series if not (v is None or v is pd.NA or (isinstance(v, float) and v != v))]
    if vals and all(isinstance(v, Decimal) for v in vals):
        return "desimal"
    if vals and all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        return "bulat"
    if vals and all(isinstance(v, bool) for v in vals):
        return "logika"
    return "teks"


def frame_to_csv(df: pd.DataFrame) -> str:
    """Render a frame deterministically: exact decimals, blank for missing, ``\\n`` endings.

    A text holding a carriage return is quoted like one holding a line feed (the csv
    module quotes only the characters of its line terminator, so each row is written
    with ``\\r\\n`` and its final terminator replaced by ``\\n``).

    Examples
    --------
    >>> frame_to_csv(pd.DataFrame({"a": ["x\\ry", "z"]}))
    'a\\n"x\\ry"\\nz\\n'
    """
    buf = io.StringIO()
    row_buf = io.StringIO()
    w = csv.writer(row_buf, lineterminator="\r\n")
    for row in [list(df.columns), *([_cell(v) for v in r] for r in df.itertuples(index=False, name=None))]:
        row_buf.seek(0)
        row_buf.truncate()
        w.writerow(row)
        buf.write(row_buf.getvalue()[:-2] + "\n")
    return buf.getvalue()


def write_tables(directory: Path, tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Write processed tables and their ``skema.json`` atomically.

    Parameters
    ----------
    directory : Path
        Output folder (created if needed).
    tables : dict
        Table name to frame; each becomes ``<name>.csv``.

    Returns
    -------
    dict
        The schema written: table name to column name to kind
        (``desimal``, ``bulat``, ``logika``, ``teks``).
    """
    directory = Path(directory)
    schema_path = directory / "skema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8")) if schema_path.exists() else {}
    for name, df in tables.items():
        write_text_atomic(directory / f"{name}.csv", frame_to_csv(df))
        schema[name] = {col: _kind(df[col]) for col in df.columns}
    write_text_atomic(schema_path, json.dumps(schema, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return {name: schema[name] for name in tables}


def read_table(directory: Path, name: str) -> pd.DataFrame:
    """Read a processed table back with exact types from ``skema.json``.

    Parameters
    ----------
    directory : Path
        Processed folder of a year.
    name : str
        Table name (file stem).

    Returns
    -------
    DataFrame
        ``desimal`` columns hold :class:`~decimal.Decimal` or ``None``, ``bulat``
        columns ``int`` or ``None``, text columns ``str`` (``None`` when blank).
    """
    directory = Path(directory)
    schema = json.loads((directory / "skema.json").read_text(encoding="utf-8")).get(name)
    if schema is None:
        raise FileNotFoundError(f"tabel '{name}' tidak ada di {directory / 'skema.json'}")
    df = pd.read_csv(directory / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    df = df.astype(object)
    conv = {
        "desimal": lambda s: Decimal(s) if s != "" else None,
        "bulat": lambda s: int(s) if s != "" else None,
        "logika": lambda s: (s == "true") if s != "" else None,
        "teks": lambda s: s if s != "" else None,
    }
    out = {col: pd.Series([conv[kind](v) for v in df[col]], dtype=object, index=df.index)
           for col, kind in schema.items()}
    return pd.DataFrame(out, columns=list(df.columns), dtype=object)


def read_tables(directory: Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read several processed tables (all of ``skema.json`` when ``names`` is None)."""
    schema = json.loads((Path(directory) / "skema.json").read_text(encoding="utf-8"))
    return {n: read_table(directory, n) for n in (names or sorted(schema))}
