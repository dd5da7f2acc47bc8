"""The live room page (`/lessons/{lesson_id}/live`) and the home panel of today's live lessons.

The page is rendered with the door's decision (a closed door says why and when it opens);
everything live happens in static/live-room.js over the room's WebSocket, fed by `data-`
attributes (no inline script: the CSP forbids it)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session

from classroom.core import i18n
from classroom.core.clock import seoul_date, to_seoul
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import request_lang
from classroom.core.tenancy import Principal
from classroom.courses import calendar
from classroom.courses.rules.kinds import LessonMode
from classroom.live.admission import look, refusal_error
from classroom.live.auth import Attendee, LiveLessonRef
from classroom.live.media.messages import SCRIPT_KEYS as MEDIA_SCRIPT_KEYS
from classroom.web.live.messages import SCRIPT_KEYS
from classroom.web.nav import Panel
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])


@router.get("/lessons/{lesson_id}/live")
def live_room(
    request: Request, session: DbSession, clock: ClockDep, principal: Attendee, lesson: LiveLessonRef
) -> Response:
    lang = request_lang(request)
    entry = look(session, principal, lesson, clock.now())
    refusal = None if entry.admission.admitted else refusal_error(entry.admission)
    texts = {key: i18n.t(key, lang) for key in (*SCRIPT_KEYS, *MEDIA_SCRIPT_KEYS)}
    response = render(
        request,
        "live/room.html",
        {
            "lesson": lesson,
            "course": entry.course,
            "starts": to_seoul(lesson.starts_at),
            "ends": to_seoul(lesson.ends_at),
            "refusal": refusal.message(lang) if refusal is not None else None,  # type: ignore[attr-defined]
            "staff": entry.staff,
            "media_configured": getattr(request.app.state, "media", None) is not None,
            "texts": json.dumps(texts, ensure_ascii=False),
        },
    )
    media = getattr(request.app.state, "media", None)
    if media is not None:  # the page's script talks to Janus: its origins join connect-src
        response.headers["content-security-policy"] = media.content_security_policy()
    return response


def live_panel(session: Session, principal: Principal, request: Any) -> Panel | None:
    """Today's live lessons with a way in (trainees, instructors)."""
    clock = request.app.state.clock
    entries = [
        e for e in calendar.on_day(session, principal, seoul_date(clock.now())) if e.mode is LessonMode.LIVE
    ]
    if not entries:
        return None
    now = clock.now()
    rows = [
        {
            "id": e.lesson.id,
            "title": e.lesson.title or e.course.title,
            "course": e.course.title,
            "start": to_seoul(e.lesson.starts_at).strftime("%H:%M"),
            "end": to_seoul(e.lesson.ends_at).strftime("%H:%M"),
            "now": e.lesson.starts_at <= now < e.lesson.ends_at,
        }
        for e in entries
    ]
    return Panel("live/panel_live.html", {"rows": rows}, order=5)
