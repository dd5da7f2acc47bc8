"""Evidence from the other packages' domain events (CONTRACTS.md) becomes rows of the log.

Each payload carries `evidence_id`, the producer's durable row; the idempotency key is
`f"{event name}:{evidence_id}"` (with `:{lesson id}` added when one viewing names several
lessons), so a redelivered event or one read again by the recovery path (`sources.py`) records
once. Evidence about people who are not enrolled trainees of the course (instructors in the
live room, a dropped trainee) is not attendance and is skipped.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session, col, select

from attendance import records
from attendance.access import is_enrolled
from attendance.ingest import NewEvent, store
from attendance.rules.kinds import EventKind, Source
from classroom.core.clock import Clock, seoul_date
from classroom.core.events import DomainEvent
from classroom.core.tenancy import tenant_system_principal
from classroom.courses.models import Course, Lesson

log = logging.getLogger(__name__)

CONTENT_VIEWING = "content.viewing"
CONTENT_THRESHOLD = "content.threshold"
LIVE_PRESENCE = "live.presence"
LIVE_CHECK = "live.check"
MEDIA_PRESENCE = "media.presence"
EVENT_NAMES = (CONTENT_VIEWING, CONTENT_THRESHOLD, LIVE_PRESENCE, LIVE_CHECK, MEDIA_PRESENCE)

_PRESENCE = {
    "join": EventKind.LIVE_JOIN,
    "leave": EventKind.LIVE_LEAVE,
    "removed": EventKind.LIVE_LEAVE,
    "ended": EventKind.LIVE_LEAVE,
    "reconnect": EventKind.LIVE_RECONNECT,
}


def _time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"naive time in evidence: {value!r}")
    return parsed


def _lesson_days(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, date]:
    if not ids:
        return {}
    statement = select(Lesson.id, Lesson.starts_at).where(
        col(Lesson.id).in_(ids)
    )  # tenancy: ids from the producer's evidence, checked against the course below
    return {i: seoul_date(s) for i, s in session.exec(statement)}


def to_events(session: Session, name: str, payload: dict[str, Any]) -> list[NewEvent]:
    """The log rows one contract payload stands for (none when it is not a trainee's attendance)."""
    course = session.get(
        Course, uuid.UUID(payload["course_id"])
    )  # tenancy: checked against the payload's institution
    if course is None or str(course.institution_id) != payload["institution_id"]:
        return []
    principal = tenant_system_principal(course.institution_id)
    user = uuid.UUID(payload.get("trainee_id") or payload["user_id"])
    if payload.get("role", "trainee") != "trainee" or not is_enrolled(session, principal, course, user):
        return []
    at = _time(payload["at"])
    base: dict[str, Any] = {
        "institution_id": course.institution_id,
        "course_id": course.id,
        "trainee_id": user,
        "at": at,
        "ip": payload.get("ip"),
        "device_id": payload.get("device_id"),
    }
    key = f"{name}:{payload['evidence_id']}"
    if name in (CONTENT_VIEWING, CONTENT_THRESHOLD):
        lessons = [uuid.UUID(i) for i in payload.get("lesson_ids", [])]
        days = _lesson_days(session, lessons)
        return [
            NewEvent(
                **base,
                kind=EventKind.VOD_PROGRESS,
                source=Source.CONTENT,
                idempotency_key=key if len(lessons) == 1 else f"{key}:{lesson}",
                lesson_id=lesson,
                day=days[lesson],
                ref=str(payload.get("version_id", "")),
                seconds=int(payload.get("watched_seconds", 0)),
                required_seconds=int(payload.get("required_seconds", 0)),
                detail={
                    k: payload.get(k)
                    for k in (
                        "credited_seconds",
                        "percent",
                        "position_seconds",
                        "playback_rate",
                        "content_id",
                    )
                },
            )
            for lesson in lessons
            if lesson in days
        ]
    lesson_id = uuid.UUID(payload["lesson_id"])
    day = _lesson_days(session, [lesson_id]).get(lesson_id)
    if day is None:
        return []
    if name == LIVE_PRESENCE:
        kind = payload["kind"]
        if kind not in _PRESENCE:
            return []
        ref = "*" if kind == "ended" else str(payload.get("connection_id", ""))
        return [
            NewEvent(
                **base,
                kind=_PRESENCE[kind],
                source=Source.LIVE,
                idempotency_key=key,
                lesson_id=lesson_id,
                day=day,
                ref=ref,
                detail={"kind": kind, "detail": payload.get("detail")},
            )
        ]
    if name == LIVE_CHECK:
        kind = EventKind.CHECK_ANSWERED if payload["kind"] == "answered" else EventKind.CHECK_MISSED
        detail = {k: payload.get(k) for k in ("check_id", "opened_at", "deadline_at", "answered_at")}
        return [
            NewEvent(
                **base,
                kind=kind,
                source=Source.LIVE,
                idempotency_key=key,
                lesson_id=lesson_id,
                day=day,
                ref=str(payload.get("check_id", "")),
                detail=detail,
            )
        ]
    if name == MEDIA_PRESENCE:
        return [
            NewEvent(
                **base,
                kind=EventKind.MEDIA,
                source=Source.MEDIA,
                idempotency_key=key,
                lesson_id=lesson_id,
                day=day,
                ref=str(payload.get("kind", "")),
                detail={"kind": payload.get("kind"), "detail": payload.get("detail")},
            )
        ]
    return []


def record(session: Session, clock: Clock, name: str, payloads: list[dict[str, Any]]) -> int:
    """Store the evidence of `payloads` (one event name) and refresh the days it touched."""
    rows = [row for payload in payloads for row in to_events(session, name, payload)]
    stored = store(session, clock.now(), rows)
    records.refresh(session, stored.keys, clock.now())
    return len(stored.accepted)


def subscribe(app: FastAPI) -> None:
    def handle(event: DomainEvent) -> None:
        with app.state.db.session() as session:
            record(session, app.state.clock, event.name, [event.payload])
            session.commit()

    for name in EVENT_NAMES:
        app.state.events.subscribe(name, handle)
