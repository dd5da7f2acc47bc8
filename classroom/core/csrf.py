"""CSRF: every browser carries a random cookie; forms and cookie-authenticated API calls echo its HMAC."""

from __future__ import annotations

import secrets

from fastapi import Request, Response
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from classroom.core.errors import Forbidden
from classroom.core.security import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, csrf_token_for, csrf_valid

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class CsrfCookieMiddleware:
    """Gives every browser its random CSRF cookie (pure ASGI: no task and stream per request, as
    a `@app.middleware("http")` function would cost)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = HTTPConnection(scope).cookies.get(CSRF_COOKIE)
        fresh = None if cookie else secrets.token_urlsafe(24)
        scope.setdefault("state", {})["csrf_cookie"] = cookie or fresh
        if fresh is None:
            await self.app(scope, receive, send)
            return
        settings = scope["app"].state.settings
        carrier = Response()
        carrier.set_cookie(
            CSRF_COOKIE, fresh, httponly=True, samesite="lax", secure=settings.cookies_secure, path="/"
        )
        set_cookie = [(k, v) for k, v in carrier.raw_headers if k == b"set-cookie"]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *set_cookie]}
            await send(message)

        await self.app(scope, receive, sending)


def rotate_csrf_cookie(request: Request, response: Response) -> None:
    """A new CSRF cookie at sign-in: a token planted or seen before sign-in is worth nothing after."""
    settings = request.app.state.settings
    response.set_cookie(
        CSRF_COOKIE,
        secrets.token_urlsafe(24),
        httponly=True,
        samesite="lax",
        secure=settings.cookies_secure,
        path="/",
    )


def csrf_token(request: Request) -> str:
    return csrf_token_for(request.app.state.settings.secret_key, request.state.csrf_cookie)


def _error() -> Forbidden:
    return Forbidden("error.csrf", code="csrf_failed")


async def verify_form_csrf(request: Request) -> None:
    """Router dependency for page forms."""
    if request.method in SAFE_METHODS:
        return
    submitted = request.headers.get(CSRF_HEADER)
    if not submitted:
        content_type = request.headers.get("content-type", "")
        if "form" in content_type:
            form = await request.form()
            value = form.get(CSRF_FIELD)
            submitted = value if isinstance(value, str) else None
    if not csrf_valid(request.app.state.settings.secret_key, request.cookies.get(CSRF_COOKIE), submitted):
        raise _error()


def verify_header_csrf(request: HTTPConnection) -> None:
    """API calls authenticated by the session cookie (page scripts) must send the token header."""
    if request.scope.get("method", "GET") in SAFE_METHODS:  # a WebSocket handshake is a GET
        return
    if not csrf_valid(
        request.app.state.settings.secret_key,
        request.cookies.get(CSRF_COOKIE),
        request.headers.get(CSRF_HEADER),
    ):
        raise _error()
