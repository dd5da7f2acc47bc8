"""Read-only questions about courses: the visible list, enrolment counts, who teaches or
supervises, and what occupies the institution's leased classrooms."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access
from classroom.courses.models import Course, CourseInstructor, Enrollment
from classroom.courses.rules.kinds import CourseStatus, EnrollmentStatus


@dataclass(frozen=True)
class CourseListing:
    """A course as the API shows it: the row's columns plus who teaches it and how many are
    enrolled (the schema reads the row's own columns through this object)."""

    course: Course
    instructor_ids: list[uuid.UUID]
    enrolled: int
    lead_instructor_id: uuid.UUID | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.course, name)


def list_courses(
    session: Session, principal: Principal, *, status: CourseStatus | None = None
) -> list[Course]:
    statement = access.visible(select(Course), principal)
    if status is not None:
        statement = statement.where(Course.status == status)
    return list(session.exec(statement.order_by(col(Course.starts_on).desc(), col(Course.title))))


def live_course_periods(
    session: Session, principal: Principal, first: date, last: date, *, exclude: uuid.UUID | None = None
) -> list[tuple[date, date]]:
    """Training periods of the institution's published or running courses overlapping
    [first, last]: what occupies leased classrooms (the lease quota check when publishing)."""
    statement = scoped(select(Course.starts_on, Course.ends_on), principal, Course).where(
        col(Course.status).in_([CourseStatus.PUBLISHED, CourseStatus.RUNNING]),
        Course.starts_on <= last,
        Course.ends_on >= first,
    )
    if exclude is not None:
        statement = statement.where(Course.id != exclude)
    return [(start, end) for start, end in session.exec(statement)]


def live_courses_on(session: Session, principal: Principal, day: date) -> int:
    return len(live_course_periods(session, principal, day, day))


def count_enrolled(session: Session, principal: Principal, course: Course) -> int:
    statement = scoped(select(func.count()).select_from(Enrollment), principal, Enrollment).where(
        Enrollment.course_id == course.id, Enrollment.status == EnrollmentStatus.ENROLLED
    )
    return int(session.exec(statement).one())


def enrolled_counts(session: Session, principal: Principal) -> dict[uuid.UUID, int]:
    statement = (
        scoped(select(Enrollment.course_id, func.count()), principal, Enrollment)
        .where(Enrollment.status == EnrollmentStatus.ENROLLED)
        .group_by(col(Enrollment.course_id))
    )
    return {course_id: int(count) for course_id, count in session.exec(statement)}


def listing(session: Session, principal: Principal, course: Course) -> CourseListing:
    return CourseListing(
        course,
        access.instructor_ids(session, principal, course),
        count_enrolled(session, principal, course),
        access.lead_id(session, principal, course),
    )


def listings(session: Session, principal: Principal, courses: list[Course]) -> list[CourseListing]:
    """The list shape with two queries in total rather than two per course."""
    teachers: dict[uuid.UUID, list[uuid.UUID]] = {c.id: [] for c in courses}
    leads: dict[uuid.UUID, uuid.UUID] = {}
    if teachers:
        links = scoped(select(CourseInstructor), principal).where(
            col(CourseInstructor.course_id).in_(list(teachers))
        )
        for link in session.exec(links):
            teachers[link.course_id].append(link.user_id)
            if link.is_lead:
                leads[link.course_id] = link.user_id
    counts = enrolled_counts(session, principal)
    return [CourseListing(c, teachers[c.id], counts.get(c.id, 0), leads.get(c.id)) for c in courses]


def _active(session: Session, principal: Principal, role: Role) -> list[User]:
    statement = scoped(select(User), principal).where(User.role == str(role), col(User.is_active).is_(True))
    return list(session.exec(statement.order_by(col(User.name))))


def instructors_of_institution(session: Session, principal: Principal) -> list[User]:
    return _active(session, principal, Role.INSTRUCTOR)


def supervisors_of_institution(session: Session, principal: Principal) -> list[User]:
    return _active(session, principal, Role.SUPERVISOR)


def course_instructors(session: Session, principal: Principal, course: Course) -> list[User]:
    """The course's own instructors (the only ones a lesson of it may name), by name."""
    ids = access.instructor_ids(session, principal, course)
    if not ids:
        return []
    statement = scoped(select(User), principal).where(col(User.id).in_(ids), col(User.is_active).is_(True))
    return list(session.exec(statement.order_by(col(User.name))))
