"""Who enters a live lesson's room, when, and as what (pure: no database, no locale).

- The lesson's instructors take part from any time before the end; after it they read.
- The course's enrolled trainees take part from `OPENS_BEFORE` before the start to the end;
  after the end (or once the instructor ended the lesson) they may only read; a trainee the
  instructor removed is refused.
- Inspectors observe: read-only and invisible, at any time.
- Everyone else is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

OPENS_BEFORE = timedelta(minutes=10)


class Standing(StrEnum):
    INSTRUCTOR = "instructor"
    TRAINEE = "trainee"
    OBSERVER = "observer"


class Refusal(StrEnum):
    NOT_TEACHING = "not_teaching"
    NOT_ENROLLED = "not_enrolled"
    NOT_OPEN = "not_open"
    REMOVED = "removed"
    ROLE = "role"


@dataclass(frozen=True)
class Door:
    """The facts the decision needs, gathered by the service."""

    role: str
    teaches: bool
    enrolled: bool
    removed: bool
    now: datetime
    starts_at: datetime
    ends_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class Admission:
    standing: Standing | None
    read_only: bool = False
    refusal: Refusal | None = None
    opens_at: datetime | None = None

    @property
    def admitted(self) -> bool:
        return self.standing is not None

    @property
    def takes_seat(self) -> bool:
        """Participants present in the lesson hold a live seat; readers and observers do not."""
        return self.admitted and not self.read_only and self.standing is not Standing.OBSERVER


def over(door: Door) -> bool:
    return door.ended_at is not None or door.now >= door.ends_at


def admit(door: Door) -> Admission:
    if door.role == "inspector":
        return Admission(Standing.OBSERVER, read_only=True)
    if door.role == "instructor":
        if not door.teaches:
            return Admission(None, refusal=Refusal.NOT_TEACHING)
        return Admission(Standing.INSTRUCTOR, read_only=over(door))
    if door.role == "trainee":
        if not door.enrolled:
            return Admission(None, refusal=Refusal.NOT_ENROLLED)
        if over(door):
            return Admission(Standing.TRAINEE, read_only=True)
        if door.removed:
            return Admission(None, refusal=Refusal.REMOVED)
        opens_at = door.starts_at - OPENS_BEFORE
        if door.now < opens_at:
            return Admission(None, refusal=Refusal.NOT_OPEN, opens_at=opens_at)
        return Admission(Standing.TRAINEE)
    return Admission(None, refusal=Refusal.ROLE)
