"""The satisfaction survey (만족도): trainees answer once at the end of their course; everyone
else reads aggregates only, and only from `rules.survey.MIN_ANSWERS` answers.

Anonymity holds by construction (outcome_models.py): the response has no trainee and no time;
the receipt has the trainee and nothing of the answer. This module is the only reader of
responses, and it returns nothing per response except the free comments, which only the
platform side (operator, inspectors) reads, sorted by their text (not in the order they came
in) and only past the threshold. Instructors read their own courses' aggregates.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from classroom.core.clock import Clock, seoul_date
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access as course_access
from classroom.courses.models import Course
from classroom.courses.rules.kinds import CourseStatus
from quality import access
from quality.errors import conflict, invalid
from quality.outcome_models import SurveyReceipt, SurveyResponse
from quality.rules import survey as rules

MAX_COMMENT = 1000


@dataclass(frozen=True)
class TraineeSurvey:
    open: bool
    refusal: str | None  # not_open | closed | answered | not_enrolled
    opens_on: date
    closes_on: date


def _answered(session: Session, principal: Principal, course: Course, trainee_id: uuid.UUID) -> bool:
    statement = scoped(select(SurveyReceipt.trainee_id), principal, SurveyReceipt).where(
        SurveyReceipt.course_id == course.id, SurveyReceipt.trainee_id == trainee_id
    )
    return session.exec(statement).first() is not None


def trainee_state(session: Session, clock: Clock, principal: Principal, course: Course) -> TraineeSurvey:
    first, last = rules.window(course.ends_on)
    refusal = rules.refusal(course.ends_on, seoul_date(clock.now()))
    if refusal is None and not access.is_enrolled_trainee(session, principal, course):
        refusal = "not_enrolled"
    if refusal is None and _answered(session, principal, course, principal.user_id):
        refusal = "answered"
    return TraineeSurvey(refusal is None, refusal, first, last)


def answer(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    ratings: list[int],
    comment: str = "",
) -> None:
    state = trainee_state(session, clock, principal, course)
    if state.refusal is not None:
        raise conflict(f"quality.survey.refused.{state.refusal}", f"survey_{state.refusal}")
    if not rules.valid(ratings):
        raise invalid("ratings", "quality.survey.ratings")
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise invalid("comment", "quality.survey.comment_long", limit=MAX_COMMENT)
    savepoint = session.begin_nested()
    try:
        session.add(
            SurveyReceipt(
                institution_id=course.institution_id, course_id=course.id, trainee_id=principal.user_id
            )
        )
        session.flush()
    except IntegrityError:  # a second answer sent at the same moment
        savepoint.rollback()
        raise conflict("quality.survey.refused.answered", "survey_answered") from None
    savepoint.commit()
    content, instructor, environment, usefulness, overall = ratings
    session.add(
        SurveyResponse(
            institution_id=course.institution_id,
            course_id=course.id,
            content=content,
            instructor=instructor,
            environment=environment,
            usefulness=usefulness,
            overall=overall,
            comment=comment,
        )
    )
    session.flush()
    # Not audited on purpose: the receipt records that they answered; an audit row with its
    # time next to the response would be the link the tables avoid.


def _ratings(row: SurveyResponse) -> tuple[int, ...]:
    return tuple(int(getattr(row, q)) for q in rules.QUESTIONS)


def _responses(
    session: Session, principal: Principal, course_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[SurveyResponse]]:
    found: dict[uuid.UUID, list[SurveyResponse]] = {c: [] for c in course_ids}
    if course_ids:
        statement = scoped(select(SurveyResponse), principal).where(
            col(SurveyResponse.course_id).in_(course_ids)
        )
        for row in session.exec(statement):
            found[row.course_id].append(row)
    return found


@dataclass(frozen=True)
class CourseSurvey:
    course_id: uuid.UUID
    title: str
    institution_id: uuid.UUID
    aggregate: rules.Aggregate
    comments: tuple[str, ...]  # platform readers only, past the threshold


def _summary(principal: Principal, course: Course, rows: list[SurveyResponse]) -> CourseSurvey:
    aggregate = rules.aggregate([_ratings(r) for r in rows])
    comments: tuple[str, ...] = ()
    if aggregate.shown and principal.cross_tenant:
        comments = tuple(sorted(r.comment for r in rows if r.comment))
    return CourseSurvey(course.id, course.title, course.institution_id, aggregate, comments)


def course_survey(session: Session, principal: Principal, course: Course) -> CourseSurvey:
    access.require(session, principal, course, P.SURVEY_RESULTS)
    return _summary(principal, course, _responses(session, principal, [course.id])[course.id])


def overview(
    session: Session, principal: Principal, *, institution_id: uuid.UUID | None = None
) -> list[CourseSurvey]:
    """Every published course the reader may see (an instructor: the courses they teach), with
    its aggregate, newest first; the caller pools them."""
    statement = scoped(select(Course), principal).where(col(Course.status) != CourseStatus.DRAFT)
    if institution_id is not None:
        statement = statement.where(Course.institution_id == institution_id)
    if principal.role is Role.INSTRUCTOR:
        statement = statement.where(
            col(Course.id).in_(course_access.taught_course_ids(principal, principal.user_id))
        )
    courses = list(session.exec(statement.order_by(col(Course.ends_on).desc())))
    responses = _responses(session, principal, [c.id for c in courses])
    return [_summary(principal, c, responses[c.id]) for c in courses]


def pooled(items: list[CourseSurvey]) -> rules.Aggregate:
    """Programme-wide: only courses whose own aggregate is shown count (a course under the
    threshold must not leak through the sum)."""
    shown = [i.aggregate for i in items if i.aggregate.shown]
    answers = sum(a.answers for a in shown)
    if not shown:
        return rules.Aggregate(answers, False)
    questions = []
    for index, question in enumerate(rules.QUESTIONS):
        total = sum((a.questions[index].mean * a.answers for a in shown), Fraction(0))
        distribution = tuple(
            sum(a.questions[index].distribution[p] for a in shown) for p in range(len(rules.SCALE))
        )
        questions.append(rules.QuestionSummary(question, total / answers, distribution))
    overall = sum((q.mean for q in questions), Fraction(0)) / len(questions)
    return rules.Aggregate(answers, answers >= rules.MIN_ANSWERS, tuple(questions), overall)
