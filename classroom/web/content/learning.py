"""The trainee's e-learning: every VOD lesson of their courses with its items and progress bars,
and the home panel that offers to continue the video they were watching."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session, col, select

from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.errors import request_lang
from classroom.core.tenancy import Principal
from classroom.courses import access as course_access
from classroom.courses.models import Course
from classroom.courses.rules.kinds import LessonMode
from classroom.courses.timetable import lessons_by_course
from classroom.web.content import views
from classroom.web.nav import Panel
from classroom.web.templating import render
from content import items
from content.auth import Watcher

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])


def learning(session: Session, principal: Principal, lang: str) -> list[dict[str, Any]]:
    courses = list(
        session.exec(course_access.visible(select(Course), principal).order_by(col(Course.starts_on)))
    )
    by_course = lessons_by_course(session, principal, courses)
    out = []
    for course in courses:
        vod = [lesson for lesson in by_course.get(course.id, []) if lesson.mode is LessonMode.VOD]
        linked = items.lesson_items(session, principal, [lesson.id for lesson in vod])
        shown = items.course_items(session, principal, course)
        progress = views.progress_by_version(session, principal, shown)
        rows = {
            v.item.id: views.row(v, lang, progress.get(v.version.id) if v.version else None) for v in shown
        }
        lessons = [
            {"lesson": lesson, "rows": [rows[i.id] for i in linked.get(lesson.id, []) if i.id in rows]}
            for lesson in vod
        ]
        attached = {i.id for found in linked.values() for i in found}
        others = [r for item_id, r in rows.items() if item_id not in attached]
        if lessons or others:
            out.append({"course": course, "lessons": lessons, "others": others})
    return out


@router.get("/my/learning")
def my_learning(request: Request, session: DbSession, principal: Watcher) -> Response:
    lang = request_lang(request)
    return render(request, "content/learning.html", {"courses": learning(session, principal, lang)})


def continue_panel(session: Session, principal: Principal, request: Any) -> Panel | None:
    lang = request_lang(request)
    rows = [
        (entry["course"], r)
        for entry in learning(session, principal, lang)
        for lesson in entry["lessons"]
        for r in lesson["rows"]
        if r["kind_value"] in ("video", "audio") and r["percent"] < 100
    ]
    if not rows:
        return None
    seen: set[object] = set()
    unique = [(c, r) for c, r in rows if not (r["id"] in seen or seen.add(r["id"]))]  # type: ignore[func-returns-value]
    return Panel("content/panel_learning.html", {"rows": unique[:3]}, order=12)
