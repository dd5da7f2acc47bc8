"""Sanity of a course's training period, before anything is scheduled in it.

- The end may not come before the start.
- A period longer than `MAX_DAYS` (two years) is refused: national vocational training courses
  run from weeks to about a year, so a longer one is almost always a mistyped year
  ("2026-03-02 ~ 2036-03-01").
- A new course may not start more than `MAX_PAST_DAYS` (one year) ago: a course is built before
  or while it runs; one that started years ago is a mistyped year. An existing course keeps its
  start unless the start itself is being moved that far back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MAX_DAYS = 730
MAX_PAST_DAYS = 365


@dataclass(frozen=True)
class PeriodProblem:
    field: str  # the input it is about
    key: str  # message key (courses/messages.py)
    params: dict[str, object]


def period_problem(
    starts_on: date, ends_on: date, today: date, *, start_moved: bool = True
) -> PeriodProblem | None:
    if ends_on < starts_on:
        return PeriodProblem("ends_on", "course.period_order", {})
    days = (ends_on - starts_on).days + 1
    if days > MAX_DAYS:
        return PeriodProblem(
            "ends_on",
            "course.period_too_long",
            {"days": days, "max_days": MAX_DAYS, "years": MAX_DAYS // 365},
        )
    if start_moved and (today - starts_on).days > MAX_PAST_DAYS:
        return PeriodProblem("starts_on", "course.starts_too_early", {"starts_on": starts_on.isoformat()})
    return None
