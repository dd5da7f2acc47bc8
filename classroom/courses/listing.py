"""The course list of staff pages, one page at a time: search by title, filter by status,
category, the month a course runs in and (operator, inspector) institution; the institution's
name comes with each row."""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from classroom.core.listing import Page, PageRequest, contains, fetch
from classroom.core.tenancy import Principal, scoped
from classroom.courses import access
from classroom.courses.models import Course, Enrollment
from classroom.courses.rules.kinds import CourseCategory, CourseStatus, EnrollmentStatus
from classroom.institutions.models import Institution


@dataclass(frozen=True)
class CourseFilter:
    q: str = ""
    status: CourseStatus | None = None
    category: CourseCategory | None = None
    institution_id: uuid.UUID | None = None
    month: date | None = None  # any day of the month: courses whose period touches it


@dataclass(frozen=True)
class CourseRow:
    course: Course
    institution_name: str
    enrolled: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.course, name)


# tenancy: enrolments of the course row itself, which is read through the tenant filter
ENROLLED = (
    select(func.count())
    .where(col(Enrollment.course_id) == col(Course.id), Enrollment.status == EnrollmentStatus.ENROLLED)
    .correlate(Course)
    .scalar_subquery()
)
SORTS = {
    "starts": col(Course.starts_on),
    "title": col(Course.title),
    "status": col(Course.status),
    "institution": col(Institution.name),
    "enrolled": ENROLLED,
}


def parse_month(text: str) -> date | None:
    """ "2027-05" → 1 May 2027; anything else (or a year outside 2000–2100) → None."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


def page_courses(
    session: Session, principal: Principal, wanted: CourseFilter, request: PageRequest
) -> Page[CourseRow]:
    statement = access.visible(select(Course, Institution.name), principal).join(
        Institution, col(Institution.id) == col(Course.institution_id)
    )
    if wanted.q.strip():
        statement = statement.where(contains(Course.title, wanted.q))
    if wanted.status is not None:
        statement = statement.where(Course.status == wanted.status)
    if wanted.category is not None:
        statement = statement.where(Course.category == wanted.category)
    if wanted.institution_id is not None:
        statement = statement.where(Course.institution_id == wanted.institution_id)
    if wanted.month is not None:
        first = wanted.month.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        statement = statement.where(Course.starts_on <= last, Course.ends_on >= first)
    page = fetch(session, statement, request, SORTS, "starts", default_descending=True, tie=col(Course.id))
    ids = [course.id for course, _ in page.items]
    counts: dict[uuid.UUID, int] = {}
    if ids:
        counted = (
            scoped(select(Enrollment.course_id, func.count()), principal, Enrollment)
            .where(col(Enrollment.course_id).in_(ids), Enrollment.status == EnrollmentStatus.ENROLLED)
            .group_by(col(Enrollment.course_id))
        )
        counts = {course_id: int(n) for course_id, n in session.exec(counted)}
    return page.map(lambda row: CourseRow(row[0], row[1], counts.get(row[0].id, 0)))
