"""Unit periods, attendance rates, completion and the training allowance (DOMAIN.md "Outcomes").

- Unit periods (단위기간) are monthly from the course start: period k starts on the start date
  plus k months (same day number, or that month's last day when it has none) and ends the day
  before the next one starts; the last ends with the course.
- In each period, every `incidents_per_absence` lates, early leaves and goings-out (any mix)
  count as one absent day; what is left over does not carry into the next period.
- Rate = (training days − absent days − converted absences) ÷ training days, exact; a period
  or course with no training day has no rate (None), never 0.
- Allowance for a period whose rate is at least `allowance_rate`, on a course of at least
  `allowance_min_course_minutes`: `long_day_won` per attended day scheduled for at least
  `long_day_minutes` (capped at `long_day_cap_won`) plus `short_day_won` per shorter attended
  day (capped at `short_day_cap_won`). Converted absences are not paid: they are taken from
  the long days first, so a conversion never leaves more money than a real absence would.
  Integer won throughout; no rounding is needed (whole days × whole won).
- Days still pending (not over, nothing recorded) are not counted yet.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from attendance.rules.kinds import DayStatus
from attendance.rules.policy import AttendancePolicy


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def unit_periods(starts_on: date, ends_on: date) -> list[tuple[date, date]]:
    periods: list[tuple[date, date]] = []
    k = 0
    while True:
        first = add_months(starts_on, k)
        if first > ends_on:
            return periods
        last = min(add_months(starts_on, k + 1) - timedelta(days=1), ends_on)
        periods.append((first, last))
        k += 1


@dataclass(frozen=True)
class DayLine:
    """What the period maths needs of one training day."""

    day: date
    status: DayStatus
    scheduled_minutes: int
    incidents: int = 0


@dataclass(frozen=True)
class PeriodResult:
    index: int  # 1-based
    first: date
    last: date
    training_days: int  # days counted so far (pending days excluded)
    scheduled_days: int  # every training day of the period, pending included
    absent_days: int
    incidents: int
    converted: int
    rate: Fraction | None
    long_days_paid: int
    short_days_paid: int
    allowance_won: int
    allowance_eligible: bool
    closed: bool  # every day of the period is over


def _allowance(
    counted: Sequence[DayLine],
    converted: int,
    rate: Fraction | None,
    policy: AttendancePolicy,
    course_minutes: int,
) -> tuple[int, int, int, bool]:
    eligible = (
        rate is not None
        and rate >= policy.allowance_rate
        and course_minutes >= policy.allowance_min_course_minutes
    )
    attended = [d for d in counted if d.status.attended]
    long_days = sum(1 for d in attended if d.scheduled_minutes >= policy.long_day_minutes)
    short_days = len(attended) - long_days
    taken_long = min(converted, long_days)
    long_days -= taken_long
    short_days = max(short_days - (converted - taken_long), 0)
    if not eligible:
        return long_days, short_days, 0, False
    won = min(long_days * policy.long_day_won, policy.long_day_cap_won) + min(
        short_days * policy.short_day_won, policy.short_day_cap_won
    )
    return long_days, short_days, won, True


def period_result(
    index: int,
    first: date,
    last: date,
    days: Sequence[DayLine],
    policy: AttendancePolicy,
    course_minutes: int,
) -> PeriodResult:
    mine = [d for d in days if first <= d.day <= last]
    counted = [d for d in mine if d.status is not DayStatus.PENDING]
    absent = sum(1 for d in counted if d.status is DayStatus.ABSENT)
    incidents = sum(d.incidents for d in counted)
    converted = incidents // policy.incidents_per_absence
    training = len(counted)
    rate = Fraction(training - absent - converted, training) if training else None
    if rate is not None and rate < 0:
        rate = Fraction(0)
    long_paid, short_paid, won, eligible = _allowance(counted, converted, rate, policy, course_minutes)
    return PeriodResult(
        index=index,
        first=first,
        last=last,
        training_days=training,
        scheduled_days=len(mine),
        absent_days=absent,
        incidents=incidents,
        converted=converted,
        rate=rate,
        long_days_paid=long_paid,
        short_days_paid=short_paid,
        allowance_won=won,
        allowance_eligible=eligible,
        closed=len(counted) == len(mine) and all(d.status is not DayStatus.PENDING for d in mine),
    )


@dataclass(frozen=True)
class Outcome:
    periods: list[PeriodResult]
    total_days: int  # every training day of the course, future ones included
    training_days: int  # days counted so far
    absent_days: int
    converted: int
    rate: Fraction | None
    completed: bool  # rate at least the completion rate (so far, while the course runs)
    can_still_miss: int  # absences left before completion becomes impossible (negative: too late)
    allowance_won: int

    @property
    def absences(self) -> int:
        return self.absent_days + self.converted


def max_absences(total_days: int, policy: AttendancePolicy) -> int:
    """The most absences (real and converted) a course of `total_days` allows for completion:
    the largest k with (total − k) / total ≥ the completion rate."""
    if total_days <= 0:
        return 0
    allowed = Fraction(total_days) * (1 - policy.completion_rate)
    return allowed.numerator // allowed.denominator


def outcome(
    starts_on: date,
    ends_on: date,
    days: Sequence[DayLine],
    policy: AttendancePolicy,
    course_minutes: int,
) -> Outcome:
    periods = [
        period_result(i, first, last, days, policy, course_minutes)
        for i, (first, last) in enumerate(unit_periods(starts_on, ends_on), start=1)
    ]
    training = sum(p.training_days for p in periods)
    absent = sum(p.absent_days for p in periods)
    converted = sum(p.converted for p in periods)
    rate = Fraction(max(training - absent - converted, 0), training) if training else None
    total = sum(1 for d in days if starts_on <= d.day <= ends_on)
    return Outcome(
        periods=periods,
        total_days=total,
        training_days=training,
        absent_days=absent,
        converted=converted,
        rate=rate,
        completed=rate is not None and rate >= policy.completion_rate,
        can_still_miss=max_absences(total, policy) - absent - converted,
        allowance_won=sum(p.allowance_won for p in periods),
    )
