"""Pages every deployment has: the root redirect, the per-role home page, the language switch."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from classroom.accounts import service as accounts
from classroom.accounts.auth import SelfUser, optional_principal, public_route
from classroom.accounts.schemas import LOCALE_PATTERN
from classroom.core import i18n
from classroom.core.clock import to_seoul
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import request_lang
from classroom.core.tenancy import Principal
from classroom.institutions import service as institutions
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])
public = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf), Depends(public_route)])

MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]


def safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect after login would help phishing."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/home"


@public.get("/")
def root(principal: MaybePrincipal) -> RedirectResponse:
    return RedirectResponse("/home" if principal else "/login", status_code=303)


@public.get("/favicon.ico")
def favicon() -> RedirectResponse:
    """Browsers (and calendar apps, for the feed) ask the root for an icon; pages link theirs."""
    return RedirectResponse("/static/favicon.ico", status_code=301)


@router.get("/home")
def home(request: Request, session: DbSession, clock: ClockDep, principal: SelfUser) -> Response:
    user = accounts.load_self(session, principal)
    institution = (
        institutions.get_institution(session, principal.institution_id) if principal.institution_id else None
    )
    now = to_seoul(clock.now().astimezone(UTC))
    lang = request_lang(request)
    today = f"{now:%Y-%m-%d} ({i18n.t(f'common.weekday.{now.weekday()}', lang)})"
    panels = request.app.state.navigation.panels_for(session, principal, request)
    return render(
        request,
        "home.html",
        {
            "panels": panels,
            "institution": institution,
            "today": today,
            "must_change_password": user.must_change_password,
        },
    )


@public.post("/lang")
def switch_language(
    lang: Annotated[str, Form(pattern=LOCALE_PATTERN)], next: Annotated[str, Form(max_length=500)] = "/"
) -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax", path="/")
    return response
