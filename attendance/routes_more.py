"""Attendance API, second part: on-site confirmations, corrections, signals, the course policy
and recomputation."""

from __future__ import annotations

import dataclasses
import uuid
from fractions import Fraction
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request

from attendance import corrections, onsite, signals
from attendance.auth import Confirmer, Corrector, CourseRef, Manager, Reader, SignalReader
from attendance.corrections import CorrectionIn, Decision
from attendance.ingest import events_of
from attendance.models import CorrectionRequest
from attendance.policy import policy_for, set_policy
from attendance.schemas import (
    CorrectionOut,
    EventOut,
    NamedTrainee,
    OnsiteIn,
    PolicyOut,
    SignalEvidenceOut,
    SignalOut,
)
from attendance.service import RECOMPUTE_JOB
from classroom.accounts.auth import path_loader
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.courses.models import Lesson
from classroom.jobs import service as jobs
from classroom.jobs.schemas import JobOut

router = APIRouter(prefix="/api/v1", tags=["attendance"])

SupervisedLesson = Annotated[Lesson, Depends(path_loader(Lesson, "lesson_id", onsite.supervised_lesson))]
CorrectionRef = Annotated[
    CorrectionRequest, Depends(path_loader(CorrectionRequest, "correction_id", corrections.get))
]


@router.post("/lessons/{lesson_id}/onsite", response_model=list[EventOut], status_code=201)
def confirm_onsite(
    session: DbSession, clock: ClockDep, principal: Confirmer, lesson: SupervisedLesson, data: OnsiteIn
) -> list[EventOut]:
    """The supervisor confirms one trainee's on-site day (present with times, or absent)."""
    ids = onsite.confirm(
        session,
        clock,
        principal,
        lesson,
        data.trainee_id,
        present=data.present,
        check_in=data.check_in,
        check_out=data.check_out,
    )
    return [EventOut.model_validate(e) for e in events_of(session, principal, ids)]


@router.post("/courses/{course_id}/attendance/corrections", response_model=CorrectionOut, status_code=201)
def file_correction(
    session: DbSession, clock: ClockDep, principal: Corrector, course: CourseRef, data: CorrectionIn
) -> CorrectionOut:
    return CorrectionOut.model_validate(corrections.file(session, clock, principal, course, data))


@router.get("/attendance/corrections", response_model=list[CorrectionOut])
def pending_corrections(session: DbSession, principal: Manager) -> list[CorrectionOut]:
    return [CorrectionOut.model_validate(r) for r in corrections.pending(session, principal)]


@router.post("/attendance/corrections/{correction_id}/decision", response_model=CorrectionOut)
def decide_correction(
    session: DbSession, clock: ClockDep, principal: Manager, row: CorrectionRef, data: Decision
) -> CorrectionOut:
    return CorrectionOut.model_validate(corrections.decide(session, clock, principal, row, data))


@router.get("/attendance/signals", response_model=list[SignalOut])
def list_signals(session: DbSession, principal: SignalReader) -> list[SignalOut]:
    return [SignalOut.model_validate(s) for s in signals.list_signals(session, principal)]


@router.get("/attendance/signals/{signal_id}", response_model=SignalEvidenceOut)
def signal_evidence(session: DbSession, principal: SignalReader, signal_id: str) -> SignalEvidenceOut:
    """One signal with the trainees it names and the evidence events it was found in."""
    found = signals.evidence_of(session, principal, signal_id)
    return SignalEvidenceOut(
        signal=SignalOut.model_validate(found.signal),
        trainees=[
            NamedTrainee(id=uuid.UUID(i), name=n)
            for i, n in sorted(found.trainees.items(), key=lambda x: x[1])
        ],
        events=[EventOut.model_validate(e) for e in found.events],
    )


def _policy_out(policy: Any, overrides: dict[str, Any]) -> PolicyOut:
    values = {
        k: (f"{v.numerator}/{v.denominator}" if isinstance(v, Fraction) else v)
        for k, v in dataclasses.asdict(policy).items()
    }
    return PolicyOut(overrides=overrides, values=values)


@router.get("/courses/{course_id}/attendance-policy", response_model=PolicyOut)
def get_policy(session: DbSession, principal: Reader, course: CourseRef) -> PolicyOut:
    from attendance.rules.policy import as_overrides

    policy = policy_for(session, principal, course)
    return _policy_out(policy, dict(as_overrides(policy)))


@router.put("/courses/{course_id}/attendance-policy", response_model=PolicyOut)
def put_policy(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Manager,
    course: CourseRef,
    overrides: Annotated[dict[str, Any], Body(examples=[{"late_after_minutes": 10}])],
) -> PolicyOut:
    """Replace the course's overrides of the DOMAIN.md defaults (validated, all or nothing); the
    course's records are recomputed by a job."""
    from attendance.rules.policy import as_overrides

    policy = set_policy(session, clock, principal, course, overrides)
    jobs.submit(
        session, clock, request.app.state.events, principal, RECOMPUTE_JOB, {"course_id": str(course.id)}
    )
    return _policy_out(policy, dict(as_overrides(policy)))


@router.post("/courses/{course_id}/attendance/recompute", response_model=JobOut, status_code=202)
def recompute(
    request: Request, session: DbSession, clock: ClockDep, principal: Manager, course: CourseRef
) -> JobOut:
    """Recompute every day record of the course from its events (a job; follow it at /jobs/{id})."""
    job = jobs.submit(
        session, clock, request.app.state.events, principal, RECOMPUTE_JOB, {"course_id": str(course.id)}
    )
    return JobOut.model_validate(job)
