"""Figures as people read them, never contradicting the exact verdict they explain.

Verdicts are exact (ints and Fractions); what is printed is rounded. A rounded figure next to
the limit it broke must still read as breaking it: "9.96% < 10%", never "10.0% < 10%". The
functions return digits only ("12.5"); units and sentences belong to the message catalogue.
"""

from __future__ import annotations

import math
from fractions import Fraction

MAX_PLACES = 4


def round_half_up(x: Fraction, places: int) -> Fraction:
    scale = 10**places
    return Fraction(math.floor(x * scale + Fraction(1, 2)), scale)


def fixed(x: Fraction, places: int) -> str:
    """`x` must already be a multiple of 10**-places; shown with exactly `places` digits."""
    scaled = x * 10**places
    if scaled.denominator != 1:
        raise ValueError(f"{x} was not rounded to {places} places")
    n = scaled.numerator
    if places == 0:
        return str(n)
    digits = str(abs(n)).rjust(places + 1, "0")
    return ("-" if n < 0 else "") + digits[:-places] + "." + digits[-places:]


def number(x: Fraction, places: int, *, always_decimal: bool = False) -> str:
    """Whole numbers as they are ("140"), anything else rounded half-up to `places` ("12.5")."""
    if x.denominator == 1 and not always_decimal:
        return str(x.numerator)
    return fixed(round_half_up(x, places), places)


def trimmed(x: Fraction, places: int) -> str:
    """Rounded half-up to at most `places`, trailing zeros dropped ("4.5", "4.17", "5")."""
    text = number(x, places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def against(
    value: Fraction, limit: Fraction, *, above: bool, always_decimal: bool = False
) -> tuple[str, str]:
    """`value` and the `limit` it broke (above it when `above`), shown so the pair still reads as
    broken: half-up at one decimal normally, more decimals when rounding would reach the limit,
    and at last truncation toward the broken side (always truthful)."""

    def beyond(a: Fraction, b: Fraction) -> bool:
        return a > b if above else a < b

    for places in range(1, MAX_PLACES + 1):
        shown = value if value.denominator == 1 and not always_decimal else round_half_up(value, places)
        shown_limit = limit if limit.denominator == 1 else round_half_up(limit, places)
        if beyond(shown, limit) and beyond(shown, shown_limit):
            # From the exact figures again: a rounded 8.0 must still print as "8.0".
            return number(value, places, always_decimal=always_decimal), number(limit, places)
    # Only for figures within 10**-MAX_PLACES of the limit: the value moves toward the broken
    # side and the limit away from it, so "a < b" stays true.
    scale = 10**MAX_PLACES
    toward, away = (math.ceil, math.floor) if above else (math.floor, math.ceil)
    shown = Fraction(toward(value * scale), scale)
    shown_limit = limit if limit.denominator == 1 else Fraction(away(limit * scale), scale)
    return fixed(shown, MAX_PLACES), number(shown_limit, MAX_PLACES)


def hours(minutes: int) -> str:
    """Whole hours as they are ("12"), else one decimal rounded half-up ("12.5", "1.0")."""
    return number(Fraction(minutes, 60), 1)


def hours_against(minutes: int, limit: int, *, above: bool) -> tuple[str, str]:
    return against(Fraction(minutes, 60), Fraction(limit, 60), above=above)


def percent(share: Fraction) -> str:
    """A share as a percentage with up to two decimals, trailing zeros dropped ("10", "33.33")."""
    return trimmed(share * 100, 2)
