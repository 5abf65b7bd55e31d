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
import stat
import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .errors import DataError, Problem
from .katalog import KATALOG, skema
from .tables import ROW_COL  # noqa: F401  (re-exported: one source, lkjip.tables)


def masalah_berkas(path: Path, label: str | None = None) -> Problem | None:
    """Why ``path`` is not a plain readable file of the raw folder, or None when it is.

    Uses ``lstat`` only (nothing is opened, so a FIFO cannot block): a symbolic
    link, a folder, a FIFO, a device or a socket is refused.

    Parameters
    ----------
    path : Path
        The entry to check.
    label : str, optional
        Name used in the message (defaults to the path).
    """
    label = label or str(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return Problem(label, "berkas tidak ditemukan")
    except OSError as exc:
        return Problem(label, f"berkas tidak dapat diperiksa ({exc.strerror})")
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        return Problem(label, "tautan simbolik (symlink) tidak diterima di folder data mentah; "
                              "salin berkas aslinya ke folder ini")
    if stat.S_ISDIR(mode):
        return Problem(label, "berupa folder, bukan berkas; pindahkan atau ganti nama folder itu")
    if not stat.S_ISREG(mode):
        jenis = ("FIFO (pipa bernama)" if stat.S_ISFIFO(mode) else "perangkat" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                 else "soket" if stat.S_ISSOCK(mode) else "bukan berkas biasa")
        return Problem(label, f"bukan berkas biasa ({jenis}); tidak dibaca — simpan datanya sebagai berkas biasa")
    return None


def _open_regular(path: Path, label: str, limit: int | None):
    """Open a plain file for reading without following links or blocking; size-checked."""
    problem = masalah_berkas(path, label)
    if problem is not None:
        raise DataError([problem])
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        raise DataError([Problem(label, "berkas tidak dapat dibaca: izin ditolak (periksa hak akses berkas)")]) from None
    except OSError as exc:
        raise DataError([Problem(label, f"berkas tidak dapat dibuka ({exc.strerror})")]) from None
    fh = os.fdopen(fd, "rb")
    st = os.fstat(fh.fileno())
    if not stat.S_ISREG(st.st_mode):  # replaced between the check and the open
        fh.close()
        raise DataError([Problem(label, "bukan berkas biasa; tidak dibaca")])
    if limit is not None and st.st_size > limit:
        fh.close()
        raise DataError([Problem(label, f"berkas terlalu besar ({_mib(st.st_size)}; batas {_mib(limit)}); "
                                        "lihat bagian 'Keamanan dan batas' di README")])
    return fh


def _mib(n: int) -> str:
    return f"{n / 2 ** 20:.1f} MiB".replace(".", ",") if n >= 2 ** 20 else f"{-(-n // 1024)} KiB"


def read_bytes_checked(path: Path, label: str | None = None, limit: int | None = None) -> bytes:
    """Read a raw file's bytes after checking it is a plain, readable file within ``limit`` bytes.

    Raises
    ------
    DataError
        For a symlink, folder, FIFO, device or socket (never opened), a file that
        cannot be read, or one larger than ``limit``.
    """
    label = label or str(path)
    with _open_regular(Path(path), label, limit) as fh:
        data = fh.read() if limit is None else fh.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise DataError([Problem(label, f"berkas terlalu besar (batas {_mib(limit)})")])
    return data


def sha256_file(path: Path) -> str:
    """Return the hex sha256 digest of a file's bytes.

    Raises
    ------
    DataError
        If ``path`` is not a plain readable file (see :func:`masalah_berkas`).
    """
    h = hashlib.sha256()
    with _open_regular(Path(path), str(path), None) as fh:
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


def _csv_error(exc: csv.Error, delim: str, start: int, end: int) -> str:
    """The csv module's (English) error as a Bahasa Indonesia message.

    ``start`` is the line on which the broken record begins, ``end`` the line the
    reader had reached: a quote opened on ``start`` and not closed there swallows the
    following lines.
    """
    text = str(exc)
    if "unexpected end of data" in text or "EOF" in text:
        return (f"tanda kutip (\") yang dibuka di baris {start} tidak pernah ditutup; tutup kutipnya "
                "atau hapus tanda kutip yang berlebih")
    if "expected after" in text and end > start:
        return (f"tanda kutip (\") yang dibuka di baris {start} tidak pernah ditutup di baris itu (teks terbaca "
                f"sampai baris {end}); tutup kutipnya atau hapus tanda kutip yang berlebih")
    if "expected after" in text:
        return (f"sesudah tanda kutip penutup harus ada pemisah '{delim}'; tanda kutip di dalam teks "
                "ditulis ganda (\"\")")
    if "field larger than field limit" in text:
        return "satu sel terlalu panjang (lebih dari 131.072 karakter); periksa tanda kutip yang tidak ditutup"
    if "NUL" in text:
        return "berkas memuat karakter NUL; simpan ulang sebagai teks CSV UTF-8"
    return f"CSV rusak ({text})"


def read_raw_csv(path: Path, label: str | None = None, batas_baris: int | None = None,
                 batas_ukuran: int | None = None) -> pd.DataFrame:
    """Read a raw CSV as text, keeping every value exactly as written.

    Parameters
    ----------
    path : Path
        The CSV file: UTF-8 (a BOM is accepted), comma or semicolon separated
        (detected from the header line), optional double-quote quoting.
    label : str, optional
        Name used in error messages (defaults to the file name).
    batas_baris : int, optional
        Most data rows accepted; reading stops with an error at the first row beyond it.
    batas_ukuran : int, optional
        Largest file accepted, in bytes.

    Returns
    -------
    DataFrame
        All columns as ``str`` (blank cells as ``""``), plus ``_baris``: the line
        number of each row in the file (the header is line 1).

    Raises
    ------
    DataError
        For a file that is not a plain readable file (symlink, folder, FIFO...), is
        too large, is not UTF-8, is empty, has a blank or duplicate header, has too
        many columns or rows, has an unclosed quote, or has a row with the wrong
        number of fields.
    """
    from .tables import BATAS_KOLOM

    label = label or Path(path).name
    raw = read_bytes_checked(Path(path), label, batas_ukuran)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(label, f"berkas bukan teks UTF-8 (bita ke-{exc.start + 1} tidak sah); simpan ulang "
                                        "sebagai 'CSV UTF-8'", baris=line)]) from None
    if not text.strip():
        raise DataError([Problem(label, "berkas kosong; baris pertama harus berisi nama kolom")])
    first = text.splitlines()[0]
    delim = detect_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, quotechar='"', strict=True)
    problems: list[Problem] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] = []
    start = 1
    try:
        header = [h.strip() for h in next(reader)]
        if len(header) > BATAS_KOLOM:
            raise DataError([Problem(label, f"{len(header)} kolom; paling banyak {BATAS_KOLOM} kolom", baris=1)])
        start = reader.line_num + 1
        for row in reader:
            if not row or all(not c.strip() for c in row):
                start = reader.line_num + 1
                continue
            if batas_baris is not None and len(rows) >= batas_baris:
                raise DataError([Problem(label, f"lebih dari {batas_baris} baris data; batas tabel ini {batas_baris} "
                                                "baris (lihat bagian 'Keamanan dan batas' di README)",
                                         baris=reader.line_num)])
            if len(row) != len(header):
                problems.append(Problem(
                    label,
                    f"jumlah kolom {len(row)}, diharapkan {len(header)} (pemisah '{delim}'; "
                    "teks yang memuat pemisah harus diapit tanda kutip)",
                    baris=reader.line_num,
                ))
                start = reader.line_num + 1
                continue
            rows.append([c.strip() for c in row])
            lines.append(reader.line_num)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(label, _csv_error(exc, delim, start, reader.line_num), baris=start))
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


def _blank(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


#: Value types accepted in a column of each declared kind (blank is accepted in every kind).
_COCOK = {
    "desimal": lambda v: isinstance(v, (Decimal, int)) and not isinstance(v, bool),
    "bulat": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "logika": lambda v: isinstance(v, bool),
    "teks": lambda v: True,
}


def periksa_katalog(name: str, df: pd.DataFrame) -> None:
    """Check a table against its declaration in :data:`lkjip.katalog.KATALOG`.

    Raises
    ------
    ValueError
        For a table that is not declared, columns that differ from the declared ones
        (names or order), or a value whose type does not fit its column's kind. These
        are programming errors of a stage, not data errors.
    """
    tabel = KATALOG.get(name)
    if tabel is None:
        raise ValueError(f"tabel '{name}' tidak terdaftar di katalog (lkjip/katalog.py)")
    if list(df.columns) != list(tabel.kolom):
        raise ValueError(f"kolom tabel '{name}' tidak sesuai katalog: ditulis {list(df.columns)}, "
                         f"dideklarasikan {list(tabel.kolom)}")
    for col, kind in tabel.kolom.items():
        bad = [v for v in df[col] if not _blank(v) and not _COCOK[kind](v)]
        if bad:
            raise ValueError(f"tabel '{name}', kolom '{col}' ({kind}): nilai {bad[0]!r} bertipe {type(bad[0]).__name__}")


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
    """Write processed tables, each checked against the catalog, and ``skema.json`` atomically.

    Parameters
    ----------
    directory : Path
        Output folder (created if needed).
    tables : dict
        Table name to frame; each becomes ``<name>.csv``. Every table and column must
        be declared in :data:`lkjip.katalog.KATALOG` (see :func:`periksa_katalog`).

    Returns
    -------
    dict
        The schema of the tables written: table name to column name to kind
        (``desimal``, ``bulat``, ``logika``, ``teks``), as declared in the catalog.
        ``skema.json`` is rewritten from the catalog for every catalog table present
        in ``directory`` (replaced, never merged).
    """
    directory = Path(directory)
    for name, df in tables.items():
        periksa_katalog(name, df)
    for name, df in tables.items():
        write_text_atomic(directory / f"{name}.csv", frame_to_csv(df))
    tulis_skema(directory)
    return skema(tables)


def _jenis(series: pd.Series) -> str:
    vals = [v for v in series if not _blank(v)]
    for kind in ("logika", "bulat", "desimal"):
        if vals and all(_COCOK[kind](v) for v in vals):
            return kind
    return "teks"


def write_tables_lepas(directory: Path, tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Write tables that are not a run's processed tables (the batch rekap) with their ``skema.json``.

    Their columns vary (one per year in the rekap's trend), so they are not in the
    catalog: each column's kind is taken from its values (``desimal``, ``bulat``,
    ``logika``, ``teks``), and ``skema.json`` lists exactly these tables (replaced).
    :func:`read_table` reads them back with those kinds.
    """
    directory = Path(directory)
    for name in tables:  # every name checked before anything is written
        if name in KATALOG:
            raise ValueError(f"tabel '{name}' ada di katalog; tulis dengan write_tables")
    schema = {name: {col: _jenis(df[col]) for col in df.columns} for name, df in tables.items()}
    for name, df in tables.items():
        write_text_atomic(directory / f"{name}.csv", frame_to_csv(df))
    _tulis_skema_json(directory, schema)
    return schema


def _skema_lepas(directory: Path) -> dict[str, dict[str, str]]:
    """The tables outside the catalog that ``skema.json`` of ``directory`` lists (:func:`write_tables_lepas`)."""
    try:
        schema = json.loads((directory / "skema.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {n: k for n, k in schema.items() if n not in KATALOG and isinstance(k, dict)} if isinstance(schema, dict) else {}


def tulis_skema(directory: Path) -> None:
    """Write ``skema.json`` from the catalog for the catalog tables whose CSV is in ``directory``."""
    directory = Path(directory)
    present = [n for n in KATALOG if (directory / f"{n}.csv").is_file()]
    _tulis_skema_json(directory, skema(present))


def _tulis_skema_json(directory: Path, schema: dict[str, dict[str, str]]) -> None:
    """Write ``skema.json`` (table → column → kind) into ``directory`` atomically, replacing it."""
    write_text_atomic(directory / "skema.json", json.dumps(schema, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


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
        Kinds come from the catalog (:data:`lkjip.katalog.KATALOG`):
        ``desimal`` columns hold :class:`~decimal.Decimal` or ``None``, ``bulat``
        columns ``int`` or ``None``, text columns ``str`` (``None`` when blank).
    """
    directory = Path(directory)
    if name in KATALOG:
        schema = KATALOG[name].kolom
    elif name in (lepas := _skema_lepas(directory)):
        schema = lepas[name]
    else:
        raise ValueError(f"tabel '{name}' tidak terdaftar di katalog (lkjip/katalog.py)")
    if not (directory / f"{name}.csv").is_file():
        raise FileNotFoundError(f"tabel '{name}' tidak ada di {directory}")
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
    """Read several processed tables (every catalog table present when ``names`` is None)."""
    directory = Path(directory)
    if names is None:
        names = sorted(n for n in (*KATALOG, *_skema_lepas(directory)) if (directory / f"{n}.csv").is_file())
    return {n: read_table(directory, n) for n in names}


def baca_masukan(directory: Path, tahap: str) -> dict[str, pd.DataFrame]:
    """Read the tables stage ``tahap`` declares as its inputs (:data:`lkjip.tahap.STAGES`).

    A declared input that an earlier stage did not write (an optional table) is left
    out, so ``t.get(name)`` and ``name in t`` keep their meaning.
    """
    from .tahap import STAGE_BY_NAME

    directory = Path(directory)
    return read_tables(directory, sorted(n for n in STAGE_BY_NAME[tahap].masukan if (directory / f"{n}.csv").is_file()))
