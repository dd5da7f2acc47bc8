"""Access-walker path parameters for the live room: the walker course's first live lesson,
which starts at the walker's clock (START, 09:00 on a Monday), so every role that may enter
is inside the door's time window (trainees from 10 minutes before the start)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session, col, select

from tests.access.bodies import expect_refusal, register_body
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

# The media layer (classroom/live/media): the walker's app has no Janus configured, so the
# grant answers that media is unavailable, and Janus's event endpoint refuses everyone.
register_for("GET /api/v1/lessons/{lesson_id}/live/media", "lesson_id", _live_lesson_id)
register_for("GET /api/v1/lessons/{lesson_id}/live/media/status", "lesson_id", _live_lesson_id)
register_for("POST /api/v1/lessons/{lesson_id}/live/media/moderate", "lesson_id", _live_lesson_id)


def _moderation(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    from classroom.core.tenancy import Role

    return {"user_id": str(world.a.users[Role.TRAINEE].id), "video_muted": True}


register_body("POST /api/v1/lessons/{lesson_id}/live/media/moderate", _moderation)
expect_refusal(
    "POST /api/v1/media/janus-events",
    403,
    "Janus's event handler only: the shared secret from a private network, and no Janus here",
)
expect_refusal(
    "POST /api/v1/lessons/{lesson_id}/live/media/moderate",
    409,
    "moderation acts through Janus, which the walker's app does not have (tests/media moderates for real)",
)
