"""Who is in the room: connections holding seats, and the presence log written before any
join or leave is acknowledged.

A connection is open while its socket lives. Lost without a goodbye (network, closed laptop,
a worker that died) it keeps its seat for the grace period: coming back within it is a
`reconnect`, not a leave; otherwise the sweeper records the `leave` at the moment the
connection was lost. A second connection of the same person replaces the first (`reconnect`
with `replaced` in its detail; the first socket is told so and closed).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, update
from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.core.clock import seoul_date
from classroom.core.events import EventBus
from classroom.core.roles import Role
from classroom.core.tenancy import Principal, scoped, tenant_system_principal
from classroom.courses.models import Lesson
from classroom.leases.quotas import ensure_live_seat
from classroom.live import hooks
from classroom.live.evidence import record_presence
from classroom.live.models import ConnectionState, LiveConnection, LiveRoom, PresenceEntry, RaisedHand
from classroom.live.room import PRESENCE, emit, lock_room

OPEN, LOST, CLOSED = ConnectionState.OPEN, ConnectionState.LOST, ConnectionState.CLOSED


def names(session: Session, principal: Principal, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = session.exec(scoped(select(User.id, User.name), principal, User).where(col(User.id).in_(ids)))
    return dict(rows.all())


def _seated(grace_start: datetime) -> ColumnElement[bool]:
    return or_(
        col(LiveConnection.state) == OPEN,
        (col(LiveConnection.state) == LOST) & (col(LiveConnection.lost_at) > grace_start),
    )


def seats_in_room(
    session: Session, institution_id: uuid.UUID, lesson_id: uuid.UUID, grace_start: datetime
) -> int:
    statement = scoped(
        select(func.count(func.distinct(LiveConnection.user_id))),
        tenant_system_principal(institution_id),
        LiveConnection,
    ).where(
        LiveConnection.lesson_id == lesson_id, LiveConnection.role != Role.INSPECTOR, _seated(grace_start)
    )
    return int(session.exec(statement).one())


def seats_in_institution(session: Session, institution_id: uuid.UUID, grace_start: datetime) -> int:
    """Seats across the institution's rooms: one per person per room."""
    pairs = (
        scoped(
            select(LiveConnection.lesson_id, LiveConnection.user_id),
            tenant_system_principal(institution_id),
            LiveConnection,
        )
        .where(LiveConnection.role != Role.INSPECTOR, _seated(grace_start))
        .distinct()
        .subquery()
    )
    return int(session.exec(select(func.count()).select_from(pairs)).one())


@dataclass(frozen=True)
class Joined:
    connection: LiveConnection
    kind: str  # join | reconnect


def _entry(
    connection: LiveConnection, kind: str, at: datetime, now: datetime, **detail: object
) -> PresenceEntry:
    return PresenceEntry(
        institution_id=connection.institution_id,
        lesson_id=connection.lesson_id,
        course_id=connection.course_id,
        user_id=connection.user_id,
        role=connection.role,
        kind=kind,
        at=at,
        recorded_at=now,
        ip=connection.ip,
        device_id=connection.device_id,
        connection_id=connection.id,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
    )


def _person(connection: LiveConnection, name: str, state: str) -> dict[str, object]:
    return {"user_id": str(connection.user_id), "name": name, "role": str(connection.role), "state": state}


def join(
    session: Session,
    bus: EventBus,
    room: LiveRoom,
    lesson: Lesson,
    principal: Principal,
    now: datetime,
    grace: timedelta,
    *,
    takes_seat: bool,
    ip: str | None,
    device_id: str | None,
    worker: str,
) -> Joined:
    """Record an arrival (the room is locked): seat check, connection, presence row, event."""
    grace_start = now - grace
    previous = session.exec(
        scoped(select(LiveConnection), principal).where(
            LiveConnection.lesson_id == lesson.id,
            LiveConnection.user_id == principal.user_id,
            _seated(grace_start),
        )
    ).all()
    if takes_seat and not previous:
        ensure_live_seat(
            session,
            lesson.institution_id,
            seoul_date(now),
            in_room=lambda: seats_in_room(session, lesson.institution_id, lesson.id, grace_start),
            in_institution=lambda: seats_in_institution(session, lesson.institution_id, grace_start),
        )
    connection = LiveConnection(
        institution_id=lesson.institution_id,
        lesson_id=lesson.id,
        course_id=lesson.course_id,
        user_id=principal.user_id,
        role=principal.role,
        state=OPEN,
        worker=worker,
        ip=ip,
        device_id=device_id,
        opened_at=now,
        seen_at=now,
    )
    session.add(connection)
    replaced = [str(c.id) for c in previous if c.state is OPEN]
    for old in previous:
        old.state, old.closed_at = CLOSED, now
        session.add(old)
    detail: dict[str, object] = {}
    if previous:
        detail["previous"] = [str(c.id) for c in previous]
        if replaced:
            detail["replaced"] = replaced
        lost = [c.lost_at for c in previous if c.lost_at is not None]
        if lost:
            detail["away_seconds"] = int((now - min(lost)).total_seconds())
    kind = "reconnect" if previous else "join"
    record_presence(session, bus, _entry(connection, kind, now, now, **detail))
    for old_id in replaced:
        emit(session, bus, room, "replaced", {"connection_id": old_id}, now, audience=str(principal.user_id))
    visible = principal.role is not Role.INSPECTOR
    was_present = bool(replaced)
    if visible and not was_present:
        name = names(session, principal, [principal.user_id]).get(principal.user_id, "")
        emit(session, bus, room, PRESENCE, _person(connection, name, "present"), now)
    return Joined(connection, kind)


def _connection(session: Session, connection_id: uuid.UUID) -> LiveConnection | None:
    # tenancy: the connection id was issued by this server to the socket that reports it
    return session.get(LiveConnection, connection_id)


def room_of(session: Session, connection: LiveConnection, now: datetime) -> LiveRoom:
    lesson = session.get(Lesson, connection.lesson_id)  # tenancy: the connection's own lesson
    assert lesson is not None
    return lock_room(session, lesson, now)


def lose(session: Session, bus: EventBus, connection_id: uuid.UUID, at: datetime) -> bool:
    """The socket went away without a goodbye: the grace period starts."""
    connection = _connection(session, connection_id)
    if connection is None or connection.state is not OPEN:
        return False
    room = room_of(session, connection, at)
    session.refresh(connection)
    if connection.state is not OPEN:
        return False
    connection.state, connection.lost_at = LOST, at
    session.add(connection)
    if connection.role is not Role.INSPECTOR:
        name = names(session, tenant_system_principal(connection.institution_id), [connection.user_id])
        emit(session, bus, room, PRESENCE, _person(connection, name.get(connection.user_id, ""), "away"), at)
    return True


def depart(
    session: Session,
    bus: EventBus,
    room: LiveRoom,
    connection: LiveConnection,
    kind: str,
    at: datetime,
    now: datetime,
    *,
    announce: bool = True,
    **detail: object,
) -> None:
    """Close a seated connection for good: presence row (`leave`, `removed`, `ended`), the
    person's hand comes down, and the room hears they are gone."""
    connection.state, connection.closed_at = CLOSED, now
    session.add(connection)
    record_presence(session, bus, _entry(connection, kind, at, now, **detail))
    hooks.departed(session, connection, kind)
    hand = session.get(RaisedHand, (connection.lesson_id, connection.user_id))  # tenancy: the room's own row
    if hand is not None:
        session.delete(hand)
    if announce and connection.role is not Role.INSPECTOR:
        person = {
            "user_id": str(connection.user_id),
            "name": "",
            "role": str(connection.role),
            "state": "gone",
        }
        emit(session, bus, room, PRESENCE, person, now)


def seated(session: Session, room: LiveRoom, grace_start: datetime) -> list[LiveConnection]:
    statement = scoped(select(LiveConnection), tenant_system_principal(room.institution_id)).where(
        LiveConnection.lesson_id == room.lesson_id, col(LiveConnection.state).in_([OPEN, LOST])
    )
    return list(session.exec(statement))


HEARTBEAT_BATCH = 500


def heartbeat(session: Session, connection_ids: list[uuid.UUID], now: datetime) -> None:
    """A worker vouches for its open connections: one UPDATE per batch of 500, no rows loaded.

    It runs every few seconds for every socket of the worker, in a thread beside the event loop
    that delivers the room's messages: loading and flushing a thousand ORM rows there held the
    interpreter long enough to show in delivery latency. Every batch is padded to the same size
    (repeating an id changes nothing), so the statement's text never varies with the number of
    connections and the driver's statement cache keeps one entry."""
    table = LiveConnection.__table__  # type: ignore[attr-defined]
    for start in range(0, len(connection_ids), HEARTBEAT_BATCH):
        batch = connection_ids[start : start + HEARTBEAT_BATCH]
        batch += [batch[-1]] * (HEARTBEAT_BATCH - len(batch))
        session.connection().execute(  # tenancy: ids this worker issued to its own sockets
            update(table).where(table.c.id.in_(batch), table.c.state == OPEN).values(seen_at=now)
        )
