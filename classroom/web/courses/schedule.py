"""Course builder: add, edit and delete lessons, and the recurring generator."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from classroom.core.clock import to_seoul
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import ClassroomError, request_lang
from classroom.courses import access, lessons, service
from classroom.courses.auth import CourseRef, LessonRef, Writer
from classroom.courses.schemas import LessonCreate, LessonUpdate, RecurringCreate
from classroom.web.courses import views
from classroom.web.courses.builder import builder_page, problems
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])

Text = Annotated[str, Form(max_length=500)]


def _fields(
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


@router.post("/courses/{course_id}/lessons")
def lesson_add(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    mode: Text = "",
    day: Text = "",
    start: Text = "",
    end: Text = "",
    title: Text = "",
    instructor_id: Text = "",
    room: Text = "",
    join_url: Text = "",
    host_company: Text = "",
    supervisor_id: Text = "",
) -> Response:
    form = {
        "mode": mode,
        "day": day,
        "start": start,
        "end": end,
        "title": title,
        "instructor_id": instructor_id,
        "room": room,
        "join_url": join_url,
        "host_company": host_company,
        "supervisor_id": supervisor_id,
    }
    try:
        the_day = views.parse_day(day, "day")
        data = views.build(
            LessonCreate,
            {
                "mode": mode,
                "starts_at": views.local(the_day, views.parse_time(start, "start")),
                "ends_at": views.local(the_day, views.parse_time(end, "end")),
                **_fields(title, instructor_id, room, join_url, host_company, supervisor_id),
            },
        )
        lessons.add_lesson(session, clock, principal, course, data)
    except ClassroomError as exc:
        session.rollback()
        return builder_page(
            request,
            session,
            principal,
            course,
            {**problems(exc, request_lang(request)), "lesson_form": form, "open": "lesson"},
            exc.status,
        )
    return RedirectResponse(f"/courses/{course.id}?msg=lesson.added#lessons", status_code=303)


@router.post("/courses/{course_id}/lessons/recurring")
def lessons_generate(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    mode: Text = "",
    weekdays: Annotated[list[str], Form()] = [],  # noqa: B006
    start: Text = "",
    end: Text = "",
    first_day: Text = "",
    last_day: Text = "",
    skip_holidays: Text = "",
    title: Text = "",
    instructor_id: Text = "",
    room: Text = "",
    join_url: Text = "",
    host_company: Text = "",
    supervisor_id: Text = "",
) -> Response:
    lang = request_lang(request)
    form = {
        "mode": mode,
        "weekdays": weekdays,
        "start": start,
        "end": end,
        "first_day": first_day,
        "last_day": last_day,
        "skip_holidays": bool(skip_holidays),
        "title": title,
        "instructor_id": instructor_id,
        "room": room,
        "join_url": join_url,
        "host_company": host_company,
        "supervisor_id": supervisor_id,
    }
    try:
        data = views.build(
            RecurringCreate,
            {
                "mode": mode,
                "weekdays": [w for w in weekdays if w.isdigit()],
                "start": start,
                "end": end,
                "first_day": first_day,
                "last_day": last_day,
                "skip_holidays": bool(skip_holidays),
                **_fields(title, instructor_id, room, join_url, host_company, supervisor_id),
            },
        )
        made = lessons.generate(session, clock, principal, course, data, lang=lang)
    except ClassroomError as exc:
        session.rollback()
        return builder_page(
            request,
            session,
            principal,
            course,
            {**problems(exc, lang), "recurring_form": form, "open": "recurring"},
            exc.status,
        )
    session.flush()
    # Rendered rather than redirected: the skipped holidays are worth reading once.
    generated = {
        "count": len(made.created),
        "skipped": [(s.day, views.weekday(s.day, lang), s.name) for s in made.skipped],
    }
    return builder_page(request, session, principal, course, {"generated": generated}, status_code=201)


@router.get("/courses/{course_id}/lessons/{lesson_id}/edit")
def lesson_edit_page(
    request: Request, session: DbSession, principal: Writer, course: CourseRef, row: LessonRef
) -> Response:
    return _edit_page(request, session, principal, course, row)


def _edit_page(
    request: Request,
    session: Any,
    principal: Any,
    course: Any,
    row: Any,
    extra: dict | None = None,
    status_code: int = 200,
) -> Response:
    lang = request_lang(request)
    start, end = to_seoul(row.starts_at), to_seoul(row.ends_at)
    form = {
        "mode": row.mode,
        "day": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "title": row.title,
        "instructor_id": str(row.instructor_id or ""),
        "room": row.room or "",
        "join_url": row.join_url or "",
        "host_company": row.host_company or "",
        "supervisor_id": str(row.supervisor_id or ""),
    }
    context = {
        "course": course,
        "row": row,
        "form": form,
        "modes": views.mode_options(lang),
        "can_write": access.can_edit(session, principal, course),
        "instructors": service.instructors_of_institution(session, principal),
        "supervisors": service.supervisors_of_institution(session, principal),
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
    mode: Text = "",
    day: Text = "",
    start: Text = "",
    end: Text = "",
    title: Text = "",
    instructor_id: Text = "",
    room: Text = "",
    join_url: Text = "",
    host_company: Text = "",
    supervisor_id: Text = "",
) -> Response:
    form = {
        "mode": mode,
        "day": day,
        "start": start,
        "end": end,
        "title": title,
        "instructor_id": instructor_id,
        "room": room,
        "join_url": join_url,
        "host_company": host_company,
        "supervisor_id": supervisor_id,
    }
    try:
        the_day = views.parse_day(day, "day")
        data = views.build(
            LessonUpdate,
            {
                "mode": mode,
                "starts_at": views.local(the_day, views.parse_time(start, "start")),
                "ends_at": views.local(the_day, views.parse_time(end, "end")),
                **_fields(title, instructor_id, room, join_url, host_company, supervisor_id),
            },
        )
        lessons.update_lesson(session, clock, principal, course, row, data)
    except ClassroomError as exc:
        session.rollback()
        return _edit_page(
            request,
            session,
            principal,
            course,
            row,
            {**problems(exc, request_lang(request)), "form": form},
            exc.status,
        )
    return RedirectResponse(f"/courses/{course.id}?msg=lesson.saved#lessons", status_code=303)


@router.post("/courses/{course_id}/lessons/{lesson_id}/delete")
def lesson_delete(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    row: LessonRef,
) -> Response:
    try:
        lessons.delete_lesson(session, clock, principal, course, row)
    except ClassroomError as exc:
        session.rollback()
        return builder_page(
            request, session, principal, course, problems(exc, request_lang(request)), exc.status
        )
    return RedirectResponse(f"/courses/{course.id}?msg=lesson.deleted#lessons", status_code=303)
