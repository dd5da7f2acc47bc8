"""Exam signals: the evidence of a course's attempts run through `rules.exam_signals`, and what
is found stored once (its key is unique per institution, so a rerun finds nothing new).

Detection runs when an attempt closes and in the periodic sweep; it reads the whole exam's
attempts (a course has tens of trainees), on the institution's behalf.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from classroom.core.clock import Clock
from classroom.core.tenancy import Principal, scoped, tenant_system_principal
from classroom.courses.models import Course
from quality.models import Assessment, Attempt, AttemptEvent, ExamSignal
from quality.rules import exam_signals
from quality.rules.kinds import AttemptStatus


def traces(
    session: Session, clock: Clock, reader: Principal, assessment: Assessment
) -> list[exam_signals.AttemptTrace]:
    attempts = list(
        session.exec(scoped(select(Attempt), reader).where(Attempt.assessment_id == assessment.id))
    )
    if not attempts:
        return []
    events: dict[uuid.UUID, list[exam_signals.Evidence]] = defaultdict(list)
    statement = scoped(select(AttemptEvent), reader).where(
        col(AttemptEvent.attempt_id).in_([a.id for a in attempts])
    )
    for event in session.exec(statement):
        events[event.attempt_id].append(
            exam_signals.Evidence(event.kind, event.at, event.ip, event.device_id)
        )
    now = clock.now()
    found = []
    for attempt in attempts:
        closed = attempt.status is not AttemptStatus.IN_PROGRESS
        ended = attempt.submitted_at if closed and attempt.submitted_at else min(now, attempt.deadline_at)
        objective_possible = sum(int(i["points"]) for i in attempt.items if i["kind"] != "essay")
        found.append(
            exam_signals.AttemptTrace(
                attempt_id=str(attempt.id),
                trainee_id=str(attempt.trainee_id),
                started_at=attempt.started_at,
                ended_at=ended,
                limit=timedelta(minutes=assessment.time_limit_minutes or 0),
                evidence=tuple(events[attempt.id]),
                objective_earned=attempt.objective_earned or 0,
                objective_possible=objective_possible,
                closed=closed,
            )
        )
    return found


def detect(session: Session, clock: Clock, course: Course, assessment: Assessment) -> int:
    """Store the signals not stored yet; returns how many were new."""
    reader = tenant_system_principal(course.institution_id)
    all_traces = traces(session, clock, reader, assessment)
    found = [f for t in all_traces for f in exam_signals.of_attempt(t)] + exam_signals.across(all_traces)
    if not found:
        return 0
    known = set(
        session.exec(
            scoped(select(ExamSignal.key), reader, ExamSignal).where(
                col(ExamSignal.key).in_([f.key for f in found])
            )
        )
    )
    new = 0
    for item in found:
        if item.key in known:
            continue
        savepoint = session.begin_nested()
        try:
            session.add(
                ExamSignal(
                    institution_id=course.institution_id,
                    course_id=course.id,
                    kind=item.kind,
                    key=item.key,
                    attempt_ids=list(item.attempt_ids),
                    trainee_ids=list(item.trainee_ids),
                    detail=dict(item.detail),
                    detected_at=clock.now(),
                )
            )
            session.flush()
        except IntegrityError:  # found at the same moment by another request
            savepoint.rollback()
            continue
        savepoint.commit()
        new += 1
    return new


def of_course(session: Session, principal: Principal, course_id: uuid.UUID) -> list[ExamSignal]:
    statement = scoped(select(ExamSignal), principal).where(ExamSignal.course_id == course_id)
    return list(session.exec(statement.order_by(col(ExamSignal.detected_at).desc())))


def counts(session: Session, principal: Principal, course_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not course_ids:
        return {}
    statement = scoped(select(ExamSignal.course_id), principal, ExamSignal).where(
        col(ExamSignal.course_id).in_(course_ids)
    )
    totals: dict[uuid.UUID, int] = defaultdict(int)
    for course_id in session.exec(statement):
        totals[course_id] += 1
    return dict(totals)
