"""A person's own lessons (trainee, instructor, supervisor) for calendars, "today" and iCal."""

from __future__ import annotations

import calendar as pycal
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_
from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.core import i18n
from classroom.core.clock import to_seoul
from classroom.core.i18n import Text
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access, texts
from classroom.courses.models import Course, Lesson
from classroom.courses.rules.kinds import CourseStatus, LessonMode
from classroom.courses.timetable import local_range


@dataclass(frozen=True)
class Entry:
    lesson: Lesson
    course: Course
    as_role: str
    instructor_name: str
    supervisor_name: str

    @property
    def mode(self) -> LessonMode:
        return self.lesson.mode

    @property
    def start(self) -> datetime:
        return to_seoul(self.lesson.starts_at)

    @property
    def end(self) -> datetime:
        return to_seoul(self.lesson.ends_at)

    @property
    def where(self) -> Text:
        return texts.where(self.lesson, self.supervisor_name)


def own_lessons(session: Session, principal: Principal, start: datetime, end: datetime) -> list[Entry]:
    """Lessons starting in [start, end) that this person attends, teaches or supervises.

    Trainees and supervisors see published courses only; instructors also see their drafts.
    """
    statement = (
        scoped(select(Lesson, Course), principal, Lesson)
        .join(Course, col(Course.id) == col(Lesson.course_id))
        .where(col(Lesson.starts_at) >= start, col(Lesson.starts_at) < end)
    )
    me = principal.user_id
    if principal.role is Role.TRAINEE:
        statement = statement.where(
            col(Lesson.course_id).in_(access.enrolled_course_ids(principal, me)),
            col(Course.status) != CourseStatus.DRAFT,
        )
        as_role = "trainee"
    elif principal.role is Role.SUPERVISOR:
        statement = statement.where(Lesson.supervisor_id == me, col(Course.status) != CourseStatus.DRAFT)
        as_role = "supervisor"
    elif principal.role is Role.INSTRUCTOR:
        # Their own lessons, plus recorded lessons of courses they teach (nobody else "has" those).
        statement = statement.where(
            or_(
                col(Lesson.instructor_id) == me,
                (col(Lesson.mode) == LessonMode.VOD)
                & col(Lesson.course_id).in_(access.taught_course_ids(principal, me)),
            )
        )
        as_role = "instructor"
    else:
        return []
    rows = list(session.exec(statement.order_by(col(Lesson.starts_at))))
    people = {r.instructor_id for r, _ in rows} | {r.supervisor_id for r, _ in rows}
    names: dict[uuid.UUID, str] = {}
    known = {p for p in people if p is not None}
    if known:
        found = session.exec(scoped(select(User), principal).where(col(User.id).in_(known)))
        names = {u.id: u.name for u in found}

    def name(user_id: uuid.UUID | None) -> str:
        return names.get(user_id, "") if user_id is not None else ""

    return [
        Entry(row, course, as_role, name(row.instructor_id), name(row.supervisor_id)) for row, course in rows
    ]


def on_day(session: Session, principal: Principal, day: date) -> list[Entry]:
    start, end = local_range(day)
    return own_lessons(session, principal, start, end)


def between(session: Session, principal: Principal, first: date, last: date) -> list[Entry]:
    start, _ = local_range(first)
    _, end = local_range(last)
    return own_lessons(session, principal, start, end)


def week_bounds(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_bounds(day: date) -> tuple[date, date]:
    """The Monday-to-Sunday weeks covering the month, as a wall calendar shows them."""
    first = day.replace(day=1)
    last = day.replace(day=pycal.monthrange(day.year, day.month)[1])
    return week_bounds(first)[0], week_bounds(last)[1]


def by_day(entries: list[Entry], first: date, last: date) -> list[tuple[date, list[Entry]]]:
    days: dict[date, list[Entry]] = {}
    cursor = first
    while cursor <= last:
        days[cursor] = []
        cursor += timedelta(days=1)
    for entry in entries:
        days.setdefault(entry.start.date(), []).append(entry)
    return list(days.items())


@dataclass(frozen=True)
class CalendarItem:
    """An entry as the calendar API answers it, its words in the reader's language."""

    lesson_id: uuid.UUID
    course_id: uuid.UUID
    course_title: str
    course_status: CourseStatus
    mode: LessonMode
    mode_label: str
    title: str
    starts_at: datetime
    ends_at: datetime
    local_day: date
    local_start: time
    local_end: time
    where: str
    join_url: str | None
    as_role: str

    @classmethod
    def of(cls, entry: Entry, lang: str) -> CalendarItem:
        lesson = entry.lesson
        return cls(
            lesson_id=lesson.id,
            course_id=entry.course.id,
            course_title=entry.course.title,
            course_status=entry.course.status,
            mode=entry.mode,
            mode_label=i18n.render(texts.mode(entry.mode), lang),
            title=lesson.title,
            starts_at=lesson.starts_at,
            ends_at=lesson.ends_at,
            local_day=lesson.local_day,
            local_start=lesson.local_start,
            local_end=lesson.local_end,
            where=i18n.render(entry.where, lang),
            join_url=lesson.join_url,
            as_role=entry.as_role,
        )


@dataclass(frozen=True)
class Window:
    """The lessons of a day, a Monday-to-Sunday week or a month grid, as the calendar API answers."""

    first_day: date
    last_day: date
    entries: list[CalendarItem]


def window(session: Session, principal: Principal, view: str, anchor: date, lang: str) -> Window:
    first, last = {
        "day": (anchor, anchor),
        "week": week_bounds(anchor),
        "month": month_bounds(anchor),
    }[view]
    entries = between(session, principal, first, last)
    return Window(first, last, [CalendarItem.of(e, lang) for e in entries])
