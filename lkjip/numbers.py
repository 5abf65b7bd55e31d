"""Parse numbers as Indonesian government documents write them.

Documents mix conventions: ``1.234.567.890,00`` (Indonesian), ``4,321,098,765``
(English), ``2,345, 678,901`` (a stray space), ``Rp. 6,543,210,987,-``, ``12,34%``,
``1.5%`` and ``12, 34%``. Each parser below accepts every form that is unambiguous for
its kind of column and raises :class:`NumberFormatError` for the rest, naming what
was expected. All results are exact (:class:`decimal.Decimal` or ``int``); blank
cells and a lone ``-`` mean "data tidak tersedia" and give ``None``.

Rules
-----
* Whitespace inside a number is ignored (``12, 34`` is ``12,34``).
* With both ``.`` and ``,`` present, the one that occurs last is the decimal mark and
  the other must group digits by three.
* One kind of separator occurring more than once groups thousands (``96.211.050``).
* One separator occurring once is a decimal mark, except when exactly three digits
  follow it: for Rupiah amounts and whole counts that is a thousands separator
  (neither has three decimals); for percentages and other decimals it is ambiguous
  (``1.234`` could be 1234 or 1,234) and refused.
* Only the ASCII digits ``0``-``9`` are digits. Full-width (``１２``) and Arabic-Indic
  (``١٢``) digits are refused on purpose, with a message saying so: they come from an
  input method by mistake, and silently reading them would hide the typo.
* Values are bounded (:data:`BATAS_RUPIAH`, :data:`BATAS_ANGKA`, :data:`BATAS_BILANGAN`,
  :data:`DESIMAL_MAKS`) so that no accepted value can overflow the exact arithmetic
  of later stages (a 28-digit :class:`decimal.Decimal` context).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

EMPTY = {"", "-", "–", "—"}

_NUMBER_CHARS = re.compile(r"-?[0-9.,]+")
_ASCII_DIGITS = frozenset("0123456789")

#: Largest Rupiah amount accepted (in absolute value): 10^18, a million times a
#: province's yearly budget; larger values are typing errors.
#: One hundred, exact: every percentage is ``part / whole × HUNDRED``.
HUNDRED = Decimal(100)

BATAS_RUPIAH = Decimal(10) ** 18
#: Largest percentage, decimal number or target accepted (in absolute value).
BATAS_ANGKA = Decimal(10) ** 12
#: Largest whole count accepted.
BATAS_BILANGAN = 10 ** 12
#: Most decimals of a percentage, decimal number or target (Rupiah: 2).
DESIMAL_MAKS = 6


class NumberFormatError(ValueError):
    """A value that cannot be read as the expected kind of number.

    Parameters
    ----------
    expected : str
        Description, in Bahasa Indonesia, of the accepted form.
    """

    def __init__(self, expected: str):
        self.expected = expected
        super().__init__(expected)


RUPIAH_FORM = "angka Rupiah, mis. 1.234.567.890 / 1.234.567.890,00 / 4,321,098,765 / Rp 1.234.567.890"
PERSEN_FORM = "persentase, mis. 12,34% / 1.5% / 56,78 (pemisah desimal tunggal, tanpa pemisah ribuan yang meragukan)"
ANGKA_FORM = "angka desimal, mis. 12,34 / 20,2 / 1.234,5"
BILANGAN_FORM = "bilangan bulat, mis. 12345 / 12.345"
TARGET_FORM = "angka diikuti satuan, mis. 100% / 3 dok / 7,8% / 78"


def _is_grouped(text: str, sep: str) -> bool:
    return re.fullmatch(r"[0-9]{1,3}(?:" + re.escape(sep) + r"[0-9]{3})+", text) is not None


def _refuse_unicode_digits(text: str, expected: str) -> None:
    """Refuse decimal digits other than ASCII ``0``-``9`` (full-width, Arabic-Indic, Devanagari...)."""
    for ch in text:
        if ch not in _ASCII_DIGITS and unicodedata.category(ch) == "Nd":
            raise NumberFormatError(expected + f" — angka '{ch}' bukan angka 0-9 biasa (angka lebar penuh/Arab "
                                               "tidak diterima); ketik ulang dengan angka 0-9")


def _bounded(value: Decimal, limit: Decimal | int, decimals: int, expected: str) -> Decimal:
    """Refuse a value beyond ``limit`` in absolute value or with more than ``decimals`` decimals."""
    if not value.is_finite() or abs(value) > limit:
        raise NumberFormatError(expected + f" — nilai di luar batas (paling besar {limit:,})".replace(",", "."))
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -decimals and value != value.quantize(Decimal(1).scaleb(-decimals)):
        raise NumberFormatError(expected + f" — paling banyak {decimals} angka desimal")
    return value


def batasi(kind: str, value):
    """Check an already parsed value of a column type against the documented limits.

    Parameters
    ----------
    kind : str
        ``rupiah``, ``persen``, ``angka``, ``target`` or ``bilangan`` (other kinds pass).
    value : Decimal, int or None

    Returns
    -------
    The value unchanged.

    Raises
    ------
    NumberFormatError
        Beyond :data:`BATAS_RUPIAH` / :data:`BATAS_ANGKA` / :data:`BATAS_BILANGAN`, or
        with more decimals than allowed.
    """
    if value is None:
        return value
    if kind == "rupiah":
        _bounded(Decimal(value), BATAS_RUPIAH, 2, "jumlah Rupiah")
    elif kind in ("persen", "angka", "target"):
        _bounded(Decimal(value), BATAS_ANGKA, DESIMAL_MAKS, "angka")
    elif kind == "bilangan":
        _bounded(Decimal(value), BATAS_BILANGAN, 0, "bilangan bulat")
    return value


def _core(text: str, single_three: str, expected: str) -> Decimal:
    """Parse a sign/digits/separators string to Decimal.

    ``single_three`` says what a single separator followed by exactly three digits
    means: ``"ribuan"`` (thousands) or ``"ambigu"`` (refuse).
    """
    _refuse_unicode_digits(text, expected)
    if not _NUMBER_CHARS.fullmatch(text) or not any(c in _ASCII_DIGITS for c in text):
        raise NumberFormatError(expected)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    if not text or text[0] not in _ASCII_DIGITS or text[-1] not in _ASCII_DIGITS:
        raise NumberFormatError(expected)
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        dec = "." if text.rfind(".") > text.rfind(",") else ","
        thou = "," if dec == "." else "."
        if text.count(dec) != 1:
            raise NumberFormatError(expected)
        int_part, frac = text.split(dec)
        if not _is_grouped(int_part, thou):
            raise NumberFormatError(expected)
        return Decimal(sign + int_part.replace(thou, "") + "." + frac)
    if dots + commas == 0:
        return Decimal(sign + text)
    sep = "." if dots else ","
    if dots + commas > 1:
        if not _is_grouped(text, sep):
            raise NumberFormatError(expected)
        return Decimal(sign + text.replace(sep, ""))
    int_part, frac = text.split(sep)
    if len(frac) == 3:
        if single_three == "ribuan":
            return Decimal(sign + int_part + frac)
        raise NumberFormatError(expected + f" — '{sign}{text}' meragukan: ribuan atau desimal?")
    return Decimal(sign + int_part + "." + frac)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def parse_rupiah(text: str | None) -> Decimal | None:
    """Parse a Rupiah amount.

    Parameters
    ----------
    text : str or None
        The amount as written, e.g. ``"1.234.567.890,00"``, ``"4,321,098,765"``,
        ``"2,345, 678,901"`` or ``"Rp. 6,543,210,987,-"``.

    Returns
    -------
    Decimal or None
        The exact amount, or ``None`` for a blank cell or a lone ``-``.

    Raises
    ------
    NumberFormatError
        If the text is not an unambiguous Rupiah amount (more than two decimals,
        misplaced group separators, letters, ...).

    Examples
    --------
    >>> parse_rupiah("1.234.567.890,00")
    Decimal('1234567890.00')
    >>> parse_rupiah("2,345, 678,901")
    Decimal('2345678901')
    """
    if text is None:
        return None
    s = _squash(str(text))
    if s in EMPTY:
        return None
    s = re.sub(r"^(?i:rp)\.?", "", s)
    s = re.sub(r",-$|\.-$", "", s)
    s = s.rstrip(",")
    value = _core(s, "ribuan", RUPIAH_FORM)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise NumberFormatError(RUPIAH_FORM + " — paling banyak 2 angka desimal")
    return _bounded(value, BATAS_RUPIAH, 2, RUPIAH_FORM)


def parse_persen(text: str | None) -> Decimal | None:
    """Parse a percentage, with or without the ``%`` sign.

    Parameters
    ----------
    text : str or None
        E.g. ``"12,34%"``, ``"1.5%"``, ``"12, 34%"``, ``"7,8"``.

    Returns
    -------
    Decimal or None
        The percentage as a number (``12,34%`` gives ``Decimal('12.34')``), or
        ``None`` for a blank cell.

    Raises
    ------
    NumberFormatError
        For text that is not a number, or a single separator followed by exactly
        three digits (``1.234%``), which is ambiguous.
    """
    if text is None:
        return None
    s = _squash(str(text))
    if s in EMPTY:
        return None
    if s.endswith("%"):
        s = s[:-1]
    return _bounded(_core(s, "ambigu", PERSEN_FORM), BATAS_ANGKA, DESIMAL_MAKS, PERSEN_FORM)


def parse_angka(text: str | None) -> Decimal | None:
    """Parse a decimal number such as a score (``56,78``) or an index (``35,39``).

    Same rules as :func:`parse_persen` without the ``%`` sign.
    """
    if text is None:
        return None
    s = _squash(str(text))
    if s in EMPTY:
        return None
    return _bounded(_core(s, "ambigu", ANGKA_FORM), BATAS_ANGKA, DESIMAL_MAKS, ANGKA_FORM)


def parse_bilangan(text: str | None) -> int | None:
    """Parse a whole count (``12345``, ``12.345``, ``2.345``).

    Raises
    ------
    NumberFormatError
        If the value has a fractional part or is not a number.
    """
    if text is None:
        return None
    s = _squash(str(text))
    if s in EMPTY:
        return None
    value = _bounded(_core(s, "ribuan", BILANGAN_FORM), BATAS_BILANGAN, DESIMAL_MAKS, BILANGAN_FORM)
    if value != value.to_integral_value():
        raise NumberFormatError(BILANGAN_FORM + " — bukan bilangan bulat")
    return int(value)


_TARGET = re.compile(r"^\s*(-?[0-9][0-9.,\s]*?)\s*([^0-9\s.,-].*)?$")


def parse_target(text: str | None) -> tuple[Decimal | None, str | None]:
    """Split a target such as ``"3 dok"``, ``"7,8%"`` or ``"80 (bb)"`` into number and unit.

    Returns
    -------
    tuple of (Decimal or None, str or None)
        The number (decimal rules of :func:`parse_angka`) and the unit text as written
        (``"%"``, ``"dok"``, ``"unit usaha"``...), or ``(None, None)`` for a blank cell.
    """
    if text is None:
        return None, None
    raw = str(text).strip()
    if raw in EMPTY:
        return None, None
    _refuse_unicode_digits(raw, TARGET_FORM)
    m = _TARGET.match(raw)
    if not m:
        raise NumberFormatError(TARGET_FORM)
    number = _bounded(_core(_squash(m.group(1)), "ambigu", TARGET_FORM), BATAS_ANGKA, DESIMAL_MAKS, TARGET_FORM)
    unit = (m.group(2) or "").strip() or None
    return number, unit


_PARSERS = {"rupiah": parse_rupiah, "persen": parse_persen, "angka": parse_angka, "bilangan": parse_bilangan}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@:-]*$")


def _from_number(kind: str, value) -> object:
    """A cell that is already a number (from an Excel workbook) checked against its column type."""
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    else:
        d = Decimal(repr(float(value)))
    if not d.is_finite():
        raise NumberFormatError("angka terhingga (bukan #NUM!/tak hingga)")
    batasi(kind, d)
    if kind in ("id", "teks", "dilaporkan") and abs(d) > BATAS_RUPIAH:
        raise NumberFormatError("teks atau kode; angka sebesar ini bukan nilai yang wajar")
    whole = d == d.to_integral_value()
    if kind == "bilangan":
        if not whole:
            raise NumberFormatError("bilangan bulat, mis. 12345")
        return int(d)
    if kind == "tahun":
        if not whole or not 1000 <= d <= 9999:
            raise NumberFormatError("tahun empat angka, mis. 2024")
        return int(d)
    if kind == "rupiah":
        if d.as_tuple().exponent < -2 and d != d.quantize(Decimal("0.01")):
            raise NumberFormatError("jumlah Rupiah dengan paling banyak 2 angka desimal")
        return d
    if kind in ("persen", "angka"):
        return d
    if kind == "target":
        return d, None
    return str(int(d)) if whole else format(d.normalize(), "f")


def parse_cell(kind: str, text):
    """Parse one raw cell by its column type; returns the value (or a (number, unit) pair for targets).

    ``text`` is the cell as written (CSV) or, from a workbook, possibly a number.
    """
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        return _from_number(kind, text)
    if kind in _PARSERS:
        return _PARSERS[kind](text)
    if kind == "target":
        return parse_target(text)
    if kind == "tahun":
        if text == "":
            return None
        if not re.fullmatch(r"[0-9]{4}", text):
            raise NumberFormatError("tahun empat angka 0-9, mis. 2024")
        return int(text)
    if kind == "id":
        if text == "":
            return None
        if not _ID.match(text):
            raise NumberFormatError("id tanpa spasi, mis. IKS01 atau P01.K1.S1")
        return text
    return text if text != "" else None


# ------------------------------------------------ sums (one rule)

def jumlah(values) -> Decimal | None:
    """Sum of amounts, or ``None`` when any is missing: an incomplete sum is not a total.

    The one rule for every total the pipeline computes (RKT roll-ups, Tabel 3.5 and the
    checks of the clean stage): a blank value is "data tidak tersedia", never 0.

    Examples
    --------
    >>> jumlah([Decimal("1.5"), 2]), jumlah([Decimal("1.5"), None]), jumlah([])
    (Decimal('3.5'), None, Decimal('0'))
    """
    values = list(values)
    return None if any(v is None for v in values) else sum(values, Decimal(0))


# ------------------------------------------------ printed vs computed (one rounding rule)

def desimal_dicetak(value: Decimal) -> int:
    """Number of decimals a printed value carries.

    Examples
    --------
    >>> desimal_dicetak(Decimal("56.7")), desimal_dicetak(Decimal("45")), desimal_dicetak(Decimal("1.50"))
    (1, 0, 2)
    """
    return max(0, -value.as_tuple().exponent)


def desimal_teks(teks: str | None, nilai: Decimal) -> int:
    """Decimals as *printed* (``56,70`` has two even though the value is 56.7).

    A separator followed by exactly three digits is a thousands separator.

    Examples
    --------
    >>> desimal_teks("56,70", Decimal("56.7")), desimal_teks("Rp. 1,234,567,890,-", Decimal(1234567890))
    (2, 0)
    >>> desimal_teks("12, 34%", Decimal("12.34")), desimal_teks(None, Decimal("1.5"))
    (2, 1)
    """
    if not teks:
        return desimal_dicetak(nilai)
    m = re.findall(r"\d[\d.,\s]*", teks)
    if not m:
        return desimal_dicetak(nilai)
    num = re.sub(r"\s", "", max(m, key=len)).rstrip(".,")
    cut = max(num.rfind(","), num.rfind("."))
    if cut < 0:
        return 0
    tail = num[cut + 1:]
    return 0 if len(tail) == 3 else len(tail)


def bandingkan(dicetak: Decimal, hitung: Decimal, toleransi_ulp: Decimal, tepat: bool = False,
               desimal: int | None = None) -> str:
    """Classify a printed value against its recomputation.

    Returns
    -------
    str
        ``"cocok"`` (within half a unit of the last printed digit), ``"pemotongan"``
        (the printed value is the recomputation cut, not rounded), ``"pembulatan"``
        (within the tolerance otherwise), or ``"beda"``. With ``tepat`` (counts and
        Rupiah amounts) anything but equality is ``"beda"``.

    Examples
    --------
    >>> bandingkan(Decimal("56.78"), Decimal("56.7812"), Decimal(1))
    'cocok'
    >>> bandingkan(Decimal("56.7"), Decimal("56.7812"), Decimal(1))
    'pemotongan'
    >>> bandingkan(Decimal("60"), Decimal("52.25"), Decimal(1))
    'beda'
    """
    d = desimal_dicetak(dicetak) if desimal is None else desimal
    ulp = Decimal(1).scaleb(-d)
    diff = abs(dicetak - hitung)
    if tepat:
        return "cocok" if diff == 0 else "beda"
    if diff * 2 <= ulp:
        return "cocok"
    if diff < toleransi_ulp * ulp:
        cut = hitung.quantize(ulp, rounding="ROUND_DOWN")
        return "pemotongan" if cut == dicetak else "pembulatan"
    return "beda"
