"""The recurring generator on the builder: preview the dates (holidays skipped, clashes listed)
→ save them as one series → move or delete the series as a whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import request_lang
from classroom.core.tenancy import Principal
from classroom.courses import recurring, series
from classroom.courses.auth import CourseRef, Writer
from classroom.courses.models import Course
from classroom.courses.recurring import Generated, Planned
from classroom.courses.schemas import RecurringCreate
from classroom.web.courses import problems, views
from classroom.web.courses.builder import builder_page, shown
from classroom.web.courses.schedule import LessonDetails, lesson_fields
from classroom.web.forms import Refused, form_action

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])

Text = Annotated[str, Form(max_length=500)]
Weekdays = Annotated[list[str], Form()]


def _recurring_form(
    details: LessonDetails,
    mode: Text = "",
    weekdays: Weekdays = [],  # noqa: B006
    start: Text = "",
    end: Text = "",
    first_day: Text = "",
    last_day: Text = "",
    skip_holidays: Text = "",
) -> dict[str, Any]:
    """The generator's form as typed (shown again with a refusal or the preview)."""
    return {
        "mode": mode,
        # Only what was ticked: each value once, as the digits 0 (Mon) … 6 (Sun).
        "weekdays": sorted({w.strip() for w in weekdays if w.strip().isdigit()}),
        "start": start,
        "end": end,
        "first_day": first_day,
        "last_day": last_day,
        "skip_holidays": bool(skip_holidays),
        **details,
    }


RecurringForm = Annotated[dict[str, Any], Depends(_recurring_form)]


def _data(form: dict[str, Any]) -> RecurringCreate:
    fields = lesson_fields(
        form["title"],
        form["instructor_id"],
        form["room"],
        form["join_url"],
        form["host_company"],
        form["supervisor_id"],
    )
    data: RecurringCreate = views.build(
        RecurringCreate,
        {
            "mode": form["mode"],
            "weekdays": [int(w) for w in form["weekdays"]],
            "start": form["start"],
            "end": form["end"],
            "first_day": form["first_day"],
            "last_day": form["last_day"],
            "skip_holidays": form["skip_holidays"],
            **fields,
        },
    )
    return data


def _again(
    request: Request, session: Session, principal: Principal, course: Course, form: dict[str, Any]
) -> Callable[[Refused], Response]:
    def render(refused: Refused) -> Response:
        extra = {**shown(request, refused), "recurring_form": form, "open": "recurring"}
        return builder_page(request, session, principal, course, extra, refused.status)

    return render


def _preview_view(planned: Planned, lang: str) -> dict[str, Any]:
    rows = [
        {
            "day": d.starts_at,
            "local_day": views.local_day(d.starts_at),
            "weekday": views.weekday(views.local_day(d.starts_at), lang),
            "time": views.local_times(d.starts_at, d.ends_at),
        }
        for d in planned.drafts
    ]
    clashes = planned.clashes
    return {
        "rows": rows,
        "count": len(rows),
        "skipped": [(s.day, views.weekday(s.day, lang), s.name) for s in planned.skipped],
        "clash_groups": problems.group(clashes, lang),
        "clash_lines": [views.error_line(e, lang) for e in clashes],
        "clash_count": len(clashes),
        "clash_title": planned.refusal.message(lang) if planned.refusal is not None else "",
    }


@router.post("/courses/{course_id}/lessons/recurring/preview")
def lessons_preview(
    request: Request,
    session: DbSession,
    principal: Writer,
    course: CourseRef,
    form: RecurringForm,
) -> Response:
    """Nothing is written: the builder again, with the dates the generator would make."""
    lang = request_lang(request)

    def shown_preview(planned: Planned) -> Response:
        extra = {"recurring_form": form, "open": "recurring", "preview": _preview_view(planned, lang)}
        return builder_page(request, session, principal, course, extra)

    return form_action(
        request,
        session,
        lambda: recurring.preview(session, principal, course, _data(form), lang=lang),
        done=shown_preview,
        again=_again(request, session, principal, course, form),
    )


@router.post("/courses/{course_id}/lessons/recurring")
def lessons_generate(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    form: RecurringForm,
) -> Response:
    """Save what the preview showed; the builder then lists the new series (post → redirect → get)."""
    lang = request_lang(request)

    def made(generated: Generated) -> Response:
        url = (
            f"/courses/{course.id}?msg=series.created&count={len(generated.created)}"
            f"&skipped={len(generated.skipped)}#series-{generated.series_id}"
        )
        return RedirectResponse(url, status_code=303)

    return form_action(
        request,
        session,
        lambda: recurring.generate(session, clock, principal, course, _data(form), lang=lang),
        done=made,
        again=_again(request, session, principal, course, form),
    )


def _outcome_url(course: Course, key: str, outcome: series.SeriesOutcome) -> str:
    kept = "_kept" if outcome.kept else ""
    return f"/courses/{course.id}?msg=series.{key}{kept}&count={outcome.changed}&kept={outcome.kept}#lessons"


@router.post("/courses/{course_id}/series/{series_id}/move")
def series_move(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    series_id: str,
    shift_days: Text = "0",
    start: Text = "",
) -> Response:
    def move() -> series.SeriesOutcome:
        row = series.get_series(session, principal, course, series_id)
        try:
            days = int((shift_days or "0").strip())
        except ValueError:
            raise views.invalid("shift_days") from None
        new_start: time | None = views.parse_time(start, "start") if start.strip() else None
        return series.move_series(session, clock, principal, course, row, shift_days=days, start=new_start)

    return form_action(
        request,
        session,
        move,
        done=lambda outcome: RedirectResponse(_outcome_url(course, "moved", outcome), status_code=303),
        again=lambda refused: builder_page(
            request, session, principal, course, {**shown(request, refused), "open": "series"}, refused.status
        ),
    )


@router.post("/courses/{course_id}/series/{series_id}/delete")
def series_delete(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    course: CourseRef,
    series_id: str,
) -> Response:
    def delete() -> series.SeriesOutcome:
        row = series.get_series(session, principal, course, series_id)
        return series.delete_series(session, clock, principal, course, row)

    return form_action(
        request,
        session,
        delete,
        done=lambda outcome: RedirectResponse(_outcome_url(course, "deleted", outcome), status_code=303),
        again=lambda refused: builder_page(
            request, session, principal, course, shown(request, refused), refused.status
        ),
    )
