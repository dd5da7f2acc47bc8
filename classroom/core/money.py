"""Integer-won money and exact rates.

Money is always an ``int`` number of won (KRW has no minor unit in practice) and rates
are always ``Fraction``: a float anywhere in a money path makes results depend on binary
rounding, which an auditor reconciling the ledger cannot reproduce by hand.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction
from typing import Final, TypeAlias

Won: TypeAlias = int

SUPPORTED_LANGS: Final = frozenset({"ko", "en"})

_DIGITS = r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
# ASCII digits only: ``\d`` would also accept e.g. Arabic-Indic digits pasted from
# elsewhere, which Fraction() then parses silently.
_RATIO_RE: Final = re.compile(r"([+-]?[0-9]+)\s*/\s*([0-9]+)")
_PERCENT_RE: Final = re.compile(rf"([+-]?{_DIGITS})\s*%")
_DECIMAL_RE: Final = re.compile(rf"([+-]?{_DIGITS})")


def _require_int(value: object, name: str) -> int:
    # bool is an int subclass; True won is almost certainly a bug at the call site.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int number of won, got {type(value).__name__}")
    return value


def _require_rate(value: object, name: str = "rate") -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (Fraction, int)):
        raise TypeError(f"{name} must be a Fraction, got {type(value).__name__}")
    return Fraction(value)


def floor_fraction(amount: int, rate: Fraction) -> int:
    """Return ``⌊amount × rate⌋``, rounding toward negative infinity.

    Flooring (not half-up) is what the programme rules prescribe for every prorated or
    subsidised amount, so the public side never pays a fractional won more than earned.
    For negative amounts the result is therefore *more* negative (``-3 × 1/2 → -2``);
    callers reversing a charge should negate the original row instead of recomputing.
    """
    amount = _require_int(amount, "amount")
    rate = _require_rate(rate)
    # Python's // on ints is floor division, which is exactly the rule wanted here.
    return (amount * rate.numerator) // rate.denominator


def parse_rate(text: str) -> Fraction:
    """Parse an operator-entered rate exactly: ``"1/2"``, ``"50%"``, ``"0.5"``.

    Also accepted: whole numbers (``"1"``, ``"0"``), decimal percents (``"12.5%"``) and
    surrounding whitespace. Exponents, ``inf``/``nan`` and non-ASCII digits are refused
    because no operator types them on purpose. Raises ``ValueError`` when the text is not
    a rate or the rate is outside ``[0, 1]``.
    """
    if not isinstance(text, str):
        raise TypeError(f"rate text must be str, got {type(text).__name__}")
    stripped = text.strip()
    if match := _RATIO_RE.fullmatch(stripped):
        numerator, denominator = int(match.group(1)), int(match.group(2))
        if denominator == 0:
            raise ValueError(f"rate {text!r} divides by zero")
        rate = Fraction(numerator, denominator)
    elif match := _PERCENT_RE.fullmatch(stripped):
        rate = Fraction(match.group(1)) / 100
    elif match := _DECIMAL_RE.fullmatch(stripped):
        rate = Fraction(match.group(1))
    else:
        raise ValueError(f"{text!r} is not a rate; use e.g. '50%', '1/2' or '0.5'")
    if not 0 <= rate <= 1:
        raise ValueError(f"rate {text!r} must be between 0% and 100%")
    return rate


# Korean large-number units, largest first: "1억 2,000만" = 120,000,000.
_WON_UNITS: Final = {"조": 10**12, "억": 10**8, "만": 10**4, "천": 10**3}
_GROUPED: Final = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+")
_UNIT_PART: Final = re.compile(r"\s*([0-9][0-9, ]*(?:\.[0-9]+)?)\s*([조억만천])")


def _plain_number(text: str) -> int:
    if not _GROUPED.fullmatch(text):
        raise ValueError(f"{text!r} is not a whole number of won")
    return int(text.replace(",", "").replace(" ", ""))


def parse_won(text: str, *, maximum: int = 10**15) -> int:
    """Read an amount as people type it: ``"3000000"``, ``"3,000,000"``, ``"3 000 000"``,
    ``"₩3,000,000"``, ``"3,000,000원"``, ``"KRW 3000000"``, ``"300만"``, ``"300만원"``,
    ``"1억 2,000만"``, ``"1.5억"``; full-width digits and ``￦`` too (NFKC).

    Digit groups must be of three (``"3,00,000"`` is refused, it is probably a typo), a decimal
    point is accepted only before a unit and only when the result is whole won, and negative
    amounts are refused: every amount field takes a non-negative number of won. Raises
    ``ValueError`` when the text is not an amount or is above ``maximum``.
    """
    if not isinstance(text, str):
        raise TypeError(f"amount text must be str, got {type(text).__name__}")
    cleaned = unicodedata.normalize("NFKC", text).strip()
    cleaned = re.sub(r"^(?:₩|KRW)\s*", "", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r"\s*(?:원|KRW)$", "", cleaned, flags=re.IGNORECASE).strip()
    if not cleaned:
        raise ValueError("empty amount")
    if not any(unit in cleaned for unit in _WON_UNITS):
        value = _plain_number(cleaned)
    else:
        total = Fraction(0)
        position = 0
        last_unit = None
        for match in _UNIT_PART.finditer(cleaned):
            if match.start() != position:
                raise ValueError(f"{text!r} is not an amount")
            figure, unit = match.group(1).strip(), match.group(2)
            if last_unit is not None and _WON_UNITS[unit] >= _WON_UNITS[last_unit]:
                raise ValueError(f"{text!r}: units must go from large to small")
            whole, dot, decimals = figure.partition(".")
            number = Fraction(_plain_number(whole.strip()))
            if dot:
                number += Fraction(int(decimals), 10 ** len(decimals))
            total += number * _WON_UNITS[unit]
            last_unit = unit
            position = match.end()
        rest = cleaned[position:].strip()
        if rest:
            total += _plain_number(rest)
        if total.denominator != 1:
            raise ValueError(f"{text!r} is not a whole number of won")
        value = int(total)
    if value > maximum:
        raise ValueError(f"{text!r} is above {maximum:,}")
    return value


def format_won(amount: int, lang: str = "ko") -> str:
    """Format won in the reader's language, one style per language: Korean ``"5,200,000,000원"``
    (``"-1,234원"``), English ``"₩5,200,000,000"`` (``"-₩1,234"``).

    Korean readers write amounts with the 원 suffix (official notices, invoices); English
    readers expect the currency sign in front. Every amount on a page goes through this (the
    ``won`` template filter passes the page's language), so one page never mixes the two.
    """
    amount = _require_int(amount, "amount")
    if lang not in SUPPORTED_LANGS:
        expected = ", ".join(sorted(SUPPORTED_LANGS))
        raise ValueError(f"unsupported language {lang!r}; expected one of: {expected}")
    sign = "-" if amount < 0 else ""
    if lang == "ko":
        return f"{sign}{abs(amount):,}원"
    return f"{sign}₩{abs(amount):,}"


def format_rate(rate: Fraction) -> str:
    """Format a rate as a percentage with at most two decimals: ``"50%"``, ``"33.33%"``.

    Rounds half away from zero to the nearest 0.01% (``2/3 → "66.67%"``) and drops
    trailing zeros (``1/8 → "12.5%"``). This is display only; never parse the result back
    into a rate used for money, because ``1/3`` and ``"33.33%"`` differ.
    """
    rate = _require_rate(rate)
    hundredths = rate * 10_000  # percent × 100
    magnitude = abs(hundredths)
    rounded = int(magnitude + Fraction(1, 2))  # int() truncates; magnitude is >= 0
    sign = "-" if hundredths < 0 and rounded else ""
    whole, frac = divmod(rounded, 100)
    if frac == 0:
        return f"{sign}{whole}%"
    return f"{sign}{whole}.{frac:02d}".rstrip("0") + "%"
