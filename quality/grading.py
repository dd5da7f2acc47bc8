"""Closing and grading attempts: objective items by the rules (`rules.scoring`) when an attempt
closes, essays (and any correction) by a person, the score once every item has points, and the
result it makes (`results.from_attempts`). Retakes are granted here too.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session, select

from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import NotFound
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, parse_id, scoped, tenant_system_principal
from classroom.courses.models import Course
from quality import access, assessments, results, signals
from quality.errors import conflict, invalid
from quality.models import Answer, Assessment, Attempt, Retake
from quality.rules import scoring, timing
from quality.rules.kinds import AttemptStatus, ClosedBy, QuestionKind

MAX_COMMENT = 2000


def items_of(attempt: Attempt) -> list[scoring.Item]:
    return [
        scoring.Item(
            question_id=str(item["question_id"]),
            kind=QuestionKind(item["kind"]),
            points=int(item["points"]),
            choices=tuple(item.get("choices", ())),
            correct=frozenset(int(i) for i in item.get("correct", ())),
            accepted=tuple(item.get("accepted", ())),
        )
        for item in attempt.items
    ]


def answers_of(session: Session, reader: Principal, attempt: Attempt) -> dict[str, Answer]:
    statement = scoped(select(Answer), reader).where(Answer.attempt_id == attempt.id)
    return {str(a.question_id): a for a in session.exec(statement)}


def response_of(answer: Answer | None) -> scoring.Response | None:
    if answer is None:
        return None
    return scoring.Response(frozenset(answer.choices), answer.text)


def _totals(
    attempt: Attempt,
    items: list[scoring.Item],
    answers: dict[str, Answer],
    now: datetime,
    grader: uuid.UUID | None,
) -> None:
    objective = [answers[i.question_id].points for i in items if i.kind.objective]
    attempt.objective_earned = sum(p or 0 for p in objective)
    earned = scoring.total(answers[i.question_id].points for i in items)
    if earned is None:
        attempt.earned, attempt.status, attempt.graded_at = None, AttemptStatus.SUBMITTED, None
    else:
        attempt.earned, attempt.status = earned, AttemptStatus.GRADED
        attempt.graded_at, attempt.graded_by = now, grader


def close(
    session: Session,
    clock: Clock,
    course: Course,
    assessment: Assessment,
    attempt: Attempt,
    closed_by: ClosedBy,
) -> Attempt:
    """Close an attempt (submitted by the trainee now, or at its deadline), grade what the
    machine can, and record the result when nothing is left for a person."""
    now = clock.now()
    reader = tenant_system_principal(course.institution_id)
    attempt.status = AttemptStatus.SUBMITTED
    attempt.closed_by = closed_by
    attempt.submitted_at = now if closed_by is ClosedBy.TRAINEE else attempt.deadline_at
    items = items_of(attempt)
    answers = answers_of(session, reader, attempt)
    for item in items:
        answer = answers.get(item.question_id)
        if answer is None:
            answer = Answer(
                institution_id=attempt.institution_id,
                attempt_id=attempt.id,
                question_id=uuid.UUID(item.question_id),
                saved_at=attempt.submitted_at,
            )
            answers[item.question_id] = answer
        automatic = scoring.auto_points(item, response_of(answer))
        if automatic is None and not answer.text.strip():
            automatic = 0  # an essay left empty has nothing for a person to grade
        answer.auto_points = automatic
        if answer.points is None:
            answer.points = automatic
        session.add(answer)
    _totals(attempt, items, answers, now, None)
    session.add(attempt)
    session.flush()
    if attempt.status is AttemptStatus.GRADED:
        _result(session, clock, None, course, assessment, attempt)
    signals.detect(session, clock, course, assessment)
    return attempt


def _retake_reason(session: Session, reader: Principal, assessment: Assessment, trainee_id: uuid.UUID) -> str:
    statement = scoped(select(Retake), reader).where(
        Retake.assessment_id == assessment.id, Retake.trainee_id == trainee_id
    )
    found = session.exec(statement).first()
    return found.reason if found is not None else ""


def _result(
    session: Session,
    clock: Clock,
    principal: Principal | None,
    course: Course,
    assessment: Assessment,
    attempt: Attempt,
    reason: str = "",
) -> None:
    reader = tenant_system_principal(course.institution_id)
    if not reason and attempt.number > 1:
        reason = _retake_reason(session, reader, assessment, attempt.trainee_id)
    results.from_attempts(
        session, clock, principal, course, assessment, attempt.trainee_id, reader=reader, reason=reason
    )


def finalise_if_expired(
    session: Session, clock: Clock, course: Course, assessment: Assessment, attempt: Attempt
) -> bool:
    """An attempt whose time ran out without a submission is closed at its deadline."""
    if attempt.status is AttemptStatus.IN_PROGRESS and not timing.in_time(attempt.deadline_at, clock.now()):
        close(session, clock, course, assessment, attempt, ClosedBy.DEADLINE)
        return True
    return False


def grade_item(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    attempt: Attempt,
    question_id: object,
    points: int,
    comment: str = "",
    reason: str = "",
) -> Attempt:
    """A person's points (and comment) for one item: an essay, or a correction of the machine."""
    access.require(session, principal, course, P.ASSESSMENT_MANAGE)
    assessment = assessments.find(session, principal, course)
    if assessment is None or attempt.course_id != course.id:
        raise NotFound()
    finalise_if_expired(session, clock, course, assessment, attempt)
    if attempt.status is AttemptStatus.IN_PROGRESS:
        raise conflict("quality.grade.in_progress", "attempt_in_progress")
    key = str(parse_id(question_id))
    items = {i.question_id: i for i in items_of(attempt)}
    item = items.get(key)
    if item is None:
        raise NotFound()
    try:
        scoring.check_points(points, item.points)
    except ValueError:
        raise invalid("points", "quality.grade.points_range", limit=item.points) from None
    if len(comment) > MAX_COMMENT:
        raise invalid("comment", "quality.grade.comment_long", limit=MAX_COMMENT)
    answers = answers_of(session, principal, attempt)
    answer = answers[key]
    before = answer.points
    now = clock.now()
    answer.points, answer.comment = points, comment.strip()
    answer.graded_by, answer.graded_at = principal.user_id, now
    session.add(answer)
    _totals(attempt, list(items.values()), answers, now, principal.user_id)
    session.add(attempt)
    session.flush()
    audit.record(
        session,
        clock,
        principal,
        "quality.attempt.grade",
        "attempt",
        attempt.id,
        institution_id=course.institution_id,
        detail={"question_id": key, "old": before, "new": points, "trainee_id": str(attempt.trainee_id)},
    )
    if attempt.status is AttemptStatus.GRADED:
        _result(session, clock, principal, course, assessment, attempt, reason)
    return attempt


def grant_retake(
    session: Session, clock: Clock, principal: Principal, course: Course, trainee_id: uuid.UUID, reason: str
) -> Retake:
    access.require(session, principal, course, P.ASSESSMENT_MANAGE)
    reason = reason.strip()
    if not reason:
        raise invalid("reason", "quality.retake.reason_required")
    if len(reason) > 500:
        raise invalid("reason", "quality.result.reason_long", limit=500)
    assessment = assessments.find(session, principal, course)
    if assessment is None or assessments.window_of(assessment) is None:
        raise conflict("quality.retake.no_exam", "no_online_exam")
    member = access.member(session, principal, course, trainee_id)
    if not member.enrolled:
        raise conflict("quality.result.dropped", "trainee_dropped")
    attempts = scoped(select(Attempt), principal).where(
        Attempt.assessment_id == assessment.id, Attempt.trainee_id == trainee_id
    )
    made = list(session.exec(attempts))
    for attempt in made:
        finalise_if_expired(session, clock, course, assessment, attempt)
    if not made or any(a.status is AttemptStatus.IN_PROGRESS for a in made):
        raise conflict("quality.retake.no_attempt", "no_closed_attempt")
    existing = scoped(select(Retake), principal).where(
        Retake.assessment_id == assessment.id, Retake.trainee_id == trainee_id
    )
    if session.exec(existing).first() is not None:
        raise conflict("quality.retake.once", "retake_already_granted")
    grant = Retake(
        institution_id=course.institution_id,
        assessment_id=assessment.id,
        trainee_id=trainee_id,
        reason=reason,
        granted_by=principal.user_id,
        granted_at=clock.now(),
    )
    session.add(grant)
    session.flush()
    audit.record(
        session,
        clock,
        principal,
        "quality.retake.grant",
        "retake",
        grant.id,
        institution_id=course.institution_id,
        detail={"trainee_id": str(trainee_id), "reason": reason},
    )
    return grant


def retakes(session: Session, principal: Principal, assessment: Assessment) -> dict[uuid.UUID, Retake]:
    statement = scoped(select(Retake), principal).where(Retake.assessment_id == assessment.id)
    return {r.trainee_id: r for r in session.exec(statement)}
