"""Access-walker path parameters and example bodies for attendance (see params.py, bodies.py).

The walker's course (params_courses.py) has the tenant's trainee enrolled and its first lesson
on Wednesday 1 April 2026, 09:00–13:00 (a classroom morning), before the tests' clock."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlmodel import Session

from classroom.core.tenancy import Role
from tests.access.bodies import register_body
from tests.access.params import register, register_for
from tests.access.params_courses import _course
from tests.factories.accounts import World


def _trainee_id(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    _course(session, app, world, tenant)
    return getattr(world, tenant).users[Role.TRAINEE].id


def _events(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    course = _course(session, app, world, "a")
    trainee = world.a.users[Role.TRAINEE]
    return {
        "events": [
            {
                "course_id": str(course.id),
                "trainee_id": str(trainee.id),
                "kind": "check_in",
                "at": "2026-04-01T09:02:00+09:00",
                "device_id": "walker-kiosk",
            }
        ]
    }


def _entry(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {
        "trainee_id": str(world.a.users[Role.TRAINEE].id),
        "check_in": "2026-04-01T09:05:00+09:00",
        "check_out": "2026-04-01T13:00:00+09:00",
        "reason": "출석부 수기 기록",
    }


register("trainee_id", _trainee_id)
register_body("POST /api/v1/attendance/events", _events)
register_body("POST /api/v1/lessons/{lesson_id}/attendance", _entry)


def _open_lesson(session: Session, app: FastAPI, world: World) -> Any:
    """The walker course's lesson running at the tests' clock (Monday 6 April, 09:00)."""
    from datetime import datetime

    from sqlmodel import select

    from classroom.core.clock import SEOUL
    from classroom.courses.models import Lesson

    course = _course(session, app, world, "a")
    start = datetime(2026, 4, 6, 9, tzinfo=SEOUL)
    return session.exec(select(Lesson).where(Lesson.course_id == course.id, Lesson.starts_at == start)).one()


def _token(session: Session, app: FastAPI, world: World, tenant: str) -> str:
    from attendance.checkin import qr_key
    from attendance.rules import qr

    lesson = _open_lesson(session, app, world)
    window = qr.window_of(app.state.clock.now().timestamp(), 15)
    return qr.make_code(qr_key(app.state.settings.secret_key), lesson.id, window)


def _ticket(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    from attendance.checkin import qr_key
    from attendance.rules import qr

    lesson = _open_lesson(session, app, world)
    now = app.state.clock.now().timestamp()
    ticket = qr.Ticket(world.a.users[Role.TRAINEE].id, lesson.id, qr.window_of(now, 15), int(now), "walker")
    return {"ticket": qr.make_ticket(qr_key(app.state.settings.secret_key), ticket)}


register("token", _token, scoped=False)
register_body("POST /checkin", _ticket)


def _onsite_lesson(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    from sqlmodel import select

    from classroom.courses.models import Lesson

    course = _course(session, app, world, tenant)
    return session.exec(select(Lesson).where(Lesson.course_id == course.id, Lesson.mode == "onsite")).one().id


def _correction_id(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    from datetime import date

    from attendance.corrections import CorrectionIn, file
    from tests.factories.accounts import principal_of

    course = _course(session, app, world, tenant)
    trainee = getattr(world, tenant).users[Role.TRAINEE]
    data = CorrectionIn(
        trainee_id=trainee.id, day=date(2026, 4, 6), excused=True, reason="병원 진료", evidence="진료 확인서"
    )
    row = file(session, app.state.clock, principal_of(trainee), course, data)
    session.commit()
    return row.id


def _signal_id(session: Session, app: FastAPI, world: World, tenant: str) -> Any:
    from datetime import date

    from attendance import signals
    from attendance.rules.kinds import SignalKind

    course = _course(session, app, world, tenant)
    trainee = getattr(world, tenant).users[Role.TRAINEE]
    key = f"walker:{course.id}"
    signals.add(
        session,
        app.state.clock,
        course,
        SignalKind.SAME_IP,
        key,
        lesson_id=None,
        day=date(2026, 4, 1),
        trainee_ids=[trainee.id],
        detail={"ip": "203.0.113.7", "trainees": 2},
    )
    session.commit()
    from sqlmodel import select

    from attendance.models import FraudSignal

    return session.exec(select(FraudSignal.id).where(FraudSignal.key == key)).one()


def _onsite_body(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {"trainee_id": str(world.a.users[Role.TRAINEE].id), "present": False}


def _correction_body(session: Session, app: FastAPI, world: World) -> dict[str, Any]:
    return {
        "trainee_id": str(world.a.users[Role.TRAINEE].id),
        "day": "2026-04-06",
        "check_in": "2026-04-06T09:04:00+09:00",
        "reason": "QR 단말 오류",
        "evidence": "강사 확인",
    }


register("correction_id", _correction_id)
register("signal_id", _signal_id)
register_for("POST /api/v1/lessons/{lesson_id}/onsite", "lesson_id", _onsite_lesson)
register_body("POST /api/v1/lessons/{lesson_id}/onsite", _onsite_body)
register_body("POST /api/v1/courses/{course_id}/attendance/corrections", _correction_body)
register_body(
    "POST /api/v1/attendance/corrections/{correction_id}/decision",
    lambda s, app, w: {"approve": True, "note": "확인"},
)
register_body(
    "PUT /api/v1/courses/{course_id}/attendance-policy", lambda s, app, w: {"late_after_minutes": 15}
)
register_for("POST /attendance/onsite/{lesson_id}", "lesson_id", _onsite_lesson)
register_body("POST /attendance/onsite/{lesson_id}", _onsite_body)
register_body("POST /attendance/corrections/{correction_id}", lambda s, app, w: {"approve": "true"})
register_body(
    "POST /courses/{course_id}/attendance/corrections",
    lambda s, app, w: {
        "trainee_id": str(w.a.users[Role.TRAINEE].id),
        "day": "2026-04-06",
        "check_in": "09:04",
        "reason": "QR 단말 오류",
        "evidence": "강사 확인",
    },
)
