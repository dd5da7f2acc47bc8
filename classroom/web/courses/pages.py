"""Course pages: list, the course builder (details, plan summary, status), and page wiring.

Lessons and the recurring generator live in `schedule`, enrolment in `enrolment`, personal
calendars in `calendar`; `package.py` declares all four routers.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import request_lang
from classroom.core.permissions import Permission
from classroom.core.tenancy import Principal, Role
from classroom.courses import listing as course_listing
from classroom.courses import queries, service
from classroom.courses.auth import CourseRef, Reader, Writer
from classroom.courses.models import Course
from classroom.courses.policy import policies_for
from classroom.courses.rules.kinds import CourseCategory, CourseStatus
from classroom.courses.schemas import CourseCreate, CourseUpdate
from classroom.courses.timetable import lessons_by_course
from classroom.institutions import service as institutions
from classroom.web.courses import views
from classroom.web.courses.builder import builder_page, shown
from classroom.web.forms import form_action
from classroom.web.listing import ListView, filter_value, page_request
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])
InstructorIds = Annotated[list[str], Form()]


def _list_page(
    request: Request,
    session: Session,
    principal: Principal,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    lang = request_lang(request)
    institution_list = institutions.list_institutions(session) if principal.cross_tenant else []
    values = {
        "q": filter_value(request, "q"),
        "status": filter_value(request, "status", [str(s) for s in CourseStatus]),
        "category": filter_value(request, "category", [str(c) for c in CourseCategory]),
        "institution_id": filter_value(request, "institution_id", [str(i.id) for i in institution_list]),
        "month": filter_value(request, "month"),
    }
    month = course_listing.parse_month(values["month"])
    values["month"] = month.strftime("%Y-%m") if month else ""
    wanted = course_listing.CourseFilter(
        q=values["q"],
        status=CourseStatus(values["status"]) if values["status"] else None,
        category=CourseCategory(values["category"]) if values["category"] else None,
        institution_id=uuid.UUID(values["institution_id"]) if values["institution_id"] else None,
        month=month,
    )
    page = course_listing.page_courses(session, principal, wanted, page_request(request))
    view = ListView(page, "/courses", values, unit="common.list.courses")
    courses = [row.course for row in page.items]
    grouped = lessons_by_course(session, principal, courses)
    policies = policies_for(session, courses)
    plans = {c.id: views.plan_view(grouped[c.id], lang, policies[c.id]) for c in courses}
    can_write = principal.can(Permission.COURSES_WRITE)
    context = {
        "view": view,
        "courses": page.items,
        "counts": {row.course.id: row.enrolled for row in page.items},
        "plans": plans,
        "can_write": can_write,
        "form": {},
        "categories": views.category_options(lang),
        "category_label": views.category_label,
        "statuses": list(CourseStatus),
        "show_institution": principal.cross_tenant,
        "institution_list": institution_list,
        "instructors": queries.instructors_of_institution(session, principal) if can_write else [],
        **values,
    }
    context.update(extra or {})
    return render(request, "courses/list.html", context, status_code=status_code)


@router.get("/courses")
def courses_page(request: Request, session: DbSession, principal: Reader) -> Response:
    return _list_page(request, session, principal)


@router.post("/courses")
def courses_create(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    title: Annotated[str, Form(max_length=200)] = "",
    category: Annotated[str, Form()] = "",
    starts_on: Annotated[str, Form()] = "",
    ends_on: Annotated[str, Form()] = "",
    capacity: Annotated[str, Form()] = "",
    pass_mark: Annotated[str, Form()] = "60",
    description: Annotated[str, Form(max_length=4000)] = "",
    instructor_ids: InstructorIds = [],  # noqa: B006
) -> Response:
    form = {
        "title": title,
        "category": category,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "capacity": capacity,
        "pass_mark": pass_mark,
        "description": description,
        "instructor_ids": instructor_ids,
    }

    def create() -> Course:
        data = views.build(
            CourseCreate,
            {**form, "pass_mark": pass_mark or 60, "instructor_ids": [i for i in instructor_ids if i]},
        )
        return service.create_course(session, clock, principal, data)

    return form_action(
        request,
        session,
        create,
        done=lambda course: RedirectResponse(f"/courses/{course.id}?msg=course.created", status_code=303),
        again=lambda refused: _list_page(
            request, session, principal, {**shown(request, refused), "form": form}, refused.status
        ),
    )


@router.get("/courses/{course_id}")
def course_page(request: Request, session: DbSession, principal: Reader, course: CourseRef) -> Response:
    return builder_page(request, session, principal, course)


@router.post("/courses/{course_id}")
def course_update(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    title: Annotated[str, Form(max_length=200)] = "",
    category: Annotated[str, Form()] = "",
    starts_on: Annotated[str, Form()] = "",
    ends_on: Annotated[str, Form()] = "",
    capacity: Annotated[str, Form()] = "",
    pass_mark: Annotated[str, Form()] = "",
    description: Annotated[str, Form(max_length=4000)] = "",
    instructor_ids: InstructorIds = [],  # noqa: B006
    lead_instructor_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    values: dict[str, Any] = {
        "title": title,
        "category": category,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "capacity": capacity,
        "pass_mark": pass_mark,
        "description": description,
    }
    # Blank inputs keep the stored value, except the description, which may be emptied.
    data = {k: v for k, v in values.items() if v != "" or k == "description"}
    if principal.role is Role.INSTITUTION_ADMIN or instructor_ids:
        data["instructor_ids"] = [i for i in instructor_ids if i]
    # The lead is picked among the instructors the page showed: if that person was just taken
    # off the course, the rule of `instructor_ids` (the first one named leads) decides instead.
    if lead_instructor_id and lead_instructor_id in data.get("instructor_ids", [lead_instructor_id]):
        data["lead_instructor_id"] = lead_instructor_id
    return _course_action(
        request,
        session,
        principal,
        course,
        lambda: service.update_course(session, clock, principal, course, views.build(CourseUpdate, data)),
        f"/courses/{course.id}?msg=course.saved",
        {"course_form": values, "open": "course"},
    )


def _course_action(
    request: Request,
    session: Session,
    principal: Principal,
    course: Course,
    action: Callable[[], object],
    done: str,
    typed: dict[str, Any] | None = None,
) -> Response:
    """Run a course action; on a refusal, show the builder again with the reason (and what was
    typed into its form, `typed`)."""
    return form_action(
        request,
        session,
        action,
        done=done,
        again=lambda refused: builder_page(
            request, session, principal, course, {**shown(request, refused), **(typed or {})}, refused.status
        ),
    )


@router.post("/courses/{course_id}/publish")
def course_publish(
    request: Request, session: DbSession, clock: ClockDep, principal: Writer, course: CourseRef
) -> Response:
    return _course_action(
        request,
        session,
        principal,
        course,
        lambda: service.publish_course(session, clock, principal, course),
        f"/courses/{course.id}?msg=course.published",
    )


@router.post("/courses/{course_id}/status")
def course_status(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    status: Annotated[str, Form()] = "",
) -> Response:
    def change() -> object:
        if status not in set(CourseStatus):
            raise views.invalid("status")
        return service.change_status(session, clock, principal, course, CourseStatus(status))

    return _course_action(
        request, session, principal, course, change, f"/courses/{course.id}?msg=course.status_changed"
    )


@router.post("/courses/{course_id}/delete")
def course_delete(
    request: Request, session: DbSession, clock: ClockDep, principal: Writer, course: CourseRef
) -> Response:
    return _course_action(
        request,
        session,
        principal,
        course,
        lambda: service.delete_course(session, clock, principal, course),
        "/courses?msg=course.deleted",
    )
