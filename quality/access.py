"""Who may act on a course's quality records, beyond the role's permissions: the tenant filter
decides the institution, `classroom.courses.access` the rows (an instructor acts only on the
courses they teach; a trainee sees only courses they are enrolled in). Rosters are read here
through the tenant filter, with names, for every quality list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.core.errors import NotFound
from classroom.core.permissions import Permission
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access as course_access
from classroom.courses.models import Course, Enrollment
from classroom.courses.rules.kinds import EnrollmentStatus


def require(session: Session, principal: Principal, course: Course, permission: Permission) -> None:
    course_access.require(session, principal, course, permission)


def may(session: Session, principal: Principal, course: Course, permission: Permission) -> bool:
    return course_access.may(session, principal, course, permission)


@dataclass(frozen=True)
class Member:
    trainee_id: uuid.UUID
    name: str
    email: str
    enrolled: bool  # False: dropped


def roster(session: Session, principal: Principal, course: Course) -> list[Member]:
    """Every trainee ever enrolled in the course (dropped ones too), by name."""
    statement = (
        scoped(select(Enrollment, User), principal, Enrollment)
        .join(User, col(User.id) == col(Enrollment.trainee_id))
        .where(Enrollment.course_id == course.id)
    )
    members = [
        Member(user.id, user.name, user.email, row.status == EnrollmentStatus.ENROLLED)
        for row, user in session.exec(statement)
    ]
    return sorted(members, key=lambda m: (m.name, m.email))


def member(session: Session, principal: Principal, course: Course, trainee_id: uuid.UUID) -> Member:
    """One trainee of the course; anyone else (or another institution's) is a NotFound."""
    for found in roster(session, principal, course):
        if found.trainee_id == trainee_id:
            return found
    raise NotFound()


def is_enrolled_trainee(session: Session, principal: Principal, course: Course) -> bool:
    if principal.role is not Role.TRAINEE:
        return False
    statement = scoped(select(Enrollment.id), principal, Enrollment).where(
        Enrollment.course_id == course.id,
        Enrollment.trainee_id == principal.user_id,
        Enrollment.status == EnrollmentStatus.ENROLLED,
    )
    return session.exec(statement).first() is not None


def names(session: Session, principal: Principal, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    statement = scoped(select(User.id, User.name), principal, User).where(col(User.id).in_(ids))
    return {user_id: name for user_id, name in session.exec(statement)}  # noqa: C416 (rows, not pairs)
