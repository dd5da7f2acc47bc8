"""Assessment API: settings, question bank, taking the exam, grading, retakes, results.

Thin: parse, call the service, shape the answer (`shapes`). A save or submission after the
deadline answers 409 `late_submission` — and still stores the evidence of the attempt and its
closing (the refusal is an answer, not a rollback).
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from classroom.core import i18n
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, SettingsDep, client_ip
from classroom.core.errors import NotFound, PayloadTooLarge, problem, request_lang
from classroom.courses import access as course_access
from classroom.courses.auth import CourseRef
from classroom.courses.models import Course
from quality import assessments, attempts, grading, imports, results, shapes, signals
from quality.auth import AttemptRef, Manager, QuestionRef, Reader, Taker
from quality.models import Attempt
from quality.rules import timing
from quality.schemas import (
    AssessmentIn,
    AssessmentOut,
    AttemptDetailOut,
    AttemptOut,
    EventIn,
    ExamOut,
    Figure,
    GradeIn,
    ImportOut,
    QuestionIn,
    QuestionOut,
    ResultChangeOut,
    ResultIn,
    ResultOut,
    ResultsOut,
    RetakeIn,
    SaveIn,
    SaveOut,
    SignalOut,
)

router = APIRouter(prefix="/api/v1", tags=["quality: assessment"])
QuestionId = Annotated[str, Path(description="Question id (UUID)")]


def where(request: Request) -> attempts.Where:
    device = request.cookies.get(attempts.DEVICE_COOKIE) or request.headers.get("x-device-id")
    return attempts.Where(client_ip(request), (device or "")[:64] or None)


def late(request: Request, attempt: Attempt) -> JSONResponse:
    lang = request_lang(request)
    return problem(
        request,
        409,
        "late_submission",
        i18n.t("quality.exam.late", lang),
        deadline_at=attempt.deadline_at.isoformat(),
    )


def read_upload(upload: UploadFile, limit: int) -> bytes:
    """At most `limit` bytes of an upload (the route runs in the thread pool: a plain read)."""
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(params={"limit": f"{limit // (1024 * 1024)} MB"})
    return data


# --- settings and bank -------------------------------------------------------------------------


@router.get("/courses/{course_id}/assessment", response_model=AssessmentOut | None)
def get_assessment(session: DbSession, principal: Reader, course: CourseRef) -> AssessmentOut | None:
    return shapes.assessment_out(assessments.read(session, principal, course))


@router.put("/courses/{course_id}/assessment", response_model=AssessmentOut)
def put_assessment(
    session: DbSession, clock: ClockDep, principal: Manager, course: CourseRef, data: AssessmentIn
) -> AssessmentOut:
    settings = assessments.Settings(**data.model_dump())
    return AssessmentOut.model_validate(assessments.put(session, clock, principal, course, settings))


def _question(data: QuestionIn) -> assessments.QuestionData:
    return assessments.QuestionData(
        data.kind,
        data.text,
        data.points,
        tuple(data.choices),
        tuple(data.correct),
        tuple(data.accepted),
        data.position,
    )


@router.get("/courses/{course_id}/questions", response_model=list[QuestionOut])
def list_questions(session: DbSession, principal: Reader, course: CourseRef) -> list[QuestionOut]:
    assessments.read(session, principal, course)
    return [QuestionOut.model_validate(q) for q in assessments.questions(session, principal, course)]


@router.post("/courses/{course_id}/questions", response_model=QuestionOut, status_code=201)
def add_question(
    session: DbSession, clock: ClockDep, principal: Manager, course: CourseRef, data: QuestionIn
) -> QuestionOut:
    return QuestionOut.model_validate(
        assessments.add_question(session, clock, principal, course, _question(data))
    )


@router.put("/courses/{course_id}/questions/{question_id}", response_model=QuestionOut)
def update_question(
    session: DbSession,
    clock: ClockDep,
    principal: Manager,
    course: CourseRef,
    question: QuestionRef,
    data: QuestionIn,
) -> QuestionOut:
    updated = assessments.update_question(session, clock, principal, course, question, _question(data))
    return QuestionOut.model_validate(updated)


@router.delete("/courses/{course_id}/questions/{question_id}", status_code=204)
def archive_question(
    session: DbSession, clock: ClockDep, principal: Manager, course: CourseRef, question: QuestionRef
) -> None:
    assessments.archive_question(session, clock, principal, course, question)


# --- taking the exam ---------------------------------------------------------------------------


@router.get("/courses/{course_id}/exam", response_model=ExamOut)
def exam_state(session: DbSession, clock: ClockDep, principal: Taker, course: CourseRef) -> ExamOut:
    found = attempts.state(session, clock, principal, course)
    return ExamOut(
        assessment=shapes.assessment_out(found.assessment),
        can_start=found.can_start,
        refusal=found.refusal,
        current_attempt_id=found.current.id if found.current else None,
        attempts=[a.id for a in found.attempts],
        retake_granted=found.retake_granted,
    )


@router.post("/courses/{course_id}/exam/attempts", response_model=AttemptOut, status_code=201)
def start_attempt(
    request: Request, session: DbSession, clock: ClockDep, principal: Taker, course: CourseRef
) -> AttemptOut:
    """Start the exam, or resume the attempt still running (same answer, time left)."""
    attempt = attempts.start(session, clock, principal, course, where(request))
    return shapes.attempt_out(session, clock, principal, course, attempt)


def _course_of(session: DbSession, principal: Taker, attempt: Attempt) -> Course:
    return course_access.get_course(session, principal, attempt.course_id)


@router.get("/attempts/{attempt_id}", response_model=AttemptOut)
def get_attempt(session: DbSession, clock: ClockDep, principal: Taker, attempt: AttemptRef) -> AttemptOut:
    return shapes.attempt_out(session, clock, principal, _course_of(session, principal, attempt), attempt)


@router.put(
    "/attempts/{attempt_id}/answers/{question_id}",
    response_model=SaveOut,
    responses={409: {"description": "late or closed"}},
)
def save_answer(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Taker,
    attempt: AttemptRef,
    question_id: QuestionId,
    data: SaveIn,
) -> SaveOut | Response:
    outcome = attempts.save(
        session,
        clock,
        principal,
        attempt,
        question_id,
        choices=data.choices,
        text=data.text,
        where=where(request),
    )
    if isinstance(outcome, attempts.Late):
        return late(request, attempt)
    return SaveOut(
        saved_at=outcome.saved_at,
        deadline_at=attempt.deadline_at,
        remaining_seconds=timing.remaining_seconds(attempt.deadline_at, clock.now()),
    )


@router.post("/attempts/{attempt_id}/events", status_code=204)
def attempt_event(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Taker,
    attempt: AttemptRef,
    data: EventIn,
) -> None:
    attempts.record_event(session, clock, principal, attempt, data.kind, where(request), data.seconds)


@router.post(
    "/attempts/{attempt_id}/submit",
    response_model=AttemptOut,
    responses={409: {"description": "late or closed"}},
)
def submit_attempt(
    request: Request, session: DbSession, clock: ClockDep, principal: Taker, attempt: AttemptRef
) -> AttemptOut | Response:
    outcome = attempts.submit(session, clock, principal, attempt, where(request))
    if isinstance(outcome, attempts.Late):
        return late(request, attempt)
    return shapes.attempt_out(session, clock, principal, _course_of(session, principal, attempt), outcome)


# --- grading, retakes, results -----------------------------------------------------------------


def _staff_attempt(course: CourseRef, attempt: Attempt) -> Attempt:
    if attempt.course_id != course.id:
        raise NotFound()
    return attempt


@router.get("/courses/{course_id}/attempts", response_model=list[AttemptDetailOut])
def list_attempts(session: DbSession, principal: Reader, course: CourseRef) -> list[AttemptDetailOut]:
    assessment = assessments.read(session, principal, course)
    if assessment is None:
        return []
    return [
        shapes.attempt_detail(session, principal, a)
        for a in shapes.course_attempts(session, principal, assessment)
    ]


@router.get("/courses/{course_id}/attempts/{attempt_id}", response_model=AttemptDetailOut)
def get_course_attempt(
    session: DbSession, principal: Reader, course: CourseRef, attempt: AttemptRef
) -> AttemptDetailOut:
    assessments.read(session, principal, course)
    return shapes.attempt_detail(session, principal, _staff_attempt(course, attempt))


@router.post("/courses/{course_id}/attempts/{attempt_id}/grades", response_model=AttemptDetailOut)
def grade(
    session: DbSession,
    clock: ClockDep,
    principal: Manager,
    course: CourseRef,
    attempt: AttemptRef,
    data: GradeIn,
) -> AttemptDetailOut:
    graded = grading.grade_item(
        session,
        clock,
        principal,
        course,
        _staff_attempt(course, attempt),
        data.question_id,
        data.points,
        data.comment,
        data.reason,
    )
    return shapes.attempt_detail(session, principal, graded)


@router.post("/courses/{course_id}/retakes", status_code=201)
def grant_retake(
    session: DbSession, clock: ClockDep, principal: Manager, course: CourseRef, data: RetakeIn
) -> dict[str, str]:
    grant = grading.grant_retake(session, clock, principal, course, data.trainee_id, data.reason)
    return {"id": str(grant.id), "trainee_id": str(grant.trainee_id)}


@router.get("/courses/{course_id}/results", response_model=ResultsOut)
def list_results(session: DbSession, principal: Reader, course: CourseRef) -> ResultsOut:
    assessment = assessments.read(session, principal, course)
    return shapes.results_out(session, principal, course, assessment)


@router.put("/courses/{course_id}/results/{trainee_id}", response_model=ResultOut)
def put_result(
    session: DbSession,
    clock: ClockDep,
    principal: Manager,
    course: CourseRef,
    trainee_id: uuid.UUID,
    data: ResultIn,
) -> ResultOut:
    """An offline score, or a correction of any score (with a reason once published)."""
    results.set_offline(
        session, clock, principal, course, trainee_id, data.score, note=data.note, reason=data.reason
    )
    found = shapes.results_out(session, principal, course, assessments.find(session, principal, course))
    return next(r for r in found.results if r.trainee_id == trainee_id)


@router.post("/courses/{course_id}/results/import", response_model=ImportOut)
def import_results(
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    principal: Manager,
    course: CourseRef,
    file: Annotated[UploadFile, File()],
    reason: Annotated[str, Form(max_length=500)] = "",
) -> ImportOut:
    """XLSX/CSV with Korean headers (이메일, 점수, 이름, 비고): all rows or none, 422 naming rows."""
    data = read_upload(file, settings.max_roster_bytes)
    done = imports.import_scores(session, clock, principal, course, file.filename or "", data, reason=reason)
    return ImportOut(imported=done.rows)


@router.post("/courses/{course_id}/results/publish", response_model=AssessmentOut)
def publish_results(
    session: DbSession, clock: ClockDep, principal: Manager, course: CourseRef
) -> AssessmentOut:
    return AssessmentOut.model_validate(results.publish(session, clock, principal, course))


@router.get("/courses/{course_id}/results/changes", response_model=list[ResultChangeOut])
def result_changes(session: DbSession, principal: Reader, course: CourseRef) -> list[ResultChangeOut]:
    return [
        ResultChangeOut(
            trainee_id=c.trainee_id,
            old=Figure.score(c.old),
            new=Figure.score(c.new),
            reason=c.reason,
            changed_by=c.changed_by,
            changed_at=c.changed_at,
        )
        for c in results.changes(session, principal, course)
    ]


@router.get("/courses/{course_id}/exam-signals", response_model=list[SignalOut])
def exam_signals(session: DbSession, principal: Reader, course: CourseRef) -> list[SignalOut]:
    assessments.read(session, principal, course)
    return [SignalOut.model_validate(s) for s in signals.of_course(session, principal, course.id)]
