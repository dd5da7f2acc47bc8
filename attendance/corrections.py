"""Correction requests (출결 정정): a trainee (for themselves) or an instructor (of the course)
files one with reason and evidence, on the day or within the policy's days after; institution
staff approve or reject it. Approval adds events (source `correction`) and, where asked, a
`void` of the event it withdraws: the original evidence stays in the log. Everything is audited.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from attendance import access, records
from attendance.ingest import NewEvent, store
from attendance.models import AttendanceEvent, CorrectionRequest
from attendance.policy import policy_for
from attendance.rules.kinds import CorrectionStatus, EventKind, Source
from classroom.audit import service as audit
from classroom.core.clock import SEOUL, Clock, as_utc, seoul_date
from classroom.core.errors import Conflict, NotFound, ValidationFailed
from classroom.core.tenancy import Principal, Role, parse_id, scoped
from classroom.courses.models import Course


class CorrectionIn(BaseModel):
    trainee_id: uuid.UUID
    day: date
    check_in: datetime | None = None
    check_out: datetime | None = None
    excused: bool = False
    withdraw_event_id: uuid.UUID | None = None
    reason: str = Field(min_length=1, max_length=1000, examples=["QR 단말 오류로 입실 체크가 누락됨"])
    evidence: str = Field(min_length=1, max_length=1000, examples=["담당 강사 확인, 출석부 사진"])


class Decision(BaseModel):
    approve: bool
    note: str = Field(default="", max_length=1000)


def _invalid(field: str, key: str, **params: object) -> ValidationFailed:
    return ValidationFailed(
        key,
        code="correction_invalid",
        params=params,
        errors=[{"field": field, "message_key": key, "params": params}],
    )


def _local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return as_utc(value if value.tzinfo else value.replace(tzinfo=SEOUL))


def file(
    session: Session, clock: Clock, principal: Principal, course: Course, data: CorrectionIn
) -> CorrectionRequest:
    if principal.role is Role.TRAINEE and data.trainee_id != principal.user_id:
        raise _invalid("trainee_id", "correction.not_own")
    if principal.role is not Role.TRAINEE:
        access.require_take(session, principal, course)
    else:
        access.require_read(session, principal, course)
    if not access.is_enrolled(session, principal, course, data.trainee_id):
        raise NotFound()
    policy = policy_for(session, principal, course)
    today = seoul_date(clock.now())
    if data.day > today:
        raise _invalid("day", "correction.future")
    if (today - data.day).days > policy.correction_days:
        raise _invalid("day", "correction.too_late", days=policy.correction_days)
    if data.day not in records.schedule_of(session, principal, course).by_day:
        raise _invalid("day", "correction.not_training_day")
    check_in, check_out = _local(data.check_in), _local(data.check_out)
    for field, value in (("check_in", check_in), ("check_out", check_out)):
        if value is not None and seoul_date(value) != data.day:
            raise _invalid(field, "entry.other_day")
    if not (check_in or check_out or data.excused or data.withdraw_event_id):
        raise _invalid("check_in", "correction.nothing")
    if data.withdraw_event_id is not None:
        target = session.exec(
            scoped(select(AttendanceEvent), principal).where(AttendanceEvent.id == data.withdraw_event_id)
        ).first()
        if (
            target is None
            or target.trainee_id != data.trainee_id
            or target.day != data.day
            or target.course_id != course.id
        ):
            raise _invalid("withdraw_event_id", "correction.other_event")
    row = CorrectionRequest(
        institution_id=course.institution_id,
        course_id=course.id,
        trainee_id=data.trainee_id,
        day=data.day,
        check_in=check_in,
        check_out=check_out,
        excused=data.excused,
        withdraw_event_id=data.withdraw_event_id,
        reason=data.reason.strip(),
        evidence=data.evidence.strip(),
        requested_by=principal.user_id,
        requested_at=clock.now(),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        clock,
        principal,
        "attendance.correction_filed",
        "attendance_correction",
        row.id,
        institution_id=course.institution_id,
        detail={"trainee_id": str(data.trainee_id), "day": data.day.isoformat()},
    )
    return row


def get(session: Session, principal: Principal, correction_id: object) -> CorrectionRequest:
    row = session.exec(
        scoped(select(CorrectionRequest), principal).where(CorrectionRequest.id == parse_id(correction_id))
    ).first()
    if row is None:
        raise NotFound()
    return row


def pending(session: Session, principal: Principal) -> list[CorrectionRequest]:
    statement = scoped(select(CorrectionRequest), principal).where(
        CorrectionRequest.status == CorrectionStatus.PENDING
    )
    return list(session.exec(statement.order_by(col(CorrectionRequest.requested_at))))


def decide(
    session: Session, clock: Clock, principal: Principal, row: CorrectionRequest, decision: Decision
) -> CorrectionRequest:
    row = get(session, principal, row.id)
    if row.status is not CorrectionStatus.PENDING:
        raise Conflict("correction.not_pending", code="correction_decided")
    course = session.get(
        Course, row.course_id
    )  # tenancy: the course of a request read through the tenant filter
    assert course is not None
    now = clock.now()
    row.status = CorrectionStatus.APPROVED if decision.approve else CorrectionStatus.REJECTED
    row.decided_by, row.decided_at, row.decision_note = principal.user_id, now, decision.note.strip() or None
    session.add(row)
    made: list[uuid.UUID] = []
    if decision.approve:
        base: dict[str, Any] = {
            "institution_id": row.institution_id,
            "course_id": row.course_id,
            "trainee_id": row.trainee_id,
            "source": Source.CORRECTION,
            "day": row.day,
            "actor_id": principal.user_id,
            "reason": row.reason,
            "evidence": row.evidence,
            "detail": {"correction_id": str(row.id)},
        }
        new = []
        if row.withdraw_event_id is not None:
            new.append(
                NewEvent(
                    **base,
                    kind=EventKind.VOID,
                    at=now,
                    idempotency_key=f"correction:{row.id}:void",
                    ref=str(row.withdraw_event_id),
                    corrects_id=row.withdraw_event_id,
                )
            )
        for kind, at in ((EventKind.CHECK_IN, row.check_in), (EventKind.CHECK_OUT, row.check_out)):
            if at is not None:
                new.append(NewEvent(**base, kind=kind, at=at, idempotency_key=f"correction:{row.id}:{kind}"))
        if row.excused:
            new.append(
                NewEvent(
                    **base, kind=EventKind.EXCUSED, at=now, idempotency_key=f"correction:{row.id}:excused"
                )
            )
        stored = store(session, now, new)
        records.refresh(session, stored.keys, now)
        made = stored.accepted
    audit.record(
        session,
        clock,
        principal,
        "attendance.correction_decided",
        "attendance_correction",
        row.id,
        institution_id=row.institution_id,
        detail={"approved": decision.approve, "events": [str(i) for i in made], "note": row.decision_note},
    )
    session.flush()
    return row
