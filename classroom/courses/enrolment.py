"""Enrolling trainees (one, a list, or everyone not yet enrolled) and dropping them with a reason.

Capacity must hold when admins click at the same time: the course row is locked
(`SELECT … FOR UPDATE` on PostgreSQL, BEGIN IMMEDIATE on SQLite) before seats are counted,
so concurrent enrolments queue on it and the last ones see the course full.

A trainee's day spans all their courses (at most 8 h, never two lessons at once; see
`load_guard`), so the institution's schedule lock is taken first: an enrolment in another
course or a lesson moved meanwhile would otherwise be judged against a stale timetable.
Every refusal is all or nothing: nobody of the batch is enrolled.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from classroom.accounts.models import User
from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import Conflict, NotFound, ValidationFailed
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access, load_guard, roster_pages
from classroom.courses.conflicts import lock_schedule
from classroom.courses.models import Course, Enrollment
from classroom.courses.queries import count_enrolled
from classroom.courses.rules.kinds import CourseStatus, EnrollmentStatus


@dataclass(frozen=True)
class EnrolOutcome:
    enrolled: list[Enrollment]
    already_enrolled: list[uuid.UUID]
    capacity: int
    seats_left: int


def _trainees(principal: Principal, course: Course) -> SelectOfScalar[User]:
    """The institution's active trainees, by name."""
    return (
        scoped(select(User), principal)
        .where(
            User.institution_id == course.institution_id,
            User.role == str(Role.TRAINEE),
            col(User.is_active).is_(True),
        )
        .order_by(col(User.name))
    )


def _rows(session: Session, principal: Principal, course: Course) -> dict[uuid.UUID, Enrollment]:
    statement = scoped(select(Enrollment), principal).where(Enrollment.course_id == course.id)
    return {row.trainee_id: row for row in session.exec(statement)}


def enrol(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    *,
    user_ids: list[uuid.UUID] | None = None,
    all_unenrolled: bool = False,
    matching: str | None = None,
    expected: int | None = None,
) -> EnrolOutcome:
    """Enrol `user_ids`, every trainee not enrolled yet (`all_unenrolled`), or every one of them
    matching a search (`matching`, as the page's picker searches). `expected` is the count the
    person confirmed: if the matching set changed meanwhile, nothing is enrolled."""
    if not user_ids and not all_unenrolled and matching is None:
        raise ValidationFailed(
            "enrolment.nobody",
            code="nobody_to_enrol",
            errors=[{"field": "user_ids", "message_key": "enrolment.nobody"}],
        )
    # Institution first, course second: nothing takes them the other way round, so no deadlock.
    lock_schedule(session, course.institution_id)
    course = access.get_course(session, principal, course.id, for_update=True)
    if course.status == CourseStatus.FINISHED:
        raise Conflict("course.finished_readonly", code="course_finished")
    existing = _rows(session, principal, course)
    active = {tid for tid, row in existing.items() if row.status == EnrollmentStatus.ENROLLED}
    if matching is not None:
        candidates = [u.id for u in session.exec(roster_pages.candidates(principal, course, matching))]
        if expected is not None and expected != len(candidates):
            raise Conflict(
                "enrolment.matching_changed",
                code="matching_changed",
                params={"expected": expected, "count": len(candidates)},
            )
        if not candidates:
            raise ValidationFailed(
                "enrolment.nobody",
                code="nobody_to_enrol",
                errors=[{"field": "user_ids", "message_key": "enrolment.nobody"}],
            )
    elif all_unenrolled:
        candidates = [u.id for u in session.exec(_trainees(principal, course))]
    else:
        wanted = list(dict.fromkeys(user_ids or []))
        found = {u.id for u in session.exec(_trainees(principal, course).where(col(User.id).in_(wanted)))}
        unknown = [i for i in wanted if i not in found]
        if unknown:
            errors = [
                {"field": "user_ids", "message_key": "enrolment.not_a_trainee", "params": {"id": str(i)}}
                for i in unknown
            ]
            raise ValidationFailed(
                "enrolment.not_a_trainee_any",
                code="not_a_trainee",
                params={"count": len(unknown)},
                errors=errors,
            )
        candidates = wanted
    already = [i for i in candidates if i in active]
    new = [i for i in candidates if i not in active]
    taken = count_enrolled(session, principal, course)
    left = course.capacity - taken
    if len(new) > left:
        raise Conflict(
            "enrolment.capacity",
            code="capacity_exceeded",
            params={
                "capacity": course.capacity,
                "enrolled": taken,
                "left": max(left, 0),
                "requested": len(new),
            },
        )
    load_guard.ensure_enrolment_fits(session, principal, course, new)
    now = clock.now()
    rows = []
    for trainee_id in new:
        row = existing.get(trainee_id)
        if row is None:
            row = Enrollment(
                institution_id=course.institution_id,
                course_id=course.id,
                trainee_id=trainee_id,
                enrolled_at=now,
                enrolled_by=principal.user_id,
            )
        else:  # re-enrolling after a drop keeps one row per trainee; the drop stays in the audit trail
            row.status, row.enrolled_at, row.enrolled_by = EnrollmentStatus.ENROLLED, now, principal.user_id
            row.dropped_at = row.dropped_by = row.drop_reason = None
        session.add(row)
        rows.append(row)
    if rows:
        audit.record(
            session,
            clock,
            principal,
            "course.enrol",
            "course",
            course.id,
            institution_id=course.institution_id,
            detail={
                "trainees": [str(i) for i in new],
                **({"search": matching} if matching else {}),
            },
        )
    session.flush()
    return EnrolOutcome(rows, already, course.capacity, left - len(rows))


def drop(
    session: Session, clock: Clock, principal: Principal, course: Course, trainee_id: uuid.UUID, reason: str
) -> Enrollment:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            "enrolment.reason_required",
            code="reason_required",
            errors=[{"field": "reason", "message_key": "enrolment.reason_required"}],
        )
    row = _rows(session, principal, course).get(trainee_id)
    if row is None:
        raise NotFound()
    if row.status != EnrollmentStatus.ENROLLED:
        raise Conflict("enrolment.not_enrolled", code="not_enrolled")
    row.status = EnrollmentStatus.DROPPED
    row.dropped_at, row.dropped_by, row.drop_reason = clock.now(), principal.user_id, reason
    session.add(row)
    audit.record(
        session,
        clock,
        principal,
        "course.drop",
        "enrollment",
        row.id,
        institution_id=course.institution_id,
        detail={"trainee_id": str(trainee_id), "reason": reason},
    )
    session.flush()
    return row


@dataclass(frozen=True)
class RosterEntry:
    """An enrolment with its trainee, as the roster shows it (the enrolment's own columns are
    read through this object)."""

    enrollment: Enrollment
    trainee: User

    @property
    def trainee_name(self) -> str:
        return self.trainee.name

    @property
    def trainee_email(self) -> str:
        return self.trainee.email

    def __getattr__(self, name: str) -> Any:
        return getattr(self.enrollment, name)


def roster(session: Session, principal: Principal, course: Course) -> list[RosterEntry]:
    """Enrolled first, then by name: the roster people scan. Instructors read the rosters of
    the courses they teach only."""
    access.require(session, principal, course, P.COURSES_ROSTER_READ)
    statement = (
        scoped(select(Enrollment, User), principal, Enrollment)
        .join(User, col(User.id) == col(Enrollment.trainee_id))
        .where(Enrollment.course_id == course.id)
    )
    entries = [RosterEntry(row, user) for row, user in session.exec(statement)]
    return sorted(entries, key=lambda e: (e.enrollment.status != EnrollmentStatus.ENROLLED, e.trainee.name))


def not_enrolled(session: Session, principal: Principal, course: Course) -> list[User]:
    active = {
        tid
        for tid, row in _rows(session, principal, course).items()
        if row.status == EnrollmentStatus.ENROLLED
    }
    return [u for u in session.exec(_trainees(principal, course)) if u.id not in active]
