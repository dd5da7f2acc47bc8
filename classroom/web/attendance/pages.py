"""Attendance report pages: my attendance / course list, a course's summary with the weekly
chart and exports, a trainee's days and unit periods."""

from __future__ import annotations

import uuid
from fractions import Fraction

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import col, select

from attendance import exports, reports
from attendance.auth import CourseRef, Reader
from classroom.core.clock import seoul_date
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import request_lang
from classroom.core.money import format_rate
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Role
from classroom.courses import access as course_access
from classroom.courses.models import Course
from classroom.courses.rules.kinds import CourseStatus
from classroom.web.attendance.charts import weekly_chart
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])


def rate(value: object) -> str:
    """A rate as people read it; no rate (no training day yet) is "–", never 0%."""
    return format_rate(value) if isinstance(value, Fraction) else "–"


@router.get("/attendance")
def index_page(request: Request, session: DbSession, clock: ClockDep, principal: Reader) -> Response:
    statement = course_access.visible(select(Course), principal).where(Course.status != CourseStatus.DRAFT)
    courses = [
        c
        for c in session.exec(statement.order_by(col(Course.starts_on).desc()))
        if course_access.may(session, principal, c, P.ATTENDANCE_READ)
    ]
    mine = {}
    if principal.role is Role.TRAINEE:
        for course in courses:
            mine[course.id] = reports.trainee_outcome(session, principal, course, principal.user_id, clock)
    return render(request, "attendance/index.html", {"courses": courses, "mine": mine, "rate": rate})


@router.get("/courses/{course_id}/attendance")
def course_page(
    request: Request, session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef
) -> Response:
    if principal.role is Role.TRAINEE:
        return RedirectResponse(f"/courses/{course.id}/attendance/{principal.user_id}", status_code=303)
    outcomes = reports.course_outcomes(session, principal, course, clock)
    chart = weekly_chart(reports.weekly(outcomes), request_lang(request))
    return render(
        request, "attendance/course.html", {"course": course, "lines": outcomes, "rate": rate, "chart": chart}
    )


def _download(course: Course, data: bytes, media: str, ext: str) -> Response:
    name = f"attendance-{course.starts_on:%Y%m%d}-{str(course.id)[:8]}.{ext}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(data, media_type=media, headers=headers)


@router.get("/courses/{course_id}/attendance.csv")
def export_csv(session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef) -> Response:
    table = exports.course_table(reports.course_outcomes(session, principal, course, clock))
    return _download(course, exports.to_csv(table), "text/csv; charset=utf-8", "csv")


@router.get("/courses/{course_id}/attendance.xlsx")
def export_xlsx(session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef) -> Response:
    table = exports.course_table(reports.course_outcomes(session, principal, course, clock))
    return _download(course, exports.to_xlsx(table), exports.XLSX, "xlsx")


@router.get("/courses/{course_id}/attendance/{trainee_id}")
def trainee_page(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Reader,
    course: CourseRef,
    trainee_id: uuid.UUID,
) -> Response:
    outcome = reports.trainee_outcome(session, principal, course, trainee_id, clock)
    today = seoul_date(clock.now())
    window = outcome.policy.correction_days
    correctable = [d.day for d in outcome.days if 0 <= (today - d.day).days <= window]
    own = principal.role is Role.TRAINEE and principal.user_id == trainee_id
    can_correct = (
        bool(correctable)
        and (own or course_access.may(session, principal, course, P.ATTENDANCE_TAKE))
        and principal.can(P.ATTENDANCE_CORRECT)
    )
    context = {
        "course": course,
        "o": outcome,
        "rate": rate,
        "correctable": correctable,
        "can_correct": can_correct,
    }
    return render(request, "attendance/trainee.html", context)
