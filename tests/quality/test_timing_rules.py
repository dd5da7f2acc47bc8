"""The exam's window, deadlines and attempts on the server's clock (rules/timing.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quality.rules.timing import (
    Window,
    attempts_allowed,
    deadline,
    in_time,
    remaining_seconds,
    start_blocked_by_attempts,
    start_refusal,
)

OPENS = datetime(2026, 4, 6, 0, 0, tzinfo=UTC)
CLOSES = datetime(2026, 4, 6, 2, 0, tzinfo=UTC)
WINDOW = Window(OPENS, CLOSES, timedelta(minutes=60))
TICK = timedelta(microseconds=1)


def test_window_edges():
    assert start_refusal(WINDOW, OPENS - TICK) == "not_open"
    assert start_refusal(WINDOW, OPENS) is None
    assert start_refusal(WINDOW, CLOSES - TICK) is None
    assert start_refusal(WINDOW, CLOSES) == "closed"


def test_the_deadline_is_the_limit_or_the_window_whichever_comes_first():
    assert deadline(WINDOW, OPENS) == OPENS + timedelta(minutes=60)
    late_start = CLOSES - timedelta(minutes=10)
    assert deadline(WINDOW, late_start) == CLOSES


def test_in_time_includes_the_deadline_instant_and_nothing_after():
    end = OPENS + timedelta(minutes=60)
    assert in_time(end, end)
    assert not in_time(end, end + TICK)


def test_remaining_time_rounds_down_and_never_goes_negative():
    end = OPENS + timedelta(minutes=60)
    assert remaining_seconds(end, OPENS) == 3600
    assert remaining_seconds(end, OPENS + timedelta(seconds=0.5)) == 3599
    assert remaining_seconds(end, end + timedelta(hours=1)) == 0


def test_one_attempt_and_one_granted_retake_at_most():
    assert attempts_allowed(0) == 1 and attempts_allowed(1) == 2 and attempts_allowed(5) == 2
    assert not start_blocked_by_attempts(0, 0)
    assert start_blocked_by_attempts(1, 0)
    assert not start_blocked_by_attempts(1, 1)
    assert start_blocked_by_attempts(2, 1)


def test_windows_are_checked():
    with pytest.raises(ValueError, match="close after"):
        Window(CLOSES, OPENS, timedelta(minutes=1))
    with pytest.raises(ValueError, match="positive"):
        Window(OPENS, CLOSES, timedelta(0))
    with pytest.raises(ValueError, match="aware"):
        Window(OPENS.replace(tzinfo=None), CLOSES, timedelta(minutes=1))
