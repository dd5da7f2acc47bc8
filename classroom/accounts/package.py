"""Accounts: users of every role, sign-in, tokens, roster import; the first demo step."""

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from classroom.accounts import roster_import
from classroom.accounts.auth import PasswordChangeRequired
from classroom.accounts.demo import seed_people
from classroom.accounts.messages import MESSAGES
from classroom.accounts.models import AuthSession, LoginFailure, RosterImport, User
from classroom.accounts.routes import router
from classroom.core.errors import problem, request_lang, wants_html
from classroom.core.package import JobSpec, Package
from classroom.core.permissions import Permission


def _wire(app: FastAPI) -> None:
    @app.exception_handler(PasswordChangeRequired)
    async def _must_change(request: Request, exc: PasswordChangeRequired) -> Response:
        # People are taken to the form; API clients get the 403 with its code.
        if wants_html(request):
            return RedirectResponse("/account?msg=password.must_change", status_code=303)
        return problem(request, exc.status, exc.code, exc.message(request_lang(request)))


PACKAGE = Package(
    name="accounts",
    models=(User, AuthSession, LoginFailure, RosterImport),
    messages=MESSAGES,
    permissions=frozenset({Permission.SELF, Permission.USERS_READ, Permission.USERS_WRITE}),
    api_routers=(router,),
    demo=seed_people,
    wire=_wire,
    # Hashing thousands of passwords: a retry redoes the whole import (all or nothing).
    jobs=(JobSpec(roster_import.KIND, roster_import.run, retries=2, retry_delay_seconds=10),),
)
