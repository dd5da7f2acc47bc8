"""The enrolment page's two long lists, one page at a time: the course's roster and the
institution's trainees who could still be enrolled (searchable by name, e-mail or phone).

`candidates` is also what "enrol everyone matching" enrols (`enrolment.enrol(matching=…)`),
so the count people confirm and the set that is enrolled come from one query.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from classroom.accounts.models import User
from classroom.core.listing import Page, PageRequest, contains, count, fetch
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access
from classroom.courses.models import Course, Enrollment
from classroom.courses.rules.kinds import EnrollmentStatus

ROSTER_STATUSES = tuple(str(s) for s in EnrollmentStatus)


def _matching(statement: SelectOfScalar[User], text: str) -> SelectOfScalar[User]:
    text = text.strip()
    if not text:
        return statement
    return statement.where(
        or_(contains(User.name, text), contains(User.email, text), contains(User.phone, text))
    )


def candidates(principal: Principal, course: Course, text: str = "") -> SelectOfScalar[User]:
    """Active trainees of the course's institution, not enrolled in it now, matching `text`."""
    enrolled = scoped(select(Enrollment.trainee_id), principal, Enrollment).where(
        Enrollment.course_id == course.id, Enrollment.status == EnrollmentStatus.ENROLLED
    )
    statement = scoped(select(User), principal).where(
        User.institution_id == course.institution_id,
        User.role == str(Role.TRAINEE),
        col(User.is_active).is_(True),
        col(User.id).not_in(enrolled),
    )
    return _matching(statement, text)


CANDIDATE_SORTS = {"name": col(User.name), "email": col(User.email)}


def page_candidates(
    session: Session, principal: Principal, course: Course, text: str, request: PageRequest
) -> Page[User]:
    return fetch(
        session, candidates(principal, course, text), request, CANDIDATE_SORTS, "name", tie=col(User.id)
    )


def count_candidates(session: Session, principal: Principal, course: Course, text: str) -> int:
    return count(session, candidates(principal, course, text))


@dataclass(frozen=True)
class RosterFilter:
    q: str = ""
    status: EnrollmentStatus | None = None


ROSTER_SORTS = {
    "status": col(Enrollment.status),
    "name": col(User.name),
    "email": col(User.email),
    "enrolled": col(Enrollment.enrolled_at),
}


def page_roster(
    session: Session, principal: Principal, course: Course, wanted: RosterFilter, request: PageRequest
) -> Page[tuple[Enrollment, User]]:
    """Enrolled before dropped, then by name, unless sorted otherwise. Instructors read the
    rosters of the courses they teach only."""
    access.require(session, principal, course, P.COURSES_ROSTER_READ)
    statement = (
        scoped(select(Enrollment, User), principal, Enrollment)
        .join(User, col(User.id) == col(Enrollment.trainee_id))
        .where(Enrollment.course_id == course.id)
    )
    if wanted.status is not None:
        statement = statement.where(Enrollment.status == wanted.status)
    if wanted.q.strip():
        text = wanted.q.strip()
        statement = statement.where(
            or_(contains(User.name, text), contains(User.email, text), contains(User.phone, text))
        )
    enrolled_first = case((col(Enrollment.status) == EnrollmentStatus.ENROLLED, 0), else_=1)
    sorts = {**ROSTER_SORTS, "status": [enrolled_first, col(User.name)]}
    page = fetch(session, statement, request, sorts, "status", tie=col(Enrollment.id))
    return page.map(lambda row: (row[0], row[1]))
