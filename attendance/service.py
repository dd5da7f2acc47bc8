"""Recording evidence that people and the institution's systems bring: the ingestion API (batches)
and staff entries for one lesson (the paper-sheet fallback).

Every write is validated whole before anything is stored (a batch with one bad event stores
none), refers to courses the caller may act on, trainees enrolled there and lessons of that
course. Idempotency: an event without a key of its own is keyed by its content, so a retried
identical request records once; the records of the touched days are refreshed in the same
transaction when they are few, or by a recompute job when a batch touches many.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from attendance import access, records
from attendance.ingest import NewEvent, Stored, store
from attendance.rules.kinds import EventKind, Source
from attendance.schemas import EventIn, StaffEntry
from classroom.audit import service as audit
from classroom.core.clock import SEOUL, Clock, as_utc, seoul_date
from classroom.core.errors import ValidationFailed
from classroom.core.events import EventBus
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, scoped
from classroom.courses import access as courses
from classroom.courses.models import Course, Enrollment, Lesson
from classroom.courses.rules.kinds import EnrollmentStatus
from classroom.jobs import service as jobs

INLINE_REFRESH_LIMIT = 60  # trainee-days refreshed inside the request; more go to a job
RECOMPUTE_JOB = "attendance.recompute"

_KINDS = {
    "check_in": EventKind.CHECK_IN,
    "check_out": EventKind.CHECK_OUT,
    "live_join": EventKind.LIVE_JOIN,
    "live_leave": EventKind.LIVE_LEAVE,
    "check_answered": EventKind.CHECK_ANSWERED,
    "check_missed": EventKind.CHECK_MISSED,
}


@dataclass(frozen=True)
class Ingested:
    received: int
    stored: Stored
    refreshed_days: int
    job_id: uuid.UUID | None


def content_key(prefix: str, *parts: object) -> str:
    digest = hashlib.sha256(json.dumps([str(p) for p in parts]).encode()).hexdigest()[:40]
    return f"{prefix}:{digest}"


def _invalid(index: int, field: str, key: str) -> dict[str, object]:
    return {"field": f"events.{index}.{field}", "message_key": key}


def after_store(
    session: Session, clock: Clock, events: EventBus, principal: Principal | None, stored: Stored
) -> tuple[int, uuid.UUID | None]:
    """Refresh the touched days now when few, otherwise queue a recompute per course."""
    if len(stored.keys) <= INLINE_REFRESH_LIMIT:
        return records.refresh(session, stored.keys, clock.now()), None
    job_id = None
    for course_id in sorted({k.course_id for k in stored.keys}):
        job = jobs.submit(session, clock, events, principal, RECOMPUTE_JOB, {"course_id": str(course_id)})
        job_id = job.id
    return 0, job_id


def ingest(
    session: Session,
    clock: Clock,
    events: EventBus,
    principal: Principal,
    batch: Sequence[EventIn],
    ip: str | None,
) -> Ingested:
    course_ids = sorted({e.course_id for e in batch})
    visible = {
        c.id: c
        for c in session.exec(
            courses.visible(select(Course), principal).where(col(Course.id).in_(course_ids))
        )
    }
    allowed = {cid for cid, c in visible.items() if courses.may(session, principal, c, P.ATTENDANCE_TAKE)}
    enrolled = {
        (cid, tid)
        for cid, tid in session.exec(
            scoped(select(Enrollment.course_id, Enrollment.trainee_id), principal, Enrollment).where(
                col(Enrollment.course_id).in_(list(allowed)), Enrollment.status == EnrollmentStatus.ENROLLED
            )
        )
    }
    lesson_ids = sorted({e.lesson_id for e in batch if e.lesson_id is not None})
    lessons = {
        row.id: row
        for row in session.exec(scoped(select(Lesson), principal).where(col(Lesson.id).in_(lesson_ids)))
    }
    errors: list[dict[str, object]] = []
    new: list[NewEvent] = []
    for index, item in enumerate(batch):
        if item.course_id not in allowed:
            errors.append(_invalid(index, "course_id", "ingest.course_unknown"))
            continue
        if (item.course_id, item.trainee_id) not in enrolled:
            errors.append(_invalid(index, "trainee_id", "ingest.not_enrolled"))
            continue
        lesson = lessons.get(item.lesson_id) if item.lesson_id else None
        if item.lesson_id is not None and (lesson is None or lesson.course_id != item.course_id):
            errors.append(_invalid(index, "lesson_id", "ingest.lesson_unknown"))
            continue
        if item.at.tzinfo is None:
            errors.append(_invalid(index, "at", "ingest.naive_time"))
            continue
        if item.at > clock.now():
            errors.append(_invalid(index, "at", "ingest.future"))
            continue
        course = visible[item.course_id]
        key = item.idempotency_key and f"api:{item.idempotency_key}"
        new.append(
            NewEvent(
                institution_id=course.institution_id,
                course_id=course.id,
                trainee_id=item.trainee_id,
                kind=_KINDS[item.kind],
                source=Source.API,
                at=as_utc(item.at),
                idempotency_key=key
                or content_key(
                    "api",
                    item.course_id,
                    item.trainee_id,
                    item.lesson_id,
                    item.kind,
                    as_utc(item.at).isoformat(),
                    item.connection,
                    item.device_id,
                ),
                lesson_id=item.lesson_id,
                day=seoul_date(lesson.starts_at) if lesson else None,
                ip=item.ip or ip,
                device_id=item.device_id,
                actor_id=principal.user_id,
                ref=item.connection,
            )
        )
    if errors:
        raise ValidationFailed(
            "ingest.refused", code="events_invalid", params={"count": len(errors)}, errors=errors[:50]
        )
    stored = store(session, clock.now(), new)
    refreshed, job_id = after_store(session, clock, events, principal, stored)
    return Ingested(len(batch), stored, refreshed, job_id)


def _within(lesson: Lesson, at: datetime) -> bool:
    """Entries belong to the lesson's own Seoul day."""
    return seoul_date(at) == seoul_date(lesson.starts_at)


def staff_entry(
    session: Session, clock: Clock, principal: Principal, lesson: Lesson, entry: StaffEntry, ip: str | None
) -> list[uuid.UUID]:
    """Check-in, check-out and a going-out gap for one trainee in one lesson, with the reason."""
    course = access.course_of(session, principal, lesson)
    access.require_take(session, principal, course)
    if not access.is_enrolled(session, principal, course, entry.trainee_id):
        raise ValidationFailed(
            "entry.not_enrolled",
            code="not_enrolled",
            errors=[{"field": "trainee_id", "message_key": "entry.not_enrolled"}],
        )
    times: list[tuple[EventKind, datetime, str]] = []
    for field, kind in (
        ("check_in", EventKind.CHECK_IN),
        ("check_out", EventKind.CHECK_OUT),
        ("out_from", EventKind.CHECK_OUT),
        ("out_until", EventKind.CHECK_IN),
    ):
        value = getattr(entry, field)
        if value is not None:
            value = value if value.tzinfo else value.replace(tzinfo=SEOUL)
            times.append((kind, as_utc(value).replace(microsecond=0), field))
    problems = [
        {"field": f, "message_key": "entry.other_day"} for _, at, f in times if not _within(lesson, at)
    ]
    problems += [{"field": f, "message_key": "entry.future"} for _, at, f in times if at > clock.now()]
    if not times:
        problems.append({"field": "check_in", "message_key": "entry.nothing"})
    if (entry.out_from is None) != (entry.out_until is None):
        problems.append({"field": "out_until", "message_key": "entry.out_pair"})
    if problems:
        raise ValidationFailed("entry.refused", code="entry_invalid", errors=problems)
    new = [
        NewEvent(
            institution_id=course.institution_id,
            course_id=course.id,
            trainee_id=entry.trainee_id,
            kind=kind,
            source=Source.STAFF,
            at=at,
            idempotency_key=content_key(
                "staff", lesson.id, entry.trainee_id, field, at.isoformat(), entry.reason
            ),
            lesson_id=lesson.id,
            day=seoul_date(lesson.starts_at),
            ip=ip,
            actor_id=principal.user_id,
            reason=entry.reason.strip(),
        )
        for kind, at, field in times
    ]
    stored = store(session, clock.now(), new)
    if stored.accepted:
        audit.record(
            session,
            clock,
            principal,
            "attendance.staff_entry",
            "lesson",
            lesson.id,
            institution_id=course.institution_id,
            detail={
                "trainee_id": str(entry.trainee_id),
                "events": [str(i) for i in stored.accepted],
                "reason": entry.reason,
            },
        )
    records.refresh(session, stored.keys, clock.now())
    return stored.accepted
