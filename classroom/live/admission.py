"""Who may open the socket of a live lesson: the path loader and the door's decision.

The route's gate (`live:attend`) already limited the roles; the loader finds the lesson within
the caller's reach (a trainee sees only enrolled courses; another institution's lesson, a
lesson that is not live and a missing one are the same 404); `decide` applies the rules of
`rules.admission` to the facts read here and refuses what they refuse, before the upgrade."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from classroom.core.clock import to_seoul
from classroom.core.errors import Conflict, Forbidden, NotFound
from classroom.core.tenancy import Principal, get_scoped_or_404, scoped
from classroom.courses import access
from classroom.courses.models import Course, Enrollment, Lesson
from classroom.courses.rules.kinds import EnrollmentStatus, LessonMode
from classroom.live.models import LiveRoom, Removal
from classroom.live.room import find_room
from classroom.live.rules.admission import Admission, Door, Refusal, Standing, admit


def load_live_lesson(session: Session, principal: Principal, lesson_id: str) -> Lesson:
    lesson = get_scoped_or_404(session, Lesson, lesson_id, principal)
    if lesson.mode is not LessonMode.LIVE:
        raise NotFound()
    access.get_course(session, principal, lesson.course_id)  # row visibility (enrolment)
    return lesson


@dataclass(frozen=True)
class Entry:
    """A decision at the door, with what the room needs to know about the person."""

    lesson: Lesson
    course: Course
    room: LiveRoom | None
    admission: Admission

    @property
    def staff(self) -> bool:
        return self.admission.standing in (Standing.INSTRUCTOR, Standing.OBSERVER)


def teaches(session: Session, principal: Principal, course: Course, lesson: Lesson) -> bool:
    return lesson.instructor_id == principal.user_id or access.teaches(session, principal, course)


def _enrolled(session: Session, principal: Principal, course: Course) -> bool:
    statement = scoped(select(Enrollment.id), principal, Enrollment).where(
        Enrollment.course_id == course.id,
        Enrollment.trainee_id == principal.user_id,
        Enrollment.status == EnrollmentStatus.ENROLLED,
    )
    return session.exec(statement).first() is not None


def _removed(session: Session, principal: Principal, lesson_id: uuid.UUID) -> bool:
    statement = scoped(select(Removal.user_id), principal, Removal).where(
        Removal.lesson_id == lesson_id, Removal.user_id == principal.user_id
    )
    return session.exec(statement).first() is not None


def look(session: Session, principal: Principal, lesson: Lesson, now: datetime) -> Entry:
    """The decision without refusing (the page shows why the door is closed)."""
    course = access.get_course(session, principal, lesson.course_id)
    room = find_room(session, principal, lesson.id)
    door = Door(
        role=str(principal.role),
        teaches=principal.role.value == "instructor" and teaches(session, principal, course, lesson),
        enrolled=principal.role.value == "trainee" and _enrolled(session, principal, course),
        removed=_removed(session, principal, lesson.id),
        now=now,
        starts_at=lesson.starts_at,
        ends_at=lesson.ends_at,
        ended_at=room.ended_at if room is not None else None,
    )
    return Entry(lesson, course, room, admit(door))


def refusal_error(admission: Admission) -> Exception:
    refusal = admission.refusal or Refusal.ROLE
    if refusal is Refusal.NOT_OPEN:
        assert admission.opens_at is not None
        return Conflict(
            "live.refused.not_open",
            code="live_not_open",
            params={"opens_at": to_seoul(admission.opens_at).strftime("%H:%M")},
        )
    return Forbidden(f"live.refused.{refusal.value}", code=f"live_{refusal.value}")


def decide(session: Session, principal: Principal, lesson: Lesson, now: datetime) -> Entry:
    entry = look(session, principal, lesson, now)
    if not entry.admission.admitted:
        raise refusal_error(entry.admission)
    return entry
