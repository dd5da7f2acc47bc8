"""Plan builders shared by the rule tests."""

from __future__ import annotations

from datetime import date, timedelta

from classroom.courses.rules.kinds import LessonMode
from classroom.courses.rules.plan import PlannedLesson

H = 60
MONDAY = date(2026, 3, 2)
ONLINE_MODES = [LessonMode.LIVE, LessonMode.VOD]
OFFLINE_MODES = [LessonMode.CLASSROOM, LessonMode.ONSITE]


def plan(online: int = 0, offline: int = 0, *, start: date = MONDAY, chunk: int = 4 * H):
    """Lessons of at most `chunk` minutes, one per day, so the daily cap never interferes."""
    lessons, day = [], start
    for mode, remaining in ((LessonMode.LIVE, online), (LessonMode.CLASSROOM, offline)):
        while remaining > 0:
            minutes = min(chunk, remaining)
            lessons.append(PlannedLesson(day, mode, minutes))
            remaining -= minutes
            day += timedelta(days=1)
    return lessons
