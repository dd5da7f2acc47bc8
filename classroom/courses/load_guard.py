"""Keeps every trainee within the daily limit and out of two lessons at once, across the
courses they are enrolled in (`rules.load` judges; this gathers the bookings and refuses).

Checked when a trainee is enrolled (all of the course's lessons against their other courses)
and when a lesson of a course with enrolled trainees is added or moved. Callers hold the
institution's schedule lock (`conflicts.lock_schedule`), so an enrolment and a lesson move
elsewhere cannot each pass against the other's stale picture.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.core.clock import SEOUL, to_seoul
from classroom.core.errors import Conflict
from classroom.core.i18n import Text
from classroom.core.tenancy import Principal, scoped
from classroom.courses import texts
from classroom.courses.models import Course, Enrollment, Lesson
from classroom.courses.policy import policy_for
from classroom.courses.rules import load
from classroom.courses.rules.kinds import EnrollmentStatus, LessonMode
from classroom.courses.rules.load import Booking, Violation

CODE = "trainee_schedule_clash"


def daily_limit(session: Session, course: Course) -> int:
    """Minutes a trainee may train a day while in this course: its programme year's maximum."""
    return policy_for(session, course).max_daily_minutes


def booking(
    course_id: uuid.UUID, title: str, mode: LessonMode, starts_at: datetime, ends_at: datetime
) -> Booking:
    start = to_seoul(starts_at)
    first = start.hour * 60 + start.minute
    # From the length, not the end's wall clock: a lesson ending at midnight ends at 24:00.
    length = int((ends_at - starts_at).total_seconds() // 60)
    return Booking(course_id, title, start.date(), first, first + length, mode == LessonMode.VOD)


def _window(bookings: list[Booking]) -> tuple[datetime, datetime]:
    first, last = min(b.day for b in bookings), max(b.day for b in bookings)
    start = datetime.combine(first, time(), tzinfo=SEOUL).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=SEOUL).astimezone(UTC)
    return start, end


def _elsewhere(
    session: Session,
    principal: Principal,
    course: Course,
    trainee_ids: Iterable[uuid.UUID],
    window: tuple[datetime, datetime],
) -> dict[uuid.UUID, list[Booking]]:
    """Each trainee's lessons in their other enrolled courses (dropped ones no longer bind them)."""
    ids = list(trainee_ids)
    found: dict[uuid.UUID, list[Booking]] = {i: [] for i in ids}
    if not ids:
        return found
    statement = (
        scoped(select(Enrollment.trainee_id, Lesson, Course.title), principal, Enrollment)
        .join(Lesson, col(Lesson.course_id) == col(Enrollment.course_id))
        .join(Course, col(Course.id) == col(Enrollment.course_id))
        .where(
            col(Enrollment.trainee_id).in_(ids),
            Enrollment.status == EnrollmentStatus.ENROLLED,
            Enrollment.course_id != course.id,
            col(Lesson.starts_at) < window[1],
            col(Lesson.ends_at) > window[0],
        )
    )
    for trainee_id, row, title in session.exec(statement):
        found[trainee_id].append(booking(row.course_id, title, row.mode, row.starts_at, row.ends_at))
    return found


def _names(session: Session, principal: Principal, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    statement = scoped(select(User), principal).where(col(User.id).in_(list(ids)))
    return {u.id: u.name for u in session.exec(statement)}


def _enrolled(session: Session, principal: Principal, course: Course) -> list[uuid.UUID]:
    statement = scoped(select(Enrollment.trainee_id), principal, Enrollment).where(
        Enrollment.course_id == course.id, Enrollment.status == EnrollmentStatus.ENROLLED
    )
    return list(session.exec(statement))


def _course_bookings(
    session: Session, principal: Principal, course: Course, skip: Collection[uuid.UUID] = ()
) -> list[Booking]:
    statement = scoped(select(Lesson), principal).where(Lesson.course_id == course.id)
    return [
        booking(course.id, course.title, r.mode, r.starts_at, r.ends_at)
        for r in session.exec(statement)
        if r.id not in skip
    ]


def _item(field: str, trainee_id: uuid.UUID, name: str, violation: Violation) -> dict[str, Any]:
    text = texts.load(violation, name)
    return {
        "field": field,
        "message_key": text.key,
        "params": dict(text.params),
        "trainee_id": str(trainee_id),
        "load": load.figures(violation),
    }


def _refusal(summary_key: str, errors: list[dict[str, Any]]) -> Conflict:
    """One clash: its own sentence is the message. Several: a count and the first as example;
    every one is listed in `errors`."""
    if len(errors) == 1:
        only = errors[0]
        return Conflict(only["message_key"], code=CODE, params=only["params"], errors=errors)
    first = errors[0]
    people = len({e["trainee_id"] for e in errors})
    return Conflict(
        summary_key,
        code=CODE,
        errors=errors,
        params={
            "people": people,
            "count": len(errors),
            "first": Text(first["message_key"], first["params"]),
        },
    )


def violations_for_enrolment(
    session: Session, principal: Principal, course: Course, trainee_ids: list[uuid.UUID]
) -> list[tuple[uuid.UUID, Violation]]:
    ours = _course_bookings(session, principal, course)
    if not ours or not trainee_ids:
        return []
    elsewhere = _elsewhere(session, principal, course, trainee_ids, _window(ours))
    limit = daily_limit(session, course)
    return [(tid, v) for tid in trainee_ids for v in load.check(elsewhere[tid], ours, limit=limit)]


def ensure_enrolment_fits(
    session: Session, principal: Principal, course: Course, trainee_ids: list[uuid.UUID]
) -> None:
    """All or nobody, like the rest of enrolment: one trainee who does not fit refuses the batch."""
    found = violations_for_enrolment(session, principal, course, trainee_ids)
    if found:
        names = _names(session, principal, {tid for tid, _ in found})
        raise _refusal(
            "enrolment.trainee_load", [_item("user_ids", tid, names.get(tid, ""), v) for tid, v in found]
        )


def ensure_lessons_fit(
    session: Session,
    principal: Principal,
    course: Course,
    changed: list[Booking],
    replaced: Collection[uuid.UUID] = (),
) -> None:
    """`changed` are the course's new or moved lessons; `replaced` the stored rows they replace."""
    if not changed:
        return
    trainees = _enrolled(session, principal, course)
    if not trainees:
        return
    days = {b.day for b in changed}
    unchanged = [b for b in _course_bookings(session, principal, course, replaced) if b.day in days]
    elsewhere = _elsewhere(session, principal, course, trainees, _window(changed))
    limit = daily_limit(session, course)
    found = [
        (tid, v) for tid in trainees for v in load.check(elsewhere[tid] + unchanged, changed, limit=limit)
    ]
    if found:
        names = _names(session, principal, {tid for tid, _ in found})
        found.sort(key=lambda f: (f[1].day, names.get(f[0], "")))
        raise _refusal(
            "lesson.trainee_load", [_item("starts_at", tid, names.get(tid, ""), v) for tid, v in found]
        )
