"""Who may read or act on which course's attendance, beyond the route's permission gate.

The course itself is loaded through `classroom.courses.access` (tenant filter, trainees see
enrolled courses only). Here: instructors act only on the courses they teach; a trainee reads
only their own figures (anyone else's answer 404, like a trainee who is not there); lessons are
found by id within the caller's visible courses.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from classroom.core.errors import NotFound
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, Role, parse_id, scoped
from classroom.courses import access as courses
from classroom.courses.models import Course, Enrollment, Lesson
from classroom.courses.rules.kinds import EnrollmentStatus


def reads_everyone(principal: Principal) -> bool:
    return principal.role is not Role.TRAINEE


def require_read(session: Session, principal: Principal, course: Course) -> None:
    courses.require(session, principal, course, P.ATTENDANCE_READ)


def require_take(session: Session, principal: Principal, course: Course) -> None:
    courses.require(session, principal, course, P.ATTENDANCE_TAKE)


def is_enrolled(session: Session, principal: Principal, course: Course, trainee_id: uuid.UUID) -> bool:
    statement = scoped(select(Enrollment.id), principal, Enrollment).where(
        Enrollment.course_id == course.id,
        Enrollment.trainee_id == trainee_id,
        Enrollment.status == EnrollmentStatus.ENROLLED,
    )
    return session.exec(statement).first() is not None


def was_enrolled(session: Session, principal: Principal, course: Course, trainee_id: uuid.UUID) -> bool:
    statement = scoped(select(Enrollment.id), principal, Enrollment).where(
        Enrollment.course_id == course.id, Enrollment.trainee_id == trainee_id
    )
    return session.exec(statement).first() is not None


def require_trainee(session: Session, principal: Principal, course: Course, trainee_id: uuid.UUID) -> None:
    """The trainee's figures are readable by this principal: their own, or staff of the course."""
    require_read(session, principal, course)
    if not reads_everyone(principal) and trainee_id != principal.user_id:
        raise NotFound()
    if not was_enrolled(session, principal, course, trainee_id):
        raise NotFound()


def get_lesson(session: Session, principal: Principal, lesson_id: object) -> Lesson:
    """A lesson of a course the principal can see; anything else is the same NotFound."""
    statement = scoped(select(Lesson), principal).where(Lesson.id == parse_id(lesson_id))
    lesson = session.exec(statement).first()
    if lesson is None:
        raise NotFound()
    courses.get_course(session, principal, lesson.course_id)
    return lesson


def course_of(session: Session, principal: Principal, lesson: Lesson) -> Course:
    return courses.get_course(session, principal, lesson.course_id)
