"""Example tests of the pure proration rules: which days of a month a lease and a designation
count (rules/proration.py), and billing months (rules/months.py)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date, datetime

import pytest

from classroom.leases.rules.months import (
    first_of_month,
    is_over,
    month_label,
    next_month,
    parse_month,
    previous_month,
)
from classroom.leases.rules.proration import (
    DateRange,
    active_days,
    count_covered_days,
    days_in_month,
    month_range,
)
from tests.leases.dates import d, opt_r, r

APRIL = month_range(2025, 4)


# --- DateRange and month lengths ---------------------------------------------------------


def test_date_range_basics() -> None:
    span = r("2025-04-14..2025-04-30")
    assert span.days() == 17 == len(list(span.each_day()))
    assert next(span.each_day()) == d("2025-04-14")
    assert span.contains(d("2025-04-14")) and span.contains(d("2025-04-30"))
    assert not span.contains(d("2025-04-13")) and not span.contains(d("2025-05-01"))
    one = r("2025-04-14")
    assert one.days() == 1 and one.intersect(one) == one
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'first'"):
        span.first = d("2025-04-02")  # type: ignore[misc]
    with pytest.raises(ValueError, match=r"ends \(2025-04-14\) before it starts \(2025-04-15\)"):
        r("2025-04-15..2025-04-14")


@pytest.mark.parametrize("bad", [datetime(2025, 4, 14, 9), "2025-04-14", None])
def test_date_range_rejects_non_dates(bad: object) -> None:
    with pytest.raises(TypeError, match=r"first must be a datetime\.date"):
        DateRange(bad, d("2025-04-30"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"last must be a datetime\.date"):
        DateRange(d("2025-04-01"), bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"day must be a datetime\.date"):
        APRIL.contains(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        ("2025-04-14..2025-05-10", "2025-04-14..2025-04-30"),
        ("2025-03-01..2025-04-01", "2025-04-01"),
        ("2025-04-30..2025-06-01", "2025-04-30"),
        ("2025-04-10..2025-04-12", "2025-04-10..2025-04-12"),
        ("2025-05-01..2025-05-31", None),
        ("2025-03-01..2025-03-31", None),
    ],
)
def test_intersect(other: str, expected: str | None) -> None:
    assert APRIL.intersect(r(other)) == opt_r(expected) == r(other).intersect(APRIL)


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [
        (2027, 2, 28),
        (2028, 2, 29),
        (2024, 2, 29),
        (2100, 2, 28),
        (2000, 2, 29),  # century rule
        (2025, 4, 30),
        (2025, 11, 30),
        (2025, 1, 31),
        (2025, 12, 31),
    ],
)
def test_month_lengths(year: int, month: int, days: int) -> None:
    assert days_in_month(year, month) == days
    assert month_range(year, month) == DateRange(date(year, month, 1), date(year, month, days))
    with pytest.raises(ValueError, match=r"month must be 1\.\.12, got 13"):
        month_range(2025, 13)


# --- active_days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lease", "terminated_on", "expected"),
    [
        ("2025-01-01..2025-12-31", None, "2025-04-01..2025-04-30"),  # covers the month
        ("2025-04-14..2025-09-30", None, "2025-04-14..2025-04-30"),  # starts mid-month
        ("2025-01-01..2025-04-10", None, "2025-04-01..2025-04-10"),  # ends mid-month
        ("2025-04-10..2025-04-20", None, "2025-04-10..2025-04-20"),  # inside
        ("2025-04-17", None, "2025-04-17"),  # one-day lease
        ("2025-03-01..2025-04-01", None, "2025-04-01"),  # ends on the 1st
        ("2025-04-30..2025-06-30", None, "2025-04-30"),  # starts on the last day
        ("2025-05-01..2025-06-30", None, None),  # after the month
        ("2025-01-01..2025-03-31", None, None),  # before the month
        # early termination: the termination day is the last billed day
        ("2025-01-01..2025-12-31", "2025-04-15", "2025-04-01..2025-04-15"),
        ("2025-01-01..2025-12-31", "2025-04-01", "2025-04-01"),  # on the month's first day
        ("2025-01-01..2025-12-31", "2025-04-30", "2025-04-01..2025-04-30"),
        ("2025-01-01..2025-12-31", "2025-03-31", None),  # ended before this month
        ("2025-04-10..2025-12-31", "2025-04-10", "2025-04-10"),  # on the lease's first day
        ("2025-04-10..2025-12-31", "2025-04-09", None),  # before start: nothing billed
        ("2025-06-01..2025-12-31", "2025-04-20", None),  # before a future start
        ("2025-04-10..2025-04-20", "2025-05-15", "2025-04-10..2025-04-20"),  # never extends
    ],
)
def test_active_days(lease: str, terminated_on: str | None, expected: str | None) -> None:
    stop = d(terminated_on) if terminated_on else None
    assert active_days(APRIL, r(lease), stop) == opt_r(expected)


def test_active_days_in_leap_february_and_bad_termination() -> None:
    feb = month_range(2028, 2)
    assert active_days(feb, r("2028-02-15..2028-03-31")) == r("2028-02-15..2028-02-29")
    assert active_days(feb, r("2027-12-01..2028-12-31")) == feb
    assert feb.days() == 29
    with pytest.raises(TypeError, match=r"terminated_on must be a datetime\.date"):
        active_days(APRIL, APRIL, datetime(2025, 4, 15, 18))


# --- count_covered_days ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        ([], 0),
        (["2025-01-01..2025-12-31"], 30),
        (["2025-04-21..2026-04-20"], 10),  # designation starts mid-month
        (["2024-04-11..2025-04-10"], 10),  # designation ends mid-month
        (["2025-04-05"], 1),
        (["2025-05-01..2025-05-31"], 0),  # outside
        (["2025-04-01..2025-04-10", "2025-04-05..2025-04-15"], 15),  # overlapping
        (["2025-04-01..2025-04-10", "2025-04-01..2025-04-10"], 10),  # duplicate
        (["2025-04-01..2025-04-20", "2025-04-05..2025-04-06"], 20),  # nested
        (["2025-04-01..2025-04-10", "2025-04-11..2025-04-20"], 20),  # adjacent
        (["2025-04-01..2025-04-05", "2025-04-10..2025-04-12"], 8),  # gap
        (["2025-04-20..2025-05-05", "2025-03-01..2025-04-02"], 13),  # unsorted
        (["2025-04-25..2025-04-30", "2025-04-01..2025-04-03", "2025-04-02..2025-04-26"], 30),
    ],
)
def test_count_covered_days(ranges: list[str], expected: int) -> None:
    assert count_covered_days(APRIL, (r(x) for x in ranges)) == expected


# --- billing months -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04", date(2026, 4, 1)),
        (" 2026-12 ", date(2026, 12, 1)),
        ("2026-01", date(2026, 1, 1)),
        ("2026-13", None),
        ("2026-00", None),
        ("2026-4", None),
        ("26-04", None),
        ("2026-04-01", None),
        ("April", None),
        ("", None),
        (None, None),
        ("\u0662\u0660\u0662\u0666-\u0660\u0664", None),  # Arabic-Indic digits are refused
    ],
)
def test_parse_month(text: str | None, expected: date | None) -> None:
    assert parse_month(text) == expected


def test_month_steps_labels_and_closing() -> None:
    assert month_label(date(2026, 4, 1)) == "2026-04" and month_label(date(987, 1, 1)) == "0987-01"
    assert first_of_month(date(2026, 4, 30)) == date(2026, 4, 1)
    assert next_month(date(2026, 12, 15)) == date(2027, 1, 1)
    assert next_month(date(2026, 4, 1)) == date(2026, 5, 1)
    assert previous_month(date(2026, 1, 31)) == date(2025, 12, 1)
    assert previous_month(date(2026, 4, 1)) == date(2026, 3, 1)
    april = date(2026, 4, 1)
    assert not is_over(april, date(2026, 4, 30))  # its last day is today: not over yet
    assert is_over(april, date(2026, 5, 1))
    assert not is_over(april, date(2026, 3, 31))
