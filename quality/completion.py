"""Completion (수료): the list per course — who completed, who did not and why — from
attendance's rate against the course policy's completion rate (`attendance_source`) and the
assessment result (`rules.completion`), and its confirmation by the institution once the course
has ended. While the course runs the list is provisional (attendance so far).

Confirming stores each trainee's decision with the figures it was made on; employment outcomes
are recorded for, and rates counted over, the confirmed completers. A course can be confirmed
only when it has ended, its assessment exists and its results are published, and attendance
is recorded for it: the completion assessment is required before a course's completion
can be final. Confirming again (after a correction) replaces the decisions, audited old → new.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlmodel import Session, select

from classroom.audit import service as audit
from classroom.core.clock import Clock, seoul_date
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course
from quality import access, assessments, attendance_source, results
from quality.errors import conflict
from quality.models import Assessment
from quality.outcome_models import CompletionRecord
from quality.rules.completion import AttendancePart, CompletionState, Decision, Reason, decide


@dataclass(frozen=True)
class Line:
    trainee_id: uuid.UUID
    name: str
    email: str
    enrolled: bool
    attendance: attendance_source.TraineeAttendance
    score: Fraction | None
    pass_mark: int
    decision: Decision
    confirmed: CompletionRecord | None


@dataclass(frozen=True)
class CompletionList:
    course: Course
    assessment: Assessment | None
    attendance_recorded: bool
    threshold: Fraction  # the course policy's completion rate
    provisional: bool  # the course has not ended: attendance so far
    lines: list[Line]
    confirmed_at: datetime | None

    @property
    def completed(self) -> int:
        return sum(1 for line in self.lines if line.decision.completed)

    @property
    def pending(self) -> int:
        return sum(1 for line in self.lines if line.decision.state is CompletionState.PENDING)


def records(session: Session, principal: Principal, course: Course) -> dict[uuid.UUID, CompletionRecord]:
    statement = scoped(select(CompletionRecord), principal).where(CompletionRecord.course_id == course.id)
    return {r.trainee_id: r for r in session.exec(statement)}


def build(session: Session, clock: Clock, principal: Principal, course: Course) -> CompletionList:
    access.require(session, principal, course, P.ASSESSMENT_READ)
    assessment = assessments.find(session, principal, course)
    attendance = attendance_source.course_attendance(session, course, clock)
    scores = results.course_results(session, principal, course)
    confirmed = records(session, principal, course)
    lines = []
    for member in access.roster(session, principal, course):
        part = attendance.of(member.trainee_id)
        result = scores.get(member.trainee_id)
        score = result.score if result is not None else None
        decision = decide(
            enrolled=member.enrolled,
            attendance=AttendancePart(part.completed, part.rate, attendance.threshold),
            score=score,
            pass_mark=course.pass_mark,
        )
        lines.append(
            Line(
                member.trainee_id,
                member.name,
                member.email,
                member.enrolled,
                part,
                score,
                course.pass_mark,
                decision,
                confirmed.get(member.trainee_id),
            )
        )
    when = max((r.confirmed_at for r in confirmed.values()), default=None)
    provisional = seoul_date(clock.now()) <= course.ends_on
    return CompletionList(
        course, assessment, attendance.recorded, attendance.threshold, provisional, lines, when
    )


def _reasons(reasons: tuple[Reason, ...]) -> list[dict[str, object]]:
    out = []
    for reason in reasons:
        figures: dict[str, object] = {}
        for key, value in reason.figures:
            figures[key] = f"{value.numerator}/{value.denominator}" if isinstance(value, Fraction) else value
        out.append({"code": reason.code, **figures})
    return out


def confirm(session: Session, clock: Clock, principal: Principal, course: Course) -> CompletionList:
    access.require(session, principal, course, P.COMPLETION_CONFIRM)
    if seoul_date(clock.now()) <= course.ends_on:
        raise conflict("quality.completion.not_ended", "course_not_ended", last=course.ends_on.isoformat())
    listing = build(session, clock, principal, course)
    if listing.assessment is None:
        raise conflict("quality.assessment.missing", "assessment_missing")
    if listing.assessment.results_published_at is None:
        raise conflict("quality.completion.unpublished", "results_unpublished")
    if not listing.attendance_recorded or listing.pending:
        raise conflict("quality.completion.attendance_not_recorded", "attendance_not_recorded")
    now = clock.now()
    changed = []
    for line in listing.lines:
        before = None if line.confirmed is None else line.confirmed.completed
        record = store(
            session, course, line.trainee_id, line.decision, line.attendance.rate, line.score, principal, now
        )
        if before is not None and before != record.completed:
            changed.append({"trainee_id": str(line.trainee_id), "old": before, "new": record.completed})
    session.flush()
    audit.record(
        session,
        clock,
        principal,
        "quality.completion.confirm",
        "course",
        course.id,
        institution_id=course.institution_id,
        detail={
            "completed": sum(1 for line in listing.lines if line.decision.completed),
            "trainees": len(listing.lines),
            "changed": changed,
        },
    )
    return build(session, clock, principal, course)


def store(
    session: Session,
    course: Course,
    trainee_id: uuid.UUID,
    decision: Decision,
    rate: Fraction | None,
    score: Fraction | None,
    principal: Principal,
    now: datetime,
) -> CompletionRecord:
    """Keep one trainee's confirmed decision with its figures (replacing an earlier one)."""
    statement = scoped(select(CompletionRecord), principal).where(
        CompletionRecord.course_id == course.id, CompletionRecord.trainee_id == trainee_id
    )
    record = session.exec(statement).first() or CompletionRecord(
        institution_id=course.institution_id,
        course_id=course.id,
        trainee_id=trainee_id,
        completed=False,
        confirmed_at=now,
    )
    record.completed = decision.completed
    record.attendance_num, record.attendance_den = (
        (rate.numerator, rate.denominator) if rate is not None else (None, None)
    )
    record.score_num, record.score_den = (
        (score.numerator, score.denominator) if score is not None else (None, None)
    )
    record.reasons = _reasons(decision.reasons)
    record.confirmed_by, record.confirmed_at = principal.user_id, now
    session.add(record)
    return record


def confirmed_completers(session: Session, principal: Principal, course: Course) -> list[CompletionRecord]:
    return [r for r in records(session, principal, course).values() if r.completed]
