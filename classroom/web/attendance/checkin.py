"""QR pages: the instructor's display (rotating code + live roster) and the trainee's phone pages
(`GET /checkin/{token}` → one tap → recorded)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from attendance import checkin
from attendance.auth import CheckingIn, LessonRef, Taker
from attendance.qrimage import qr_svg
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, client_ip
from classroom.core.errors import ClassroomError, request_lang
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])
DEVICE_MAX_AGE = 400 * 24 * 3600


def _device(request: Request) -> tuple[str, bool]:
    """The browser's device id (a long-lived random cookie); True when it was just made."""
    found = request.cookies.get(checkin.DEVICE_COOKIE)
    if found and 8 <= len(found) <= 64:
        return found, False
    return secrets.token_urlsafe(18), True


def _with_device(request: Request, response: Response, device: str, fresh: bool) -> Response:
    if fresh:
        response.set_cookie(
            checkin.DEVICE_COOKIE,
            device,
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            samesite="lax",
            secure=request.app.state.settings.cookies_secure,
        )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/lessons/{lesson_id}/attendance")
def display_page(
    request: Request, session: DbSession, clock: ClockDep, principal: Taker, lesson: LessonRef
) -> Response:
    settings = request.app.state.settings
    code = checkin.current_code(session, clock, principal, lesson, settings.secret_key, settings.base_url)
    course = checkin.access.course_of(session, principal, lesson)
    return render(
        request,
        "attendance/display.html",
        {"lesson": lesson, "course": course, "code": code, "svg": qr_svg(code.url)},
    )


@router.get("/checkin/{token}")
def scan_page(request: Request, session: DbSession, principal: CheckingIn, token: str) -> Response:
    device, fresh = _device(request)
    try:
        scan = checkin.scan(request.app, session, principal, token, device, client_ip(request))
    except ClassroomError as exc:
        page = render(
            request,
            "attendance/checkin.html",
            {"refusal": exc.message(request_lang(request))},
            status_code=exc.status,
        )
        return _with_device(request, page, device, fresh)
    return _with_device(request, render(request, "attendance/checkin.html", {"scan": scan}), device, fresh)


@router.post("/checkin")
def confirm(
    request: Request, session: DbSession, principal: CheckingIn, ticket: Annotated[str, Form(max_length=400)]
) -> Response:
    device, fresh = _device(request)
    try:
        event = checkin.confirm(request.app, session, principal, ticket, device, client_ip(request))
    except ClassroomError as exc:
        page = render(
            request,
            "attendance/checkin.html",
            {"refusal": exc.message(request_lang(request))},
            status_code=exc.status,
        )
        return _with_device(request, page, device, fresh)
    lesson = checkin.access.get_lesson(session, principal, event.lesson_id)
    return _with_device(
        request,
        render(request, "attendance/checkin_done.html", {"event": event, "lesson": lesson}),
        device,
        fresh,
    )
