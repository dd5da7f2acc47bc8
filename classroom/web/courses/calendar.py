"""Personal pages: my courses, today, the week/month timetable with the iCal address, home panels."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from classroom.core import i18n
from classroom.core.clock import seoul_date
from classroom.core.csrf import verify_form_csrf
from classroom.core.dates import QUERY_NOTE, InWindow
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, SettingsDep
from classroom.core.errors import request_lang
from classroom.core.tenancy import Principal
from classroom.courses import calendar, ical, queries
from classroom.courses.auth import CalendarUser, Reader
from classroom.courses.policy import policies_for
from classroom.courses.rules.kinds import CourseStatus
from classroom.courses.timetable import lessons_by_course
from classroom.web.courses import views
from classroom.web.nav import Panel
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])


def _entry_view(entry: calendar.Entry, lang: str) -> dict[str, Any]:
    return {
        "course_id": entry.course.id,
        "course": entry.course.title,
        "title": entry.lesson.title,
        "mode": entry.mode.value,
        "mode_label": views.mode_label(entry.mode, lang),
        "color": views.MODE_COLORS[entry.mode],
        "start": entry.start.strftime("%H:%M"),
        "end": entry.end.strftime("%H:%M"),
        "where": i18n.render(entry.where, lang),
        "join_url": entry.lesson.join_url,
        "as_role": entry.as_role,
        "draft": entry.course.status == CourseStatus.DRAFT,
    }


def today_entries(session: Session, principal: Principal, today: date, lang: str) -> list[dict[str, Any]]:
    return [_entry_view(e, lang) for e in calendar.on_day(session, principal, today)]


@router.get("/my/courses")
def my_courses(request: Request, session: DbSession, clock: ClockDep, principal: Reader) -> Response:
    lang = request_lang(request)
    now = clock.now()
    cards = []
    ahead = calendar.own_lessons(session, principal, now, now + timedelta(days=400))
    courses = queries.list_courses(session, principal)
    grouped = lessons_by_course(session, principal, courses)
    policies = policies_for(session, courses)
    for course in courses:
        rows = grouped[course.id]
        upcoming = [e for e in ahead if e.course.id == course.id][:1]
        following = None
        if upcoming:
            day = upcoming[0].start.date()
            following = _entry_view(upcoming[0], lang) | {"day": day, "weekday": views.weekday(day, lang)}
        cards.append(
            {
                "course": course,
                "plan": views.plan_view(rows, lang, policies[course.id]),
                "category": views.category_label(course.category, lang),
                "next": following,
            }
        )
    return render(request, "courses/my_courses.html", {"cards": cards})


@router.get("/today")
def today_page(request: Request, session: DbSession, clock: ClockDep, principal: CalendarUser) -> Response:
    lang = request_lang(request)
    today = seoul_date(clock.now())
    return render(
        request,
        "courses/today.html",
        {
            "entries": today_entries(session, principal, today, lang),
            "today": today,
            "weekday": views.weekday(today, lang),
        },
    )


@router.get("/calendar")
def calendar_page(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    principal: CalendarUser,
    view: str = "week",
    day: Annotated[date | None, InWindow, Query(alias="date", description=QUERY_NOTE)] = None,
) -> Response:
    lang = request_lang(request)
    today = seoul_date(clock.now())
    anchor = day or today
    view = "month" if view == "month" else "week"
    if view == "month":
        first, last = calendar.month_bounds(anchor)
        month_start = anchor.replace(day=1)
        prev_anchor = (month_start - timedelta(days=1)).replace(day=1)
        next_anchor = (month_start + timedelta(days=32)).replace(day=1)
    else:
        first, last = calendar.week_bounds(anchor)
        prev_anchor, next_anchor = anchor - timedelta(days=7), anchor + timedelta(days=7)
    entries = calendar.between(session, principal, first, last)
    days = [
        {
            "day": d,
            "weekday": views.weekday(d, lang),
            "today": d == today,
            "other_month": view == "month" and d.month != anchor.month,
            "entries": [_entry_view(e, lang) for e in items],
        }
        for d, items in calendar.by_day(entries, first, last)
    ]
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    _feed, secret = ical.ensure_feed(session, clock, settings.secret_key, principal)
    feed_url = f"{settings.base_url}/calendar/{secret}.ics"
    return render(
        request,
        "courses/calendar.html",
        {
            "view": view,
            "anchor": anchor,
            "first": first,
            "last": last,
            "weeks": weeks,
            "days": days,
            "prev": prev_anchor.isoformat(),
            "next": next_anchor.isoformat(),
            "today": today.isoformat(),
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
            "weekday_names": views.weekday_names(lang),
        },
    )


@router.post("/calendar/feed")
def calendar_feed_regenerate(
    session: DbSession, clock: ClockDep, settings: SettingsDep, principal: CalendarUser
) -> Response:
    ical.regenerate(session, clock, settings.secret_key, principal)
    return RedirectResponse("/calendar?msg=calendar.regenerated#feed", status_code=303)


def today_panel(session: Session, principal: Principal, request: Any) -> Panel | None:
    lang = request_lang(request)
    today = seoul_date(request.app.state.clock.now())
    return Panel(
        "courses/panel_today.html", {"entries": today_entries(session, principal, today, lang)}, order=10
    )


def courses_panel(session: Session, principal: Principal, request: Any) -> Panel | None:
    courses = queries.list_courses(session, principal)
    counts = {status: sum(1 for c in courses if c.status == status) for status in CourseStatus}
    return Panel("courses/panel_courses.html", {"counts": counts, "total": len(courses)}, order=15)
