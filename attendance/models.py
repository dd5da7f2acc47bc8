"""Attendance tables (all tenant-owned).

- `AttendanceEvent`: the append-only evidence log of every source. Nothing updates or deletes a
  row; a correction is a new row (`void` of the original, plus what replaces it) that references
  what it corrects. Each row has an idempotency key unique per institution, so a retried request
  or a redelivered domain event records once.
- `AttendanceDay`: the derived record of one trainee's training day, recomputable from the
  events at any time (`records.py`); never edited by hand.
- `AttendancePolicyRow`: a course's validated overrides of the DOMAIN.md defaults.
- `CorrectionRequest`, `FraudSignal`, `AttendanceNetwork`, `SourceCheckpoint`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field

from attendance.rules.kinds import CorrectionStatus, DayStatus, EventKind, SignalKind, Source
from classroom.core.db import EnumText, UTCDateTime
from classroom.core.tenancy import TenantOwned


class AttendanceEvent(TenantOwned, table=True):
    __tablename__ = "attendance_events"
    __table_args__ = (
        UniqueConstraint("institution_id", "idempotency_key"),
        Index("ix_attendance_events_course_trainee_day", "course_id", "trainee_id", "day"),
        Index("ix_attendance_events_device_at", "device_id", "at"),
        Index("ix_attendance_events_lesson_ref", "lesson_id", "ref"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id")
    trainee_id: uuid.UUID = Field(foreign_key="users.id")
    lesson_id: uuid.UUID | None = Field(default=None, foreign_key="lessons.id")
    day: date  # the Asia/Seoul training day the evidence belongs to
    kind: EventKind = Field(sa_type=EnumText(EventKind, 24))
    source: Source = Field(sa_type=EnumText(Source, 16))
    at: datetime = Field(sa_type=UTCDateTime)  # when it happened (as the source says)
    recorded_at: datetime = Field(sa_type=UTCDateTime)  # when it was stored
    ip: str | None = Field(default=None, max_length=64)
    device_id: str | None = Field(default=None, max_length=128)
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")  # who recorded it
    idempotency_key: str = Field(max_length=200)
    # live: the connection; QR: "<lesson>:<window>"; content: the version watched
    ref: str = Field(default="", max_length=200)
    seconds: int = 0  # VOD: watched seconds so far
    required_seconds: int = 0  # VOD: seconds to watch
    reason: str | None = Field(default=None, max_length=1000)  # staff entries, corrections
    evidence: str | None = Field(default=None, max_length=1000)  # a document or note that backs it
    corrects_id: uuid.UUID | None = Field(default=None, foreign_key="attendance_events.id")
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class AttendanceDay(TenantOwned, table=True):
    __tablename__ = "attendance_days"
    __table_args__ = (UniqueConstraint("course_id", "trainee_id", "day"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    trainee_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    day: date
    status: DayStatus = Field(sa_type=EnumText(DayStatus, 16))
    scheduled_minutes: int
    attended_minutes: int
    late: bool = False
    early_leave: bool = False
    goings_out: int = 0
    missed_checks: int = 0
    missing_checkout: bool = False
    final: bool = True
    first_in: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_out: datetime | None = Field(default=None, sa_type=UTCDateTime)
    events: int = 0  # evidence rows the record was computed from
    computed_at: datetime = Field(sa_type=UTCDateTime)


class AttendancePolicyRow(TenantOwned, table=True):
    __tablename__ = "attendance_policies"

    course_id: uuid.UUID = Field(foreign_key="courses.id", primary_key=True)
    overrides: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(sa_type=UTCDateTime)
    updated_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")


class CorrectionRequest(TenantOwned, table=True):
    __tablename__ = "attendance_corrections"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    trainee_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    lesson_id: uuid.UUID | None = Field(default=None, foreign_key="lessons.id")
    day: date
    # What the requester says happened: a check-in and/or check-out time, or an excused day.
    check_in: datetime | None = Field(default=None, sa_type=UTCDateTime)
    check_out: datetime | None = Field(default=None, sa_type=UTCDateTime)
    excused: bool = False
    withdraw_event_id: uuid.UUID | None = Field(default=None, foreign_key="attendance_events.id")
    reason: str = Field(max_length=1000)
    evidence: str = Field(max_length=1000)
    status: CorrectionStatus = Field(
        default=CorrectionStatus.PENDING, sa_type=EnumText(CorrectionStatus, 16), index=True
    )
    requested_by: uuid.UUID = Field(foreign_key="users.id")
    requested_at: datetime = Field(sa_type=UTCDateTime)
    decided_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_note: str | None = Field(default=None, max_length=1000)


class FraudSignal(TenantOwned, table=True):
    __tablename__ = "attendance_signals"
    __table_args__ = (UniqueConstraint("institution_id", "key"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    lesson_id: uuid.UUID | None = Field(default=None, foreign_key="lessons.id")
    day: date
    kind: SignalKind = Field(sa_type=EnumText(SignalKind, 32), index=True)
    key: str = Field(max_length=300)  # one signal per finding, however often it is detected
    trainee_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    event_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    detected_at: datetime = Field(sa_type=UTCDateTime)


class AttendanceNetwork(TenantOwned, table=True):
    """An institution's own network: where QR check-in is allowed (when any is listed) and which
    addresses many trainees share legitimately (exempt from the same-IP signal)."""

    __tablename__ = "attendance_networks"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    cidr: str = Field(max_length=64)
    label: str = Field(default="", max_length=200)
    checkin_allowed: bool = True
    shared: bool = True
    created_at: datetime = Field(sa_type=UTCDateTime)


class SourceCheckpoint(TenantOwned, table=True):
    """How far the recovery path has read a producer's evidence for one institution."""

    __tablename__ = "attendance_checkpoints"

    source: str = Field(max_length=64, primary_key=True)
    institution_id: uuid.UUID = Field(foreign_key="institutions.id", primary_key=True)
    read_until: datetime = Field(sa_type=UTCDateTime)
