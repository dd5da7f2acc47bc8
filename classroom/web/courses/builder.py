"""The course builder page (shared by the course, schedule and enrolment page modules)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.core import i18n
from classroom.core.errors import request_lang
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access, queries, texts
from classroom.courses.models import Course
from classroom.courses.policy import policy_for
from classroom.courses.timetable import course_lessons
from classroom.web.courses import views
from classroom.web.forms import Refused
from classroom.web.templating import render


def shown(request: Request, refused: Refused) -> dict[str, Any]:
    """The page form of a refusal: headline, per-field messages, and every conflict/rule line."""
    # The shared summary (web/templating.form_errors): each line once, a field's with its label,
    # identical lines counted.
    return {**refused.problems, "problems": refused.problems.get("summary", [])}


def _names(session: Session, principal: Principal, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    statement = scoped(select(User), principal).where(col(User.id).in_(wanted))
    return {u.id: u.name for u in session.exec(statement)}


def lesson_rows(session: Session, principal: Principal, course: Course, lang: str) -> list[dict[str, Any]]:
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
            }
        )
    return out


def builder_page(
    request: Request,
    session: Session,
    principal: Principal,
    course: Course,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    lang = request_lang(request)
    rows = course_lessons(session, principal, course)
    teacher_ids = access.instructor_ids(session, principal, course)
    can_write = access.may(session, principal, course, P.COURSES_WRITE)
    context = {
        "course": course,
        "plan": views.plan_view(rows, lang, policy_for(session, course)),
        "lessons": lesson_rows(session, principal, course, lang),
        "teachers": sorted(_names(session, principal, teacher_ids).values()),
        "teacher_ids": [str(i) for i in teacher_ids],
        "can_write": can_write,
        "can_roster": access.may(session, principal, course, P.COURSES_ROSTER_READ),
        "enrolled": queries.count_enrolled(session, principal, course),
        "category_label": views.category_label(course.category, lang),
        "categories": views.category_options(lang),
        "modes": views.mode_options(lang),
        "weekday_names": views.weekday_names(lang),
        "instructors": queries.instructors_of_institution(session, principal) if can_write else [],
        "supervisors": queries.supervisors_of_institution(session, principal) if can_write else [],
        "is_admin": principal.role is Role.INSTITUTION_ADMIN,
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
            "weekdays": ["0", "2", "4"],
            "skip_holidays": True,
        },
    }
    context.update(extra or {})
    return render(request, "courses/builder.html", context, status_code=status_code)
