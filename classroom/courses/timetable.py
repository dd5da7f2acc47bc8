"""Reading a course's lessons, and the Seoul wall clock they are entered and shown in."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from classroom.core.clock import SEOUL
from classroom.core.errors import NotFound
from classroom.core.tenancy import Principal, parse_id, scoped
from classroom.courses.models import Course, Lesson


def get_lesson(session: Session, principal: Principal, course: Course, lesson_id: object) -> Lesson:
    """A lesson of `course`; one of another course (or institution) is the same NotFound."""
    statement = scoped(select(Lesson), principal).where(
        Lesson.id == parse_id(lesson_id), Lesson.course_id == course.id
    )
    row = session.exec(statement).first()
    if row is None:
        raise NotFound()
    return row


def course_lessons(session: Session, principal: Principal, course: Course) -> list[Lesson]:
    statement = scoped(select(Lesson), principal).where(Lesson.course_id == course.id)
    return list(session.exec(statement.order_by(col(Lesson.starts_at))))


def lessons_by_course(
    session: Session, principal: Principal, courses: Iterable[Course]
) -> dict[uuid.UUID, list[Lesson]]:
    """Lessons of many courses in one query (course lists show every course's plan)."""
    grouped: dict[uuid.UUID, list[Lesson]] = {c.id: [] for c in courses}
    if not grouped:
        return grouped
    statement = scoped(select(Lesson), principal).where(col(Lesson.course_id).in_(list(grouped)))
    for row in session.exec(statement.order_by(col(Lesson.starts_at))):
        grouped[row.course_id].append(row)
    return grouped


def to_utc(value: datetime) -> datetime:
    """Naive input is Korean wall-clock time; seconds are dropped so hours add up to whole minutes."""
    aware = value.replace(tzinfo=SEOUL) if value.tzinfo is None else value
    return aware.astimezone(UTC).replace(second=0, microsecond=0)


def local_range(day: date) -> tuple[datetime, datetime]:
    """The Seoul calendar day as a UTC interval [start, end)."""
    start = datetime.combine(day, time(), tzinfo=SEOUL).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=SEOUL).astimezone(UTC)
    return start, end
