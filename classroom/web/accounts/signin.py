"""Sign-in and sign-out pages (the institution's own login address included)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from classroom.accounts import login as login_service
from classroom.accounts.auth import public_route
from classroom.accounts.login import Issued
from classroom.accounts.models import SessionKind
from classroom.core.csrf import rotate_csrf_cookie, verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, PasswordsDep, SettingsDep, client_ip
from classroom.core.errors import NotFound
from classroom.core.security import SESSION_COOKIE
from classroom.institutions import service as institutions
from classroom.web.forms import Refused, form_action
from classroom.web.home import MaybePrincipal, safe_next
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf), Depends(public_route)])


@router.get("/login")
def login_page(request: Request, principal: MaybePrincipal, next: str = "/home") -> Response:
    if principal:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "accounts/login.html", {"next": safe_next(next), "form": {}, "institution": None})


@router.get("/i/{code}/login")
def institution_login_page(request: Request, session: DbSession, code: str, next: str = "/home") -> Response:
    institution = institutions.by_code(session, code)
    if institution is None or not institution.is_active:
        raise NotFound()
    return render(
        request, "accounts/login.html", {"next": safe_next(next), "form": {}, "institution": institution}
    )


@router.post("/login")
def login_submit(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    passwords: PasswordsDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=200)],
    institution: Annotated[str, Form(max_length=32)] = "",
    next: Annotated[str, Form(max_length=500)] = "/home",
) -> Response:
    def sign_in() -> Issued:
        # The first database work of this request: the check runs in its own short transaction.
        return login_service.login(
            session,
            clock,
            settings,
            passwords,
            institution_code=institution,
            email=email,
            password=password,
            kind=SessionKind.WEB,
            ip=client_ip(request),
            user_agent=request.headers.get("user-agent"),
        )

    def signed_in(issued: Issued) -> Response:
        response = RedirectResponse(safe_next(next), status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            issued.token,
            max_age=issued.max_age,
            httponly=True,
            samesite="lax",
            secure=settings.cookies_secure,
            path="/",
        )
        rotate_csrf_cookie(request, response)
        if issued.user.must_change_password:
            response.headers["location"] = "/account?msg=password.must_change"
        if issued.user.locale:
            response.set_cookie("lang", issued.user.locale, max_age=365 * 86400, samesite="lax", path="/")
        return response

    def again(refused: Refused) -> Response:
        inst = institutions.by_code(session, institution) if institution else None
        came_from_own_page = inst is not None and request.headers.get("referer", "").endswith(
            f"/i/{inst.code}/login"
        )
        response = render(
            request,
            "accounts/login.html",
            {
                "next": safe_next(next),
                "error": refused.problems["error"],
                "form": {"email": email, "institution": institution},
                "institution": inst if came_from_own_page else None,
            },
            status_code=refused.status,
        )
        response.headers.update(refused.error.headers)  # Retry-After of a throttled account
        return response

    return form_action(request, session, sign_in, done=signed_in, again=again)


@router.post("/logout")
def logout(request: Request, session: DbSession, clock: ClockDep) -> Response:
    login_service.logout(session, clock, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login?msg=login.signed_out", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
