"""The room row and its event log: every room event gets the next event id under the room's
lock, is stored, and is handed to the hub after the commit, encoded once.

Event ids are contiguous per room in commit order (the id is taken under the row lock and a
rolled-back transaction gives its id back), so a worker that sees id n+2 before n+1 knows
something is in flight and can read it from the log (hub.py)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from classroom.core.events import DomainEvent, EventBus, publish_on_commit
from classroom.core.tenancy import Principal, scoped, tenant_system_principal
from classroom.courses.models import Lesson
from classroom.live.models import LiveEvent, LiveRoom

ROOM_EVENT = "live.room_event"  # in-process only: the hub forwards it to the backplane
ALL, STAFF = "all", "staff"
PRESENCE, PRESENCE_BATCH = "presence", "presence.batch"


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def encode(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def channel(institution_id: uuid.UUID, lesson_id: uuid.UUID) -> str:
    """Tenant-qualified: one institution's rooms never share a channel name with another's."""
    return f"classroom:live:{institution_id}:{lesson_id}"


def find_room(session: Session, principal: Principal, lesson_id: uuid.UUID) -> LiveRoom | None:
    return session.exec(scoped(select(LiveRoom), principal).where(LiveRoom.lesson_id == lesson_id)).first()


def lock_room(session: Session, lesson: Lesson, now: datetime) -> LiveRoom:
    """The lesson's room, created on first use, locked for this transaction."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(LiveRoom)
        .values(
            lesson_id=lesson.id,
            institution_id=lesson.institution_id,
            course_id=lesson.course_id,
            seq=0,
            chat_muted=False,
            random_checks=False,
            random_min_minutes=10,
            random_max_minutes=20,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["lesson_id"])
    )
    statement = (
        scoped(select(LiveRoom), tenant_system_principal(lesson.institution_id))
        .where(LiveRoom.lesson_id == lesson.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.exec(statement).one()


def lock_existing_room(session: Session, institution_id: uuid.UUID, lesson_id: uuid.UUID) -> LiveRoom:
    statement = (
        scoped(select(LiveRoom), tenant_system_principal(institution_id))
        .where(LiveRoom.lesson_id == lesson_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.exec(statement).one()


def emit(
    session: Session,
    bus: EventBus,
    room: LiveRoom,
    kind: str,
    data: dict[str, Any],
    now: datetime,
    audience: str = ALL,
) -> int:
    """Store one room event (the room must be locked) and deliver it after the commit."""
    room.seq += 1
    session.add(room)
    session.add(
        LiveEvent(
            institution_id=room.institution_id,
            lesson_id=room.lesson_id,
            seq=room.seq,
            kind=kind,
            audience=audience,
            body=encode(data),
            at=now,
        )
    )
    frame = encode({"type": "event", "id": room.seq, "kind": kind, "data": data})
    publish_on_commit(
        session,
        bus,
        DomainEvent(
            ROOM_EVENT,
            {
                "channel": channel(room.institution_id, room.lesson_id),
                "seq": room.seq,
                "audience": audience,
                "kind": kind,
                "text": frame,
            },
        ),
    )
    return room.seq


def events_after(
    session: Session, principal: Principal, lesson_id: uuid.UUID, after: int, upto: int | None = None
) -> list[LiveEvent]:
    statement = scoped(select(LiveEvent), principal).where(
        LiveEvent.lesson_id == lesson_id, LiveEvent.seq > after
    )
    if upto is not None:
        statement = statement.where(LiveEvent.seq <= upto)
    return list(session.exec(statement.order_by(col(LiveEvent.seq))))


def presence_text(last: int, people: list[dict[str, Any]]) -> str:
    """The frame text announcing presence changes up to event `last`: one person's change as a
    `presence` event, several (the latest state of each person, coalesced) as `presence.batch`."""
    if len(people) == 1:
        return encode({"type": "event", "id": last, "kind": PRESENCE, "data": people[0]})
    return encode({"type": "event", "id": last, "kind": PRESENCE_BATCH, "data": {"people": people}})


class PresenceRun:
    """Consecutive presence changes, coalesced: each person's latest change, preceded by their
    `gone` when they left and came back within the run (leaving also lowers their hand, which
    coming back does not undo). Changes of different people commute, so applying the run's
    `people` in order has the effect of applying every change it took in (rules/state.py)."""

    __slots__ = ("first", "gone", "last", "latest")

    def __init__(self) -> None:
        self.first = self.last = 0
        self.latest: dict[str, dict[str, Any]] = {}
        self.gone: dict[str, dict[str, Any]] = {}

    def __bool__(self) -> bool:
        return bool(self.latest)

    def add(self, seq: int, person: dict[str, Any]) -> None:
        if not self.latest:
            self.first = seq
        self.last = seq
        user_id = person["user_id"]
        self.latest.pop(user_id, None)  # in the order of each person's latest change
        self.latest[user_id] = person
        if person["state"] == "gone":
            self.gone[user_id] = person

    def people(self) -> list[dict[str, Any]]:
        people: list[dict[str, Any]] = []
        for user_id, person in self.latest.items():
            gone = self.gone.get(user_id)
            if gone is not None and gone is not person:
                people.append(gone)
            people.append(person)
        return people

    def text(self) -> str:
        return presence_text(self.last, self.people())


def coalesced(texts: list[tuple[str, str]]) -> list[str]:
    """Frame texts (kind, text) in id order, each run of consecutive `presence` events sent as
    one (`PresenceRun`)."""
    out: list[str] = []
    run = PresenceRun()
    for kind, text in texts:
        if kind == PRESENCE:
            message = json.loads(text)
            run.add(message["id"], message["data"])
            continue
        if run:
            out.append(run.text())
            run = PresenceRun()
        out.append(text)
    if run:
        out.append(run.text())
    return out


def event_text(event: LiveEvent) -> str:
    """The frame text of a stored event, exactly as it was first sent."""
    return encode({"type": "event", "id": event.seq, "kind": event.kind, "data": json.loads(event.body)})
