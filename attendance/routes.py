"""Attendance API: ingestion, staff entries, the lesson roster, course and trainee figures.

Thin: parse, call the service, validate the answer from what it returns."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from attendance import checkin, reports, roster, service
from attendance.auth import CourseRef, LessonRef, Reader, Taker
from attendance.ingest import events_of
from attendance.qrimage import qr_svg
from attendance.schemas import (
    CodeOut,
    EventBatch,
    EventOut,
    IngestOut,
    OutcomeOut,
    RosterOut,
    StaffEntry,
    SummaryOut,
)
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, client_ip

router = APIRouter(prefix="/api/v1", tags=["attendance"])


@router.post("/attendance/events", response_model=IngestOut, status_code=202)
def ingest_events(
    request: Request, session: DbSession, clock: ClockDep, principal: Taker, data: EventBatch
) -> IngestOut:
    """Evidence from the institution's own systems, in batches; each event records once."""
    done = service.ingest(
        session, clock, request.app.state.events, principal, data.events, client_ip(request)
    )
    return IngestOut(
        received=done.received,
        accepted=len(done.stored.accepted),
        duplicates=done.stored.duplicates,
        refreshed_days=done.refreshed_days,
        recompute_job_id=done.job_id,
    )


@router.get("/lessons/{lesson_id}/attendance", response_model=RosterOut)
def lesson_roster(session: DbSession, clock: ClockDep, principal: Taker, lesson: LessonRef) -> RosterOut:
    """Who is in the lesson now: the instructor's live roster."""
    return RosterOut.model_validate(
        roster.lesson_roster(session, clock, principal, lesson), from_attributes=True
    )


@router.get("/lessons/{lesson_id}/checkin-code", response_model=CodeOut)
def checkin_code(
    request: Request, session: DbSession, clock: ClockDep, principal: Taker, lesson: LessonRef
) -> CodeOut:
    """The lesson's current QR code (rotates every `rotate_seconds`) with its SVG for the display."""
    settings = request.app.state.settings
    code = checkin.current_code(session, clock, principal, lesson, settings.secret_key, settings.base_url)
    out = CodeOut.model_validate(code)
    out.svg = qr_svg(code.url)
    return out


@router.post("/lessons/{lesson_id}/attendance", response_model=list[EventOut], status_code=201)
def enter_times(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Taker,
    lesson: LessonRef,
    data: StaffEntry,
) -> list[EventOut]:
    """Staff enter a trainee's check-in/check-out (and a going-out gap) by hand, with a reason."""
    ids = service.staff_entry(session, clock, principal, lesson, data, client_ip(request))
    return [EventOut.model_validate(e) for e in events_of(session, principal, ids)]


@router.get("/courses/{course_id}/attendance", response_model=list[SummaryOut])
def course_attendance(
    session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef
) -> list[SummaryOut]:
    return [SummaryOut.model_validate(s) for s in reports.course_summary(session, principal, course, clock)]


@router.get("/courses/{course_id}/attendance/{trainee_id}", response_model=OutcomeOut)
def trainee_attendance(
    session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef, trainee_id: uuid.UUID
) -> OutcomeOut:
    """Day statuses, unit periods with rate and allowance, completion."""
    return OutcomeOut.model_validate(reports.trainee_outcome(session, principal, course, trainee_id, clock))
