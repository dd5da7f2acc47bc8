"""Enrolment management: the roster, enrol selected or all not-yet-enrolled trainees, drop with a reason."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import ClassroomError, Forbidden, NotFound, request_lang
from classroom.core.permissions import Permission
from classroom.core.tenancy import Principal
from classroom.courses import access, enrolment, service
from classroom.courses.auth import CourseRef, Enroller, RosterReader
from classroom.courses.models import Course
from classroom.web.courses.builder import problems
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])


def _page(
    request: Request,
    session: Session,
    principal: Principal,
    course: Course,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    if not access.can_read_roster(session, principal, course):
        raise Forbidden("course.not_teaching", code="not_course_instructor")
    can_enrol = principal.can(Permission.COURSES_ENROL)
    enrolled = service.count_enrolled(session, principal, course)
    context = {
        "course": course,
        "roster": enrolment.roster(session, principal, course),
        "can_enrol": can_enrol,
        "candidates": enrolment.not_enrolled(session, principal, course) if can_enrol else [],
        "enrolled": enrolled,
        "left": max(course.capacity - enrolled, 0),
    }
    context.update(extra or {})
    return render(request, "courses/enrolment.html", context, status_code=status_code)


@router.get("/courses/{course_id}/enrollments")
def enrolment_page(
    request: Request, session: DbSession, principal: RosterReader, course: CourseRef
) -> Response:
    return _page(request, session, principal, course)


@router.post("/courses/{course_id}/enrollments")
def enrolment_add(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Enroller,
    course: CourseRef,
    user_ids: Annotated[list[str], Form()] = [],  # noqa: B006
    all_unenrolled: Annotated[str, Form()] = "",
) -> Response:
    try:
        ids = []
        for value in user_ids:
            try:
                ids.append(uuid.UUID(value))
            except ValueError:
                continue  # a tampered checkbox value simply selects nobody
        outcome = enrolment.enrol(
            session, clock, principal, course, user_ids=ids, all_unenrolled=all_unenrolled == "1"
        )
    except ClassroomError as exc:
        session.rollback()
        return _page(request, session, principal, course, problems(exc, request_lang(request)), exc.status)
    return RedirectResponse(
        f"/courses/{course.id}/enrollments?msg=enrolment.done&count={len(outcome.enrolled)}", status_code=303
    )


@router.post("/courses/{course_id}/enrollments/{user_id}/drop")
def enrolment_drop(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Enroller,
    course: CourseRef,
    user_id: str,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        trainee_id = uuid.UUID(user_id)
    except ValueError:
        raise NotFound() from None
    try:
        enrolment.drop(session, clock, principal, course, trainee_id, reason)
    except NotFound:
        raise
    except ClassroomError as exc:
        session.rollback()
        return _page(request, session, principal, course, problems(exc, request_lang(request)), exc.status)
    return RedirectResponse(f"/courses/{course.id}/enrollments?msg=enrolment.dropped", status_code=303)
