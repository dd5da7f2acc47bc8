"""The room's evidence reaches attendance's event log (CONTRACTS.md): through the app's real
event bus, which attendance subscribes to in its `wire()`, and through attendance's recovery
path, which resolves `classroom.live.service:evidence_since` by import path. Both name the same
rows, so reading them again adds nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlmodel import select

from attendance.models import AttendanceEvent
from attendance.sources import SOURCES, catch_up
from classroom.core.events import EventBus
from classroom.core.tenancy import Role
from classroom.courses.models import Lesson
from classroom.live import schemas
from classroom.live.models import AttendanceCheck
from classroom.live.service import Services, evidence_since
from classroom.live.settings import LiveSettings
from classroom.live.sweeper import sweep_once
from tests.factories.accounts import make_institution, make_user, principal_of
from tests.factories.courses import make_course, make_valid_plan
from tests.factories.leases import make_programme


@pytest.fixture
def room(app: Any, session: Any, clock: Any) -> dict[str, Any]:
    from classroom.courses.enrolment import enrol
    from classroom.courses.service import publish_course

    institution, admin = make_institution(session, app)
    make_user(session, app, None, Role.OPERATOR, email="desk@step.example")
    make_programme(session, app, 2026, live_seats_per_classroom=10)
    teacher = make_user(session, app, institution, Role.INSTRUCTOR, name="이서연")
    trainees = [make_user(session, app, institution, Role.TRAINEE, name=n) for n in ("최지우", "한도윤")]
    course = make_course(session, app, admin, instructors=[teacher])
    make_valid_plan(session, app, admin, course)
    publish_course(session, clock, principal_of(admin), course)
    enrol(session, clock, principal_of(admin), course, user_ids=[t.id for t in trainees])
    session.commit()
    lesson = session.exec(select(Lesson).where(Lesson.course_id == course.id, Lesson.mode == "live")).first()
    return {"lesson": lesson, "teacher": teacher, "trainees": trainees, "institution": institution}


def services_on(app: Any, clock: Any, bus: EventBus) -> Services:
    return Services(app.state.db, clock, bus, LiveSettings(grace_seconds=60, check_seconds=60), "test")


def enter(services: Services, room: dict[str, Any], user: Any) -> Any:
    return services.enter(
        principal_of(user), room["lesson"].id, last_event_id=None, ip="10.0.0.7", device_id="dev-1"
    )


def a_lesson(services: Services, room: dict[str, Any], clock: Any) -> None:
    """최지우 joins, reconnects and answers a check; 한도윤 misses it and is gone for good; the
    instructor is in the room throughout (not attendance)."""
    jiwoo, doyun = room["trainees"]
    teacher = enter(services, room, room["teacher"])
    enter(services, room, jiwoo)
    jiwoo_now = enter(services, room, jiwoo)  # a second connection: a reconnect, not a leave
    doyun_conn = enter(services, room, doyun)
    services.perform(
        principal_of(room["teacher"]), teacher.connection_id, schemas.CheckOpen(type="check.open")
    )
    with services.db.session() as session:
        check = session.exec(
            select(AttendanceCheck).where(AttendanceCheck.lesson_id == room["lesson"].id)
        ).one()
    clock.advance(seconds=30)
    services.perform(
        principal_of(jiwoo),
        jiwoo_now.connection_id,
        schemas.CheckAnswer(type="check.answer", check_id=check.id),
    )
    services.lose(doyun_conn.connection_id)
    here = [teacher.connection_id, jiwoo_now.connection_id]  # their worker vouches for them
    clock.advance(seconds=31)
    services.heartbeat(here)
    assert sweep_once(services)["checks_closed"] == 1
    clock.advance(seconds=31)
    services.heartbeat(here)
    assert sweep_once(services)["left"] == 1


def logged(session: Any, room: dict[str, Any]) -> list[AttendanceEvent]:
    return list(session.exec(select(AttendanceEvent).where(AttendanceEvent.lesson_id == room["lesson"].id)))


def test_the_rooms_events_become_rows_of_the_attendance_log(
    app: Any, session: Any, clock: Any, room: dict[str, Any]
) -> None:
    a_lesson(services_on(app, clock, app.state.events), room, clock)
    rows = logged(session, room)
    names = {t.id: t.name for t in room["trainees"]}
    assert sorted((names[r.trainee_id], str(r.kind)) for r in rows) == [
        ("최지우", "check_answered"),
        ("최지우", "live_join"),
        ("최지우", "live_reconnect"),
        ("한도윤", "check_missed"),
        ("한도윤", "live_join"),
        ("한도윤", "live_leave"),
    ]
    assert all(r.ip == "10.0.0.7" and str(r.source) == "live" for r in rows if "live" in str(r.kind))
    # the keys name the room's own rows, as its recovery read gives them
    evidence = evidence_since(session, room["institution"].id, room["lesson"].starts_at.replace(year=2000))
    trainee_ids = {str(t.id) for t in room["trainees"]}
    assert {r.idempotency_key for r in rows} == {
        f"{e['name']}:{e['evidence_id']}" for e in evidence if e["user_id"] in trainee_ids
    }
    assert catch_up(session, clock, SOURCES).get("live", 0) == 0  # read again: nothing new


def test_evidence_whose_events_were_lost_is_recovered_through_evidence_since(
    app: Any, session: Any, clock: Any, room: dict[str, Any]
) -> None:
    """A room whose events nobody heard (a crash between commit and delivery): attendance's
    catch-up job finds the room by import path and records the same six rows, once."""
    a_lesson(services_on(app, clock, EventBus()), room, clock)
    assert logged(session, room) == []
    live = next(s for s in SOURCES if s.name == "live")
    assert live.target == "classroom.live.service:evidence_since" and live.load() is evidence_since
    assert catch_up(session, clock, SOURCES)["live"] == 6
    assert catch_up(session, clock, SOURCES).get("live", 0) == 0
    rows = logged(session, room)
    assert len(rows) == 6 and {r.trainee_id for r in rows} == {t.id for t in room["trainees"]}
    assert all(isinstance(r.id, uuid.UUID) for r in rows)
