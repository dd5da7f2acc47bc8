"""One trainee's day across all their courses: at most the daily limit of training (all modes
together) and never two lessons at the same time.

Pure arithmetic: callers gather the trainee's bookings (lessons of the courses they are enrolled
in, as Seoul wall-clock minutes) and the bookings about to be added, and get back what would
break. A course's own plan (its own 8 h days and self-overlaps) is judged by `rules.plan` and
`conflicts`; here only the collision with *other* courses counts, so a day is reported only when
another course contributes to it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from classroom.courses.rules import digits
from classroom.courses.rules.plan import DEFAULT_POLICY

DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Booking:
    """A lesson as a trainee lives it: the local day and minutes since local midnight
    (`end` may be 1440 for a lesson ending at midnight, which `time` cannot express)."""

    course_id: Hashable
    course_title: str
    day: date
    start: int
    end: int
    # Recorded (VOD) lessons are watched whenever the trainee likes: their hours count toward
    # the day, but they have no clock time that another lesson could collide with.
    self_paced: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.day, date) or isinstance(self.day, datetime):
            raise TypeError(f"day must be a date, got {type(self.day).__name__}")
        for name in ("start", "end"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int number of minutes")
        if not 0 <= self.start < self.end <= DAY_MINUTES:
            raise ValueError(f"need 0 <= start < end <= {DAY_MINUTES}, got {self.start}..{self.end}")

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def collides(self, other: Booking) -> bool:
        # Touching lessons (09–13 then 13–17) are back to back, not at the same time.
        return (
            not self.self_paced
            and not other.self_paced
            and self.day == other.day
            and self.start < other.end
            and other.start < self.end
        )


@dataclass(frozen=True)
class DayOver:
    """On `day` the trainee already has `others` (course id, title, minutes) and this course
    would add `minutes`, making more than `limit` in one day."""

    day: date
    minutes: int
    others: tuple[tuple[Hashable, str, int], ...]
    limit: int

    kind = "day_over"

    @property
    def other_minutes(self) -> int:
        return sum(m for _, _, m in self.others)

    @property
    def total(self) -> int:
        return self.minutes + self.other_minutes


@dataclass(frozen=True)
class Overlap:
    """`booking` (being added) runs at the same time as `other` of another course."""

    booking: Booking
    other: Booking

    kind = "overlap"

    @property
    def day(self) -> date:
        return self.booking.day


Violation = DayOver | Overlap


def check(
    existing: Iterable[Booking], new: Iterable[Booking], *, limit: int = DEFAULT_POLICY.max_daily_minutes
) -> list[Violation]:
    """What adding `new` to a trainee's `existing` bookings would break, day by day.

    Bookings of `existing` that belong to a course of `new` are that course's unchanged
    lessons: they add to "this course's" hours of the day but are never reported as overlaps
    (a course colliding with itself is `conflicts`' business)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit must be a non-negative int number of minutes, got {limit!r}")
    new_by_day: dict[date, list[Booking]] = {}
    for b in new:
        new_by_day.setdefault(b.day, []).append(b)
    ours = {b.course_id for day in new_by_day.values() for b in day}
    old_by_day: dict[date, list[Booking]] = {}
    for b in existing:
        if b.day in new_by_day:
            old_by_day.setdefault(b.day, []).append(b)
    found: list[Violation] = []
    for day in sorted(new_by_day):
        added = sorted(new_by_day[day], key=lambda b: (b.start, b.end))
        before = sorted(old_by_day.get(day, []), key=lambda o: (o.start, o.end, o.course_title))
        minutes = sum(b.minutes for b in added) + sum(b.minutes for b in before if b.course_id in ours)
        by_course: dict[Hashable, tuple[str, int]] = {}
        for b in before:
            if b.course_id not in ours:
                title, so_far = by_course.get(b.course_id, (b.course_title, 0))
                by_course[b.course_id] = (title, so_far + b.minutes)
        others = tuple(
            sorted(
                ((cid, title, m) for cid, (title, m) in by_course.items()), key=lambda o: (o[1], str(o[0]))
            )
        )
        if others and minutes + sum(m for _, _, m in others) > limit:
            found.append(DayOver(day, minutes, others, limit))
        found.extend(
            Overlap(b, other)
            for b in added
            for other in before
            if other.course_id not in ours and b.collides(other)
        )
    return found


# ---------------------------------------------------------------------------
# What a refusal quotes (digits and times; the catalogue adds units and words), and the
# machine-readable side for API clients, who should not parse sentences.


def clock_text(minute: int) -> str:
    """Minutes since local midnight as a wall-clock time; a lesson ending at midnight ends at 24:00."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def hours(minutes: int) -> str:
    """Two decimals, not one: "5 h + 3.02 h makes 8.02 h" adds up where "3.0 h" would not, and
    a minute (0.0167 h) always shows, so a total over the limit never prints equal to it."""
    return digits.trimmed(Fraction(minutes, 60), 2)


def shown(violation: Violation) -> dict[str, Any]:
    """The figures of the message about `violation`; a day over the limit lists the other
    courses as (title, hours) pairs in the order `check` found them."""
    if isinstance(violation, Overlap):
        b, o = violation.booking, violation.other
        return {
            "day": b.day.isoformat(),
            "start": clock_text(b.start),
            "end": clock_text(b.end),
            "course": o.course_title,
            "other_start": clock_text(o.start),
            "other_end": clock_text(o.end),
        }
    return {
        "day": violation.day.isoformat(),
        "others": tuple((title, hours(m)) for _, title, m in violation.others),
        "hours": hours(violation.minutes),
        "total": hours(violation.total),
        "limit": hours(violation.limit),
    }


def figures(violation: Violation) -> dict[str, Any]:
    """The machine-readable side of a violation."""
    if isinstance(violation, Overlap):
        b, o = violation.booking, violation.other
        return {
            "kind": violation.kind,
            "day": b.day.isoformat(),
            "start": clock_text(b.start),
            "end": clock_text(b.end),
            "other_course_id": str(o.course_id),
            "other_course": o.course_title,
            "other_start": clock_text(o.start),
            "other_end": clock_text(o.end),
        }
    return {
        "kind": violation.kind,
        "day": violation.day.isoformat(),
        "minutes": violation.minutes,
        "other_minutes": violation.other_minutes,
        "total_minutes": violation.total,
        "limit_minutes": violation.limit,
        "others": [
            {"course_id": str(cid), "course": title, "minutes": m} for cid, title, m in violation.others
        ],
    }
