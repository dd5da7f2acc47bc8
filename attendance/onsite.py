"""On-site practice days (현장실습): the supervisor (현장교사) sees the trainees of the on-site
lessons they supervise today and confirms each one's attendance; nobody else's trainees are
visible to them (a lesson they do not supervise answers 404)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time

from sqlmodel import Session, col, select

from attendance import access, records
from attendance.ingest import NewEvent, store
from attendance.models import AttendanceEvent
from attendance.rules.kinds import EventKind, Source
from attendance.service import content_key
from classroom.accounts.models import User
from classroom.audit import service as audit
from classroom.core.clock import SEOUL, Clock, seoul_date
from classroom.core.errors import NotFound, ValidationFailed
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course, Lesson
from classroom.courses.rules.kinds import LessonMode
from classroom.courses.timetable import local_range


@dataclass(frozen=True)
class OnsiteLine:
    trainee_id: uuid.UUID
    name: str
    confirmed: bool
    absent: bool
    check_in: datetime | None
    check_out: datetime | None


@dataclass(frozen=True)
class OnsiteLesson:
    lesson: Lesson
    course: Course
    lines: list[OnsiteLine]


def supervised_lesson(session: Session, principal: Principal, lesson_id: object) -> Lesson:
    lesson = access.get_lesson(session, principal, lesson_id)
    if lesson.mode != LessonMode.ONSITE or lesson.supervisor_id != principal.user_id:
        raise NotFound()
    return lesson


def _lines(session: Session, principal: Principal, course: Course, lesson: Lesson) -> list[OnsiteLine]:
    trainees = records.enrolled_ids(session, principal, course)
    names = (
        {
            u.id: u.name
            for u in session.exec(scoped(select(User), principal).where(col(User.id).in_(trainees)))
        }
        if trainees
        else {}
    )
    statement = scoped(select(AttendanceEvent), principal).where(
        AttendanceEvent.lesson_id == lesson.id, AttendanceEvent.source == Source.SUPERVISOR
    )
    mine: dict[uuid.UUID, list[AttendanceEvent]] = {}
    for event in session.exec(statement.order_by(col(AttendanceEvent.at))):
        mine.setdefault(event.trainee_id, []).append(event)
    lines = []
    for trainee in trainees:
        events = mine.get(trainee, [])
        ins = [e.at for e in events if e.kind is EventKind.CHECK_IN]
        outs = [e.at for e in events if e.kind is EventKind.CHECK_OUT]
        absent = any(e.kind is EventKind.ONSITE_ABSENT for e in events)
        lines.append(
            OnsiteLine(
                trainee,
                names.get(trainee, ""),
                bool(events),
                absent,
                ins[0] if ins else None,
                outs[-1] if outs else None,
            )
        )
    return sorted(lines, key=lambda line: line.name)


def today(session: Session, clock: Clock, principal: Principal) -> list[OnsiteLesson]:
    start, end = local_range(seoul_date(clock.now()))
    statement = scoped(select(Lesson), principal).where(
        Lesson.supervisor_id == principal.user_id,
        Lesson.mode == LessonMode.ONSITE,
        Lesson.starts_at >= start,
        Lesson.starts_at < end,
    )
    out = []
    for lesson in session.exec(statement.order_by(col(Lesson.starts_at))):
        course = access.course_of(session, principal, lesson)
        out.append(OnsiteLesson(lesson, course, _lines(session, principal, course, lesson)))
    return out


def confirm(
    session: Session,
    clock: Clock,
    principal: Principal,
    lesson: Lesson,
    trainee_id: uuid.UUID,
    *,
    present: bool,
    check_in: time | None = None,
    check_out: time | None = None,
) -> list[uuid.UUID]:
    """Present (with the times, by default the lesson's) or absent; recorded as evidence of the
    supervisor, once per content (a repeated click records nothing new)."""
    lesson = supervised_lesson(session, principal, lesson.id)
    course = access.course_of(session, principal, lesson)
    if not access.is_enrolled(session, principal, course, trainee_id):
        raise NotFound()
    day = seoul_date(lesson.starts_at)
    now = clock.now()
    if present:
        arrive = datetime.combine(day, check_in, tzinfo=SEOUL) if check_in else lesson.starts_at
        leave = datetime.combine(day, check_out, tzinfo=SEOUL) if check_out else lesson.ends_at
        problems = []
        if leave <= arrive:
            problems.append({"field": "check_out", "message_key": "onsite.order"})
        if arrive > now:
            problems.append({"field": "check_in", "message_key": "entry.future"})
        if leave > now:
            problems.append({"field": "check_out", "message_key": "onsite.not_over"})
        if problems:
            raise ValidationFailed("entry.refused", code="onsite_invalid", errors=problems)
        kinds = [(EventKind.CHECK_IN, arrive), (EventKind.CHECK_OUT, leave)]
    else:
        kinds = [(EventKind.ONSITE_ABSENT, now)]
    new = [
        NewEvent(
            institution_id=course.institution_id,
            course_id=course.id,
            trainee_id=trainee_id,
            kind=kind,
            source=Source.SUPERVISOR,
            at=at,
            idempotency_key=content_key("onsite", lesson.id, trainee_id, kind, at.isoformat()),
            lesson_id=lesson.id,
            day=day,
            actor_id=principal.user_id,
        )
        for kind, at in kinds
    ]
    stored = store(session, now, new)
    if stored.accepted:
        audit.record(
            session,
            clock,
            principal,
            "attendance.onsite_confirm",
            "lesson",
            lesson.id,
            institution_id=course.institution_id,
            detail={"trainee_id": str(trainee_id), "present": present},
        )
    records.refresh(session, stored.keys, now)
    return stored.accepted
