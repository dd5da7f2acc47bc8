"""Access-walker path parameters for the live room: the walker course's first live lesson,
which starts at the walker's clock (START, 09:00 on a Monday), so every role that may enter
is inside the door's time window (trainees from 10 minutes before the start)."""

from __future__ import annotations

import uuid

from fastapi import FastAPI
from sqlmodel import Session, col, select

from tests.access.params import register_for
from tests.access.params_courses import _course
from tests.factories.accounts import World


def _live_lesson_id(session: Session, app: FastAPI, world: World, tenant: str) -> uuid.UUID:
    from classroom.courses.models import Lesson

    course = _course(session, app, world, tenant)
    row = session.exec(
        select(Lesson)
        .where(Lesson.course_id == course.id, Lesson.mode == "live")
        .order_by(col(Lesson.starts_at))
    ).first()
    assert row is not None
    return row.id


register_for("WS /ws/lessons/{lesson_id}", "lesson_id", _live_lesson_id)
register_for("GET /api/v1/lessons/{lesson_id}/live/presence", "lesson_id", _live_lesson_id)
register_for("GET /lessons/{lesson_id}/live", "lesson_id", _live_lesson_id)
