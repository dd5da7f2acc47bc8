"""The trainee's pages: their exams and surveys, the exam itself (phone first: one question per
card, autosave and a countdown from `static/quality-exam.js`, which works as a plain form too),
and the end-of-course survey."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from classroom.core.clock import Clock, seoul_date
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.tenancy import Principal
from classroom.courses import access as course_access
from classroom.courses import queries
from classroom.courses.auth import CourseRef
from classroom.courses.models import Course
from classroom.web.forms import Refused, attempt, form_action
from classroom.web.quality import views
from classroom.web.templating import render
from quality import attempts, results, shapes, surveys
from quality.auth import AttemptRef, SurveyTaker, Taker
from quality.models import Attempt
from quality.routes_exam import where
from quality.rules import survey as survey_rules
from quality.rules.kinds import AttemptStatus

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])
DEVICE_MAX_AGE = 400 * 24 * 3600


async def form_data(request: Request) -> FormData:
    """The posted form, parsed once on the event loop (the CSRF check read it already)."""
    return await request.form()


Posted = Annotated[FormData, Depends(form_data)]


def with_device(request: Request, response: Response) -> Response:
    """The browser's device id (shared with attendance's check-in pages): set once, kept long."""
    if not request.cookies.get(attempts.DEVICE_COOKIE):
        response.set_cookie(
            attempts.DEVICE_COOKIE,
            secrets.token_urlsafe(18),
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            samesite="lax",
            secure=request.app.state.settings.cookies_secure,
        )
    response.headers["Cache-Control"] = "no-store"
    return response


def _course(session: Session, principal: Principal, attempt_row: Attempt) -> Course:
    return course_access.get_course(session, principal, attempt_row.course_id)


@router.get("/exams")
def my_assessments(request: Request, session: DbSession, clock: ClockDep, principal: Taker) -> Response:
    rows = []
    for course in queries.list_courses(session, principal):
        state = attempts.state(session, clock, principal, course)
        rows.append(
            {
                "course": course,
                "exam": state,
                "survey": surveys.trainee_state(session, clock, principal, course),
                "result": results.own_result(session, principal, course),
            }
        )
    return render(request, "quality/my.html", {"rows": rows, "views": views})


def _exam_page(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    refused: Refused | None = None,
) -> Response:
    state = attempts.state(session, clock, principal, course)
    context = {
        "course": course,
        "state": state,
        "result": results.own_result(session, principal, course),
        "views": views,
        "effective": {a.id: attempts.effective_status(a, clock) for a in state.attempts},
    }
    return with_device(request, views.page(request, "quality/exam.html", context, refused))


@router.get("/courses/{course_id}/exam")
def exam_page(
    request: Request, session: DbSession, clock: ClockDep, principal: Taker, course: CourseRef
) -> Response:
    return _exam_page(request, session, clock, principal, course)


@router.post("/courses/{course_id}/exam/start")
def exam_start(
    request: Request, session: DbSession, clock: ClockDep, principal: Taker, course: CourseRef
) -> Response:
    return form_action(
        request,
        session,
        lambda: attempts.start(session, clock, principal, course, where(request)),
        done=lambda made: RedirectResponse(f"/attempts/{made.id}?started=1", status_code=303),
        again=lambda refused: _exam_page(request, session, clock, principal, course, refused),
    )


def _attempt_page(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    row: Attempt,
    status_code: int = 200,
    notice: str | None = None,
) -> Response:
    course = _course(session, principal, row)
    shaped = shapes.attempt_out(session, clock, principal, course, row)
    running = shaped.status is AttemptStatus.IN_PROGRESS
    context: dict[str, Any] = {
        "course": course,
        "attempt": shaped,
        "row": row,
        "views": views,
        "notice": notice,
        "resumed": running and request.query_params.get("started") != "1",
    }
    template = "quality/attempt.html" if running else "quality/attempt_done.html"
    return with_device(request, render(request, template, context, status_code=status_code))


@router.get("/attempts/{attempt_id}")
def attempt_page(
    request: Request, session: DbSession, clock: ClockDep, principal: Taker, row: AttemptRef
) -> Response:
    return _attempt_page(request, session, clock, principal, row)


def _save_posted(
    session: Session, clock: Clock, principal: Principal, row: Attempt, posted: FormData, here: attempts.Where
) -> attempts.Late | None:
    """What the form carries (the page without script, or answers not autosaved yet)."""
    for item in row.items:
        key = str(item["question_id"])
        if key not in posted.getlist("answered"):
            continue
        values = posted.getlist(f"q-{key}")
        if item["kind"] in ("single", "multiple"):
            choices = [int(v) for v in values if isinstance(v, str) and v.isdigit()]
            outcome = attempts.save(session, clock, principal, row, key, choices=choices, text="", where=here)
        else:
            text = next((v for v in values if isinstance(v, str)), "")
            outcome = attempts.save(session, clock, principal, row, key, choices=[], text=text, where=here)
        if isinstance(outcome, attempts.Late):
            return outcome
    return None


@router.post("/attempts/{attempt_id}/submit")
def attempt_submit(
    request: Request, session: DbSession, clock: ClockDep, principal: Taker, row: AttemptRef, posted: Posted
) -> Response:
    here = where(request)

    def submit() -> Attempt | attempts.Late:
        late = (
            _save_posted(session, clock, principal, row, posted, here)
            if row.status is AttemptStatus.IN_PROGRESS
            else None
        )
        return late or attempts.submit(session, clock, principal, row, here)

    outcome = attempt(request, session, submit)
    if isinstance(outcome, Refused):
        return _attempt_page(
            request, session, clock, principal, row, outcome.status, outcome.problems["error"]
        )
    if isinstance(outcome.value, attempts.Late):
        return _attempt_page(request, session, clock, principal, row, 409, views.t_late(request))
    return RedirectResponse(f"/attempts/{row.id}?msg=quality.exam.submitted", status_code=303)


# --- the survey --------------------------------------------------------------------------------


def _survey_page(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    refused: Refused | None = None,
) -> Response:
    context = {
        "course": course,
        "state": surveys.trainee_state(session, clock, principal, course),
        "questions": survey_rules.QUESTIONS,
        "scale": survey_rules.SCALE,
        "today": seoul_date(clock.now()),
    }
    return views.page(request, "quality/survey_form.html", context, refused)


@router.get("/courses/{course_id}/survey")
def survey_page(
    request: Request, session: DbSession, clock: ClockDep, principal: SurveyTaker, course: CourseRef
) -> Response:
    return _survey_page(request, session, clock, principal, course)


@router.post("/courses/{course_id}/survey")
def survey_answer(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: SurveyTaker,
    course: CourseRef,
    content: Annotated[str, Form()] = "",
    instructor: Annotated[str, Form()] = "",
    environment: Annotated[str, Form()] = "",
    usefulness: Annotated[str, Form()] = "",
    overall: Annotated[str, Form()] = "",
    comment: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    def answer() -> None:
        ratings = [
            views.parse_int(v, q) or 0
            for v, q in zip(
                (content, instructor, environment, usefulness, overall), survey_rules.QUESTIONS, strict=True
            )
        ]
        surveys.answer(session, clock, principal, course, ratings, comment)

    return form_action(
        request,
        session,
        answer,
        done="/exams?msg=quality.survey.thanks",
        again=lambda refused: _survey_page(request, session, clock, principal, course, refused),
    )
