"""Course builder: add, edit and delete lessons, and the recurring generator."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import request_lang
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.courses import access, lessons, queries
from classroom.courses.auth import CourseRef, LessonRef, Writer
from classroom.courses.lessons import Generated
from classroom.courses.models import Course, Lesson
from classroom.courses.schemas import LessonCreate, LessonUpdate, RecurringCreate
from classroom.web.courses import views
from classroom.web.courses.builder import builder_page, shown
from classroom.web.flash import flash_redirect
from classroom.web.forms import form_action
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


def _timed(form: dict[str, Any]) -> dict[str, Any]:
    """The lesson form's day and wall-clock times as the API's start and end."""
    day = views.parse_day(form["day"], "day")
    return {
        "mode": form["mode"],
        "starts_at": views.local(day, views.parse_time(form["start"], "start")),
        "ends_at": views.local(day, views.parse_time(form["end"], "end")),
        **_fields(
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

    def generate() -> Generated:
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
        return lessons.generate(session, clock, principal, course, data, lang=lang)

    def made(generated: Generated) -> Response:
        # Post → redirect → get (a reload must not make the series again); the skipped holidays
        # are worth reading once, so they travel with the flash message.
        skipped = [(s.day.isoformat(), views.weekday(s.day, lang), s.name) for s in generated.skipped]
        return flash_redirect(
            request,
            f"/courses/{course.id}#lessons",
            "lesson.generated_skipped" if skipped else "lesson.generated",
            count=len(generated.created),
            skipped=len(skipped),
            data={"skipped_days": skipped},
        )

    return form_action(
        request,
        session,
        generate,
        done=made,
        again=lambda refused: builder_page(
            request,
            session,
            principal,
            course,
            {**shown(request, refused), "recurring_form": form, "open": "recurring"},
            refused.status,
        ),
    )


@router.get("/courses/{course_id}/lessons/{lesson_id}/edit")
def lesson_edit_page(
    request: Request, session: DbSession, principal: Writer, course: CourseRef, row: LessonRef
) -> Response:
    return _edit_page(request, session, principal, course, row)


def _edit_page(
    request: Request,
    session: Session,
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
    context = {
        "course": course,
        "row": row,
        "form": form,
        "modes": views.mode_options(lang),
        "can_write": access.may(session, principal, course, P.COURSES_WRITE),
        "instructors": queries.instructors_of_institution(session, principal),
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
    return form_action(
        request,
        session,
        lambda: lessons.update_lesson(
            session, clock, principal, course, row, views.build(LessonUpdate, _timed(form))
        ),
        done=f"/courses/{course.id}?msg=lesson.saved#lessons",
        again=lambda refused: _edit_page(
            request,
            session,
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
) -> Response:
    return form_action(
        request,
        session,
        lambda: lessons.delete_lesson(session, clock, principal, course, row),
        done=f"/courses/{course.id}?msg=lesson.deleted#lessons",
        again=lambda refused: builder_page(
            request, session, principal, course, shown(request, refused), refused.status
        ),
    )
