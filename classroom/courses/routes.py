"""Courses API (`/api/v1/courses…`), personal calendar API and the public iCal feed.

Thin: parse, call the service, validate the answer from what it returns."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import Response as RawResponse

from classroom.accounts.auth import public_route
from classroom.core import i18n
from classroom.core.clock import seoul_date
from classroom.core.dates import QUERY_NOTE, InWindow
from classroom.core.db import DbSession, writes
from classroom.core.deps import ClockDep, SettingsDep
from classroom.core.errors import NotFound, request_lang
from classroom.core.tenancy import parse_id
from classroom.courses import calendar, enrolment, ical, lessons, queries, recurring, series, service
from classroom.courses.auth import CalendarUser, CourseRef, Enroller, LessonRef, Reader, RosterReader, Writer
from classroom.courses.policy import policy_for
from classroom.courses.reports import PlanReport
from classroom.courses.rules.kinds import CourseStatus
from classroom.courses.schemas import (
    CalendarOut,
    ClashOut,
    CourseCreate,
    CourseOut,
    CourseUpdate,
    DropRequest,
    EnrollmentOut,
    EnrolRequest,
    EnrolResult,
    FeedOut,
    LessonCreate,
    LessonOut,
    LessonUpdate,
    PlanOut,
    PreviewDayOut,
    RecurringCreate,
    RecurringOut,
    RecurringPreviewOut,
    SeriesMove,
    SeriesOutcomeOut,
    SkippedDayOut,
    StatusChange,
)
from classroom.courses.timetable import course_lessons

router = APIRouter(prefix="/api/v1", tags=["courses"])
feed_router = APIRouter(tags=["calendar"], dependencies=[Depends(public_route)])


@router.get("/courses", response_model=list[CourseOut])
def list_courses(
    session: DbSession, principal: Reader, status: CourseStatus | None = None
) -> list[CourseOut]:
    courses = queries.list_courses(session, principal, status=status)
    return [CourseOut.model_validate(c) for c in queries.listings(session, principal, courses)]


@router.post("/courses", response_model=CourseOut, status_code=201)
def create_course(session: DbSession, clock: ClockDep, principal: Writer, data: CourseCreate) -> CourseOut:
    course = service.create_course(session, clock, principal, data)
    return CourseOut.model_validate(queries.listing(session, principal, course))


@router.get("/courses/{course_id}", response_model=CourseOut)
def get_course(session: DbSession, principal: Reader, course: CourseRef) -> CourseOut:
    return CourseOut.model_validate(queries.listing(session, principal, course))


@router.patch("/courses/{course_id}", response_model=CourseOut)
def update_course(
    session: DbSession, clock: ClockDep, principal: Writer, course: CourseRef, data: CourseUpdate
) -> CourseOut:
    course = service.update_course(session, clock, principal, course, data)
    return CourseOut.model_validate(queries.listing(session, principal, course))


@router.delete("/courses/{course_id}", status_code=204)
def delete_course(session: DbSession, clock: ClockDep, principal: Writer, course: CourseRef) -> None:
    service.delete_course(session, clock, principal, course)


@router.get("/courses/{course_id}/lessons", response_model=list[LessonOut])
def list_lessons(session: DbSession, principal: Reader, course: CourseRef) -> list[LessonOut]:
    return [LessonOut.model_validate(row) for row in course_lessons(session, principal, course)]


@router.post("/courses/{course_id}/lessons", response_model=LessonOut, status_code=201)
def add_lesson(
    session: DbSession, clock: ClockDep, principal: Writer, course: CourseRef, data: LessonCreate
) -> LessonOut:
    return LessonOut.model_validate(lessons.add_lesson(session, clock, principal, course, data))


@router.post("/courses/{course_id}/lessons/recurring", response_model=RecurringOut, status_code=201)
def generate_lessons(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    data: RecurringCreate,
) -> RecurringOut:
    """Weekly pattern → lessons; Korean public holidays are skipped and listed."""
    made = recurring.generate(session, clock, principal, course, data, lang=request_lang(request))
    return RecurringOut.model_validate(made)


@router.post("/courses/{course_id}/lessons/recurring/preview", response_model=RecurringPreviewOut)
def preview_lessons(
    request: Request, session: DbSession, principal: Writer, course: CourseRef, data: RecurringCreate
) -> RecurringPreviewOut:
    """The generator's dry run: the dates it would make, the holidays skipped, and every clash
    saving would be refused for. Nothing is written."""
    lang = request_lang(request)
    planned = recurring.preview(session, principal, course, data, lang=lang)
    clashes = [
        ClashOut(
            field=e.get("field"),
            message=i18n.t(e["message_key"], lang, **e.get("params", {})) if "message_key" in e else "",
            conflict=e.get("conflict"),
            load=e.get("load"),
        )
        for e in planned.clashes
    ]
    return RecurringPreviewOut(
        days=[
            PreviewDayOut(day=seoul_date(d.starts_at), starts_at=d.starts_at, ends_at=d.ends_at)
            for d in planned.drafts
        ],
        skipped=[SkippedDayOut.model_validate(s) for s in planned.skipped],
        clashes=clashes,
    )


@router.post("/courses/{course_id}/series/{series_id}/move", response_model=SeriesOutcomeOut)
def move_series(
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    series_id: Annotated[str, Path(description="Series id (UUID), `series_id` of the generated lessons")],
    data: SeriesMove,
) -> SeriesOutcomeOut:
    """Move the series' lessons still to come; lessons already held stay and are counted in `kept`."""
    row = series.get_series(session, principal, course, series_id)
    start = data.start.replace(second=0, microsecond=0, tzinfo=None) if data.start else None
    outcome = series.move_series(
        session, clock, principal, course, row, shift_days=data.shift_days, start=start
    )
    return SeriesOutcomeOut.model_validate(outcome)


@router.delete("/courses/{course_id}/series/{series_id}", response_model=SeriesOutcomeOut)
def delete_series(
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    series_id: Annotated[str, Path(description="Series id (UUID)")],
) -> SeriesOutcomeOut:
    """Delete the series' lessons still to come; lessons already held stay and are counted in `kept`."""
    row = series.get_series(session, principal, course, series_id)
    return SeriesOutcomeOut.model_validate(series.delete_series(session, clock, principal, course, row))


@router.get("/courses/{course_id}/lessons/{lesson_id}", response_model=LessonOut)
def get_lesson(principal: Reader, row: LessonRef) -> LessonOut:
    return LessonOut.model_validate(row)


@router.patch("/courses/{course_id}/lessons/{lesson_id}", response_model=LessonOut)
def update_lesson(
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    row: LessonRef,
    course: CourseRef,
    data: LessonUpdate,
) -> LessonOut:
    return LessonOut.model_validate(lessons.update_lesson(session, clock, principal, course, row, data))


@router.delete("/courses/{course_id}/lessons/{lesson_id}", status_code=204)
def delete_lesson(
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    row: LessonRef,
    course: CourseRef,
    reason: Annotated[
        str | None,
        Query(
            max_length=500, description="Why a lesson already held is deleted (admins only; required then)"
        ),
    ] = None,
) -> None:
    lessons.delete_lesson(session, clock, principal, course, row, reason=reason)


@router.get("/courses/{course_id}/plan", response_model=PlanOut)
def get_plan(request: Request, session: DbSession, principal: Reader, course: CourseRef) -> PlanOut:
    """Hours per mode, online share and the smart-training verdict with the figures."""
    rows = course_lessons(session, principal, course)
    report = PlanReport.of(course.id, rows, policy_for(session, course), request_lang(request))
    return PlanOut.model_validate(report)


@router.post("/courses/{course_id}/publish", response_model=CourseOut)
def publish(session: DbSession, clock: ClockDep, principal: Writer, course: CourseRef) -> CourseOut:
    course = service.publish_course(session, clock, principal, course)
    return CourseOut.model_validate(queries.listing(session, principal, course))


@router.post("/courses/{course_id}/status", response_model=CourseOut)
def change_status(
    session: DbSession, clock: ClockDep, principal: Writer, course: CourseRef, data: StatusChange
) -> CourseOut:
    course = service.change_status(session, clock, principal, course, data.status)
    return CourseOut.model_validate(queries.listing(session, principal, course))


@router.get("/courses/{course_id}/enrollments", response_model=list[EnrollmentOut])
def list_enrollments(session: DbSession, principal: RosterReader, course: CourseRef) -> list[EnrollmentOut]:
    return [EnrollmentOut.model_validate(entry) for entry in enrolment.roster(session, principal, course)]


@router.post("/courses/{course_id}/enrollments", response_model=EnrolResult, status_code=201)
def enrol(
    session: DbSession, clock: ClockDep, principal: Enroller, course: CourseRef, data: EnrolRequest
) -> EnrolResult:
    """Enrol one trainee, a list, or (`all_unenrolled`) every active trainee not enrolled yet."""
    outcome = enrolment.enrol(
        session, clock, principal, course, user_ids=data.user_ids, all_unenrolled=data.all_unenrolled
    )
    return EnrolResult.model_validate(outcome)


@router.post("/courses/{course_id}/enrollments/{user_id}/drop", response_model=EnrollmentOut)
def drop(
    session: DbSession,
    clock: ClockDep,
    principal: Enroller,
    course: CourseRef,
    user_id: str,
    data: DropRequest,
) -> EnrollmentOut:
    row = enrolment.drop(session, clock, principal, course, parse_id(user_id), data.reason)
    return EnrollmentOut.model_validate(row)


@router.get("/calendar", response_model=CalendarOut)
def my_calendar(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: CalendarUser,
    view: Annotated[str, Query(pattern="^(day|week|month)$")] = "week",
    day: Annotated[date | None, InWindow, Query(alias="date", description=QUERY_NOTE)] = None,
) -> CalendarOut:
    """Own lessons for the day, Monday-to-Sunday week or month grid around `date` (Asia/Seoul;
    today when left out). An impossible or out-of-window date is a 422."""
    anchor = day or seoul_date(clock.now())
    window = calendar.window(session, principal, view, anchor, request_lang(request))
    return CalendarOut.model_validate(window)


@router.get("/calendar/feed", response_model=FeedOut)
def my_feed(session: DbSession, clock: ClockDep, settings: SettingsDep, principal: CalendarUser) -> FeedOut:
    feed, secret = ical.ensure_feed(session, clock, settings.secret_key, principal)
    return FeedOut.model_validate(ical.FeedAddress.of(feed, secret, settings.base_url))


@router.post("/calendar/feed", response_model=FeedOut)
def regenerate_feed(
    session: DbSession, clock: ClockDep, settings: SettingsDep, principal: CalendarUser
) -> FeedOut:
    """A new secret address; the previous one stops working immediately."""
    feed, secret = ical.regenerate(session, clock, settings.secret_key, principal)
    return FeedOut.model_validate(ical.FeedAddress.of(feed, secret, settings.base_url))


class CalendarResponse(RawResponse):
    # A class, not a bare media type, so /openapi.json documents the feed as iCalendar.
    media_type = "text/calendar"  # Starlette adds "; charset=utf-8"


@feed_router.get("/calendar/{secret}.ics", response_class=CalendarResponse)
@writes  # records when the phone last fetched the feed
def calendar_feed(session: DbSession, clock: ClockDep, settings: SettingsDep, secret: str) -> Response:
    """Public by design: the secret in the address is the credential (phones cannot log in)."""
    principal = ical.resolve(session, clock, secret)
    if principal is None:
        raise NotFound()
    body = ical.render_feed(session, clock, principal, settings.base_url)
    return CalendarResponse(
        body,
        headers={
            "Cache-Control": "private, max-age=300",
            "Content-Disposition": 'inline; filename="timetable.ics"',
        },
    )
