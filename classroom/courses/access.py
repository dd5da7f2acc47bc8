"""Row-level visibility of courses on top of the tenant filter, and what a person may do to a
course beyond what their role's permissions say.

The tenant filter (`scoped`) decides *which institution*; inside it a trainee sees only the
courses they are enrolled in and a supervisor only those with on-site days they supervise.
Courses a person may not see answer 404 exactly like another institution's (no existence leak).
Permissions are checked by the routes' gates (`auth.py`); services re-check only what depends
on the course (`require`: an instructor acts only on the courses they teach).
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy.sql import Select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from classroom.core.errors import Forbidden, NotFound
from classroom.core.permissions import Permission
from classroom.core.tenancy import Principal, Role, parse_id, scoped
from classroom.courses.models import Course, CourseInstructor, Enrollment, Lesson
from classroom.courses.rules.kinds import CourseStatus, EnrollmentStatus

S = TypeVar("S", bound=Select[*tuple[Any, ...]])


def enrolled_course_ids(principal: Principal, trainee_id: uuid.UUID) -> SelectOfScalar[uuid.UUID]:
    return scoped(select(Enrollment.course_id), principal, Enrollment).where(
        Enrollment.trainee_id == trainee_id, Enrollment.status == EnrollmentStatus.ENROLLED
    )


def supervised_course_ids(principal: Principal, supervisor_id: uuid.UUID) -> SelectOfScalar[uuid.UUID]:
    return scoped(select(Lesson.course_id), principal, Lesson).where(Lesson.supervisor_id == supervisor_id)


def taught_course_ids(principal: Principal, instructor_id: uuid.UUID) -> SelectOfScalar[uuid.UUID]:
    return scoped(select(CourseInstructor.course_id), principal, CourseInstructor).where(
        CourseInstructor.user_id == instructor_id
    )


def visible(statement: S, principal: Principal) -> S:
    """Tenant filter plus the per-role narrowing; `statement` selects from Course."""
    statement = scoped(statement, principal, Course)
    if principal.role is Role.TRAINEE:
        return statement.where(
            col(Course.id).in_(enrolled_course_ids(principal, principal.user_id)),
            col(Course.status) != CourseStatus.DRAFT,
        )
    if principal.role is Role.SUPERVISOR:
        return statement.where(
            col(Course.id).in_(supervised_course_ids(principal, principal.user_id)),
            col(Course.status) != CourseStatus.DRAFT,
        )
    return statement


def get_course(
    session: Session, principal: Principal, course_id: object, *, for_update: bool = False
) -> Course:
    statement = visible(select(Course).where(Course.id == parse_id(course_id)), principal)
    if for_update:
        # populate_existing: the row may already sit in the identity map with stale figures.
        statement = statement.with_for_update().execution_options(populate_existing=True)
    course = session.exec(statement).first()
    if course is None:
        raise NotFound()
    return course


def instructor_ids(session: Session, principal: Principal, course: Course) -> list[uuid.UUID]:
    statement = scoped(select(CourseInstructor.user_id), principal, CourseInstructor).where(
        CourseInstructor.course_id == course.id
    )
    return list(session.exec(statement))


def lead_id(session: Session, principal: Principal, course: Course) -> uuid.UUID | None:
    """The course's lead instructor (책임강사), who may add and remove co-instructors."""
    statement = scoped(select(CourseInstructor.user_id), principal, CourseInstructor).where(
        CourseInstructor.course_id == course.id, col(CourseInstructor.is_lead).is_(True)
    )
    return session.exec(statement).first()


def leads(session: Session, principal: Principal, course: Course) -> bool:
    return principal.role is Role.INSTRUCTOR and lead_id(session, principal, course) == principal.user_id


def may_staff(session: Session, principal: Principal, course: Course) -> bool:
    """Whether `principal` may choose the course's instructors: an admin of its institution,
    or its lead instructor."""
    if not may(session, principal, course, Permission.COURSES_WRITE):
        return False
    return principal.role is Role.INSTITUTION_ADMIN or leads(session, principal, course)


def teaches(session: Session, principal: Principal, course: Course) -> bool:
    return principal.user_id in instructor_ids(session, principal, course)


def may(session: Session, principal: Principal, course: Course, permission: Permission) -> bool:
    """Whether `principal` may use `permission` on this course. The role must hold it (the
    route's gate said so already; pages ask here to show or hide controls); what the gate
    cannot know depends on the course: it must be of the principal's institution (unless the
    role works across institutions), and an instructor acts only on the courses they teach."""
    if not principal.can(permission):
        return False
    if not principal.cross_tenant and principal.institution_id != course.institution_id:
        return False
    if principal.role is Role.INSTRUCTOR:
        return teaches(session, principal, course)
    return True


def require(session: Session, principal: Principal, course: Course, permission: Permission) -> None:
    """The one check services make about a course itself (see `may`)."""
    if not may(session, principal, course, permission):
        raise Forbidden("course.not_teaching", code="not_course_instructor")
