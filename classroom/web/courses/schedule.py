"""Course builder: add, edit and delete lessons (the recurring generator is `generator.py`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from classroom.core.clock import Clock, as_utc
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import request_lang
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.courses import access, held, lessons, queries
from classroom.courses.auth import CourseRef, LessonRef, Writer
from classroom.courses.models import Course, Lesson
from classroom.courses.rules.held import is_held, needs_reason, read_only
from classroom.courses.schemas import LessonCreate, LessonUpdate
from classroom.web.courses import views
from classroom.web.courses.builder import builder_page, shown
from classroom.web.forms import form_action
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])

Text = Annotated[str, Form(max_length=500)]


def lesson_fields(
    title: str, instructor_id: str, room: str, join_url: str, host_company: str, supervisor_id: str
) -> dict[str, Any]:
    return {
        "title": title.strip(),
        "instructor_id": views.blank_none(instructor_id),
        "room": views.blank_none(room),
        "join_url": views.blank_none(join_url),
        "host_company": views.blank_none(host_company),
        "supervisor_id": views.blank_none(supervisor_id),
    }


def _lesson_details(
    title: Text = "",
    instructor_id: Text = "",
    room: Text = "",
    join_url: Text = "",
    host_company: Text = "",
    supervisor_id: Text = "",
) -> dict[str, Any]:
    """What a lesson form says beside its time, as typed: the lesson form and the recurring
    generator's form share these fields."""
    return {
        "title": title,
        "instructor_id": instructor_id,
        "room": room,
        "join_url": join_url,
        "host_company": host_company,
        "supervisor_id": supervisor_id,
    }


LessonDetails = Annotated[dict[str, Any], Depends(_lesson_details)]


def _lesson_form(
    details: LessonDetails, mode: Text = "", day: Text = "", start: Text = "", end: Text = ""
) -> dict[str, Any]:
    """The lesson form as typed (shown again with a refusal); adding and editing share it."""
    return {"mode": mode, "day": day, "start": start, "end": end, **details}


LessonForm = Annotated[dict[str, Any], Depends(_lesson_form)]


def _timed(form: dict[str, Any]) -> dict[str, Any]:
    """The lesson form's day and wall-clock times as the API's start and end."""
    day = views.parse_day(form["day"], "day")
    return {
        "mode": form["mode"],
        "starts_at": views.local(day, views.parse_time(form["start"], "start")),
        "ends_at": views.local(day, views.parse_time(form["end"], "end")),
        **lesson_fields(
            form["title"],
            form["instructor_id"],
            form["room"],
            form["join_url"],
            form["host_company"],
            form["supervisor_id"],
        ),
    }


@router.post("/courses/{course_id}/lessons")
def lesson_add(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    form: LessonForm,
) -> Response:
    return form_action(
        request,
        session,
        lambda: lessons.add_lesson(
            session, clock, principal, course, views.build(LessonCreate, _timed(form))
        ),
        done=f"/courses/{course.id}?msg=lesson.added#lessons",
        again=lambda refused: builder_page(
            request,
            session,
            principal,
            course,
            {**shown(request, refused), "lesson_form": form, "open": "lesson"},
            refused.status,
        ),
    )


@router.get("/courses/{course_id}/lessons/{lesson_id}/edit")
def lesson_edit_page(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    row: LessonRef,
) -> Response:
    return _edit_page(request, session, clock, principal, course, row)


def _edit_page(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    row: Lesson,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    lang = request_lang(request)
    form = {
        "mode": row.mode,
        "day": row.local_day.isoformat(),
        "start": row.local_start.strftime("%H:%M"),
        "end": row.local_end.strftime("%H:%M"),
        "title": row.title,
        "instructor_id": str(row.instructor_id or ""),
        "room": row.room or "",
        "join_url": row.join_url or "",
        "host_company": row.host_company or "",
        "supervisor_id": str(row.supervisor_id or ""),
    }
    who = held.actor(session, principal, course)
    now = clock.now()
    context = {
        "course": course,
        "row": row,
        "form": form,
        "modes": views.mode_options(lang),
        "can_write": access.may(session, principal, course, P.COURSES_WRITE),
        "is_held": is_held(as_utc(row.ends_at), now),
        "read_only": read_only(who, as_utc(row.ends_at), now),
        "needs_reason": needs_reason(who, as_utc(row.ends_at), now),
        "instructors": queries.course_instructors(session, principal, course),
        "supervisors": queries.supervisors_of_institution(session, principal),
    }
    context.update(extra or {})
    return render(request, "courses/lesson_edit.html", context, status_code=status_code)


@router.post("/courses/{course_id}/lessons/{lesson_id}")
def lesson_save(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    row: LessonRef,
    form: LessonForm,
    reason: Text = "",
) -> Response:
    form = {**form, "reason": reason}
    return form_action(
        request,
        session,
        lambda: lessons.update_lesson(
            session,
            clock,
            principal,
            course,
            row,
            views.build(LessonUpdate, {**_timed(form), "reason": views.blank_none(reason)}),
        ),
        done=f"/courses/{course.id}?msg=lesson.saved#lessons",
        again=lambda refused: _edit_page(
            request,
            session,
            clock,
            principal,
            course,
            row,
            {**shown(request, refused), "form": form},
            refused.status,
        ),
    )


@router.post("/courses/{course_id}/lessons/{lesson_id}/delete")
def lesson_delete(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    row: LessonRef,
    reason: Text = "",
) -> Response:
    return form_action(
        request,
        session,
        lambda: lessons.delete_lesson(session, clock, principal, course, row, reason=reason),
        done=f"/courses/{course.id}?msg=lesson.deleted#lessons",
        # The refusal is about this lesson: show it on the lesson's page, with its reason field.
        again=lambda refused: _edit_page(
            request, session, clock, principal, course, row, shown(request, refused), refused.status
        ),
    )
