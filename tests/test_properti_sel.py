"""Property-based: any cell, of any column type in lkjip/tables.py, parses or gives a located Problem.

Hypothesis feeds random cell strings (unicode digits, huge numbers, separators, ``%``,
``Rp``, whitespace...) and random workbook numbers to the parser of every column type.
No exception other than the project's own :class:`NumberFormatError` escapes a cell
parser, and nothing at all escapes :func:`lkjip.clean.parse_table`. Every accepted
number is finite, within the documented limits, and safe in the later arithmetic.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkjip.clean import _parse_cell, parse_table
from lkjip.errors import Problem
from lkjip.io import ROW_COL
from lkjip.numbers import BATAS_ANGKA, BATAS_BILANGAN, BATAS_RUPIAH, DESIMAL_MAKS, NumberFormatError
from lkjip.tables import BESARAN_TYPES, COLUMN_TYPES, SPECS

from .conftest import contoh_hypothesis

KINDS = sorted({k for s in SPECS for k in s.columns.values()} - {"dilaporkan"})
assert set(KINDS) | {"dilaporkan"} == set(COLUMN_TYPES)

_PIECES = st.sampled_from([
    "0", "1", "9", "12", "345", "1.234", "1,234", ".", ",", ", ", " ", "\u00a0", "\t", "%", "Rp", "Rp.", "rp ", ",-",
    "-", "–", "e", "E", "e9", "inf", "nan", "NaN", "Infinity", "٣", "١٢", "３", "１２", "५", "²", "½", "⁴", "٫",
    "9" * 30, "0" * 40, "1" + "0" * 27, "1" + "0" * 18, "9" * 18, "0," + "0" * 30 + "1", "dok", " unit", "(bb)", "_", "'", '"', "=1+1", "+", "@",
    "\u200b", "\ufeff", "ℹ", "𝟗", "IKS01", "P01.K1", "2024", "99999",
])
CELL = st.one_of(st.lists(_PIECES, max_size=8).map("".join), st.text(max_size=20))
NUMBER = st.one_of(
    st.integers(min_value=-(10 ** 40), max_value=10 ** 40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.sampled_from([Decimal("1E+5000"), Decimal("-1E-5000"), 10 ** 5000, 1e308, 5e-324, float("nan")]),
)


def _check_bounds(kind: str, value) -> None:
    if kind == "target":
        value = value[0]
    if value is None or kind in ("id", "teks"):
        return
    d = Decimal(value)
    assert d.is_finite()
    limit = {"rupiah": BATAS_RUPIAH, "persen": BATAS_ANGKA, "angka": BATAS_ANGKA, "target": BATAS_ANGKA,
             "bilangan": BATAS_BILANGAN, "tahun": 9999}[kind]
    assert abs(d) <= limit
    if kind in ("persen", "angka", "target"):
        assert d == d.quantize(Decimal(1).scaleb(-DESIMAL_MAKS))
    # later stages: ratios (capaian = realisasi / target × 100, serapan = realisasi / pagu × 100)
    # by the smallest non-zero value of the kind, and sums over many rows, rounded for display
    smallest = {"rupiah": Decimal("0.01"), "bilangan": Decimal(1), "tahun": Decimal(1)}.get(
        kind, Decimal(1).scaleb(-DESIMAL_MAKS))
    (d * 100 / smallest).quantize(Decimal("0.01"))
    (d * 10 ** 4).quantize(Decimal("0.01"))


@settings(max_examples=contoh_hypothesis(300), deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(KINDS), text=CELL)
def test_every_column_type_parses_or_refuses_text(kind, text):
    try:
        value = _parse_cell(kind, text)
    except NumberFormatError as exc:
        assert exc.expected
        return
    _check_bounds(kind, value)
    if kind not in ("id", "teks"):  # numbers are written with the digits 0-9 only (documented)
        assert not any(unicodedata.category(c) == "Nd" and c not in "0123456789" for c in text), text


@settings(max_examples=contoh_hypothesis(300), deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(KINDS), number=NUMBER)
def test_every_column_type_parses_or_refuses_workbook_numbers(kind, number):
    try:
        value = _parse_cell(kind, number)
    except NumberFormatError as exc:
        assert exc.expected
        return
    _check_bounds(kind, value)


@settings(max_examples=contoh_hypothesis(150), deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_whole_rows_of_every_table_give_problems_never_exceptions(data):
    spec = data.draw(st.sampled_from(SPECS))
    row = {}
    for col, kind in spec.columns.items():
        if col == "besaran":
            row[col] = data.draw(st.one_of(st.sampled_from(sorted(BESARAN_TYPES)), CELL))
        else:
            row[col] = data.draw(st.one_of(CELL, NUMBER) if kind != "teks" else CELL)
    df = pd.DataFrame([row], dtype=object)
    df[ROW_COL] = [2]
    typed, problems = parse_table(df, spec, f"{spec.name}.csv")
    assert len(typed) == 1
    assert all(isinstance(p, Problem) and p.berkas == f"{spec.name}.csv" for p in problems)
    for p in problems:
        str(p)  # every problem renders as a message


def test_huge_workbook_number_as_a_printed_value_is_a_problem_not_an_exception():
    """Found by the property test above: ``str()`` of an int past 4,300 digits raises ValueError."""
    spec = next(s for s in SPECS if s.name == "dilaporkan")
    row = {"lokasi": "Tabel 3.5", "entitas": "P01", "besaran": "anggaran", "nilai": 7 * 10 ** 5000, "catatan": ""}
    df = pd.DataFrame([row], dtype=object)
    df[ROW_COL] = [2]
    typed, problems = parse_table(df, spec, "dilaporkan.csv")
    assert typed["nilai_teks"].iloc[0] == "7.000000E+5000"
    assert [(p.baris, p.kolom) for p in problems] == [(2, "nilai")]
    assert typed["nilai"].iloc[0] is None
