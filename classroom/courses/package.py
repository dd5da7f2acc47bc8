"""Courses, blended schedules, enrolment, calendars and the iCal feed."""

import uuid
from datetime import date

from sqlmodel import Session

from classroom.core.package import JobSpec, Package, Periodic
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import tenant_system_principal
from classroom.courses.cli import ADVANCE_JOB, advance_job, courses_group
from classroom.courses.demo import seed_courses
from classroom.courses.messages import MESSAGES
from classroom.courses.models import CalendarFeed, Course, CourseInstructor, Enrollment, Lesson, LessonSeries
from classroom.courses.queries import live_courses_on
from classroom.courses.routes import feed_router, router


def _running_courses(session: Session, institution_id: uuid.UUID, on: date) -> int:
    return live_courses_on(session, tenant_system_principal(institution_id), on)


PACKAGE = Package(
    name="courses",
    models=(Course, CourseInstructor, Lesson, LessonSeries, Enrollment, CalendarFeed),
    messages=MESSAGES,
    permissions=frozenset(
        {P.COURSES_READ, P.COURSES_WRITE, P.COURSES_ROSTER_READ, P.COURSES_ENROL, P.CALENDAR_OWN}
    ),
    api_routers=(router, feed_router),
    usage={"classrooms": _running_courses},
    demo=seed_courses,
    periodic=(Periodic("courses.advance", lambda settings: settings.calendar_tick_seconds, ADVANCE_JOB),),
    jobs=(JobSpec(ADVANCE_JOB, advance_job),),
    commands=(courses_group,),
)
