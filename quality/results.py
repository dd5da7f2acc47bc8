"""Assessment results: one current score per trainee (from the exam or entered offline), the
publication that shows them to trainees, and the audited changes after it.

After publication a changed score needs a reason and leaves a `ResultChange` (old → new, who,
when, why) besides the audit event; before it, scores are work in progress and change freely
(still audited). The exam's result is its latest graded attempt (a granted retake replaces the
first attempt's score; both attempts stay readable).
"""

from __future__ import annotations

import uuid
from fractions import Fraction

from sqlmodel import Session, col, select

from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course
from quality import access, assessments
from quality.errors import conflict, invalid
from quality.models import Assessment, AssessmentResult, Attempt, ResultChange
from quality.rules.kinds import AssessmentKind, AttemptStatus, ResultSource
from quality.rules.scoring import exact_decimal, parse_score, shown

MAX_REASON = 500


def course_results(
    session: Session, principal: Principal, course: Course
) -> dict[uuid.UUID, AssessmentResult]:
    statement = scoped(select(AssessmentResult), principal).where(AssessmentResult.course_id == course.id)
    return {r.trainee_id: r for r in session.exec(statement)}


def find(
    session: Session, principal: Principal, course: Course, trainee_id: uuid.UUID
) -> AssessmentResult | None:
    statement = scoped(select(AssessmentResult), principal).where(
        AssessmentResult.course_id == course.id, AssessmentResult.trainee_id == trainee_id
    )
    return session.exec(statement).first()


def _fraction(value: Fraction) -> tuple[int, int]:
    return value.numerator, value.denominator


def record(
    session: Session,
    clock: Clock,
    principal: Principal | None,
    course: Course,
    assessment: Assessment,
    trainee_id: uuid.UUID,
    score: Fraction,
    source: ResultSource,
    *,
    reader: Principal,
    attempt_id: uuid.UUID | None = None,
    note: str = "",
    reason: str = "",
) -> AssessmentResult:
    """Store the trainee's score. `principal` is who decided it (None: the system, e.g. an
    attempt closed at its deadline); `reader` reads the existing row through the tenant filter."""
    if not 0 <= score <= 100:
        raise invalid("score", "quality.result.score_range")
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise invalid("reason", "quality.result.reason_long", limit=MAX_REASON)
    now = clock.now()
    existing = find(session, reader, course, trainee_id)
    old = existing.score if existing is not None else None
    changed = old is not None and old != score
    if changed and assessment.results_published_at is not None:
        if not reason:
            raise invalid("reason", "quality.result.reason_required")
        assert existing is not None
        old_num, old_den = _fraction(existing.score)
        new_num, new_den = _fraction(score)
        session.add(
            ResultChange(
                institution_id=course.institution_id,
                result_id=existing.id,
                course_id=course.id,
                trainee_id=trainee_id,
                old_num=old_num,
                old_den=old_den,
                new_num=new_num,
                new_den=new_den,
                reason=reason,
                changed_by=principal.user_id if principal else None,
                changed_at=now,
            )
        )
    row = existing or AssessmentResult(
        institution_id=course.institution_id,
        course_id=course.id,
        trainee_id=trainee_id,
        score_num=0,
        graded_at=now,
        source=source,
    )
    row.score_num, row.score_den = _fraction(score)
    row.source, row.attempt_id = source, attempt_id
    row.note = note.strip()[:500] if note else row.note
    row.graded_by = principal.user_id if principal else None
    row.graded_at = now
    session.add(row)
    session.flush()
    audit.record(
        session,
        clock,
        principal,
        "quality.result.set",
        "assessment_result",
        row.id,
        institution_id=course.institution_id,
        detail={
            "course_id": str(course.id),
            "trainee_id": str(trainee_id),
            "old": shown(old) if old is not None else None,
            "new": shown(score),
            "source": source.value,
            "reason": reason or None,
            "published": assessment.results_published_at is not None,
        },
    )
    return row


def from_attempts(
    session: Session,
    clock: Clock,
    principal: Principal | None,
    course: Course,
    assessment: Assessment,
    trainee_id: uuid.UUID,
    *,
    reader: Principal,
    reason: str = "",
) -> AssessmentResult | None:
    """The trainee's result from their latest graded attempt (None while none is graded, or
    while a later attempt is still open or ungraded: the retake decides)."""
    statement = scoped(select(Attempt), reader).where(
        Attempt.assessment_id == assessment.id, Attempt.trainee_id == trainee_id
    )
    attempts = sorted(session.exec(statement), key=lambda a: a.number)
    if not attempts or attempts[-1].status is not AttemptStatus.GRADED:
        return None
    latest = attempts[-1]
    score = latest.score
    assert score is not None
    return record(
        session,
        clock,
        principal,
        course,
        assessment,
        trainee_id,
        score,
        ResultSource.EXAM,
        reader=reader,
        attempt_id=latest.id,
        reason=reason,
    )


def set_offline(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    trainee_id: uuid.UUID,
    score_text: str,
    *,
    note: str = "",
    reason: str = "",
) -> AssessmentResult:
    """An offline assessment's score entered by hand (0–100, at most two decimals), or a
    correction of any result (also an exam's: a person's decision, with a reason when published)."""
    access.require(session, principal, course, P.ASSESSMENT_MANAGE)
    assessment = assessments.find(session, principal, course)
    if assessment is None:
        raise conflict("quality.assessment.missing", "assessment_missing")
    member = access.member(session, principal, course, trainee_id)
    if not member.enrolled:
        raise conflict("quality.result.dropped", "trainee_dropped")
    score = parse_score(score_text)
    if score is None or not exact_decimal(score):
        raise invalid("score", "quality.result.score_format")
    source = ResultSource.OFFLINE if assessment.kind is AssessmentKind.OFFLINE else ResultSource.EXAM
    if source is ResultSource.EXAM and find(session, principal, course, trainee_id) is None:
        raise conflict("quality.result.exam_only", "exam_result_from_attempts")
    return record(
        session,
        clock,
        principal,
        course,
        assessment,
        trainee_id,
        score,
        source,
        reader=principal,
        note=note,
        reason=reason,
    )


def publish(session: Session, clock: Clock, principal: Principal, course: Course) -> Assessment:
    access.require(session, principal, course, P.ASSESSMENT_MANAGE)
    assessment = assessments.find(session, principal, course)
    if assessment is None:
        raise conflict("quality.assessment.missing", "assessment_missing")
    if assessment.results_published_at is None:
        assessment.results_published_at = clock.now()
        assessment.results_published_by = principal.user_id
        session.add(assessment)
        session.flush()
        audit.record(
            session,
            clock,
            principal,
            "quality.results.publish",
            "assessment",
            assessment.id,
            institution_id=course.institution_id,
            detail={"course_id": str(course.id)},
        )
    return assessment


def changes(session: Session, principal: Principal, course: Course) -> list[ResultChange]:
    access.require(session, principal, course, P.ASSESSMENT_READ)
    statement = scoped(select(ResultChange), principal).where(ResultChange.course_id == course.id)
    return list(session.exec(statement.order_by(col(ResultChange.changed_at).desc())))


def own_result(session: Session, principal: Principal, course: Course) -> AssessmentResult | None:
    """A trainee's own score, once the results are published."""
    assessment = assessments.find(session, principal, course)
    if assessment is None or assessment.results_published_at is None:
        return None
    return find(session, principal, course, principal.user_id)
