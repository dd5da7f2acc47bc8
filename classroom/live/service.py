"""The room's services: entering (admission, presence, the first messages), what a connected
person does, leaving. Each runs in a worker thread in its own unit of work; events reach the
sockets after the commit (room.emit → hub). Evidence for attendance: `evidence_since`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlmodel import select

from classroom.core.clock import Clock
from classroom.core.db import Database
from classroom.core.errors import Forbidden, NotFound
from classroom.core.events import EventBus
from classroom.core.roles import Role
from classroom.core.tenancy import Principal, scoped, tenant_system_principal
from classroom.courses.models import Lesson
from classroom.live import chat, checks, hooks, polls, presence, schemas
from classroom.live.actor import Actor
from classroom.live.admission import decide, load_live_lesson
from classroom.live.evidence import evidence_since
from classroom.live.models import LiveConnection
from classroom.live.room import (
    ALL,
    STAFF,
    coalesced,
    encode,
    event_text,
    events_after,
    iso,
    lock_existing_room,
    lock_room,
)
from classroom.live.rules.admission import Standing
from classroom.live.rules.state import Viewer
from classroom.live.settings import LiveSettings
from classroom.live.snapshot import build, roster
from classroom.live.uow import unit_of_work

__all__ = ["Services", "Welcome", "evidence_since"]


@dataclass(slots=True)
class Welcome:
    """What the socket sends first, and where the room's stream picks up for it."""

    institution_id: uuid.UUID
    lesson_id: uuid.UUID
    user_id: uuid.UUID
    staff: bool
    connection_id: uuid.UUID | None
    since: int
    messages: list[str] = field(default_factory=list)


def _visible_to(audience: str, staff: bool, user_id: uuid.UUID) -> bool:
    return audience == ALL or (audience == STAFF and staff) or audience == str(user_id)


def _lesson_view(lesson: Lesson, course_title: str) -> dict[str, Any]:
    return {
        "id": str(lesson.id),
        "course_id": str(lesson.course_id),
        "course_title": course_title,
        "title": lesson.title,
        "starts_at": iso(lesson.starts_at),
        "ends_at": iso(lesson.ends_at),
        "join_url": lesson.join_url,
    }


@dataclass
class Services:
    """The room's services bound to what the app wired (database, clock, bus, settings)."""

    db: Database
    clock: Clock
    bus: EventBus
    settings: LiveSettings
    worker: str

    @property
    def grace(self) -> timedelta:
        return timedelta(seconds=self.settings.grace_seconds)

    def enter(
        self,
        principal: Principal,
        lesson_id: uuid.UUID,
        *,
        last_event_id: int | None,
        ip: str | None,
        device_id: str | None,
    ) -> Welcome:
        with unit_of_work(self.db) as session:
            now = self.clock.now()
            lesson = load_live_lesson(session, principal, str(lesson_id))
            entry = decide(session, principal, lesson, now)
            room = lock_room(session, lesson, now)
            admission = entry.admission
            connection: LiveConnection | None = None
            if not admission.read_only or admission.standing is Standing.OBSERVER:
                joined = presence.join(
                    session,
                    self.bus,
                    room,
                    lesson,
                    principal,
                    now,
                    self.grace,
                    takes_seat=admission.takes_seat,
                    ip=ip,
                    device_id=device_id,
                    worker=self.worker,
                )
                connection = joined.connection
                if principal.role is Role.TRAINEE:
                    open_check = checks.open_check_of(session, room)
                    if open_check is not None:
                        checks.owe(session, open_check, principal.user_id)
            session.flush()
            staff = entry.staff
            since = room.seq
            welcome = {
                "type": "welcome",
                "v": 1,
                "event_id": since,
                "connection_id": None if connection is None else str(connection.id),
                "you": {
                    "user_id": str(principal.user_id),
                    "name": principal.name,
                    "role": str(principal.role),
                    "standing": str(admission.standing),
                    "read_only": admission.read_only,
                },
                "lesson": _lesson_view(lesson, entry.course.title),
                "roster": roster(session, principal, entry.course) if staff else None,
                "media": hooks.admitted(session, principal, lesson, connection),
                "resumed": False,
            }
            messages: list[str]
            if (
                last_event_id is not None
                and 0 <= last_event_id <= since <= last_event_id + self.settings.resume_limit
            ):
                welcome["resumed"] = True
                system = tenant_system_principal(lesson.institution_id)
                missed = events_after(session, system, lesson.id, last_event_id, since)
                messages = [encode(welcome)]
                messages += coalesced(
                    [
                        (e.kind, event_text(e))
                        for e in missed
                        if _visible_to(e.audience, staff, principal.user_id)
                    ]
                )
            else:
                viewer: Viewer = "staff" if staff else "trainee"
                state = build(session, room, viewer, principal.user_id, self.grace, now)
                messages = [encode(welcome), encode({"type": "snapshot", "event_id": since, "state": state})]
            return Welcome(
                lesson.institution_id,
                lesson.id,
                principal.user_id,
                staff,
                None if connection is None else connection.id,
                since,
                messages,
            )

    def snapshot(self, principal: Principal, lesson_id: uuid.UUID) -> dict[str, Any]:
        """A fresh snapshot for `principal` (tests compare it with snapshot + events)."""
        with unit_of_work(self.db) as session:
            now = self.clock.now()
            lesson = load_live_lesson(session, principal, str(lesson_id))
            entry = decide(session, principal, lesson, now)
            room = lock_room(session, lesson, now)
            viewer: Viewer = "staff" if entry.staff else "trainee"
            return {
                "event_id": room.seq,
                "state": build(session, room, viewer, principal.user_id, self.grace, now),
            }

    def perform(self, principal: Principal, connection_id: uuid.UUID | None, message: Any) -> None:
        """One command of a connected person (schemas.ClientMessage)."""
        if connection_id is None:
            raise Forbidden("live.over", code="live_over")
        with unit_of_work(self.db) as session:
            now = self.clock.now()
            connection = session.get(LiveConnection, connection_id)  # tenancy: issued to this socket
            if connection is None or connection.user_id != principal.user_id:
                raise NotFound()
            if connection.state is not presence.OPEN:
                raise Forbidden("live.not_in_room", code="live_not_in_room")
            lesson = session.exec(
                scoped(select(Lesson), principal).where(Lesson.id == connection.lesson_id)
            ).one()
            room = lock_existing_room(session, lesson.institution_id, lesson.id)
            session.refresh(connection)
            if connection.state is not presence.OPEN:
                raise Forbidden("live.not_in_room", code="live_not_in_room")
            actor = Actor(
                session,
                self.bus,
                self.settings,
                principal,
                lesson,
                room,
                instructor=connection.role is Role.INSTRUCTOR,
                observer=connection.role is Role.INSPECTOR,
                now=now,
            )
            _dispatch(actor, connection, message)

    def lose(self, connection_id: uuid.UUID) -> None:
        with unit_of_work(self.db) as session:
            presence.lose(session, self.bus, connection_id, self.clock.now())

    def heartbeat(self, connection_ids: list[uuid.UUID]) -> None:
        if connection_ids:
            with unit_of_work(self.db) as session:
                presence.heartbeat(session, connection_ids, self.clock.now())

    def missed_events(
        self, institution_id: uuid.UUID, lesson_id: uuid.UUID, after: int, upto: int
    ) -> list[tuple[int, str, str, str]]:
        """Stored events in (after, upto]: (id, audience, kind, frame text) — the hub's gap fill."""
        with self.db.session() as session:
            rows = events_after(session, tenant_system_principal(institution_id), lesson_id, after, upto)
            return [(e.seq, e.audience, e.kind, event_text(e)) for e in rows]


def _dispatch(actor: Actor, connection: LiveConnection, message: Any) -> None:
    m = message
    if isinstance(m, schemas.Chat):
        chat.send_chat(actor, m.text)
    elif isinstance(m, schemas.Hand):
        chat.set_hand(actor, m.raised, m.user_id)
    elif isinstance(m, schemas.Mute):
        chat.mute(actor, m.user_id, m.muted)
    elif isinstance(m, schemas.Remove):
        (chat.remove if m.type == "remove" else chat.readmit)(actor, m.user_id)
    elif isinstance(m, schemas.End):
        chat.end(actor)
    elif isinstance(m, schemas.Leave):
        presence.depart(
            actor.session, actor.bus, actor.room, connection, "leave", actor.now, actor.now, reason="left"
        )
    elif isinstance(m, schemas.PollOpen):
        polls.open_poll(actor, m.question, m.options)
    elif isinstance(m, schemas.PollVote):
        polls.vote(actor, m.poll_id, m.option)
    elif isinstance(m, schemas.PollClose):
        polls.close_poll(actor, m.poll_id)
    elif isinstance(m, schemas.CheckOpen):
        checks.open_by_instructor(actor)
    elif isinstance(m, schemas.CheckAnswer):
        checks.answer(actor, m.check_id)
    elif isinstance(m, schemas.RandomChecks):
        checks.set_random(actor, m.enabled, m.min_minutes, m.max_minutes)
