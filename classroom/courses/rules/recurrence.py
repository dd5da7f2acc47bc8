"""Expand a weekly timetable ("Mon/Wed/Fri 09:00–13:00") into dated lessons.

Times are Korean wall-clock times (what trainees see on the timetable); occurrences are
stored as UTC instants, so conversion goes through zoneinfo rather than a fixed +09:00
(Seoul observed DST in 1987–88, and the tz is injectable). Days off (`holidays.korean_holidays`:
lunar ones such as 설날 and 추석, substitute holidays, election days) are skipped and reported,
because a trainee cannot be scheduled on a day off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
MAX_SPAN_YEARS = 2

# The name of the day off on a date (several joined with ", "), or None on a working day.
DaysOff = Callable[[date], str | None]


def _anniversary(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        # 29 Feb has no twin in a common year; the next day keeps the span at most N years.
        return date(day.year + years, 3, 1)


@dataclass(frozen=True)
class RecurrenceRule:
    weekdays: frozenset[int]  # 0 = Monday … 6 = Sunday (date.weekday())
    start: time  # local wall time
    end: time
    first_day: date
    last_day: date  # inclusive

    def __post_init__(self) -> None:
        # Accept any iterable (a list from a form) but store the declared frozenset.
        days = frozenset(self.weekdays) if isinstance(self.weekdays, Iterable) else None
        if not days:
            raise ValueError("weekdays must name at least one day (0=Mon … 6=Sun)")
        for day in days:
            if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
                raise ValueError(f"weekday {day!r} is not an integer in 0..6 (0=Mon … 6=Sun)")
        object.__setattr__(self, "weekdays", days)

        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, time):
                raise TypeError(f"{name} must be a datetime.time")
            # An aware time would silently disagree with the tz passed to expand().
            if value.tzinfo is not None:
                raise ValueError(f"{name} must be a naive local wall time")
        if self.end <= self.start:
            raise ValueError(
                f"end {self.end.isoformat()} must be after start {self.start.isoformat()}"
                " (lessons cannot cross midnight)"
            )

        for name in ("first_day", "last_day"):
            value = getattr(self, name)
            if not isinstance(value, date) or isinstance(value, datetime):
                raise TypeError(f"{name} must be a datetime.date")
        if self.last_day < self.first_day:
            raise ValueError(
                f"last_day {self.last_day.isoformat()} is before first_day {self.first_day.isoformat()}"
            )
        # Guard against typos like 2062 for 2026 that would create thousands of lessons.
        if self.first_day.year + MAX_SPAN_YEARS <= date.max.year:
            limit = _anniversary(self.first_day, MAX_SPAN_YEARS)
            if self.last_day >= limit:
                raise ValueError(
                    f"range {self.first_day.isoformat()}..{self.last_day.isoformat()} spans more than"
                    f" {MAX_SPAN_YEARS} years; last_day must be before {limit.isoformat()}"
                )

    @property
    def duration(self) -> timedelta:
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)

    def days(self) -> Iterable[date]:
        """Every date in range that falls on one of the weekdays, holidays included."""
        day = self.first_day
        step = timedelta(days=1)
        while day <= self.last_day:
            if day.weekday() in self.weekdays:
                yield day
            day += step


@dataclass(frozen=True)
class Occurrence:
    day: date  # local date in the rule's time zone
    starts_at: datetime  # aware, UTC
    ends_at: datetime  # aware, UTC

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


@dataclass(frozen=True)
class SkippedDay:
    day: date
    name: str  # holiday name(s), comma-separated when two fall on the same day


@dataclass(frozen=True)
class Expansion:
    occurrences: tuple[Occurrence, ...]
    skipped: tuple[SkippedDay, ...]


def expand(rule: RecurrenceRule, days_off: DaysOff | None, *, tz: tzinfo = SEOUL) -> Expansion:
    """Occurrences of `rule`, minus the days `days_off` names (reported in `skipped`); with no
    `days_off` every matching day is held."""
    occurrences: list[Occurrence] = []
    skipped: list[SkippedDay] = []
    for day in rule.days():
        name = days_off(day) if days_off is not None else None
        if name is not None:
            skipped.append(SkippedDay(day, name))
            continue
        # fold=0: an ambiguous wall time (DST fall-back) means its first occurrence.
        starts_at = datetime.combine(day, rule.start, tzinfo=tz).astimezone(UTC)
        ends_at = datetime.combine(day, rule.end, tzinfo=tz).astimezone(UTC)
        if ends_at <= starts_at:
            # Only possible when a wall time falls in a DST gap in the chosen zone.
            raise ValueError(
                f"{day.isoformat()}: {rule.start.isoformat()}–{rule.end.isoformat()} does not"
                f" form a positive interval in {tz} (daylight-saving change)"
            )
        occurrences.append(Occurrence(day, starts_at, ends_at))
    return Expansion(tuple(occurrences), tuple(skipped))
