"""The user's own account page: profile, password, language."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from classroom.accounts import login as login_service
from classroom.accounts import service as accounts
from classroom.accounts.auth import SelfUser, while_changing_password
from classroom.accounts.schemas import LOCALE_PATTERN
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, PasswordsDep
from classroom.core.errors import ClassroomError
from classroom.core.security import SESSION_COOKIE
from classroom.core.tenancy import Principal
from classroom.institutions.models import Institution
from classroom.web.forms import Refused, form_action, refusal_of
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])


def _account(
    request: Request,
    session: DbSession,
    principal: Principal,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    user = accounts.load_self(session, principal)
    institution = session.get(Institution, principal.institution_id) if principal.institution_id else None
    return render(
        request,
        "accounts/account.html",
        {"user": user, "institution": institution, **(extra or {})},
        status_code=status_code,
    )


@router.get("/account")
@while_changing_password
def account(request: Request, session: DbSession, principal: SelfUser) -> Response:
    return _account(request, session, principal)


@router.post("/account/password")
@while_changing_password
def account_password(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    passwords: PasswordsDep,
    principal: SelfUser,
    current_password: Annotated[str, Form(max_length=200)],
    new_password: Annotated[str, Form(max_length=200)],
    new_password_confirm: Annotated[str, Form(max_length=200)],
) -> Response:
    def again(refusal: Refused) -> Response:
        return _account(request, session, principal, refusal.problems, refusal.status)

    try:
        # Verified and hashed before the page's savepoint opens: no transaction is held meanwhile.
        new_hash = accounts.prepare_password_change(
            session,
            passwords,
            principal,
            current=current_password,
            new=new_password,
            confirm=new_password_confirm,
        )
    except ClassroomError as exc:
        return again(refusal_of(request, exc))

    def change() -> None:
        accounts.store_password_change(session, clock, principal, new_hash)
        # Other browsers and tokens signed in with the old password are signed out.
        login_service.revoke_sessions(
            session, clock, principal.user_id, keep_token=request.cookies.get(SESSION_COOKIE)
        )

    return form_action(
        request,
        session,
        change,
        done="/account?msg=password.changed",
        again=again,
    )


@router.post("/account/locale")
@while_changing_password
def account_locale(
    request: Request,
    session: DbSession,
    principal: SelfUser,
    locale: Annotated[str, Form(pattern=LOCALE_PATTERN)],
) -> Response:
    def saved(_: object) -> Response:
        response = RedirectResponse("/account?msg=account.language_saved", status_code=303)
        response.set_cookie("lang", locale, max_age=365 * 86400, samesite="lax", path="/")
        return response

    return form_action(
        request,
        session,
        lambda: accounts.set_locale(session, principal, locale),
        done=saved,
        again=lambda refused: _account(request, session, principal, refused.problems, refused.status),
    )
