"""Who may touch courses: the typed gates of the course routes and their path-object loaders.

Permissions (core/permissions.py) say which kind of action a role may take; which courses it
may see is `access.visible` (trainees: enrolled courses; supervisors: courses with on-site days
they supervise; staff: every course of their institution). What depends on the course itself
(being one of its instructors) is checked by the services through `access.require`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from classroom.accounts.auth import Db, Signed, path_loader, require
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.courses import access
from classroom.courses.models import Course, Lesson
from classroom.courses.timetable import get_lesson

Reader = Annotated[Principal, Depends(require(P.COURSES_READ))]
Writer = Annotated[Principal, Depends(require(P.COURSES_WRITE))]
RosterReader = Annotated[Principal, Depends(require(P.COURSES_ROSTER_READ))]
Enroller = Annotated[Principal, Depends(require(P.COURSES_ENROL))]
CalendarUser = Annotated[Principal, Depends(require(P.CALENDAR_OWN))]

load_course = path_loader(Course, "course_id", access.get_course)
CourseRef = Annotated[Course, Depends(load_course)]


def load_lesson(
    session: Db,
    principal: Signed,
    course: CourseRef,
    lesson_id: Annotated[str, Path(description="Lesson id (UUID)")],
) -> Lesson:
    return get_lesson(session, principal, course, lesson_id)


LessonRef = Annotated[Lesson, Depends(load_lesson)]
