from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom.core.money import floor_fraction, format_rate, format_won, parse_rate, parse_won

rates = st.fractions(min_value=0, max_value=1, max_denominator=10_000)


# --- floor_fraction -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "rate", "expected"),
    [
        (10, Fraction(1, 2), 5),
        (11, Fraction(1, 2), 5),  # 5.5 floors down
        (1, Fraction(1, 2), 0),
        (0, Fraction(1, 2), 0),
        (100, Fraction(1, 3), 33),
        (200, Fraction(2, 3), 133),  # 133.33
        (99, Fraction(0), 0),
        (99, Fraction(1), 99),
        (5_200_000_000, Fraction(1, 2), 2_600_000_000),
        (-3, Fraction(1, 2), -2),  # toward negative infinity, not toward zero
        (-1, Fraction(1, 3), -1),
        (7, 1, 7),  # plain int rate is accepted as an exact rational
    ],
)
def test_floor_fraction_examples(amount: int, rate: Fraction, expected: int) -> None:
    assert floor_fraction(amount, rate) == expected


@pytest.mark.parametrize("bad", [1.5, "10", True, None])
def test_floor_fraction_rejects_non_int_amount(bad: object) -> None:
    with pytest.raises(TypeError):
        floor_fraction(bad, Fraction(1, 2))  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0.5, "1/2", True, None])
def test_floor_fraction_rejects_non_fraction_rate(bad: object) -> None:
    with pytest.raises(TypeError):
        floor_fraction(10, bad)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**15), max_value=10**15), st.fractions(max_denominator=10**6))
def test_floor_fraction_is_mathematical_floor(amount: int, rate: Fraction) -> None:
    assert floor_fraction(amount, rate) == math.floor(amount * rate)


@given(st.integers(min_value=0, max_value=10**15), rates)
def test_floor_fraction_bounds_for_rates_in_unit_interval(amount: int, rate: Fraction) -> None:
    result = floor_fraction(amount, rate)
    assert 0 <= result <= amount
    assert result <= amount * rate < result + 1


# --- parse_rate -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/2", Fraction(1, 2)),
        ("50%", Fraction(1, 2)),
        ("0.5", Fraction(1, 2)),
        (".5", Fraction(1, 2)),
        ("  50 %  ", Fraction(1, 2)),
        ("1 / 2", Fraction(1, 2)),
        ("2/4", Fraction(1, 2)),
        ("1/3", Fraction(1, 3)),
        ("33.33%", Fraction(3333, 10_000)),
        ("12.5%", Fraction(1, 8)),
        ("0.1", Fraction(1, 10)),  # exact, unlike float 0.1
        ("0", Fraction(0)),
        ("0%", Fraction(0)),
        ("0/5", Fraction(0)),
        ("1", Fraction(1)),
        ("1.0", Fraction(1)),
        ("100%", Fraction(1)),
        ("100.00%", Fraction(1)),
        ("3/3", Fraction(1)),
        ("+0.25", Fraction(1, 4)),
        ("-0", Fraction(0)),
    ],
)
def test_parse_rate_accepts(text: str, expected: Fraction) -> None:
    result = parse_rate(text)
    assert result == expected
    assert isinstance(result, Fraction)


@pytest.mark.parametrize(
    "text",
    [
        "101%",
        "100.01%",
        "1.5",
        "1.0001",
        "3/2",
        "-1/2",
        "-50%",
        "-0.1",
        "2",
    ],
)
def test_parse_rate_rejects_out_of_range(text: str) -> None:
    with pytest.raises(ValueError, match="between"):
        parse_rate(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "%",
        "half",
        "1/0",
        "1/2/3",
        "0.5.1",
        "5e-1",
        "nan",
        "inf",
        "0,5",
        "50 percent",
        "1/2%",
        "٠.٥",  # Arabic-Indic digits
        "1/-2",
        "1.5/3",
    ],
)
def test_parse_rate_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a rate|divides by zero"):
        parse_rate(text)


def test_parse_rate_rejects_non_string() -> None:
    with pytest.raises(TypeError):
        parse_rate(0.5)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_parse_rate_ratio_roundtrip(numerator: int, denominator: int) -> None:
    expected = Fraction(numerator, denominator)
    if expected <= 1:
        assert parse_rate(f"{numerator}/{denominator}") == expected
    else:
        with pytest.raises(ValueError, match="must be between 0% and 100%"):
            parse_rate(f"{numerator}/{denominator}")


@given(st.integers(min_value=0, max_value=10_000))
def test_parse_rate_percent_with_two_decimals(hundredths: int) -> None:
    text = f"{hundredths // 100}.{hundredths % 100:02d}%"
    assert parse_rate(text) == Fraction(hundredths, 10_000)


# --- format_won -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "english"),
    [
        (0, "₩0"),
        (5, "₩5"),
        (999, "₩999"),
        (1_000, "₩1,000"),
        (1_234, "₩1,234"),
        (510_000, "₩510,000"),
        (5_200_000_000, "₩5,200,000,000"),
        (-1_234, "-₩1,234"),
        (-5, "-₩5"),
    ],
)
def test_format_won_one_style_per_language(amount: int, english: str) -> None:
    assert format_won(amount, "en") == english
    assert format_won(amount, "ko") == english.replace("₩", "") + "원"  # "5,200,000,000원", "-1,234원"


def test_format_won_defaults_to_korean_form() -> None:
    assert format_won(1_234) == "1,234원"


def test_format_won_rejects_unknown_language() -> None:
    with pytest.raises(ValueError, match="language"):
        format_won(1, "jp")


@pytest.mark.parametrize("bad", [1.0, "1", True, Fraction(1)])
def test_format_won_rejects_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        format_won(bad)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_won_roundtrips_digits(amount: int) -> None:
    text = format_won(amount, "en")
    negative = text.startswith("-")
    digits = text.removeprefix("-").removeprefix("₩")
    assert format_won(amount, "ko") == f"{text.replace('₩', '')}원"
    assert int(digits.replace(",", "")) * (-1 if negative else 1) == amount
    assert all(len(group) == 3 for group in digits.split(",")[1:])


# --- format_rate ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (Fraction(1, 2), "50%"),
        (Fraction(1, 3), "33.33%"),
        (Fraction(2, 3), "66.67%"),  # rounds half up / to nearest, not down
        (Fraction(1, 8), "12.5%"),  # trailing zero dropped
        (Fraction(1, 10), "10%"),
        (Fraction(1, 100), "1%"),
        (Fraction(1, 10_000), "0.01%"),
        (Fraction(1, 20_000), "0.01%"),  # exactly half a hundredth rounds up
        (Fraction(1, 30_000), "0%"),
        (Fraction(0), "0%"),
        (Fraction(1), "100%"),
        (Fraction(9_999, 10_000), "99.99%"),
        (Fraction(99_999, 100_000), "100%"),  # 99.999% shown with two decimals
        (Fraction(3, 2), "150%"),
        (Fraction(-1, 3), "-33.33%"),
        (Fraction(-1, 30_000), "0%"),  # no "-0%"
        (1, "100%"),
    ],
)
def test_format_rate(rate: Fraction, expected: str) -> None:
    assert format_rate(rate) == expected


@pytest.mark.parametrize("bad", [0.5, "50%", True])
def test_format_rate_rejects_non_fraction(bad: object) -> None:
    with pytest.raises(TypeError):
        format_rate(bad)  # type: ignore[arg-type]


@given(rates)
def test_format_rate_is_within_half_a_hundredth(rate: Fraction) -> None:
    text = format_rate(rate)
    assert text.endswith("%")
    number = text.removesuffix("%")
    if "." in number:
        assert 1 <= len(number.split(".")[1]) <= 2
        assert not number.endswith("0")
    shown = Fraction(number) / 100
    assert abs(shown - rate) <= Fraction(1, 20_000)


@given(st.integers(min_value=0, max_value=10_000))
def test_format_rate_parse_rate_roundtrip_for_hundredths(hundredths: int) -> None:
    rate = Fraction(hundredths, 10_000)
    assert parse_rate(format_rate(rate)) == rate


# --- parse_won: amounts as people type them -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "won"),
    [
        ("3000000", 3_000_000),
        ("3,000,000", 3_000_000),
        ("3 000 000", 3_000_000),
        ("₩3,000,000", 3_000_000),
        ("￦3,000,000", 3_000_000),
        ("3,000,000원", 3_000_000),
        ("3,000,000 원", 3_000_000),
        ("KRW 3000000", 3_000_000),
        ("３,０００,０００", 3_000_000),
        ("300만", 3_000_000),
        ("300만원", 3_000_000),
        ("52억", 5_200_000_000),
        ("1억 2,000만", 120_000_000),
        ("1억2000만", 120_000_000),
        ("1.5억", 150_000_000),
        ("3천", 3_000),
        ("2조 5억 3", 2_000_500_000_003),
        ("0", 0),
        ("  300,000  ", 300_000),
    ],
)
def test_parse_won_reads_what_people_type(text: str, won: int) -> None:
    assert parse_won(text) == won


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "원",
        "만",
        "-3",
        "3.5",
        "3,00,000",
        "3,000.000",
        "3,000 000",
        "abc",
        "1만 2억",
        "1.00001만",
        "1e6",
        "٣",
    ],
)
def test_parse_won_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError, match=r"amount|won|above|units"):
        parse_won(text)


def test_parse_won_refuses_above_the_maximum() -> None:
    with pytest.raises(ValueError, match="above"):
        parse_won("10,000,000,000,000,001")
    assert parse_won("1,000", maximum=1_000) == 1_000


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_won_reads_every_grouping_and_sign_of_a_number(n: int) -> None:
    for text in (
        str(n),
        f"{n:,}",
        f"{n:,}".replace(",", " "),
        f"₩{n:,}",
        f"{n:,}원",
        format_won(n),
        format_won(n, "en"),
    ):
        assert parse_won(text) == n
    man, rest = divmod(n, 10_000)
    if man:
        assert parse_won(f"{man}만 {rest}" if rest else f"{man}만") == n
