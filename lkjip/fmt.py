"""Display rounding and Indonesian number formatting (Babel ``id`` locale).

Computation is exact everywhere else; these helpers are the only place values are
rounded, and only for display: ``ROUND_HALF_UP`` to a fixed number of decimals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

TIDAK_TERSEDIA = "data tidak tersedia"
#: Short form of *data tidak tersedia* in table cells and charts (explained in a note under each table using it).
TA = "t.a."
#: Nil (nothing to show in this cell, e.g. a target in a total row), as in Indonesian statistics tables.
NIHIL = "–"
#: Minus sign of every negative number shown (U+2212), also before ``Rp``: ``−Rp 1.180.000``.
MINUS = "\u2212"
#: Non-breaking space between ``Rp`` and its amount (never split at a line end).
NBSP = "\u00a0"


def bulatkan(value: Decimal | int | None, desimal: int = 2) -> Decimal | None:
    """Round half-up to ``desimal`` places (``None`` stays ``None``).

    Examples
    --------
    >>> bulatkan(Decimal("126.40625"))
    Decimal('126.41')
    >>> bulatkan(Decimal("90.005"))
    Decimal('90.01')
    """
    if value is None:
        return None
    q = Decimal(1).scaleb(-desimal)
    return Decimal(value).quantize(q, rounding=ROUND_HALF_UP)


def angka(value: Decimal | int | None, desimal: int = 2, kosong: str = TIDAK_TERSEDIA) -> str:
    """Format a number the Indonesian way: ``1.234.567.890`` or ``12,34``.

    Parameters
    ----------
    value : Decimal, int or None
        The exact value.
    desimal : int
        Decimal places shown (after half-up rounding); integers are shown without.
    kosong : str
        Text for a missing value.
    """
    if value is None:
        return kosong
    if isinstance(value, int) or desimal == 0:
        text = format_decimal(bulatkan(value, 0), format="#,##0", locale="id")
    else:
        text = format_decimal(bulatkan(value, desimal), format="#,##0." + "0" * desimal, locale="id")
    if text.startswith("-"):
        text = MINUS + text[1:] if text.strip("-0,.") else text[1:]  # −1,50; never "−0,00"
    return text


def ukuran(value: Decimal | int | None, desimal: int = 2, kosong: str = TIDAK_TERSEDIA) -> str:
    """A target or realisasi in its unit: a whole value (a count) without decimals, otherwise ``desimal``.

    Examples
    --------
    >>> ukuran(Decimal("34")), ukuran(Decimal("5.6")), ukuran(None, kosong="-")
    ('34', '5,60', '-')
    """
    if value is None:
        return kosong
    if isinstance(value, int) or Decimal(value) == Decimal(value).to_integral_value():
        return angka(value, 0)
    return angka(value, desimal)


def durasi(detik: float) -> str:
    """A duration in seconds with one decimal, the Indonesian way (terminal messages, provenance page).

    Examples
    --------
    >>> durasi(0.94), durasi(75), durasi(1234.56)
    ('0,9 dtk', '75,0 dtk', '1.234,6 dtk')
    """
    return angka(Decimal(f"{float(detik):.1f}"), 1) + " dtk"


def persen(value: Decimal | None, desimal: int = 2, kosong: str = TIDAK_TERSEDIA) -> str:
    """Format a percentage: ``12,34%``."""
    return kosong if value is None else angka(value, desimal) + "%"


def rupiah(value: Decimal | int | None, kosong: str = TIDAK_TERSEDIA) -> str:
    """Format a Rupiah amount without decimals: ``Rp 1.234.567.890``, negative ``−Rp 1.180.000``.

    The space after ``Rp`` is non-breaking, so the amount never starts a new line.

    Examples
    --------
    >>> rupiah(Decimal("-1180000")).replace(NBSP, " ")
    '−Rp 1.180.000'
    """
    if value is None:
        return kosong
    text = angka(value, 0)
    if text.startswith(MINUS):
        return MINUS + "Rp" + NBSP + text[1:]
    return "Rp" + NBSP + text


def tabel(df, persen_cols=(), angka_cols=(), rupiah_cols=(), desimal: int = 2, kosong: str = TA):
    """A display copy of ``df`` with numbers formatted the Indonesian way.

    Parameters
    ----------
    df : DataFrame
        Frame with exact values.
    persen_cols, angka_cols, rupiah_cols : sequence of str
        Columns to format as ``12,34%``, ``56,78`` and ``Rp 1.234.567.890``.
    desimal : int
        Decimal places for percentages and numbers.
    kosong : str
        Text shown for a missing value.

    Every other missing cell shows as an empty string, never ``None`` or ``NaN``.

    Examples
    --------
    >>> import pandas as pd
    >>> tabel(pd.DataFrame({"a": [None, "x"], "b": [Decimal("1.5"), None]}), angka_cols=["b"]).values.tolist()
    [['', '1,50'], ['x', 't.a.']]
    """
    out = df.copy()
    for c in out.columns:
        if c not in (*persen_cols, *angka_cols, *rupiah_cols):
            out[c] = ["" if v is None or (isinstance(v, float) and v != v) else v for v in out[c]]
    for c in persen_cols:
        out[c] = [persen(v, desimal, kosong) for v in df[c]]
    for c in angka_cols:
        out[c] = [angka(v, desimal, kosong) if not isinstance(v, int) else angka(v, 0, kosong) for v in df[c]]
    for c in rupiah_cols:
        out[c] = [rupiah(v, kosong) for v in df[c]]
    return out


def tanggal(value) -> str:
    """Format a date in Indonesian: ``10 Januari 2025``.

    Examples
    --------
    >>> import datetime
    >>> tanggal(datetime.date(2025, 1, 10))
    '10 Januari 2025'
    """
    from babel.dates import format_date

    return format_date(value, format="d MMMM y", locale="id")
