"""When an exam can be taken, and until when an attempt accepts answers — on the server's clock.

- The window is [opens_at, closes_at): an attempt may start at `opens_at` exactly and not at
  `closes_at`.
- An attempt's deadline = min(start + time limit, closes_at): starting late leaves less time,
  never more than the window.
- A save or submission is in time when the server receives it at or before the deadline
  (`now ≤ deadline`); anything later is refused and recorded. The answers saved in time are
  what the attempt is graded on: when the time runs out without a submission, the attempt is
  closed at its deadline with them (a dropped connection never costs saved work).
- One attempt; a retake only when the instructor grants it, and at most one (kept as a second
  attempt; the latest graded attempt is the result).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_ATTEMPTS = 2  # the first attempt and one granted retake


@dataclass(frozen=True)
class Window:
    opens_at: datetime
    closes_at: datetime
    limit: timedelta

    def __post_init__(self) -> None:
        if self.opens_at.tzinfo is None or self.closes_at.tzinfo is None:
            raise ValueError("exam windows are aware datetimes")
        if self.closes_at <= self.opens_at:
            raise ValueError("an exam window must close after it opens")
        if self.limit <= timedelta(0):
            raise ValueError("an exam needs a positive time limit")


def start_refusal(window: Window, now: datetime) -> str | None:
    """Why an attempt cannot start now ('not_open', 'closed'), or None."""
    if now < window.opens_at:
        return "not_open"
    if now >= window.closes_at:
        return "closed"
    return None


def deadline(window: Window, started_at: datetime) -> datetime:
    return min(started_at + window.limit, window.closes_at)


def in_time(deadline_at: datetime, now: datetime) -> bool:
    return now <= deadline_at


def remaining_seconds(deadline_at: datetime, now: datetime) -> int:
    """Whole seconds left, rounded down (a countdown never promises a second that is not there)."""
    left = (deadline_at - now).total_seconds()
    return max(0, math.floor(left))


def attempts_allowed(retakes_granted: int) -> int:
    return min(1 + max(retakes_granted, 0), MAX_ATTEMPTS)


def start_blocked_by_attempts(attempts_made: int, retakes_granted: int) -> bool:
    return attempts_made >= attempts_allowed(retakes_granted)
