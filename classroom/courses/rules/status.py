"""How a course moves along its status: by hand (`TRANSITIONS`; publishing, draft → published,
has its own checks in the service) and by the calendar (`due_status`)."""

from __future__ import annotations

from datetime import date

from classroom.courses.rules.kinds import CourseStatus

# Allowed manual moves besides publishing. Back to draft only before anyone has trained on it
# (`may_unpublish`).
TRANSITIONS: dict[CourseStatus, frozenset[CourseStatus]] = {
    CourseStatus.DRAFT: frozenset(),
    CourseStatus.PUBLISHED: frozenset({CourseStatus.RUNNING, CourseStatus.DRAFT}),
    CourseStatus.RUNNING: frozenset({CourseStatus.FINISHED}),
    CourseStatus.FINISHED: frozenset(),
}


def may_unpublish(starts_on: date, today: date) -> bool:
    return today < starts_on


def due_status(status: CourseStatus, starts_on: date, ends_on: date, today: date) -> CourseStatus | None:
    """The status the calendar says a course should have now, or None when it stays as it is.

    Drafts never move (nobody published them); a published course whose whole period has
    passed goes straight to finished."""
    if status == CourseStatus.PUBLISHED:
        if today > ends_on:
            return CourseStatus.FINISHED
        if today >= starts_on:
            return CourseStatus.RUNNING
    if status == CourseStatus.RUNNING and today > ends_on:
        return CourseStatus.FINISHED
    return None
