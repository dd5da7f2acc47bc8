"""Employment rates (취업률) of a course (DOMAIN.md "Performance evaluation"), exactly:

- employed by M months (M = 3, 6): a completer employed with a start date on or before the
  course's end date + M months — the same day number M months later, or that month's last day
  when it has none (8-31 + 6 months = 2-28, or 2-29 in a leap year). A completer already
  employed when the course ended (start date on or before the end date) counts from the end
  date, so the same comparison covers them.
- rate = completers employed by M months ÷ completers, shown insured-only (고용보험 가입) and
  insured-plus-uninsured; a course with no completers has no rate (None, shown "–", not 0%).
- high-performing: the insured-plus-uninsured rate at 6 months ≥ 70% (exactly 70% is).
- pooled figures (an institution, the programme, an end month) add up the counts of their
  courses: employed ÷ completers over all of them (each completer weighs the same).
- a horizon is final once its date has passed; before that the rate is provisional.
- shown as a percentage with one decimal, truncated toward zero (66.66…% shows as 66.6%), so a
  shown rate never overstates; decisions use the exact fraction.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

HORIZONS = (3, 6)
HIGH_PERFORMING = Fraction(7, 10)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the target month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Completer:
    employed: bool
    starts_on: date | None = None
    insured: bool = False


def horizon(ends_on: date, months: int) -> date:
    return add_months(ends_on, months)


def employed_by(person: Completer, ends_on: date, months: int, *, insured_only: bool) -> bool:
    if not person.employed or person.starts_on is None:
        return False
    if insured_only and not person.insured:
        return False
    return person.starts_on <= horizon(ends_on, months)


@dataclass(frozen=True)
class Counts:
    """Completers and how many of them count at each horizon (insured-only and all)."""

    completers: int
    employed: tuple[tuple[int, int, int], ...]  # (months, insured-only, insured+uninsured)

    def at(self, months: int, *, insured_only: bool) -> int:
        for m, insured, everyone in self.employed:
            if m == months:
                return insured if insured_only else everyone
        raise KeyError(months)

    def rate(self, months: int, *, insured_only: bool) -> Fraction | None:
        if self.completers == 0:
            return None
        return Fraction(self.at(months, insured_only=insured_only), self.completers)

    @property
    def high_performing(self) -> bool | None:
        rate = self.rate(6, insured_only=False)
        return None if rate is None else rate >= HIGH_PERFORMING


def count(completers: Sequence[Completer], ends_on: date) -> Counts:
    employed = tuple(
        (
            m,
            sum(employed_by(c, ends_on, m, insured_only=True) for c in completers),
            sum(employed_by(c, ends_on, m, insured_only=False) for c in completers),
        )
        for m in HORIZONS
    )
    return Counts(len(completers), employed)


def rate(
    completers: Sequence[Completer], ends_on: date, months: int, *, insured_only: bool
) -> Fraction | None:
    return count(completers, ends_on).rate(months, insured_only=insured_only)


def pooled(parts: Iterable[Counts]) -> Counts:
    items = list(parts)
    employed = tuple(
        (
            m,
            sum(p.at(m, insured_only=True) for p in items),
            sum(p.at(m, insured_only=False) for p in items),
        )
        for m in HORIZONS
    )
    return Counts(sum(p.completers for p in items), employed)


def final(ends_on: date, months: int, today: date) -> bool:
    """The horizon's date has passed: from now on only a corrected record can change the rate
    (rates are recomputed from the records, never stored)."""
    return today > horizon(ends_on, months)


def percent_tenths(value: Fraction) -> int:
    """The rate in tenths of a percent, truncated toward zero (how it is shown)."""
    return int(value * 1000)


def percent_text(value: Fraction) -> str:
    whole, tenth = divmod(percent_tenths(value), 10)
    return f"{whole}.{tenth}"
