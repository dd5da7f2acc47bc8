"""Courses move along their status by the calendar: published → running on the first training
day, running → finished after the last one. The rule is `rules.status.due_status`; `advance`
applies it to every institution's courses."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from classroom.audit import service as audit
from classroom.core.clock import Clock, seoul_date
from classroom.courses.models import Course
from classroom.courses.rules.kinds import CourseStatus
from classroom.courses.rules.status import due_status


@dataclass(frozen=True)
class Moved:
    course_id: object
    title: str
    before: CourseStatus
    after: CourseStatus


def advance(session: Session, clock: Clock) -> list[Moved]:
    """Apply the calendar to every institution's courses (a platform job: cron, the CLI, the
    server's hourly tick). Idempotent: a second run the same day moves nothing."""
    today = seoul_date(clock.now())
    candidates = (
        select(Course)
        .where(  # tenancy: the platform's calendar job moves every tenant's courses
            col(Course.status).in_([CourseStatus.PUBLISHED, CourseStatus.RUNNING]),
            Course.starts_on <= today,
        )
        .with_for_update(skip_locked=True)
    )
    moved: list[Moved] = []
    for course in session.exec(candidates):
        before = course.status
        after = due_status(before, course.starts_on, course.ends_on, today)
        if after is None:
            continue
        course.status = after
        course.updated_at = clock.now()
        session.add(course)
        audit.record(
            session,
            clock,
            None,
            "course.status",
            "course",
            course.id,
            institution_id=course.institution_id,
            detail={"from": before.value, "to": after.value, "by": "calendar"},
        )
        moved.append(Moved(course.id, course.title, before, after))
    session.flush()
    return moved
