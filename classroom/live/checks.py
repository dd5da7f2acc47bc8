"""Attendance checks: opened by the instructor or at random times, answered within 60 s.

When a check opens, every trainee seated in the room (present, or within the grace period)
owes an answer; one who arrives while it is open owes one too. Each answer is recorded as it
comes; when the window closes the sweeper records a miss for everyone who still owes one.
Both are `live.check` evidence (evidence.py)."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from classroom.core.errors import Conflict, NotFound
from classroom.core.events import EventBus
from classroom.core.roles import Role
from classroom.core.tenancy import scoped, tenant_system_principal
from classroom.live.actor import Actor
from classroom.live.evidence import record_check
from classroom.live.models import AttendanceCheck, CheckResponse, CheckStatus, LiveRoom
from classroom.live.presence import seated
from classroom.live.room import STAFF, emit, iso
from classroom.live.rules.checks import ANSWER_WINDOW, answered_in_time, deadline, next_random, valid_interval

_rng = random.SystemRandom()


def check_data(check: AttendanceCheck, now: datetime | None = None) -> dict[str, object]:
    return {
        "id": str(check.id),
        "opened_at": iso(check.opened_at),
        "deadline_at": iso(check.deadline_at),
        "open": check.closed_at is None,
        "by": "random" if check.opened_by is None else "instructor",
    }


def open_check_of(session: Session, room: LiveRoom) -> AttendanceCheck | None:
    return session.exec(
        scoped(select(AttendanceCheck), tenant_system_principal(room.institution_id)).where(
            AttendanceCheck.lesson_id == room.lesson_id, col(AttendanceCheck.closed_at).is_(None)
        )
    ).first()


def responses(session: Session, check: AttendanceCheck) -> list[CheckResponse]:
    return list(
        session.exec(
            scoped(select(CheckResponse), tenant_system_principal(check.institution_id)).where(
                CheckResponse.check_id == check.id
            )
        )
    )


def status_data(session: Session, check: AttendanceCheck) -> dict[str, object]:
    rows = responses(session, check)
    return {
        "check_id": str(check.id),
        "answered_ids": sorted(str(r.user_id) for r in rows if r.status is CheckStatus.ANSWERED),
        "missed_ids": sorted(str(r.user_id) for r in rows if r.status is CheckStatus.MISSED),
    }


def owe(session: Session, check: AttendanceCheck, user_id: uuid.UUID) -> None:
    """`user_id` owes an answer to `check` (idempotent)."""
    exists = session.exec(
        scoped(select(CheckResponse.id), tenant_system_principal(check.institution_id), CheckResponse).where(
            CheckResponse.check_id == check.id, CheckResponse.user_id == user_id
        )
    ).first()
    if exists is None:
        session.add(
            CheckResponse(
                institution_id=check.institution_id,
                check_id=check.id,
                lesson_id=check.lesson_id,
                course_id=check.course_id,
                user_id=user_id,
                status=CheckStatus.PENDING,
            )
        )


def open_check(
    session: Session,
    bus: EventBus,
    room: LiveRoom,
    now: datetime,
    grace: timedelta,
    by: uuid.UUID | None,
    window: timedelta = ANSWER_WINDOW,
) -> AttendanceCheck:
    if open_check_of(session, room) is not None:
        raise Conflict("live.check.already_open", code="live_check_open")
    check = AttendanceCheck(
        institution_id=room.institution_id,
        lesson_id=room.lesson_id,
        course_id=room.course_id,
        opened_by=by,
        opened_at=now,
        deadline_at=deadline(now, window),
    )
    session.add(check)
    session.flush()
    for connection in seated(session, room, now - grace):
        if connection.role is Role.TRAINEE:
            owe(session, check, connection.user_id)
    emit(session, bus, room, "check", check_data(check), now)
    return check


def open_by_instructor(actor: Actor) -> AttendanceCheck:
    actor.must_teach()
    return open_check(
        actor.session,
        actor.bus,
        actor.room,
        actor.now,
        actor.grace,
        actor.principal.user_id,
        actor.check_window,
    )


def answer(actor: Actor, check_id: uuid.UUID) -> None:
    actor.must_take_part()
    check = actor.session.exec(
        scoped(select(AttendanceCheck), actor.principal).where(
            AttendanceCheck.id == check_id, AttendanceCheck.lesson_id == actor.lesson.id
        )
    ).first()
    if check is None:
        raise NotFound()
    if check.closed_at is not None or not answered_in_time(check.opened_at, check.deadline_at, actor.now):
        raise Conflict("live.check.closed", code="live_check_closed")
    row = actor.session.exec(
        scoped(select(CheckResponse), actor.principal).where(
            CheckResponse.check_id == check.id, CheckResponse.user_id == actor.principal.user_id
        )
    ).first()
    if row is None:
        raise Conflict("live.check.not_owed", code="live_check_not_owed")
    if row.status is CheckStatus.ANSWERED:
        return
    row.status, row.answered_at, row.recorded_at = CheckStatus.ANSWERED, actor.now, actor.now
    record_check(actor.session, actor.bus, row, check)
    emit(
        actor.session,
        actor.bus,
        actor.room,
        "check.answer",
        {"check_id": str(check.id), "at": iso(actor.now)},
        actor.now,
        audience=str(actor.principal.user_id),
    )
    actor.session.flush()
    emit(
        actor.session,
        actor.bus,
        actor.room,
        "check.status",
        status_data(actor.session, check),
        actor.now,
        STAFF,
    )


def close(session: Session, bus: EventBus, room: LiveRoom, check: AttendanceCheck, now: datetime) -> None:
    """Close a check: everyone who still owes an answer missed it."""
    check.closed_at = now
    session.add(check)
    for row in responses(session, check):
        if row.status is CheckStatus.PENDING:
            row.status, row.recorded_at = CheckStatus.MISSED, now
            record_check(session, bus, row, check)
    session.flush()
    emit(session, bus, room, "check", check_data(check), now)
    emit(session, bus, room, "check.status", status_data(session, check), now, STAFF)


def close_open(session: Session, bus: EventBus, room: LiveRoom, now: datetime) -> None:
    check = open_check_of(session, room)
    if check is not None:
        close(session, bus, room, check, now)


def set_random(actor: Actor, enabled: bool, low: int, high: int) -> None:
    actor.must_teach()
    if enabled and not valid_interval(low, high):
        raise Conflict("live.check.interval", code="live_check_interval", params={"low": 3, "high": 120})
    room = actor.room
    room.random_checks = enabled
    if enabled:
        room.random_min_minutes, room.random_max_minutes = low, high
        room.next_check_at = next_random(actor.now, low, high, _rng)
    else:
        room.next_check_at = None
    actor.session.add(room)
    emit(
        actor.session,
        actor.bus,
        room,
        "random_checks",
        {"enabled": enabled, "min": room.random_min_minutes, "max": room.random_max_minutes},
        actor.now,
        STAFF,
    )


def schedule_next(room: LiveRoom, now: datetime) -> None:
    room.next_check_at = next_random(now, room.random_min_minutes, room.random_max_minutes, _rng)
