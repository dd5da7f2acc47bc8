"""Attendance checks (pure): the answer window and the random schedule."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

ANSWER_WINDOW = timedelta(seconds=60)
RANDOM_BOUNDS = (3, 120)  # minutes between random checks an instructor may choose


def deadline(opened_at: datetime, window: timedelta = ANSWER_WINDOW) -> datetime:
    return opened_at + window


def answered_in_time(opened_at: datetime, deadline_at: datetime, at: datetime) -> bool:
    """The window includes its opening instant and excludes its deadline."""
    return opened_at <= at < deadline_at


def valid_interval(low: int, high: int) -> bool:
    return RANDOM_BOUNDS[0] <= low <= high <= RANDOM_BOUNDS[1]


def next_random(now: datetime, low: int, high: int, rng: random.Random) -> datetime:
    """When the room opens its next random check: uniformly between `low` and `high`
    minutes from now, to the second, so nobody can predict it to the minute."""
    seconds = rng.randint(low * 60, high * 60)
    return now + timedelta(seconds=seconds)
