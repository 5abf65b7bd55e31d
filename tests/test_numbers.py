from decimal import Decimal

import pytest

from lkjip.numbers import NumberFormatError, parse_angka, parse_bilangan, parse_persen, parse_rupiah, parse_target


@pytest.mark.parametrize("text, expected", [
    ("1.762.701.408,00", Decimal("1762701408")),
    ("1.762.701.408", Decimal("1762701408")),
    ("4,117,838,304", Decimal("4117838304")),
    ("2,950, 574,844", Decimal("2950574844")),
    ("Rp 8.177.126.957", Decimal("8177126957")),
    ("Rp. 6,106,525,207,-", Decimal("6106525207")),
    ("Rp . 196,211,050,-", Decimal("196211050")),
    ("32.694.150,", Decimal("32694150")),
    ("4.145.77 8.717", Decimal("4145778717")),
    ("4,117,838,304.50", Decimal("4117838304.50")),
    ("1.234", Decimal("1234")),
    ("12,5", Decimal("12.5")),
    ("0", Decimal("0")),
])
def test_rupiah_forms(text, expected):
    assert parse_rupiah(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "-", None])
def test_blank_is_missing_not_zero(text):
    assert parse_rupiah(text) is None
    assert parse_persen(text) is None
    assert parse_bilangan(text) is None


@pytest.mark.parametrize("text", ["12.34.5", "1,5x", "abc", "1.234,567", "1,23,456", "1..234", ",5", "Rp"])
def test_rupiah_refuses_malformed(text):
    with pytest.raises(NumberFormatError) as exc:
        parse_rupiah(text)
    assert "Rupiah" in exc.value.expected


@pytest.mark.parametrize("text, expected", [
    ("25,35%", Decimal("25.35")),
    ("1.1%", Decimal("1.1")),
    ("14, 78%", Decimal("14.78")),
    ("169 %", Decimal("169")),
    ("7,8", Decimal("7.8")),
    ("0.8%", Decimal("0.8")),
    ("1.234,5%", Decimal("1234.5")),
    ("-12,5%", Decimal("-12.5")),
])
def test_persen_forms(text, expected):
    assert parse_persen(text) == expected


@pytest.mark.parametrize("text", ["1.234%", "1,234", "12,5,1%", "dua%", "%"])
def test_persen_refuses_ambiguous_or_malformed(text):
    with pytest.raises(NumberFormatError):
        parse_persen(text)


def test_ambiguous_message_says_why():
    with pytest.raises(NumberFormatError) as exc:
        parse_persen("1.234%")
    assert "meragukan" in exc.value.expected


def test_angka_and_bilangan():
    assert parse_angka("79,38") == Decimal("79.38")
    assert parse_angka("20,2") == Decimal("20.2")
    assert parse_bilangan("13.128") == 13128
    assert parse_bilangan("2.064") == 2064
    assert parse_bilangan("7069") == 7069
    with pytest.raises(NumberFormatError):
        parse_bilangan("2,5")
    with pytest.raises(NumberFormatError):
        parse_angka("1.234")


@pytest.mark.parametrize("text, number, unit", [
    ("3 dok", Decimal("3"), "dok"),
    ("100%", Decimal("100"), "%"),
    ("7,8%", Decimal("7.8"), "%"),
    ("0.8%", Decimal("0.8"), "%"),
    ("78", Decimal("78"), None),
    ("80 (bb)", Decimal("80"), "(bb)"),
    ("17 Unit usaha", Decimal("17"), "Unit usaha"),
    ("", None, None),
])
def test_target(text, number, unit):
    assert parse_target(text) == (number, unit)


def test_target_refuses_text_only():
    with pytest.raises(NumberFormatError):
        parse_target("tinggi")
