"""Which calendar days a monthly invoice counts (see DOMAIN.md, "ASP lease and subsidy").

A lease is billed for the days of the month on which it is active, both end dates included;
the subsidy counts the days among those on which the institution holds an excellent-institution
designation. Days are `datetime.date`s, never datetimes: a billing day has no time of day.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_ONE_DAY = timedelta(days=1)


def _require_day(value: object, name: str) -> date:
    """`value` as a date; a datetime (a date subclass) is refused, since mixing them makes
    comparisons raise or silently use times."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, got {type(value).__name__}")
    return value


@dataclass(frozen=True)
class DateRange:
    """A run of calendar days, both ends inclusive (as in lease and designation dates)."""

    first: date
    last: date

    def __post_init__(self) -> None:
        _require_day(self.first, "first")
        _require_day(self.last, "last")
        if self.last < self.first:
            raise ValueError(f"date range ends ({self.last}) before it starts ({self.first})")

    def days(self) -> int:
        return (self.last - self.first).days + 1

    def contains(self, day: date) -> bool:
        return self.first <= _require_day(day, "day") <= self.last

    def intersect(self, other: DateRange) -> DateRange | None:
        first = max(self.first, other.first)
        last = min(self.last, other.last)
        return DateRange(first, last) if first <= last else None

    def each_day(self) -> Iterator[date]:
        day = self.first
        while day <= self.last:
            yield day
            day += _ONE_DAY


def days_in_month(year: int, month: int) -> int:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    return calendar.monthrange(year, month)[1]


def month_range(year: int, month: int) -> DateRange:
    last = days_in_month(year, month)
    return DateRange(date(year, month, 1), date(year, month, last))


def active_days(month: DateRange, lease: DateRange, terminated_on: date | None = None) -> DateRange | None:
    """Days of ``month`` on which ``lease`` is active, or ``None`` if there are none.

    ``terminated_on`` is the last active day of an early-terminated lease: it is billed.
    A termination before the lease start means the lease never ran, so nothing is billed;
    a termination after the planned end changes nothing (termination never extends).
    """
    last = lease.last
    if terminated_on is not None:
        _require_day(terminated_on, "terminated_on")
        if terminated_on < lease.first:
            return None
        last = min(last, terminated_on)
    return month.intersect(DateRange(lease.first, last))


def count_covered_days(window: DateRange, ranges: Iterable[DateRange]) -> int:
    """Distinct days of ``window`` covered by at least one range (overlaps count once)."""
    clipped = sorted(
        (part.first, part.last) for part in (window.intersect(r) for r in ranges) if part is not None
    )
    covered = 0
    counted_through: date | None = None  # last day already counted; sorting makes it grow
    for first, last in clipped:
        if counted_through is not None:
            if last <= counted_through:
                continue
            first = max(first, counted_through + _ONE_DAY)
        covered += (last - first).days + 1
        counted_through = last
    return covered
