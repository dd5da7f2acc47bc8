"""A series — the lessons one recurring generator made — moved or deleted as a whole.

Lessons of the series already held (their end has passed, `rules/held.py`) are never moved or
deleted with it: they are kept and counted, so the page can say how many stayed. The lessons
that move are checked as one batch like the generator's (fields → conflicts → trainees' load →
a published course's plan), all or nothing, and each leaves its old → new values in the audit
trail as a single edit would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlmodel import Session, col, select

from classroom.audit import service as audit
from classroom.core.clock import Clock, as_utc, to_seoul
from classroom.core.errors import NotFound
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, parse_id, scoped
from classroom.courses import access, held, lessons, load_guard
from classroom.courses.conflicts import ensure_free, lock_schedule, room_key
from classroom.courses.models import Course, Lesson, LessonSeries
from classroom.courses.rules.held import is_held
from classroom.courses.timetable import to_utc

MAX_SHIFT_DAYS = 366


@dataclass(frozen=True)
class SeriesOutcome:
    changed: int  # lessons moved or deleted
    kept: int  # lessons already held, left as they were


def get_series(session: Session, principal: Principal, course: Course, series_id: object) -> LessonSeries:
    statement = scoped(select(LessonSeries), principal).where(
        LessonSeries.id == parse_id(series_id), LessonSeries.course_id == course.id
    )
    row = session.exec(statement).first()
    if row is None:
        raise NotFound()
    return row


def course_series(session: Session, principal: Principal, course: Course) -> list[LessonSeries]:
    statement = scoped(select(LessonSeries), principal).where(LessonSeries.course_id == course.id)
    return list(session.exec(statement.order_by(col(LessonSeries.created_at))))


def series_lessons(session: Session, principal: Principal, series: LessonSeries) -> list[Lesson]:
    statement = scoped(select(Lesson), principal).where(
        Lesson.series_id == series.id, Lesson.course_id == series.course_id
    )
    return list(session.exec(statement.order_by(col(Lesson.starts_at))))


def _split(rows: list[Lesson], now: datetime) -> tuple[list[Lesson], list[Lesson]]:
    """(lessons still to come, lessons already held)."""
    ahead = [r for r in rows if not is_held(as_utc(r.ends_at), now)]
    return ahead, [r for r in rows if is_held(as_utc(r.ends_at), now)]


def _moved(row: Lesson, shift_days: int, start: time | None) -> tuple[datetime, datetime]:
    local = to_seoul(row.starts_at)
    at = start if start is not None else local.time().replace(tzinfo=None)
    starts_at = to_utc(datetime.combine(local.date() + timedelta(days=shift_days), at))
    return starts_at, starts_at + (as_utc(row.ends_at) - as_utc(row.starts_at))


def move_series(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    series: LessonSeries,
    *,
    shift_days: int = 0,
    start: time | None = None,
) -> SeriesOutcome:
    """Shift the series' lessons still to come by `shift_days` and/or to a new start time
    (each keeps its length)."""
    access.require(session, principal, course, P.COURSES_WRITE)
    lessons.ensure_open(course)
    if not -MAX_SHIFT_DAYS <= shift_days <= MAX_SHIFT_DAYS:
        raise lessons.field_error("shift_days", "series.shift_too_far", limit=MAX_SHIFT_DAYS)
    if shift_days == 0 and start is None:
        raise lessons.field_error("shift_days", "series.nothing_to_move")
    now = clock.now()
    ahead, kept = _split(series_lessons(session, principal, series), now)
    if not ahead:
        raise lessons.field_error("shift_days", "series.all_held", kept=len(kept))
    drafts = []
    for row in ahead:
        starts_at, ends_at = _moved(row, shift_days, start)
        if is_held(ends_at, now):
            raise lessons.field_error(
                "shift_days", "series.into_past", day=to_seoul(starts_at).date().isoformat()
            )
        values = {k: getattr(row, k) for k in lessons.FIELDS}
        drafts.append(
            (row, lessons.redraft(session, principal, course, row.mode, starts_at, ends_at, values))
        )
    lock_schedule(session, course.institution_id)
    ensure_free(session, principal, [lessons.slot_of(course, d, row.id) for row, d in drafts])
    load_guard.ensure_lessons_fit(
        session, principal, course, [lessons.booking_of(course, d) for _, d in drafts], {r.id for r in ahead}
    )
    for row, draft in drafts:
        before = held.snapshot(row)
        row.starts_at, row.ends_at = draft.starts_at, draft.ends_at
        row.room_key = room_key(row.room)
        row.updated_at = now
        session.add(row)
        audit.record(
            session,
            clock,
            principal,
            "course.lesson_update",
            "lesson",
            row.id,
            institution_id=course.institution_id,
            detail={
                "course_id": str(course.id),
                "series_id": str(series.id),
                "changes": held.diff(before, held.snapshot(row)),
            },
        )
    series.updated_at = now
    session.add(series)
    lessons.keep_plan_valid(session, principal, course)
    lessons.touch(course, clock, session)
    audit.record(
        session,
        clock,
        principal,
        "course.series_move",
        "lesson_series",
        series.id,
        institution_id=course.institution_id,
        detail={
            "course_id": str(course.id),
            "shift_days": shift_days,
            "start": start.strftime("%H:%M") if start else None,
            "moved": len(drafts),
            "kept_held": len(kept),
        },
    )
    session.flush()
    return SeriesOutcome(len(drafts), len(kept))


def delete_series(
    session: Session, clock: Clock, principal: Principal, course: Course, series: LessonSeries
) -> SeriesOutcome:
    """Delete the series' lessons still to come; held ones stay (and so does the series row,
    while any lesson of it is left)."""
    access.require(session, principal, course, P.COURSES_WRITE)
    lessons.ensure_open(course)
    now = clock.now()
    ahead, kept = _split(series_lessons(session, principal, series), now)
    for row in ahead:
        before = held.snapshot(row)
        session.delete(row)
        audit.record(
            session,
            clock,
            principal,
            "course.lesson_delete",
            "lesson",
            row.id,
            institution_id=course.institution_id,
            detail={
                "course_id": str(course.id),
                "series_id": str(series.id),
                "starts_at": before["starts_at"],
                "changes": held.diff(before, {}),
            },
        )
    if kept:
        series.updated_at = now
        session.add(series)
    else:
        session.delete(series)
    lessons.keep_plan_valid(session, principal, course)
    lessons.touch(course, clock, session)
    audit.record(
        session,
        clock,
        principal,
        "course.series_delete",
        "lesson_series",
        series.id,
        institution_id=course.institution_id,
        detail={"course_id": str(course.id), "deleted": len(ahead), "kept_held": len(kept)},
    )
    session.flush()
    return SeriesOutcome(len(ahead), len(kept))
