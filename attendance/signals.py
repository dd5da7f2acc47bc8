"""Fraud signals (DOMAIN.md "Quality and fraud signals"): flagged with their evidence, never
silently blocking attendance (only the QR refusals of `checkin.py` refuse, and say so).

A signal has a key naming its finding, unique per institution, so detecting the same thing
again (a retried request, a rerun of the detection job) never duplicates it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import FastAPI
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from attendance.models import AttendanceEvent, FraudSignal
from attendance.rules.kinds import SignalKind
from classroom.accounts.models import User
from classroom.core.clock import Clock
from classroom.core.listing import Page, PageRequest, fetch
from classroom.core.tenancy import Principal, get_scoped_or_404, scoped
from classroom.core.unit_of_work import after_unit
from classroom.courses.models import Course, Lesson
from classroom.institutions.models import Institution


def add(
    session: Session,
    clock: Clock,
    course: Course,
    kind: SignalKind,
    key: str,
    *,
    lesson_id: uuid.UUID | None,
    day: date,
    trainee_ids: Sequence[uuid.UUID] = (),
    event_ids: Sequence[uuid.UUID] = (),
    detail: dict[str, Any] | None = None,
) -> bool:
    """Store the signal unless its key is known; True when it is new."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(FraudSignal)
        .values(
            id=uuid.uuid4(),
            institution_id=course.institution_id,
            course_id=course.id,
            lesson_id=lesson_id,
            day=day,
            kind=kind,
            key=key[:300],
            trainee_ids=sorted({str(t) for t in trainee_ids}),
            event_ids=sorted({str(e) for e in event_ids}),
            detail=detail or {},
            detected_at=clock.now(),
        )
        .on_conflict_do_nothing(index_elements=["institution_id", "key"])
        .returning(FraudSignal.__table__.c.id)  # type: ignore[attr-defined]
    )
    return session.connection().execute(statement).first() is not None


def record_now(
    app: FastAPI, session: Session, course: Course, kind: SignalKind, key: str, **fields: Any
) -> None:
    """Store a signal in a transaction of its own: the request that found it is being refused,
    and its rollback must not take the evidence of the attempt with it. Inside a request that
    is after the request ends (its own write lock released first); elsewhere at once."""

    def write() -> None:
        with app.state.db.session() as own:
            add(own, app.state.clock, course, kind, key, **fields)
            own.commit()

    if not after_unit(session, write):
        write()


def list_signals(
    session: Session, principal: Principal, *, course_id: uuid.UUID | None = None, limit: int = 500
) -> list[FraudSignal]:
    statement = scoped(select(FraudSignal), principal)
    if course_id is not None:
        statement = statement.where(FraudSignal.course_id == course_id)
    return list(session.exec(statement.order_by(col(FraudSignal.detected_at).desc()).limit(limit)))


def page_signals(
    session: Session,
    principal: Principal,
    request: PageRequest,
    *,
    kind: SignalKind | None = None,
    institution_id: uuid.UUID | None = None,
) -> Page[tuple[FraudSignal, str, str]]:
    """One page of signals, newest first, each with its course's title and institution's name."""
    statement = (
        scoped(select(FraudSignal, Course.title, Institution.name), principal, FraudSignal)
        .join(Course, col(Course.id) == col(FraudSignal.course_id))
        .join(Institution, col(Institution.id) == col(FraudSignal.institution_id))
    )
    if kind is not None:
        statement = statement.where(FraudSignal.kind == kind)
    if institution_id is not None:
        statement = statement.where(FraudSignal.institution_id == institution_id)
    sorts = {
        "day": col(FraudSignal.day),
        "detected": col(FraudSignal.detected_at),
        "kind": col(FraudSignal.kind),
        "course": col(Course.title),
        "institution": col(Institution.name),
    }
    page = fetch(session, statement, request, sorts, "day", default_descending=True, tie=col(FraudSignal.id))
    return page.map(lambda row: (row[0], row[1], row[2]))


def trainee_names(session: Session, principal: Principal, ids: Iterable[str]) -> dict[str, str]:
    """Names of the trainees `ids` (as signals keep them, text), within the reader's reach."""
    wanted = {uuid.UUID(i) for i in ids}
    if not wanted:
        return {}
    statement = scoped(select(User.id, User.name), principal, User).where(col(User.id).in_(wanted))
    return {str(user_id): name for user_id, name in session.exec(statement)}


@dataclass(frozen=True)
class SignalEvidence:
    """A signal with what an inspector follows it by: the trainees it names and the events it
    was found in (with their lessons), in the order they happened."""

    signal: FraudSignal
    course: Course
    institution: Institution
    trainees: dict[str, str]  # id → name
    events: list[AttendanceEvent]
    lessons: dict[uuid.UUID, str]  # lesson id → title


def evidence_of(session: Session, principal: Principal, signal_id: object) -> SignalEvidence:
    signal = get_scoped_or_404(session, FraudSignal, signal_id, principal)
    course = session.get(Course, signal.course_id)  # tenancy: the signal's own course
    institution = session.get(Institution, signal.institution_id)  # tenancy: the signal's own
    assert course is not None and institution is not None  # foreign keys
    event_ids = [uuid.UUID(e) for e in signal.event_ids]
    events = (
        list(
            session.exec(
                scoped(select(AttendanceEvent), principal)
                .where(col(AttendanceEvent.id).in_(event_ids))
                .order_by(col(AttendanceEvent.at), col(AttendanceEvent.id))
            )
        )
        if event_ids
        else []
    )
    names = trainee_names(session, principal, {*signal.trainee_ids, *(str(e.trainee_id) for e in events)})
    lesson_ids = {e.lesson_id for e in events if e.lesson_id} | (
        {signal.lesson_id} if signal.lesson_id else set()
    )
    lessons = (
        dict(
            session.exec(
                scoped(select(Lesson.id, Lesson.title), principal, Lesson).where(
                    col(Lesson.id).in_(lesson_ids)
                )
            ).all()
        )
        if lesson_ids
        else {}
    )
    return SignalEvidence(signal, course, institution, names, events, lessons)
