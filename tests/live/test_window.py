"""The live tests' lessons are placed around the wall clock; they must be valid at any hour
(CI once ran at 23:22 Seoul time and a two-hour lesson crossed midnight)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from classroom.core.clock import SEOUL
from tests.live.support import within_one_day

HOURS = [datetime(2026, 12, 1, h, m, tzinfo=SEOUL) for h in range(24) for m in (0, 1, 29, 59)]


@pytest.mark.parametrize("now", HOURS, ids=lambda d: d.strftime("%H%M"))
@pytest.mark.parametrize(
    ("starts_in", "length"),
    [
        (timedelta(minutes=-5), timedelta(hours=2)),
        (timedelta(minutes=30), timedelta(hours=2)),
        (timedelta(hours=-3), timedelta(hours=1)),
    ],
)
def test_lesson_window_stays_in_one_day_and_keeps_its_meaning(
    now: datetime, starts_in: timedelta, length: timedelta
) -> None:
    starts, ends = within_one_day(now, now + starts_in, length)
    assert starts < ends
    assert starts.astimezone(SEOUL).date() == (ends - timedelta(microseconds=1)).astimezone(SEOUL).date()
    running = now + starts_in <= now < now + starts_in + length
    assert (starts <= now < ends) == running
    if not running:
        assert starts == now + starts_in
