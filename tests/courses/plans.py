"""Plan builders shared by the rule tests."""

from __future__ import annotations

from datetime import date, timedelta

from classroom.courses.rules import PlannedSession, SessionMode

H = 60
MONDAY = date(2026, 3, 2)
ONLINE_MODES = [SessionMode.LIVE, SessionMode.VOD]
OFFLINE_MODES = [SessionMode.CLASSROOM, SessionMode.ONSITE]


def plan(online: int = 0, offline: int = 0, *, start: date = MONDAY, chunk: int = 4 * H):
    """Sessions of at most `chunk` minutes, one per day, so the daily cap never interferes."""
    sessions, day = [], start
    for mode, remaining in ((SessionMode.LIVE, online), (SessionMode.CLASSROOM, offline)):
        while remaining > 0:
            minutes = min(chunk, remaining)
            sessions.append(PlannedSession(day, mode, minutes))
            remaining -= minutes
            day += timedelta(days=1)
    return sessions
