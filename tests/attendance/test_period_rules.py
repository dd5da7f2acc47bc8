"""Unit periods, conversion of lates, rates, completion and the allowance at their boundaries."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest

from attendance.rules.kinds import DayStatus
from attendance.rules.periods import DayLine, add_months, max_absences, outcome, period_result, unit_periods
from attendance.rules.policy import DEFAULT_POLICY

P, A, L, E = DayStatus.PRESENT, DayStatus.ABSENT, DayStatus.LATE, DayStatus.EXCUSED
COURSE_MINUTES = 140 * 60


def lines(statuses: list[DayStatus], first: date = date(2026, 3, 2), minutes: int = 480) -> list[DayLine]:
    return [
        DayLine(
            first + timedelta(days=i),
            s,
            minutes,
            1 if s in (L, DayStatus.EARLY_LEAVE, DayStatus.GOING_OUT) else 0,
        )
        for i, s in enumerate(statuses)
    ]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 31), 2, date(2026, 3, 31)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_months_keep_the_day_number_or_take_the_last_day(start, months, expected):
    assert add_months(start, months) == expected


def test_unit_periods_are_monthly_from_the_course_start():
    assert unit_periods(date(2026, 1, 31), date(2026, 4, 10)) == [
        (date(2026, 1, 31), date(2026, 2, 27)),
        (date(2026, 2, 28), date(2026, 3, 30)),
        (date(2026, 3, 31), date(2026, 4, 10)),
    ]
    assert unit_periods(date(2026, 3, 2), date(2026, 4, 1)) == [(date(2026, 3, 2), date(2026, 4, 1))]
    assert unit_periods(date(2026, 3, 2), date(2026, 4, 2)) == [
        (date(2026, 3, 2), date(2026, 4, 1)),
        (date(2026, 4, 2), date(2026, 4, 2)),
    ]


def test_a_day_on_the_month_edge_belongs_to_the_period_it_falls_in():
    days = [DayLine(date(2026, 4, 1), A, 480), DayLine(date(2026, 4, 2), P, 480)]
    out = outcome(date(2026, 3, 2), date(2026, 4, 30), days, DEFAULT_POLICY, COURSE_MINUTES)
    assert [(p.training_days, p.absent_days) for p in out.periods] == [(1, 1), (1, 0)]


def test_two_lates_do_not_lower_the_rate_the_third_converts():
    two = period_result(
        1, date(2026, 3, 2), date(2026, 4, 1), lines([L, L, P, P, P]), DEFAULT_POLICY, COURSE_MINUTES
    )
    assert two.converted == 0 and two.rate == 1
    three = period_result(
        1, date(2026, 3, 2), date(2026, 4, 1), lines([L, L, L, P, P]), DEFAULT_POLICY, COURSE_MINUTES
    )
    assert three.converted == 1 and three.rate == Fraction(4, 5)


def test_leftover_lates_do_not_carry_into_the_next_period():
    days = [
        DayLine(date(2026, 3, 30), L, 480, 1),
        DayLine(date(2026, 3, 31), L, 480, 1),
        DayLine(date(2026, 4, 2), L, 480, 1),
    ]
    out = outcome(date(2026, 3, 2), date(2026, 4, 30), days, DEFAULT_POLICY, COURSE_MINUTES)
    assert out.converted == 0 and out.rate == 1


def test_eighty_percent_exactly_completes_and_pays():
    statuses = [A] * 4 + [P] * 16  # 16 / 20 = 80%
    out = outcome(date(2026, 3, 2), date(2026, 3, 31), lines(statuses), DEFAULT_POLICY, COURSE_MINUTES)
    assert out.rate == Fraction(4, 5) and out.completed
    assert out.periods[0].allowance_eligible and out.periods[0].allowance_won == 16 * 5_800
    below = outcome(
        date(2026, 3, 2), date(2026, 3, 31), lines([A] * 5 + [P] * 16), DEFAULT_POLICY, COURSE_MINUTES
    )
    assert below.rate == Fraction(16, 21) and not below.completed and below.allowance_won == 0


def test_allowance_caps_and_short_days():
    long_days = lines([P] * 22, minutes=300)  # ≥ 5 h: 22 × 5,800 = 127,600 → cap 116,000
    short_days = lines([P] * 22, first=date(2026, 3, 24), minutes=299)  # 22 × 2,500 → cap 50,000
    got = period_result(
        1, date(2026, 3, 2), date(2026, 4, 30), [*long_days, *short_days], DEFAULT_POLICY, COURSE_MINUTES
    )
    assert got.allowance_won == 116_000 + 50_000
    small = period_result(
        1, date(2026, 3, 2), date(2026, 4, 1), lines([P] * 3, minutes=299), DEFAULT_POLICY, COURSE_MINUTES
    )
    assert small.allowance_won == 7_500


def test_no_allowance_under_140_hours():
    got = period_result(1, date(2026, 3, 2), date(2026, 4, 1), lines([P] * 5), DEFAULT_POLICY, 140 * 60 - 1)
    assert not got.allowance_eligible and got.allowance_won == 0


def test_converted_absences_are_not_paid_long_days_first():
    days = [*lines([L, L, L, P, P], minutes=480), *lines([P], first=date(2026, 3, 10), minutes=120)]
    got = period_result(1, date(2026, 3, 2), date(2026, 4, 1), days, DEFAULT_POLICY, COURSE_MINUTES)
    assert got.converted == 1 and got.rate == Fraction(5, 6)
    assert (got.long_days_paid, got.short_days_paid, got.allowance_won) == (4, 1, 4 * 5_800 + 2_500)


def test_excused_days_count_as_attended():
    got = period_result(
        1, date(2026, 3, 2), date(2026, 4, 1), lines([E, P, P, P, P]), DEFAULT_POLICY, COURSE_MINUTES
    )
    assert got.rate == 1 and got.allowance_won == 5 * 5_800


def test_pending_days_are_not_counted_yet_and_no_days_means_no_rate():
    out = outcome(
        date(2026, 3, 2), date(2026, 3, 31), lines([DayStatus.PENDING] * 3), DEFAULT_POLICY, COURSE_MINUTES
    )
    assert out.rate is None and not out.completed and out.total_days == 3


@pytest.mark.parametrize(("total", "allowed"), [(20, 4), (21, 4), (24, 4), (25, 5), (0, 0), (1, 0), (5, 1)])
def test_days_you_can_miss(total, allowed):
    assert max_absences(total, DEFAULT_POLICY) == allowed
    if total:
        assert Fraction(total - allowed, total) >= Fraction(4, 5) > Fraction(total - allowed - 1, total)


def test_can_still_miss_counts_down():
    out = outcome(
        date(2026, 3, 2),
        date(2026, 3, 31),
        lines([A, P] + [DayStatus.PENDING] * 18),
        DEFAULT_POLICY,
        COURSE_MINUTES,
    )
    assert out.total_days == 20 and out.can_still_miss == 3
