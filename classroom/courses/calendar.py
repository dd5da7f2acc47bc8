"""A person's own lessons (trainee, instructor, supervisor) for calendars, "today" and iCal."""

from __future__ import annotations

import calendar as pycal
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, select

from classroom.accounts.models import User
from classroom.core.clock import SEOUL, to_seoul
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access
from classroom.courses.lessons import local_range
from classroom.courses.models import Course, CourseStatus, Lesson
from classroom.courses.rules import LessonMode


@dataclass(frozen=True)
class Entry:
    lesson: Lesson
    course: Course
    as_role: str
    instructor_name: str
    supervisor_name: str

    @property
    def mode(self) -> LessonMode:
        return LessonMode(self.lesson.mode)

    @property
    def start(self) -> datetime:
        return to_seoul(self.lesson.starts_at)

    @property
    def end(self) -> datetime:
        return to_seoul(self.lesson.ends_at)

    def where(self, lang: str = "ko") -> str:
        """Where to go or how to join, in words people act on."""
        en = lang == "en"
        s = self.lesson
        if self.mode is LessonMode.CLASSROOM:
            return f"{'Room' if en else '강의실'} {s.room}"
        if self.mode is LessonMode.ONSITE:
            who = (
                f" · {'supervisor' if en else '현장교사'} {self.supervisor_name}"
                if self.supervisor_name
                else ""
            )
            return f"{s.host_company}{who}"
        if self.mode is LessonMode.LIVE:
            if s.join_url:
                return "Join online: " + s.join_url if en else "온라인 접속: " + s.join_url
            return "Live online classroom (opens on the day)" if en else "실시간 온라인 강의실 (당일 입장)"
        return "Recorded lesson — watch online" if en else "녹화 강의 — 온라인 수강"


def own_lessons(session: Session, principal: Principal, start: datetime, end: datetime) -> list[Entry]:
    """Lessons starting in [start, end) that this person attends, teaches or supervises.

    Trainees and supervisors see published courses only; instructors also see their drafts.
    """
    statement = (
        scoped(select(Lesson, Course), principal, Lesson)
        .join(Course, Course.id == Lesson.course_id)
        .where(  # type: ignore[arg-type]
            Lesson.starts_at >= start, Lesson.starts_at < end
        )
    )
    me = principal.user_id
    if principal.role is Role.TRAINEE:
        statement = statement.where(
            Lesson.course_id.in_(access.enrolled_course_ids(principal, me)),  # type: ignore[attr-defined]
            Course.status != CourseStatus.DRAFT,
        )
        as_role = "trainee"
    elif principal.role is Role.SUPERVISOR:
        statement = statement.where(Lesson.supervisor_id == me, Course.status != CourseStatus.DRAFT)
        as_role = "supervisor"
    elif principal.role is Role.INSTRUCTOR:
        # Their own lessons, plus recorded lessons of courses they teach (nobody else "has" those).
        statement = statement.where(
            or_(
                Lesson.instructor_id == me,
                (Lesson.mode == LessonMode.VOD)
                & Lesson.course_id.in_(access.taught_course_ids(principal, me)),
            )
        )  # type: ignore[attr-defined]
        as_role = "instructor"
    else:
        return []
    rows = list(session.exec(statement.order_by(Lesson.starts_at)))  # type: ignore[arg-type]
    people = {r.instructor_id for r, _ in rows} | {r.supervisor_id for r, _ in rows}
    people.discard(None)
    names: dict[Any, str] = {}
    if people:
        names = {
            u.id: u.name for u in session.exec(scoped(select(User), principal).where(User.id.in_(people)))
        }  # type: ignore[attr-defined]
    return [
        Entry(row, course, as_role, names.get(row.instructor_id, ""), names.get(row.supervisor_id, ""))
        for row, course in rows
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


def entry_out(entry: Entry, lang: str) -> dict[str, Any]:
    s = entry.lesson
    return {
        "lesson_id": s.id,
        "course_id": entry.course.id,
        "course_title": entry.course.title,
        "course_status": entry.course.status,
        "mode": entry.mode,
        "mode_label": entry.mode.label(lang),
        "title": s.title,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "local_day": entry.start.date(),
        "local_start": entry.start.time().replace(tzinfo=None),
        "local_end": entry.end.time().replace(tzinfo=None),
        "where": entry.where(lang),
        "join_url": s.join_url,
        "as_role": entry.as_role,
    }


def seoul_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SEOUL)
