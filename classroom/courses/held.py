"""Applying the held-lesson rule (`rules/held.py`) to a person and a lesson, and the old → new
record every lesson change leaves in the audit trail (attendance relies on it)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session

from classroom.core.clock import Clock, as_utc, to_seoul
from classroom.core.errors import Conflict, Forbidden, ValidationFailed
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, Role
from classroom.courses import access
from classroom.courses.models import Course, Lesson
from classroom.courses.rules.held import Actor, Change, Proposal, Refusal, refusal, refusal_to_add

# What a lesson is, as the audit trail compares it before and after a change.
TRACKED = (
    "mode",
    "starts_at",
    "ends_at",
    "title",
    "instructor_id",
    "room",
    "join_url",
    "content_id",
    "host_company",
    "supervisor_id",
    "series_id",
)
REASON_MAX = 500


def actor(session: Session, principal: Principal, course: Course) -> Actor:
    """The rule's view of a person: an admin of the course's institution, one of its
    instructors, or somebody who does not change its lessons."""
    if not access.may(session, principal, course, P.COURSES_WRITE):
        return Actor.OTHER
    if principal.role is Role.INSTITUTION_ADMIN:
        return Actor.ADMIN
    if principal.role is Role.INSTRUCTOR:
        return Actor.TEACHER
    return Actor.OTHER


def clean_reason(reason: str | None) -> str | None:
    reason = (reason or "").strip()
    return reason[:REASON_MAX] or None


def ensure_may_change(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    row: Lesson,
    change: Change,
    *,
    new_ends_at: datetime | None = None,
    reason: str | None = None,
) -> None:
    """Raise the refusal the rule gives (403 / 409 / 422 with the `reason` field)."""
    proposal = Proposal(change, as_utc(row.ends_at), as_utc(new_ends_at) if new_ends_at else None)
    why = refusal(actor(session, principal, course), proposal, clock.now(), reason)
    if why is None:
        return
    if why is Refusal.NOT_ALLOWED:
        raise Forbidden("course.not_teaching", code="not_course_instructor")
    if why is Refusal.HELD:
        raise Conflict(f"lesson.held_{change}", code="lesson_held")
    if why is Refusal.INTO_PAST:
        raise ValidationFailed(
            "lesson.into_past",
            code="lesson_into_past",
            errors=[{"field": "starts_at", "message_key": "lesson.into_past"}],
        )
    raise ValidationFailed(
        "lesson.held_reason_required",
        code="reason_required",
        errors=[{"field": "reason", "message_key": "lesson.held_reason_required"}],
    )


def ensure_may_add(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    ends: list[datetime],
    *,
    field: str,
) -> None:
    """Refuse an instructor's new lessons when one of them would already be over (422 on
    `field`, naming the first such day); admins enter past lessons, audited."""
    who, now = actor(session, principal, course), clock.now()
    past = sorted(as_utc(end) for end in ends if refusal_to_add(who, as_utc(end), now) is not None)
    if not past:
        return
    if who is Actor.OTHER:
        raise Forbidden("course.not_teaching", code="not_course_instructor")
    day = to_seoul(past[0]).date().isoformat()
    raise ValidationFailed(
        "lesson.added_in_past",
        code="lesson_added_in_past",
        params={"day": day},
        errors=[{"field": field, "message_key": "lesson.added_in_past", "params": {"day": day}}],
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "value"):
        return value.value
    return value


def snapshot(row: Lesson) -> dict[str, Any]:
    return {name: _plain(getattr(row, name)) for name in TRACKED}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`{"field": {"old": …, "new": …}}` for every tracked field that changed."""
    return {
        name: {"old": before.get(name), "new": after.get(name)}
        for name in TRACKED
        if before.get(name) != after.get(name)
    }
