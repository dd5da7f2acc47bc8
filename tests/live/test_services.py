"""The room's services in-process on SQLite and PostgreSQL: the presence log and its events,
live seats from the lease quota, the sweeper (grace, stale workers, checks, the lesson's end)
and `evidence_since`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from classroom.core.errors import ClassroomError
from classroom.core.events import DomainEvent, EventBus
from classroom.core.tenancy import Role
from classroom.courses.models import Lesson
from classroom.live import schemas
from classroom.live.evidence import CHECK, PRESENCE
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
    make_programme(session, app, 2026, live_seats_per_classroom=2)
    teacher = make_user(session, app, institution, Role.INSTRUCTOR, name="이서연")
    trainees = [
        make_user(session, app, institution, Role.TRAINEE, name=n) for n in ("최지우", "한도윤", "서하린")
    ]
    course = make_course(session, app, admin, instructors=[teacher])
    make_valid_plan(session, app, admin, course)
    publish_course(session, clock, principal_of(admin), course)
    enrol(session, clock, principal_of(admin), course, user_ids=[t.id for t in trainees])
    session.commit()
    lesson = session.exec(select(Lesson).where(Lesson.course_id == course.id, Lesson.mode == "live")).first()
    events: list[DomainEvent] = []
    bus = EventBus()
    for name in (PRESENCE, CHECK):
        bus.subscribe(name, events.append)
    services = Services(app.state.db, clock, bus, LiveSettings(grace_seconds=60, check_seconds=60), "test")
    return {
        "lesson": lesson,
        "teacher": teacher,
        "trainees": trainees,
        "services": services,
        "events": events,
        "institution": institution,
    }


def enter(room: dict[str, Any], user: Any) -> Any:
    return room["services"].enter(
        principal_of(user), room["lesson"].id, last_event_id=None, ip="10.0.0.7", device_id="dev-1"
    )


def kinds(room: dict[str, Any], name: str = PRESENCE) -> list[tuple[str, str]]:
    names = {u.id: u.name for u in (room["teacher"], *room["trainees"])}
    return [
        (names[__import__("uuid").UUID(e.payload["user_id"])], e.payload["kind"])
        for e in room["events"]
        if e.name == name
    ]


def test_joins_are_evidence_and_a_second_connection_is_a_reconnect(
    room: dict[str, Any], session: Any
) -> None:
    jiwoo = room["trainees"][0]
    first = enter(room, jiwoo)
    assert kinds(room) == [("최지우", "join")]
    payload = room["events"][0].payload
    assert payload["ip"] == "10.0.0.7" and payload["device_id"] == "dev-1"
    assert payload["connection_id"] == str(first.connection_id) and payload["role"] == "trainee"
    second = enter(room, jiwoo)
    assert kinds(room)[-1] == ("최지우", "reconnect")
    assert room["events"][-1].payload["detail"]["replaced"] == [str(first.connection_id)]
    with pytest.raises(ClassroomError) as closed:  # the replaced connection can no longer act
        room["services"].perform(
            principal_of(jiwoo), first.connection_id, schemas.Chat(type="chat", text="x")
        )
    assert closed.value.code == "live_not_in_room"
    room["services"].perform(
        principal_of(jiwoo), second.connection_id, schemas.Chat(type="chat", text="안녕")
    )
    rows = evidence_since(session, room["institution"].id, room["lesson"].starts_at - timedelta(days=1))
    assert [(r["name"], r["kind"]) for r in rows] == [(PRESENCE, "join"), (PRESENCE, "reconnect")]
    assert rows[0] == {"name": PRESENCE, **room["events"][0].payload}


def test_live_seats_come_from_the_lease_quota(room: dict[str, Any]) -> None:
    enter(room, room["trainees"][0])
    enter(room, room["teacher"])  # two seats per leased classroom, one classroom: full
    with pytest.raises(ClassroomError) as full:
        enter(room, room["trainees"][1])
    assert full.value.status == 409 and full.value.code == "quota_live_seats"
    enter(room, room["trainees"][0])  # someone already seated comes back without a new seat


def test_a_lost_connection_leaves_after_the_grace_dated_when_it_was_lost(
    room: dict[str, Any], clock: Any
) -> None:
    services, jiwoo = room["services"], room["trainees"][0]
    lost_at = clock.now()
    services.lose(enter(room, jiwoo).connection_id)
    clock.advance(seconds=59)
    assert sweep_once(services)["left"] == 0
    clock.advance(seconds=2)
    assert sweep_once(services)["left"] == 1
    assert sweep_once(services)["left"] == 0  # once
    leave = room["events"][-1].payload
    assert leave["kind"] == "leave" and leave["at"] == lost_at.isoformat()
    assert leave["recorded_at"] == clock.now().isoformat()


def test_a_worker_that_died_loses_its_connections_from_their_last_heartbeat(
    room: dict[str, Any], clock: Any
) -> None:
    services, jiwoo = room["services"], room["trainees"][0]
    joined = enter(room, jiwoo)
    clock.advance(seconds=20)
    services.heartbeat([joined.connection_id])
    seen = clock.now()
    clock.advance(seconds=services.settings.stale_seconds + 1)  # nobody vouches any more
    assert sweep_once(services)["lost"] == 1
    clock.advance(seconds=60)
    sweep_once(services)
    assert kinds(room)[-1] == ("최지우", "leave") and room["events"][-1].payload["at"] == seen.isoformat()


def test_a_check_is_answered_by_one_and_missed_by_the_other(room: dict[str, Any], clock: Any) -> None:
    services = room["services"]
    teacher = enter(room, room["teacher"])
    one = enter(room, room["trainees"][0])
    room["services"].settings.grace_seconds = 60
    services.perform(
        principal_of(room["teacher"]), teacher.connection_id, schemas.CheckOpen(type="check.open")
    )
    with services.db.session() as session:
        from classroom.live.models import AttendanceCheck

        check = session.exec(select(AttendanceCheck)).one()
    clock.advance(seconds=30)
    services.perform(
        principal_of(room["trainees"][0]),
        one.connection_id,
        schemas.CheckAnswer(type="check.answer", check_id=check.id),
    )
    clock.advance(seconds=31)
    assert sweep_once(services)["checks_closed"] == 1
    assert kinds(room, CHECK) == [("최지우", "answered")]  # the only trainee seated owed it


def test_the_room_ends_with_the_lesson(room: dict[str, Any], clock: Any) -> None:
    services = room["services"]
    seated = enter(room, room["trainees"][0])
    clock.set(room["lesson"].ends_at + timedelta(seconds=1))
    services.heartbeat([seated.connection_id])  # its worker still holds the socket
    assert sweep_once(services)["ended"] == 1
    ended = room["events"][-1].payload
    assert ended["kind"] == "ended" and ended["at"] == room["lesson"].ends_at.isoformat()
    late = enter(room, room["trainees"][1])  # reading after the end is no attendance
    assert late.connection_id is None and kinds(room)[-1] == ("최지우", "ended")


def test_entering_a_bigger_room_runs_the_same_statements(room: dict[str, Any], app: Any) -> None:
    """The snapshot's queries do not grow with the room: an `IN` list of every seated id was a
    new SQL text for every room size, and SQLite keeps each connection's recent statements
    prepared (80 MB after a 1000-person join storm, bench/live_fanout.py)."""
    from sqlalchemy import event

    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "SAVEPOINT" not in statement:  # the tests' own nesting
            seen.append(statement)

    engines = app.state.db._engines
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        texts = []
        for trainee in room["trainees"][:2]:  # into an empty room, then a room of one
            seen.clear()
            enter(room, trainee)
            texts.append(set(seen))
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
    assert texts[0] == texts[1]


def test_a_heartbeat_vouches_for_open_connections_in_one_statement_of_one_text(
    room: dict[str, Any], app: Any, clock: Any
) -> None:
    from sqlalchemy import event

    from classroom.core.clock import as_utc
    from classroom.live.models import LiveConnection

    services = room["services"]
    first, second = (enter(room, trainee) for trainee in room["trainees"][:2])
    ids = [first.connection_id, second.connection_id]
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith(("UPDATE", "SELECT")):
            seen.append(statement)

    engines = app.state.db._engines
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        clock.advance(seconds=20)
        services.heartbeat(ids[:1])
        one = list(seen)
        seen.clear()
        clock.advance(seconds=20)
        services.heartbeat(ids)
        two = list(seen)
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
    assert len(one) == 1 and one == two  # no rows loaded; the text does not vary with the count
    with services.db.session() as session:
        rows = {row.id: row for row in session.exec(select(LiveConnection).where(LiveConnection.id.in_(ids)))}
    assert {as_utc(rows[i].seen_at) for i in ids} == {clock.now()}
