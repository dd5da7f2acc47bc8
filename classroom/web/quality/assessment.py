"""The course's assessment pages for staff: settings, question bank, attempts and grading,
retakes, results (offline entry and import, publication, audited changes) and exam signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlmodel import Session

from classroom.core.clock import Clock
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, SettingsDep
from classroom.core.errors import NotFound
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.courses.auth import CourseRef
from classroom.courses.models import Course
from classroom.web.forms import Refused, form_action
from classroom.web.quality import views
from quality import access, assessments, grading, imports, results, shapes, signals
from quality.auth import AttemptRef, Manager, Reader
from quality.models import Attempt
from quality.routes_exam import read_upload
from quality.rules.kinds import AssessmentKind, DrawMode, QuestionKind

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])


def assessment_page(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    assessment = assessments.read(session, principal, course)
    manage = access.may(session, principal, course, P.ASSESSMENT_MANAGE)
    attempts_list = shapes.course_attempts(session, principal, assessment) if assessment else []
    names = access.names(session, principal, {a.trainee_id for a in attempts_list})
    context = {
        "course": course,
        "tabs": views.tabs(session, principal, course, "assessment"),
        "assessment": assessment,
        "manage": manage,
        "questions": assessments.questions(session, principal, course),
        "attempts": attempts_list,
        "names": names,
        "results": shapes.results_out(session, principal, course, assessment),
        "changes": results.changes(session, principal, course),
        "signals": signals.of_course(session, principal, course.id),
        "retakes": grading.retakes(session, principal, assessment) if assessment else {},
        "kinds": list(AssessmentKind),
        "question_kinds": list(QuestionKind),
        "draws": list(DrawMode),
        "views": views,
        "form": form or {},
        "now": clock.now(),
    }
    return views.page(request, "quality/assessment.html", context, refused)


@router.get("/courses/{course_id}/assessment")
def assessment_overview(
    request: Request, session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef
) -> Response:
    return assessment_page(request, session, clock, principal, course)


def _act(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    action: Callable[[], object],
    msg: str,
    form: dict[str, Any] | None = None,
) -> Response:
    return form_action(
        request,
        session,
        action,
        done=f"/courses/{course.id}/assessment?msg={msg}",
        again=lambda refused: assessment_page(request, session, clock, principal, course, refused, form),
    )


@router.post("/courses/{course_id}/assessment")
def assessment_save(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Manager,
    course: CourseRef,
    kind: Annotated[str, Form()] = "online",
    title: Annotated[str, Form(max_length=200)] = "",
    instructions: Annotated[str, Form(max_length=2000)] = "",
    opens_at: Annotated[str, Form()] = "",
    closes_at: Annotated[str, Form()] = "",
    time_limit_minutes: Annotated[str, Form()] = "",
    draw: Annotated[str, Form()] = "fixed",
    question_count: Annotated[str, Form()] = "",
) -> Response:
    def save() -> object:
        if kind not in set(AssessmentKind) or draw not in set(DrawMode):
            raise views.invalid("kind")
        settings = assessments.Settings(
            AssessmentKind(kind),
            title,
            instructions,
            views.parse_local(opens_at, "opens_at"),
            views.parse_local(closes_at, "closes_at"),
            views.parse_int(time_limit_minutes, "time_limit_minutes", required=False),
            DrawMode(draw),
            views.parse_int(question_count, "question_count", required=False),
        )
        return assessments.put(session, clock, principal, course, settings)

    return _act(request, session, clock, principal, course, save, "quality.assessment.saved")


@router.post("/courses/{course_id}/questions")
def question_add(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Manager,
    course: CourseRef,
    kind: Annotated[str, Form()] = "single",
    text: Annotated[str, Form(max_length=4000)] = "",
    points: Annotated[str, Form()] = "",
    choices: Annotated[str, Form(max_length=4000)] = "",
    correct: Annotated[str, Form(max_length=100)] = "",
    accepted: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    form = {
        "kind": kind,
        "text": text,
        "points": points,
        "choices": choices,
        "correct": correct,
        "accepted": accepted,
    }

    def add() -> object:
        if kind not in set(QuestionKind):
            raise views.invalid("kind")
        marks = [p for p in correct.replace(" ", "").split(",") if p]
        if any(not m.isdigit() for m in marks):
            raise views.invalid("correct")
        data = assessments.QuestionData(
            QuestionKind(kind),
            text,
            views.parse_int(points, "points") or 0,
            views.lines(choices),
            tuple(int(m) - 1 for m in marks),  # people number choices from 1
            views.lines(accepted),
        )
        return assessments.add_question(session, clock, principal, course, data)

    return _act(request, session, clock, principal, course, add, "quality.question.added", form)


@router.post("/courses/{course_id}/questions/{question_id}/archive")
def question_archive(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Manager,
    course: CourseRef,
    question_id: str,
) -> Response:
    def archive() -> None:
        question = assessments.get_question(session, principal, course, question_id)
        assessments.archive_question(session, clock, principal, course, question)

    return _act(request, session, clock, principal, course, archive, "quality.question.archived_done")


def _graded_attempt(course: Course, row: Attempt) -> Attempt:
    if row.course_id != course.id:
        raise NotFound()
    return row


def grade_page(
    request: Request,
    session: Session,
    principal: Principal,
    course: Course,
    row: Attempt,
    refused: Refused | None = None,
) -> Response:
    assessment = assessments.read(session, principal, course)
    detail = shapes.attempt_detail(session, principal, _graded_attempt(course, row))
    context = {
        "course": course,
        "tabs": views.tabs(session, principal, course, "assessment"),
        "detail": detail,
        "manage": access.may(session, principal, course, P.ASSESSMENT_MANAGE),
        "published": assessment is not None and assessment.results_published_at is not None,
        "views": views,
    }
    return views.page(request, "quality/grade.html", context, refused)


@router.get("/courses/{course_id}/attempts/{attempt_id}")
def attempt_review(
    request: Request, session: DbSession, principal: Reader, course: CourseRef, row: AttemptRef
) -> Response:
    return grade_page(request, session, principal, course, row)


@router.post("/courses/{course_id}/attempts/{attempt_id}/grade")
def attempt_grade(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Manager,
    course: CourseRef,
    row: AttemptRef,
    question_id: Annotated[str, Form()] = "",
    points: Annotated[str, Form()] = "",
    comment: Annotated[str, Form(max_length=2000)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    def grade() -> object:
        return grading.grade_item(
            session,
            clock,
            principal,
            course,
            _graded_attempt(course, row),
            question_id,
            views.parse_int(points, "points") or 0,
            comment,
            reason,
        )

    return form_action(
        request,
        session,
        grade,
        done=f"/courses/{course.id}/attempts/{row.id}?msg=quality.grade.saved",
        again=lambda refused: grade_page(request, session, principal, course, row, refused),
    )


@router.post("/courses/{course_id}/retakes")
def retake_grant(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Manager,
    course: CourseRef,
    trainee_id: Annotated[str, Form()] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    return _act(
        request,
        session,
        clock,
        principal,
        course,
        lambda: grading.grant_retake(
            session, clock, principal, course, views.parse_uuid(trainee_id, "trainee_id"), reason
        ),
        "quality.retake.granted",
    )


@router.post("/courses/{course_id}/results/{trainee_id}")
def result_save(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Manager,
    course: CourseRef,
    trainee_id: str,
    score: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=500)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    return _act(
        request,
        session,
        clock,
        principal,
        course,
        lambda: results.set_offline(
            session,
            clock,
            principal,
            course,
            views.parse_uuid(trainee_id, "trainee_id"),
            score,
            note=note,
            reason=reason,
        ),
        "quality.result.saved",
    )


@router.post("/courses/{course_id}/results-import")
def results_import(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    principal: Manager,
    course: CourseRef,
    file: Annotated[UploadFile, File()],
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    data = read_upload(file, settings.max_roster_bytes)
    return _act(
        request,
        session,
        clock,
        principal,
        course,
        lambda: imports.import_scores(
            session, clock, principal, course, file.filename or "", data, reason=reason
        ),
        "quality.result.imported",
    )


@router.post("/courses/{course_id}/results-publish")
def results_publish(
    request: Request, session: DbSession, clock: ClockDep, principal: Manager, course: CourseRef
) -> Response:
    return _act(
        request,
        session,
        clock,
        principal,
        course,
        lambda: results.publish(session, clock, principal, course),
        "quality.results.published",
    )
