"""API shapes of attendance: ingestion batches, staff entries, day statuses, unit periods, summaries.

Rates go out twice: exact ("4/5") for machines that must not round, and as a percentage for people.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from attendance.rules.kinds import DayStatus, EventKind

FROM_OBJECT = ConfigDict(from_attributes=True)
# What the ingestion API accepts: evidence an institution's own systems hold. Voids come only
# from approved corrections; media and content evidence come from their producers' events.
IngestKind = Literal["check_in", "check_out", "live_join", "live_leave", "check_answered", "check_missed"]


def exact(rate: Fraction | None) -> str | None:
    return None if rate is None else f"{rate.numerator}/{rate.denominator}"


def percent(rate: Fraction | None) -> float | None:
    return None if rate is None else round(float(rate * 100), 2)


class EventIn(BaseModel):
    course_id: uuid.UUID
    trainee_id: uuid.UUID
    lesson_id: uuid.UUID | None = None
    kind: IngestKind = Field(examples=["check_in"])
    at: datetime
    ip: str | None = Field(default=None, max_length=64)
    device_id: str | None = Field(default=None, max_length=128)
    connection: str = Field(default="", max_length=120)
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=150)


class EventBatch(BaseModel):
    events: list[EventIn] = Field(min_length=1, max_length=5000)


class IngestOut(BaseModel):
    received: int
    accepted: int
    duplicates: int
    refreshed_days: int
    recompute_job_id: uuid.UUID | None = None


class StaffEntry(BaseModel):
    """A trainee's times for one lesson entered by staff from the paper sheet (or a gap)."""

    trainee_id: uuid.UUID
    check_in: datetime | None = None
    check_out: datetime | None = None
    out_from: datetime | None = Field(default=None, description="going out: left at")
    out_until: datetime | None = Field(default=None, description="going out: came back at")
    reason: str = Field(min_length=1, max_length=1000, examples=["출석부 수기 기록 (QR 단말 고장)"])


class EventOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    course_id: uuid.UUID
    trainee_id: uuid.UUID
    lesson_id: uuid.UUID | None
    day: date
    kind: EventKind
    source: str
    at: datetime
    recorded_at: datetime
    ip: str | None
    device_id: str | None
    actor_id: uuid.UUID | None
    reason: str | None
    evidence: str | None
    corrects_id: uuid.UUID | None


class DayOut(BaseModel):
    model_config = FROM_OBJECT

    day: date
    status: DayStatus
    scheduled_minutes: int
    attended_minutes: int
    late: bool
    early_leave: bool
    goings_out: int
    missed_checks: int
    missing_checkout: bool
    final: bool
    first_in: datetime | None
    last_out: datetime | None
    incidents: int


class PeriodOut(BaseModel):
    model_config = FROM_OBJECT

    index: int
    first: date
    last: date
    training_days: int
    scheduled_days: int
    absent_days: int
    incidents: int
    converted: int
    rate: Fraction | None = Field(exclude=True)
    long_days_paid: int
    short_days_paid: int
    allowance_won: int
    allowance_eligible: bool
    closed: bool

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rate_exact(self) -> str | None:
        return exact(self.rate)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rate_percent(self) -> float | None:
        return percent(self.rate)


class SummaryOut(BaseModel):
    model_config = FROM_OBJECT

    trainee_id: uuid.UUID
    name: str
    attendance_rate: Fraction | None = Field(exclude=True)
    completed_attendance: bool
    training_days: int
    total_days: int
    absent_days: int
    converted_absences: int
    lates: int
    early_leaves: int
    goings_out: int
    excused_days: int
    leave_days: int
    allowance_won: int
    can_still_miss: int
    course_over: bool
    at_risk: bool

    @computed_field  # type: ignore[prop-decorator]
    @property
    def attendance_rate_exact(self) -> str | None:
        return exact(self.attendance_rate)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def attendance_rate_percent(self) -> float | None:
        return percent(self.attendance_rate)


class OutcomeOut(SummaryOut):
    periods: list[PeriodOut]
    days: list[DayOut]


class RosterLine(BaseModel):
    trainee_id: uuid.UUID
    name: str
    status: DayStatus
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    inside: bool
    events: int


class RosterOut(BaseModel):
    lesson_id: uuid.UUID
    course_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    present: int
    enrolled: int
    lines: list[RosterLine]


class CodeOut(BaseModel):
    model_config = FROM_OBJECT

    lesson_id: uuid.UUID
    code: str
    url: str
    window: int
    rotates_at: datetime
    rotate_seconds: int
    grace_seconds: int
    open_now: bool
    svg: str = ""


class OnsiteIn(BaseModel):
    trainee_id: uuid.UUID
    present: bool
    check_in: time | None = None
    check_out: time | None = None


class CorrectionOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    course_id: uuid.UUID
    trainee_id: uuid.UUID
    day: date
    check_in: datetime | None
    check_out: datetime | None
    excused: bool
    withdraw_event_id: uuid.UUID | None
    reason: str
    evidence: str
    status: str
    requested_by: uuid.UUID
    requested_at: datetime
    decided_by: uuid.UUID | None
    decided_at: datetime | None
    decision_note: str | None


class SignalOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    institution_id: uuid.UUID
    course_id: uuid.UUID
    lesson_id: uuid.UUID | None
    day: date
    kind: str
    trainee_ids: list[str]
    event_ids: list[str]
    detail: dict[str, object]
    detected_at: datetime


class NamedTrainee(BaseModel):
    id: uuid.UUID
    name: str


class SignalEvidenceOut(BaseModel):
    """A signal with the trainees it names and the events it was found in, oldest first."""

    signal: SignalOut
    trainees: list[NamedTrainee]
    events: list[EventOut]


class PolicyOut(BaseModel):
    overrides: dict[str, object]
    values: dict[str, object]
