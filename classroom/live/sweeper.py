"""What falls due in the rooms, closed by every worker every few seconds (idempotent):

1. open connections nobody has vouched for within `stale_seconds` (their worker died) are
   lost from their last sign of life;
2. lost connections past the grace period leave, at the moment they were lost;
3. attendance checks past their deadline close, recording misses;
4. random checks fall due in rooms whose instructor enabled them, during the lesson;
5. rooms whose lesson's time is over end (presence `ended` at the scheduled end).

Each room is handled under its row lock, and the candidates are read again under it, so two
workers sweeping at once do each thing once.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session, col, select

from classroom.core.events import EventBus
from classroom.courses.models import Lesson
from classroom.live import checks, presence
from classroom.live.chat import end_room
from classroom.live.models import AttendanceCheck, LiveConnection, LiveRoom
from classroom.live.room import emit, lock_room
from classroom.live.runtime import runtime_of
from classroom.live.service import Services
from classroom.live.uow import unit_of_work


def _rooms(session: Session, statement: Any) -> list[uuid.UUID]:
    return list(dict.fromkeys(session.exec(statement).all()))


def _lock(session: Session, lesson_id: uuid.UUID, now: datetime) -> tuple[Lesson, LiveRoom]:
    lesson = session.get(Lesson, lesson_id)  # tenancy: the sweeper works for every institution
    assert lesson is not None
    return lesson, lock_room(session, lesson, now)


def _stale(session: Session, bus: EventBus, now: datetime, stale: timedelta) -> int:
    done = 0
    candidates = select(LiveConnection.lesson_id).where(  # tenancy: every institution's rooms
        LiveConnection.state == presence.OPEN, LiveConnection.seen_at < now - stale
    )
    for lesson_id in _rooms(session, candidates):
        _lock(session, lesson_id, now)
        rows = session.exec(  # tenancy: the locked room's own connections
            select(LiveConnection).where(
                LiveConnection.lesson_id == lesson_id,
                LiveConnection.state == presence.OPEN,
                LiveConnection.seen_at < now - stale,
            )
        ).all()
        for row in rows:
            done += presence.lose(session, bus, row.id, row.seen_at)
    return done


def _expired(session: Session, bus: EventBus, now: datetime, grace: timedelta) -> int:
    done = 0
    candidates = select(LiveConnection.lesson_id).where(  # tenancy: every institution's rooms
        LiveConnection.state == presence.LOST, col(LiveConnection.lost_at) <= now - grace
    )
    for lesson_id in _rooms(session, candidates):
        _, room = _lock(session, lesson_id, now)
        rows = session.exec(  # tenancy: the locked room's own connections
            select(LiveConnection)
            .where(
                LiveConnection.lesson_id == lesson_id,
                LiveConnection.state == presence.LOST,
                col(LiveConnection.lost_at) <= now - grace,
            )
            .execution_options(populate_existing=True)
        ).all()
        for row in rows:
            assert row.lost_at is not None
            presence.depart(session, bus, room, row, "leave", row.lost_at, now, reason="lost")
            done += 1
    return done


def _checks_due(session: Session, bus: EventBus, now: datetime) -> int:
    done = 0
    candidates = select(AttendanceCheck.lesson_id).where(  # tenancy: every institution's rooms
        col(AttendanceCheck.closed_at).is_(None), AttendanceCheck.deadline_at <= now
    )
    for lesson_id in _rooms(session, candidates):
        _, room = _lock(session, lesson_id, now)
        check = checks.open_check_of(session, room)
        if check is not None and check.deadline_at <= now:
            checks.close(session, bus, room, check, now)
            done += 1
    return done


def _random_due(session: Session, bus: EventBus, now: datetime, grace: timedelta, window: timedelta) -> int:
    done = 0
    candidates = select(LiveRoom.lesson_id).where(  # tenancy: every institution's rooms
        col(LiveRoom.random_checks).is_(True),
        col(LiveRoom.ended_at).is_(None),
        col(LiveRoom.next_check_at) <= now,
    )
    for lesson_id in _rooms(session, candidates):
        lesson, room = _lock(session, lesson_id, now)
        if not room.random_checks or room.next_check_at is None or room.next_check_at > now:
            continue
        checks.schedule_next(room, now)
        session.add(room)
        if lesson.starts_at <= now < lesson.ends_at and checks.open_check_of(session, room) is None:
            checks.open_check(session, bus, room, now, grace, None, window)
            done += 1
    return done


def _over(session: Session, bus: EventBus, now: datetime, grace: timedelta) -> int:
    done = 0
    candidates = (
        select(LiveRoom.lesson_id)  # tenancy: every institution's rooms
        .join(Lesson, col(Lesson.id) == col(LiveRoom.lesson_id))
        .where(col(LiveRoom.ended_at).is_(None), Lesson.ends_at <= now)
    )
    for lesson_id in _rooms(session, candidates):
        lesson, room = _lock(session, lesson_id, now)
        if room.ended_at is None:
            end_room(session, bus, room, now, lesson.ends_at, grace, None)
            done += 1
    return done


def sweep_once(services: Services) -> dict[str, int]:
    now = services.clock.now()
    grace = services.grace
    stale = timedelta(seconds=services.settings.stale_seconds)
    window = timedelta(seconds=services.settings.check_seconds)
    done: dict[str, int] = {}
    steps = (
        ("lost", lambda s: _stale(s, services.bus, now, stale)),
        ("left", lambda s: _expired(s, services.bus, now, grace)),
        ("checks_closed", lambda s: _checks_due(s, services.bus, now)),
        ("random_checks", lambda s: _random_due(s, services.bus, now, grace, window)),
        ("ended", lambda s: _over(s, services.bus, now, grace)),
    )
    for name, step in steps:
        with unit_of_work(services.db) as session:
            done[name] = step(session)
    return done


def sweep(app: FastAPI) -> dict[str, int]:
    return sweep_once(runtime_of(app).services)


__all__ = ["emit", "sweep", "sweep_once"]
