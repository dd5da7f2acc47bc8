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
from classroom.core.errors import NotFound
from classroom.core.permissions import Permission
from classroom.core.tenancy import Principal, parse_id
from classroom.courses import enrolment, queries, roster_pages
from classroom.courses.auth import CourseRef, Enroller, RosterReader
from classroom.courses.models import Course
from classroom.courses.rules.kinds import EnrollmentStatus
from classroom.web.courses.builder import shown
from classroom.web.forms import Refused, form_action
from classroom.web.listing import ListView, back_to_list, filter_value, page_request
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])
# The roster's filters and the picker's (its paging prefixed with "c"): a form on either list
# carries both, and the answer shows both as they were.
BOTH_LISTS = ("q", "status", "cq", "cpage", "csort", "csize")


def _page(
    request: Request,
    session: Session,
    principal: Principal,
    course: Course,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """The roster (paged, searchable) and, for staff who enrol, the picker of trainees not yet
    enrolled: search, tick some, or enrol everyone matching after confirming how many."""
    can_enrol = principal.can(Permission.COURSES_ENROL)
    enrolled = queries.count_enrolled(session, principal, course)
    path = _path(course)
    params = request.query_params
    roster_values = {
        "q": filter_value(request, "q"),
        "status": filter_value(request, "status", roster_pages.ROSTER_STATUSES),
    }
    picker_values = {"cq": filter_value(request, "cq")}
    roster_state = {**roster_values, **{k: params.get(k, "")[:40] for k in ("page", "sort", "size")}}
    picker_state = {
        **picker_values,
        **{f"c{k}": params.get(f"c{k}", "")[:40] for k in ("page", "sort", "size")},
    }
    status = roster_values["status"]
    roster = roster_pages.page_roster(
        session,
        principal,
        course,
        roster_pages.RosterFilter(q=roster_values["q"], status=EnrollmentStatus(status) if status else None),
        page_request(request),
    )
    context: dict[str, Any] = {
        "course": course,
        "roster_view": ListView(roster, path, roster_values, unit="common.list.people", keep=picker_state),
        "can_enrol": can_enrol,
        "enrolled": enrolled,
        "left": max(course.capacity - enrolled, 0),
        "statuses": roster_pages.ROSTER_STATUSES,
        **roster_values,
        **picker_values,
    }
    if can_enrol:
        picker = roster_pages.page_candidates(
            session, principal, course, picker_values["cq"], page_request(request, prefix="c")
        )
        context["picker_view"] = ListView(
            picker, path, picker_values, unit="common.list.people", prefix="c", keep=roster_state
        )
        context["confirming"] = params.get("confirm") == "matching" and picker.total > 0
        context["cancel_url"] = context["picker_view"].url()
        context["picker_reset_url"] = ListView(picker, path, {}, prefix="c", keep=roster_state).url(page=None)
    context.update(extra or {})
    return render(request, "courses/enrolment.html", context, status_code=status_code)


def _again(
    request: Request, session: Session, principal: Principal, course: Course, refused: Refused
) -> Response:
    if isinstance(refused.error, NotFound):
        raise refused.error  # nobody to act on: the not-found page, not the form
    return _page(request, session, principal, course, shown(request, refused), refused.status)


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
    enrol_matching: Annotated[str, Form(max_length=1)] = "",
    matching: Annotated[str, Form(max_length=200)] = "",
    expected: Annotated[int | None, Form(ge=0, le=1_000_000)] = None,
) -> Response:
    ids = []
    for value in user_ids:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue  # a tampered checkbox value simply selects nobody
    return form_action(
        request,
        session,
        lambda: enrolment.enrol(
            session,
            clock,
            principal,
            course,
            user_ids=ids,
            all_unenrolled=all_unenrolled == "1",
            # An empty search is everyone not enrolled: the flag says a search was confirmed.
            matching=matching.strip() if enrol_matching == "1" else None,
            expected=expected,
        ),
        done=lambda outcome: RedirectResponse(
            back_to_list(
                request, _path(course), BOTH_LISTS, msg="enrolment.done", count=str(len(outcome.enrolled))
            ),
            status_code=303,
        ),
        again=lambda refused: _again(request, session, principal, course, refused),
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
    trainee_id = parse_id(user_id)
    return form_action(
        request,
        session,
        lambda: enrolment.drop(session, clock, principal, course, trainee_id, reason),
        done=back_to_list(request, _path(course), BOTH_LISTS, msg="enrolment.dropped"),
        again=lambda refused: _again(request, session, principal, course, refused),
    )


def _path(course: Course) -> str:
    return f"/courses/{course.id}/enrollments"
