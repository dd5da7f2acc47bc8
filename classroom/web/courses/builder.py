"""The course builder page (shared by the course, schedule and enrolment page modules)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.core import i18n
from classroom.core.clock import as_utc
from classroom.core.errors import request_lang
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access, held, queries, series, texts
from classroom.courses.models import Course
from classroom.courses.policy import policy_for
from classroom.courses.rules.held import is_held
from classroom.courses.timetable import course_lessons
from classroom.web.courses import problems, views
from classroom.web.forms import Refused
from classroom.web.templating import render


def shown(request: Request, refused: Refused) -> dict[str, Any]:
    """The page form of a refusal: headline, per-field messages, and every conflict/rule line."""
    # Conflicts and rule lines grouped by kind (courses/problems.py); other refusals fall back
    # to the shared summary (web/templating.form_errors): each line once, repeats counted.
    return {
        **refused.problems,
        "problems": refused.problems.get("summary", []),
        "problem_groups": problems.group(refused.error.errors, request_lang(request)),
    }


def _names(session: Session, principal: Principal, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    statement = scoped(select(User), principal).where(col(User.id).in_(wanted))
    return {u.id: u.name for u in session.exec(statement)}


def lesson_rows(
    session: Session, principal: Principal, course: Course, lang: str, now: datetime | None = None
) -> list[dict[str, Any]]:
    rows = course_lessons(session, principal, course)
    names = _names(session, principal, [r.instructor_id for r in rows] + [r.supervisor_id for r in rows])
    out = []
    for row in rows:
        supervisor = names.get(row.supervisor_id, "") if row.supervisor_id else ""
        out.append(
            {
                "row": row,
                "day": row.local_day,
                "weekday": views.weekday(row.local_day, lang),
                "start": row.local_start.strftime("%H:%M"),
                "end": row.local_end.strftime("%H:%M"),
                "mode": row.mode,
                "mode_label": views.mode_label(row.mode, lang),
                "color": views.MODE_COLORS[row.mode],
                "where": i18n.render(texts.where(row, supervisor), lang),
                "instructor": names.get(row.instructor_id, "") if row.instructor_id else "",
                "hours": row.minutes / 60,
                "held": now is not None and is_held(as_utc(row.ends_at), now),
            }
        )
    return out


def series_rows(
    session: Session, principal: Principal, course: Course, lang: str, now: datetime
) -> list[dict[str, Any]]:
    """Each series of the course as its lessons say it is: days, times, span, and how many of
    its lessons are already held (those stay when it is moved or deleted)."""
    out = []
    for row in series.course_series(session, principal, course):
        members = series.series_lessons(session, principal, row)
        if not members:
            continue
        weekdays = sorted({m.local_day.weekday() for m in members})
        times = sorted({f"{m.local_start:%H:%M}–{m.local_end:%H:%M}" for m in members})
        out.append(
            {
                "id": str(row.id),
                "mode_label": views.mode_label(row.mode, lang),
                "color": views.MODE_COLORS[row.mode],
                "weekdays": ", ".join(i18n.t(f"common.weekday.{d}", lang) for d in weekdays),
                "times": ", ".join(times),
                "first": members[0].local_day,
                "last": members[-1].local_day,
                "count": len(members),
                "held": sum(1 for m in members if is_held(as_utc(m.ends_at), now)),
            }
        )
    return out


def _teacher_names(
    session: Session, principal: Principal, course: Course, ids: list[uuid.UUID], lang: str
) -> list[str]:
    """The course's instructors by name, the lead first and marked."""
    names = _names(session, principal, ids)
    lead = access.lead_id(session, principal, course)
    others = sorted(name for user_id, name in names.items() if user_id != lead)
    if lead in names:
        return [i18n.t("course.lead_named", lang, name=names[lead]), *others]
    return others


def builder_page(
    request: Request,
    session: Session,
    principal: Principal,
    course: Course,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    lang = request_lang(request)
    now = request.app.state.clock.now()
    rows = course_lessons(session, principal, course)
    teacher_ids = access.instructor_ids(session, principal, course)
    can_write = access.may(session, principal, course, P.COURSES_WRITE)
    context = {
        "course": course,
        "plan": views.plan_view(rows, lang, policy_for(session, course)),
        "lessons": lesson_rows(session, principal, course, lang, now),
        "actor": str(held.actor(session, principal, course)),
        "series": series_rows(session, principal, course, lang, now),
        "teachers": _teacher_names(session, principal, course, teacher_ids, lang),
        "teacher_ids": [str(i) for i in teacher_ids],
        "lead_id": str(access.lead_id(session, principal, course) or ""),
        "can_write": can_write,
        "can_roster": access.may(session, principal, course, P.COURSES_ROSTER_READ),
        "enrolled": queries.count_enrolled(session, principal, course),
        "category_label": views.category_label(course.category, lang),
        "categories": views.category_options(lang),
        "modes": views.mode_options(lang),
        "weekday_names": views.weekday_names(lang),
        # A lesson may name only the course's instructors, so its forms offer only them.
        "instructors": queries.course_instructors(session, principal, course) if can_write else [],
        "all_instructors": queries.instructors_of_institution(session, principal) if can_write else [],
        "supervisors": queries.supervisors_of_institution(session, principal) if can_write else [],
        "is_admin": principal.role is Role.INSTITUTION_ADMIN,
        # Admins and the course's lead instructor choose its instructors.
        "can_staff": access.may_staff(session, principal, course),
        "lesson_form": {
            "day": course.starts_on.isoformat(),
            "start": "09:00",
            "end": "13:00",
            "mode": "live",
        },
        "recurring_form": {
            "first_day": course.starts_on.isoformat(),
            "last_day": course.ends_on.isoformat(),
            "start": "09:00",
            "end": "13:00",
            "mode": "classroom",
            "weekdays": [],  # nothing ticked: the days are the user's choice
            "skip_holidays": True,
        },
    }
    context.update(extra or {})
    return render(request, "courses/builder.html", context, status_code=status_code)
