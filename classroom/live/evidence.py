"""Attendance evidence the room produces (CONTRACTS.md): `live.presence` and `live.check`.

Each is published, after the commit, from the transaction that stored its row, and can be
read again with `evidence_since` (a consumer that missed events after a crash catches up from
the rows). Payloads carry `evidence_id` (the row's id) and, beyond the contract, `source` and
`recorded_at` (when the row became durable: a leave is recorded up to the grace period after
the moment it happened, so catching up goes by `recorded_at`)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from classroom.core.events import DomainEvent, EventBus, publish_on_commit
from classroom.core.tenancy import scoped, tenant_system_principal
from classroom.live.models import AttendanceCheck, CheckResponse, CheckStatus, PresenceEntry
from classroom.live.room import iso

PRESENCE = "live.presence"
CHECK = "live.check"
MEDIA_PRESENCE = "media.presence"  # rows of source "media" (classroom/live/media)
PRESENCE_KINDS = ("join", "leave", "reconnect", "removed", "ended")


def presence_payload(entry: PresenceEntry) -> dict[str, Any]:
    return {
        "evidence_id": str(entry.id),
        "institution_id": str(entry.institution_id),
        "course_id": str(entry.course_id),
        "lesson_id": str(entry.lesson_id),
        "user_id": str(entry.user_id),
        "role": str(entry.role),
        "kind": entry.kind,
        "at": iso(entry.at),
        "ip": entry.ip,
        "device_id": entry.device_id,
        "connection_id": None if entry.connection_id is None else str(entry.connection_id),
        "detail": json.loads(entry.detail),
        "source": entry.source,
        "recorded_at": iso(entry.recorded_at),
    }


def check_payload(
    response: CheckResponse, check: AttendanceCheck, institution_id: uuid.UUID
) -> dict[str, Any]:
    at = response.answered_at if response.status is CheckStatus.ANSWERED else check.deadline_at
    return {
        "evidence_id": str(response.id),
        "institution_id": str(institution_id),
        "course_id": str(response.course_id),
        "lesson_id": str(response.lesson_id),
        "check_id": str(check.id),
        "user_id": str(response.user_id),
        "kind": str(response.status),
        "opened_at": iso(check.opened_at),
        "deadline_at": iso(check.deadline_at),
        "answered_at": iso(response.answered_at),
        "at": iso(at),
        "recorded_at": iso(response.recorded_at),
    }


def presence_name(entry: PresenceEntry) -> str:
    """The event a presence row stands for: the room's `live.presence`, or `media.presence`
    for the media layer's rows (publisher, camera and receiving intervals)."""
    return MEDIA_PRESENCE if entry.source == "media" else PRESENCE


def record_presence(session: Session, bus: EventBus, entry: PresenceEntry) -> PresenceEntry:
    """Add a presence row and publish it once the transaction commits."""
    session.add(entry)
    publish_on_commit(session, bus, DomainEvent(presence_name(entry), presence_payload(entry)))
    return entry


def record_check(session: Session, bus: EventBus, response: CheckResponse, check: AttendanceCheck) -> None:
    session.add(response)
    publish_on_commit(session, bus, DomainEvent(CHECK, check_payload(response, check, check.institution_id)))


def evidence_since(session: Session, institution_id: uuid.UUID, since: datetime) -> list[dict[str, Any]]:
    """Every presence row (the media layer's too) and final check answer of the institution
    recorded after `since`, as the payloads of their events plus `name` (the event's name),
    ordered by recorded time."""
    principal = tenant_system_principal(institution_id)
    presence = session.exec(
        scoped(select(PresenceEntry), principal)
        .where(PresenceEntry.recorded_at > since)
        .order_by(col(PresenceEntry.recorded_at), col(PresenceEntry.at))
    ).all()
    checks = session.exec(
        scoped(select(CheckResponse, AttendanceCheck), principal, CheckResponse)
        .join(AttendanceCheck, col(AttendanceCheck.id) == col(CheckResponse.check_id))
        .where(col(CheckResponse.status) != CheckStatus.PENDING, col(CheckResponse.recorded_at) > since)
    ).all()
    rows: list[tuple[datetime, dict[str, Any]]] = [
        (entry.recorded_at, {"name": presence_name(entry), **presence_payload(entry)}) for entry in presence
    ]
    for response, check in checks:
        assert response.recorded_at is not None
        rows.append((response.recorded_at, {"name": CHECK, **check_payload(response, check, institution_id)}))
    rows.sort(key=lambda row: (row[0], row[1]["at"] or ""))
    return [payload for _, payload in rows]


def lesson_presence(session: Session, principal: Any, lesson: Any) -> list[dict[str, Any]]:
    """One lesson's evidence for the people who review attendance (instructors of the course,
    the institution, the programme's staff): presence rows and final check answers."""
    from classroom.core.permissions import Permission
    from classroom.courses import access

    course = access.get_course(session, principal, lesson.course_id)
    access.require(session, principal, course, Permission.LIVE_EVIDENCE)
    rows = [
        {"name": presence_name(entry), **presence_payload(entry)}
        for entry in session.exec(
            scoped(select(PresenceEntry), principal)
            .where(PresenceEntry.lesson_id == lesson.id)
            .order_by(col(PresenceEntry.at), col(PresenceEntry.recorded_at))
        )
    ]
    answers = session.exec(
        scoped(select(CheckResponse, AttendanceCheck), principal, CheckResponse)
        .join(AttendanceCheck, col(AttendanceCheck.id) == col(CheckResponse.check_id))
        .where(CheckResponse.lesson_id == lesson.id, col(CheckResponse.status) != CheckStatus.PENDING)
    ).all()
    rows += [{"name": CHECK, **check_payload(r, c, c.institution_id)} for r, c in answers]
    return sorted(rows, key=lambda row: (row["at"] or "", row["name"]))
