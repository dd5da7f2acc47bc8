"""Access-walker example bodies for the courses domain (see bodies.py).

The walker's course (tests/access/params_courses.py) is published, runs from 2026-04-01 to
2026-06-30 with live lessons on Monday and Tuesday mornings until 1 May and classroom lessons
on Wednesday to Friday mornings, and has the tenant's trainee enrolled. New lessons go on
Monday afternoons in June, when nothing else is booked."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlmodel import Session

from classroom.core.tenancy import Role
from tests.access.bodies import register_body
from tests.access.params import register_for
from tests.factories.accounts import World, make_user, principal_of
from tests.factories.courses import make_course, make_valid_plan

ROOM = "B동 302호"


def _course(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {
        "title": "접근 점검 신규 과정",
        "category": "ict",
        "starts_on": "2026-07-01",
        "ends_on": "2026-09-30",
        "capacity": "10",
        "instructor_ids": [str(world.a.users[Role.INSTRUCTOR].id)],
    }


def _course_json(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {**_course(session, app, world), "capacity": 10}


def _lesson_json(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {
        "mode": "classroom",
        "room": ROOM,
        "starts_at": "2026-06-29T14:00:00+09:00",
        "ends_at": "2026-06-29T17:00:00+09:00",
    }


def _lesson_form(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {"mode": "classroom", "room": ROOM, "day": "2026-06-29", "start": "14:00", "end": "17:00"}


def _series(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {
        "mode": "classroom",
        "room": ROOM,
        "weekdays": [0],
        "start": "14:00",
        "end": "17:00",
        "first_day": "2026-06-01",
        "last_day": "2026-06-29",
    }


def _series_form(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {**_series(session, app, world), "weekdays": ["0"]}


def _newcomer(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    trainee = make_user(session, app, world.a.institution, Role.TRAINEE)
    return {"user_ids": [str(trainee.id)]}


def _draft(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    """A draft course taught by the tenant's instructor (only drafts are deleted)."""
    users = getattr(world, tenant).users
    admin, instructor = users[Role.INSTITUTION_ADMIN], users[Role.INSTRUCTOR]
    return make_course(session, app, admin, instructors=[instructor], leased=False).id


def _ready_draft(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    """A draft with a valid blended plan and a leased classroom: publishing it succeeds."""
    users = getattr(world, tenant).users
    admin, instructor = users[Role.INSTITUTION_ADMIN], users[Role.INSTRUCTOR]
    course = make_course(session, app, admin, instructors=[instructor])
    make_valid_plan(session, app, admin, course, supervisor=users[Role.SUPERVISOR])
    return course.id


def _lesson_ahead(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    """The walker course's last lesson: still to come, so instructors may edit or delete it
    (the first one has already been held on the walker's clock)."""
    from sqlmodel import col, select

    from classroom.courses.models import Course, Lesson
    from tests.access.params_courses import TITLE

    institution_id = getattr(world, tenant).institution.id
    course = session.exec(
        select(Course).where(Course.institution_id == institution_id, Course.title == TITLE)
    ).one()
    statement = select(Lesson).where(Lesson.course_id == course.id).order_by(col(Lesson.starts_at).desc())
    row = session.exec(statement).first()
    assert row is not None
    return row.id


def _spare_series(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    """A small extra series (two Saturday afternoons) of the walker course: moving or deleting
    it keeps the published course's plan valid."""
    from datetime import date, time

    from sqlmodel import select

    from classroom.courses.models import Course
    from classroom.courses.recurring import generate
    from classroom.courses.schemas import RecurringCreate
    from tests.access.params_courses import TITLE, _course_id

    _course_id(session, app, world, tenant)
    users = getattr(world, tenant).users
    course = session.exec(
        select(Course).where(
            Course.institution_id == users[Role.INSTITUTION_ADMIN].institution_id, Course.title == TITLE
        )
    ).one()
    made = generate(
        session,
        app.state.clock,
        principal_of(users[Role.INSTITUTION_ADMIN]),
        course,
        RecurringCreate(
            mode="classroom",
            room="점검 실습실",
            weekdays=[5],
            start=time(14),
            end=time(17),
            first_day=date(2026, 6, 20),
            last_day=date(2026, 6, 27),
        ),
    )
    session.commit()
    return made.series_id


for _route in (
    "PATCH /api/v1/courses/{course_id}/lessons/{lesson_id}",
    "DELETE /api/v1/courses/{course_id}/lessons/{lesson_id}",
    "POST /courses/{course_id}/lessons/{lesson_id}",
    "POST /courses/{course_id}/lessons/{lesson_id}/delete",
):
    register_for(_route, "lesson_id", _lesson_ahead)
for _route in (
    "POST /courses/{course_id}/series/{series_id}/move",
    "POST /courses/{course_id}/series/{series_id}/delete",
    "POST /api/v1/courses/{course_id}/series/{series_id}/move",
    "DELETE /api/v1/courses/{course_id}/series/{series_id}",
):
    register_for(_route, "series_id", _spare_series)
register_body("POST /courses/{course_id}/series/{series_id}/move", lambda s, app, w: {"start": "19:00"})
register_body("POST /courses/{course_id}/lessons/recurring/preview", _series_form)
register_body(
    "POST /api/v1/courses/{course_id}/series/{series_id}/move", lambda s, app, w: {"start": "19:00"}
)
register_body("POST /api/v1/courses/{course_id}/lessons/recurring/preview", _series)

register_for("DELETE /api/v1/courses/{course_id}", "course_id", _draft)
register_for("POST /courses/{course_id}/delete", "course_id", _draft)
register_for("POST /api/v1/courses/{course_id}/publish", "course_id", _ready_draft)
register_for("POST /courses/{course_id}/publish", "course_id", _ready_draft)

register_body("POST /api/v1/courses", _course_json)
register_body("POST /courses", _course)
register_body("PATCH /api/v1/courses/{course_id}", lambda s, app, w: {"description": "접근 점검"})
register_body(
    "POST /courses/{course_id}",
    lambda s, app, w: {**_course(s, app, w), "starts_on": "2026-04-01", "ends_on": "2026-06-30"},
)
register_body("POST /api/v1/courses/{course_id}/lessons", _lesson_json)
register_body("POST /courses/{course_id}/lessons", _lesson_form)
register_body("POST /api/v1/courses/{course_id}/lessons/recurring", _series)
register_body("POST /courses/{course_id}/lessons/recurring", _series_form)
register_body(
    "PATCH /api/v1/courses/{course_id}/lessons/{lesson_id}", lambda s, app, w: {"title": "접근 점검"}
)
register_body("POST /courses/{course_id}/lessons/{lesson_id}", _lesson_form)
register_body("POST /api/v1/courses/{course_id}/status", lambda s, app, w: {"status": "running"})
register_body("POST /courses/{course_id}/status", lambda s, app, w: {"status": "running"})
register_body("POST /api/v1/courses/{course_id}/enrollments", _newcomer)
register_body("POST /courses/{course_id}/enrollments", _newcomer)
register_body(
    "POST /api/v1/courses/{course_id}/enrollments/{user_id}/drop", lambda s, app, w: {"reason": "접근 점검"}
)
register_body(
    "POST /courses/{course_id}/enrollments/{user_id}/drop", lambda s, app, w: {"reason": "접근 점검"}
)
