"""Access-walker path parameters and bodies for the content routes (see params.py, bodies.py).

`{content_id}` is a stored video in the walker's course (tests/access/params_courses.py) of the
tenant, so every reader role reaches it: the enrolled trainee, the course's instructor, the
admin, the platform. `{upload_id}` is personal (only its uploader sees it). The tus routes
refuse the walker's plain requests by design: tus 1.0 needs `Tus-Resumable` on every request,
and those answers are checked after the permission gate and the path objects (412).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session, select

from classroom.accounts.models import User
from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from tests.access.bodies import expect_refusal, register_body
from tests.access.params import register, register_for, register_personal
from tests.access.params_courses import _course
from tests.factories.accounts import World, principal_of

TITLE = "접근 점검용 강의 영상"


def _item(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    from content.models import ContentItem
    from tests.factories.content import Classroom, stored_item

    course = _course(session, app, world, tenant)
    found = session.exec(
        select(ContentItem).where(ContentItem.course_id == course.id, ContentItem.title == TITLE)
    ).first()
    if found is not None:
        return found
    users = getattr(world, tenant).users
    room = Classroom(
        course,
        None,
        users[Role.INSTITUTION_ADMIN],
        users[Role.INSTRUCTOR],
        users[Role.TRAINEE],
        users[Role.TRAINEE],
        users[Role.INSTRUCTOR],
    )  # type: ignore[arg-type]
    item, _ = stored_item(session, app, room, title=TITLE)
    return item


def _content_id(session: Session, app: FastAPI, world: World, tenant: str) -> uuid.UUID:
    return _item(session, app, world, tenant).id


def _vod_lesson(session: Session, app: FastAPI, world: World, tenant: str) -> uuid.UUID:
    from classroom.courses.lessons import add_lesson
    from classroom.courses.models import Lesson
    from classroom.courses.schemas import LessonCreate

    course = _course(session, app, world, tenant)
    row = session.exec(select(Lesson).where(Lesson.course_id == course.id, Lesson.mode == "vod")).first()
    if row is None:
        admin = principal_of(getattr(world, tenant).users[Role.INSTITUTION_ADMIN])
        row = add_lesson(
            session,
            app.state.clock,
            admin,
            course,
            LessonCreate(
                mode="vod",
                title="이러닝: 접근 점검",
                starts_at=datetime(2026, 4, 11, 19, tzinfo=SEOUL),
                ends_at=datetime(2026, 4, 11, 21, tzinfo=SEOUL),
            ),
        )
        session.commit()
    return row.id


def _with_poster(session: Session, app: FastAPI, world: World, tenant: str) -> uuid.UUID:
    """The poster route needs an item whose processing made a poster frame."""
    import io

    from content.models import ContentVersion

    item = _item(session, app, world, tenant)
    version = session.get(ContentVersion, item.current_version_id)
    assert version is not None
    if version.poster_key is None:
        jpeg = b"\xff\xd8\xff\xe0" + bytes(100)
        version.poster_key = f"{version.storage_key}.poster.jpg"
        app.state.store.put(version.poster_key, io.BytesIO(jpeg), len(jpeg))
        session.add(version)
        session.commit()
    return item.id


def _deleted_item(session: Session, app: FastAPI, world: World, tenant: str) -> uuid.UUID:
    """Restore and purge act on a deleted item."""
    from classroom.core.events import EventBus
    from content import items

    item = _item(session, app, world, tenant)
    admin = principal_of(getattr(world, tenant).users[Role.INSTITUTION_ADMIN])
    items.soft_delete(session, app.state.clock, EventBus(), admin, item)
    session.commit()
    return item.id


def _upload(session: Session, app: FastAPI, world: World, tenant: str, user: User) -> uuid.UUID:
    from content import uploads

    course = _course(session, app, world, tenant)
    upload = uploads.create(
        session,
        app.state.clock,
        principal_of(user),
        app.state.content_settings,
        length=1000,
        metadata={"filename": "walker.mp4", "course_id": str(course.id)},
    )
    session.commit()
    return upload.id


register("content_id", _content_id)
register_personal("upload_id", _upload)
for _route in (
    "PUT /api/v1/contents/{content_id}/lessons/{lesson_id}",
    "DELETE /api/v1/contents/{content_id}/lessons/{lesson_id}",
):
    register_for(_route, "lesson_id", _vod_lesson)
register_for("GET /api/v1/contents/{content_id}/poster", "content_id", _with_poster)
register_for("POST /api/v1/contents/{content_id}/restore", "content_id", _deleted_item)
register_for("POST /api/v1/contents/{content_id}/purge", "content_id", _deleted_item)

register_body("PATCH /api/v1/contents/{content_id}", lambda s, app, w: {"title": "1주차 강의 (수정)"})
register_body(
    "POST /api/v1/contents/{content_id}/progress",
    lambda s, app, w: {
        "position": 15.0,
        "segment_start": 0.0,
        "playing": True,
        "playback": "walker",
        "seq": 1,
    },
)
_TUS = "tus 1.0 needs the Tus-Resumable header on every request; the walker sends plain requests"
expect_refusal("POST /api/v1/uploads", 412, _TUS)
expect_refusal("PATCH /api/v1/uploads/{upload_id}", 412, _TUS)
expect_refusal("DELETE /api/v1/uploads/{upload_id}", 412, _TUS)

# Pages
register_body("POST /contents/{content_id}/rename", lambda s, app, w: {"title": "1주차 강의 (수정)"})
register_body(
    "POST /contents/{content_id}/lessons", lambda s, app, w: {"lesson_id": str(_vod_lesson(s, app, w, "a"))}
)
register_for("POST /contents/{content_id}/lessons/{lesson_id}/detach", "lesson_id", _vod_lesson)
register_for("POST /contents/{content_id}/restore", "content_id", _deleted_item)
register_for("POST /contents/{content_id}/purge", "content_id", _deleted_item)
