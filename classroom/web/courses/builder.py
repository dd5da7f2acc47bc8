"""The course builder page (shared by the course, schedule and enrolment page modules)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session, select

from classroom.accounts.models import User
from classroom.core import i18n
from classroom.core.errors import ClassroomError, request_lang
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses import access, plan, service
from classroom.courses.calendar import Entry
from classroom.courses.models import Course
from classroom.courses.policy import policy_for
from classroom.web.courses import views
from classroom.web.templating import form_errors, render


def problems(exc: ClassroomError, lang: str) -> dict[str, Any]:
    """The page form of a service error: headline, per-field messages, and every conflict/rule line."""
    shaped = form_errors(exc, lang)
    shaped["problems"] = [
        i18n.t(e["message_key"], lang, **e.get("params", {})) for e in exc.errors if "message_key" in e
    ]
    return shaped


def _names(session: Session, principal: Principal, ids: set[Any]) -> dict[Any, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    statement = scoped(select(User), principal).where(User.id.in_(ids))  # type: ignore[attr-defined]
    return {u.id: u.name for u in session.exec(statement)}


def lesson_rows(session: Session, principal: Principal, course: Course, lang: str) -> list[dict[str, Any]]:
    rows = plan.course_lessons(session, principal, course)
    names = _names(session, principal, {r.instructor_id for r in rows} | {r.supervisor_id for r in rows})
    out = []
    for row in rows:
        entry = Entry(row, course, "", names.get(row.instructor_id, ""), names.get(row.supervisor_id, ""))
        out.append(
            {
                "row": row,
                "day": entry.start.date(),
                "weekday": views.weekday(entry.start.date(), lang),
                "start": entry.start.strftime("%H:%M"),
                "end": entry.end.strftime("%H:%M"),
                "mode": row.mode,
                "mode_label": views.mode_label(row.mode, lang),
                "color": views.MODE_COLORS[entry.mode],
                "where": entry.where(lang),
                "instructor": names.get(row.instructor_id, ""),
                "hours": plan.lesson_minutes(row) / 60,
            }
        )
    return out


def builder_page(
    request: Request,
    session: Session,
    principal: Principal,
    course: Course,
    extra: dict | None = None,
    status_code: int = 200,
) -> Response:
    lang = request_lang(request)
    rows = plan.course_lessons(session, principal, course)
    teacher_ids = access.instructor_ids(session, principal, course)
    can_write = access.can_edit(session, principal, course)
    context = {
        "course": course,
        "plan": views.plan_view(rows, lang, policy_for(session, course)),
        "lessons": lesson_rows(session, principal, course, lang),
        "teachers": [
            n for _, n in sorted(_names(session, principal, set(teacher_ids)).items(), key=lambda kv: kv[1])
        ],
        "teacher_ids": [str(i) for i in teacher_ids],
        "can_write": can_write,
        "can_roster": access.can_read_roster(session, principal, course),
        "enrolled": service.count_enrolled(session, principal, course),
        "category_label": views.category_label(course.category, lang),
        "categories": views.category_options(lang),
        "modes": views.mode_options(lang),
        "weekday_names": views.WEEKDAYS["en" if lang == "en" else "ko"],
        "instructors": service.instructors_of_institution(session, principal) if can_write else [],
        "supervisors": service.supervisors_of_institution(session, principal) if can_write else [],
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
