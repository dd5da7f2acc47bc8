"""Writing evidence into the append-only log, once per idempotency key, however often it comes.

Every source (QR, staff, supervisors, the live room, media, content progress, the ingestion API,
approved corrections) ends here. Rows are inserted in bulk with `ON CONFLICT DO NOTHING` on
(institution, idempotency key), so a retried request or a redelivered domain event is a
duplicate, not a second row, and concurrent deliveries of the same evidence cannot both land.
What changed is returned as trainee-day keys so the records of exactly those days are refreshed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from attendance.models import AttendanceEvent
from attendance.rules.kinds import EventKind, Source
from classroom.core.clock import as_utc, seoul_date
from classroom.core.tenancy import Principal, scoped


@dataclass(frozen=True)
class NewEvent:
    institution_id: uuid.UUID
    course_id: uuid.UUID
    trainee_id: uuid.UUID
    kind: EventKind
    source: Source
    at: datetime
    idempotency_key: str
    lesson_id: uuid.UUID | None = None
    day: date | None = None  # defaults to the Seoul day of `at`
    ip: str | None = None
    device_id: str | None = None
    actor_id: uuid.UUID | None = None
    ref: str = ""
    seconds: int = 0
    required_seconds: int = 0
    reason: str | None = None
    evidence: str | None = None
    corrects_id: uuid.UUID | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> DayKey:
        return DayKey(self.course_id, self.trainee_id, self.day or seoul_date(self.at))


@dataclass(frozen=True, order=True)
class DayKey:
    course_id: uuid.UUID
    trainee_id: uuid.UUID
    day: date


@dataclass(frozen=True)
class Stored:
    accepted: list[uuid.UUID]  # ids of the rows written now
    duplicates: int  # events whose key was already in the log
    keys: set[DayKey]  # trainee-days whose evidence changed


def _insert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(AttendanceEvent)


def store(session: Session, now: datetime, events: list[NewEvent], *, chunk: int = 500) -> Stored:
    """Append `events`; an event whose (institution, idempotency key) is stored already is a
    duplicate and changes nothing. Several events with one key in the same batch: the first wins."""
    unique: dict[tuple[uuid.UUID, str], NewEvent] = {}
    for event in events:
        unique.setdefault((event.institution_id, event.idempotency_key), event)
    rows: list[dict[str, Any]] = []
    keys_of: dict[uuid.UUID, DayKey] = {}
    for event in unique.values():
        row_id = uuid.uuid4()
        keys_of[row_id] = event.key
        rows.append(
            {
                "id": row_id,
                "institution_id": event.institution_id,
                "course_id": event.course_id,
                "trainee_id": event.trainee_id,
                "lesson_id": event.lesson_id,
                "day": event.key.day,
                "kind": event.kind,
                "source": event.source,
                "at": as_utc(event.at),
                "recorded_at": now,
                "ip": event.ip,
                "device_id": event.device_id,
                "actor_id": event.actor_id,
                "idempotency_key": event.idempotency_key,
                "ref": event.ref,
                "seconds": event.seconds,
                "required_seconds": event.required_seconds,
                "reason": event.reason,
                "evidence": event.evidence,
                "corrects_id": event.corrects_id,
                "detail": event.detail,
            }
        )
    accepted: list[uuid.UUID] = []
    # One cached statement run as an executemany: SQLAlchemy batches it into multi-row INSERTs
    # with RETURNING ("insertmanyvalues") on both SQLite and PostgreSQL.
    statement: Insert = _insert(session)
    statement = statement.on_conflict_do_nothing(  # type: ignore[attr-defined]
        index_elements=["institution_id", "idempotency_key"]
    ).returning(AttendanceEvent.__table__.c.id)  # type: ignore[attr-defined]
    connection = session.connection()
    for start in range(0, len(rows), chunk):
        accepted.extend(connection.execute(statement, rows[start : start + chunk]).scalars())
    session.flush()
    return Stored(accepted, len(events) - len(accepted), {keys_of[i] for i in accepted})


def existing(
    session: Session, principal: Principal, institution_id: uuid.UUID, key: str
) -> AttendanceEvent | None:
    statement = scoped(select(AttendanceEvent), principal).where(
        AttendanceEvent.institution_id == institution_id, AttendanceEvent.idempotency_key == key
    )
    return session.exec(statement).first()


def events_of(session: Session, principal: Principal, ids: list[uuid.UUID]) -> list[AttendanceEvent]:
    if not ids:
        return []
    statement = scoped(select(AttendanceEvent), principal).where(col(AttendanceEvent.id).in_(ids))
    return list(session.exec(statement.order_by(col(AttendanceEvent.at))))
