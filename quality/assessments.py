"""A course's completion assessment: its kind and exam settings, and the question bank.

Instructors of the course and institution admins manage both (`ASSESSMENT_MANAGE`); people
with `ASSESSMENT_READ` read them. The kind can change only while nothing was recorded (no
attempt, no result): switching an assessment under recorded scores would orphan them.
Every change is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from classroom.audit import service as audit
from classroom.core.clock import SEOUL, Clock
from classroom.core.errors import NotFound
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, parse_id, scoped
from classroom.courses.models import Course
from quality import access
from quality.errors import conflict, invalid
from quality.models import Assessment, AssessmentResult, Attempt, Question
from quality.rules.kinds import AssessmentKind, DrawMode, QuestionKind
from quality.rules.timing import Window

MAX_CHOICES = 10
MAX_ACCEPTED = 10
MAX_QUESTIONS = 200


def aware(value: datetime) -> datetime:
    """Form and API times without a zone are Korean wall-clock times."""
    return value.replace(tzinfo=SEOUL) if value.tzinfo is None else value


def find(session: Session, principal: Principal, course: Course) -> Assessment | None:
    statement = scoped(select(Assessment), principal).where(Assessment.course_id == course.id)
    return session.exec(statement).first()


def window_of(assessment: Assessment) -> Window | None:
    if assessment.kind is not AssessmentKind.ONLINE:
        return None
    if assessment.opens_at is None or assessment.closes_at is None or not assessment.time_limit_minutes:
        return None
    return Window(assessment.opens_at, assessment.closes_at, timedelta(minutes=assessment.time_limit_minutes))


def _recorded(session: Session, principal: Principal, course: Course) -> bool:
    attempts = scoped(select(func.count()).select_from(Attempt), principal, Attempt).where(
        Attempt.course_id == course.id
    )
    results = scoped(select(func.count()).select_from(AssessmentResult), principal, AssessmentResult).where(
        AssessmentResult.course_id == course.id
    )
    return bool(session.exec(attempts).one() or session.exec(results).one())


@dataclass(frozen=True)
class Settings:
    kind: AssessmentKind
    title: str
    instructions: str = ""
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    time_limit_minutes: int | None = None
    draw: DrawMode = DrawMode.FIXED
    question_count: int | None = None


def _check(settings: Settings) -> dict[str, Any]:
    title = settings.title.strip()
    if not title:
        raise invalid("title", "quality.assessment.title_required")
    values: dict[str, Any] = {
        "kind": settings.kind,
        "title": title,
        "instructions": settings.instructions.strip(),
        "opens_at": None,
        "closes_at": None,
        "time_limit_minutes": None,
        "draw": settings.draw,
        "question_count": None,
    }
    if settings.kind is AssessmentKind.OFFLINE:
        return values
    if settings.opens_at is None:
        raise invalid("opens_at", "quality.assessment.window_required")
    if settings.closes_at is None:
        raise invalid("closes_at", "quality.assessment.window_required")
    opens, closes = aware(settings.opens_at), aware(settings.closes_at)
    if closes <= opens:
        raise invalid("closes_at", "quality.assessment.window_order")
    limit = settings.time_limit_minutes
    if limit is None or not 1 <= limit <= 600:
        raise invalid("time_limit_minutes", "quality.assessment.limit_range")
    count = settings.question_count
    if count is not None and not 1 <= count <= MAX_QUESTIONS:
        raise invalid("question_count", "quality.assessment.count_range", limit=MAX_QUESTIONS)
    values.update(opens_at=opens, closes_at=closes, time_limit_minutes=limit)
    values["question_count"] = count if settings.draw is DrawMode.SHUFFLED else None
    return values


def put(
    session: Session, clock: Clock, principal: Principal, course: Course, settings: Settings
) -> Assessment:
    access.require(session, principal, course, P.ASSESSMENT_MANAGE)
    values = _check(settings)
    now = clock.now()
    current = find(session, principal, course)
    if current is not None and current.kind is not settings.kind and _recorded(session, principal, course):
        raise conflict("quality.assessment.kind_locked", "assessment_kind_locked")
    if current is None:
        current = Assessment(
            institution_id=course.institution_id,
            course_id=course.id,
            created_by=principal.user_id,
            created_at=now,
            updated_at=now,
            **values,
        )
    else:
        for key, value in values.items():
            setattr(current, key, value)
        current.updated_at = now
    session.add(current)
    session.flush()
    audit.record(
        session,
        clock,
        principal,
        "quality.assessment.put",
        "assessment",
        current.id,
        institution_id=course.institution_id,
        detail={
            "course_id": str(course.id),
            "kind": current.kind.value,
            "opens_at": current.opens_at.isoformat() if current.opens_at else None,
            "closes_at": current.closes_at.isoformat() if current.closes_at else None,
            "time_limit_minutes": current.time_limit_minutes,
        },
    )
    return current


def read(session: Session, principal: Principal, course: Course) -> Assessment | None:
    access.require(session, principal, course, P.ASSESSMENT_READ)
    return find(session, principal, course)


# --- the question bank ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionData:
    kind: QuestionKind
    text: str
    points: int
    choices: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()
    accepted: tuple[str, ...] = ()
    position: int | None = None


def _question_values(data: QuestionData) -> dict[str, Any]:
    text = data.text.strip()
    if not text:
        raise invalid("text", "quality.question.text_required")
    if isinstance(data.points, bool) or not 1 <= data.points <= 100:
        raise invalid("points", "quality.question.points_range")
    choices = [c.strip() for c in data.choices]
    correct = sorted(set(data.correct))
    accepted = [a.strip() for a in data.accepted if a.strip()]
    if data.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if not 2 <= len(choices) <= MAX_CHOICES or any(not c for c in choices):
            raise invalid("choices", "quality.question.choices", limit=MAX_CHOICES)
        if any(not 0 <= i < len(choices) for i in correct) or not correct:
            raise invalid("correct", "quality.question.correct_missing")
        if data.kind is QuestionKind.SINGLE and len(correct) != 1:
            raise invalid("correct", "quality.question.single_one")
        accepted = []
    elif data.kind is QuestionKind.SHORT:
        if not accepted or len(accepted) > MAX_ACCEPTED:
            raise invalid("accepted", "quality.question.accepted_missing", limit=MAX_ACCEPTED)
        choices, correct = [], []
    else:
        choices, correct, accepted = [], [], []
    return {
        "kind": data.kind,
        "text": text,
        "points": data.points,
        "choices": choices,
        "correct": correct,
        "accepted": accepted,
    }


def questions(
    session: Session, principal: Principal, course: Course, *, archived: bool = False
) -> list[Question]:
    statement = scoped(select(Question), principal).where(Question.course_id == course.id)
    if not archived:
        statement = statement.where(col(Question.archived_at).is_(None))
    return list(session.exec(statement.order_by(col(Question.position), col(Question.created_at))))


def bank(session: Session, principal: Principal, course: Course) -> list[Question]:
    access.require(session, principal, course, P.ASSESSMENT_MANAGE)
    return questions(session, principal, course)


def get_question(session: Session, principal: Principal, course: Course, question_id: object) -> Question:
    key = parse_id(question_id)
    statement = scoped(select(Question), principal).where(Question.id == key, Question.course_id == course.id)
    found = session.exec(statement).first()
    if found is None:
        raise NotFound()
    return found


def add_question(
    session: Session, clock: Clock, principal: Principal, course: Course, data: QuestionData
) -> Question:
    access.require(session, principal, course, P.ASSESSMENT_MANAGE)
    values = _question_values(data)
    current = questions(session, principal, course)
    if len(current) >= MAX_QUESTIONS:
        raise conflict("quality.question.bank_full", "bank_full", limit=MAX_QUESTIONS)
    now = clock.now()
    position = (
        data.position if data.position is not None else (max((q.position for q in current), default=0) + 1)
    )
    question = Question(
        institution_id=course.institution_id,
        course_id=course.id,
        position=position,
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
        **values,
    )
    session.add(question)
    session.flush()
    _audit(session, clock, principal, course, "quality.question.add", question)
    return question


def update_question(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    question: Question,
    data: QuestionData,
) -> Question:
    """Attempts keep the snapshot they drew, so an edit changes only attempts started later."""
    access.require(session, principal, course, P.ASSESSMENT_MANAGE)
    if question.archived_at is not None:
        raise conflict("quality.question.archived", "question_archived")
    for key, value in _question_values(data).items():
        setattr(question, key, value)
    if data.position is not None:
        question.position = data.position
    question.updated_at = clock.now()
    session.add(question)
    session.flush()
    _audit(session, clock, principal, course, "quality.question.update", question)
    return question


def archive_question(
    session: Session, clock: Clock, principal: Principal, course: Course, question: Question
) -> None:
    access.require(session, principal, course, P.ASSESSMENT_MANAGE)
    if question.archived_at is None:
        question.archived_at = question.updated_at = clock.now()
        session.add(question)
        session.flush()
        _audit(session, clock, principal, course, "quality.question.archive", question)


def _audit(
    session: Session, clock: Clock, principal: Principal, course: Course, action: str, q: Question
) -> None:
    audit.record(
        session,
        clock,
        principal,
        action,
        "question",
        q.id,
        institution_id=course.institution_id,
        detail={"course_id": str(course.id), "kind": q.kind.value, "points": q.points},
    )


def possible_points(items: list[Question], count: int | None) -> int:
    """Points of a fixed draw (the whole bank); a subset draw's total depends on the draw."""
    chosen = items if count is None else items[:count]
    return sum(q.points for q in chosen)


def by_id(items: list[Question]) -> dict[uuid.UUID, Question]:
    return {q.id: q for q in items}
