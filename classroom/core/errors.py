"""One error type for the services, rendered once: problem+json for the API, a page for people."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import HTTPConnection

from classroom.core import i18n

log = logging.getLogger(__name__)


class ClassroomError(Exception):
    status = 400
    code = "bad_request"
    message_key = "error.validation"

    def __init__(
        self,
        message_key: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        params: dict[str, Any] | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message_key = message_key or self.message_key
        self.code = code or self.code
        self.status = status or self.status
        self.params = params or {}
        self.errors = errors or []
        self.headers = headers or {}
        super().__init__(self.message_key)

    def message(self, lang: str) -> str:
        return i18n.t(self.message_key, lang, **self.params)


class BadRequest(ClassroomError):
    pass


class Unauthenticated(ClassroomError):
    status, code, message_key = 401, "unauthenticated", "error.unauthenticated"


class Forbidden(ClassroomError):
    status, code, message_key = 403, "forbidden", "error.forbidden"


class NotFound(ClassroomError):
    status, code, message_key = 404, "not_found", "error.not_found"


class Conflict(ClassroomError):
    status, code = 409, "conflict"


class ValidationFailed(ClassroomError):
    status, code = 422, "validation_failed"


class PayloadTooLarge(ClassroomError):
    status, code, message_key = 413, "too_large", "error.too_large"


class TooManyRequests(ClassroomError):
    status, code = 429, "too_many_requests"


class LoginRequired(Exception):
    """Raised by page dependencies: people are sent to the login page, not given a 401."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def request_lang(request: Request) -> str:
    lang: str | None = getattr(request.state, "lang", None)
    if lang:
        return lang
    return i18n.choose(None, request.cookies.get("lang"), request.headers.get("accept-language"))


def wants_html_path(path: str) -> bool:
    """People's pages (login redirects, error pages) as opposed to machine endpoints (JSON, feeds)."""
    machine = ("/api/", "/ws/", "/calendar/")
    return not (path.startswith(machine) or path in ("/healthz", "/openapi.json"))


def wants_html(request: HTTPConnection) -> bool:
    return wants_html_path(request.url.path)


def problem(request: Request, status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    lang = request_lang(request)
    body = {
        "type": f"https://classroom.example/problems/{code}",
        "title": code,
        "status": status,
        "detail": detail,
        "code": code,
        "lang": lang,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _render_page(request: Request, status: int, message: str, errors: list[dict[str, Any]]) -> Response:
    # The web layer installs its renderer (shared page context) on the app; core stays web-agnostic.
    renderer: Callable[..., Response] = request.app.state.page_renderer
    return renderer(
        request, "error.html", {"status": status, "message": message, "errors": errors}, status_code=status
    )


def _respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    errors: list[dict[str, Any]],
    headers: dict[str, str] | None = None,
) -> Response:
    if wants_html(request):
        response = _render_page(request, status, message, errors)
    else:
        extra: dict[str, Any] = {"errors": errors} if errors else {}
        response = problem(request, status, code, message, **extra)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _translate_errors(errors: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    out = []
    for err in errors:
        item = dict(err)
        if "message_key" in item:
            item["message"] = i18n.t(item.pop("message_key"), lang, **item.get("params", {}))
            item.pop("params", None)
        out.append(item)
    return out


def page_for(request: Request) -> str | None:
    """The nearest page above a POST-only address: its path with trailing segments removed until
    a GET route answers it (/courses/{id}/lessons/recurring → /courses/{id})."""
    from starlette.routing import Match

    parts = request.url.path.rstrip("/").split("/")
    while len(parts) > 1:
        parts = parts[:-1]
        path = "/".join(parts) or "/"
        scope = {**request.scope, "path": path, "method": "GET"}
        for route in request.app.router.routes:
            match, _child = route.matches(scope)
            if match == Match.FULL:
                return path
    return None


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ClassroomError)
    async def _classroom_error(request: Request, exc: ClassroomError) -> Response:
        lang = request_lang(request)
        return _respond(
            request, exc.status, exc.code, exc.message(lang), _translate_errors(exc.errors, lang), exc.headers
        )

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(exc.next_url, safe='/')}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        lang = request_lang(request)
        errors = []
        for err in exc.errors():
            loc = [str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path", "form")]
            key = "field.required" if err.get("type") == "missing" else "field.invalid"
            errors.append(
                {"field": ".".join(loc), "message": i18n.t(key, lang), "reason": err.get("msg", "")}
            )
        return _respond(request, 422, "validation_failed", i18n.t("error.validation", lang), errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        lang = request_lang(request)
        # A form's address opened as a page (a bookmark, a reload after the post, a shared link):
        # go to the page the form belongs to instead of showing "method not allowed".
        page_address = not request.url.path.startswith(("/api/", "/ws/"))  # /calendar/feed is a form
        if (
            exc.status_code == 405
            and request.method in ("GET", "HEAD")
            and page_address
            and (page := page_for(request)) is not None
        ):
            return RedirectResponse(page, status_code=303)
        key = {404: "error.route_not_found", 405: "error.method_not_allowed"}.get(exc.status_code)
        message = i18n.t(key, lang) if key else str(exc.detail)
        return _respond(
            request, exc.status_code, f"http_{exc.status_code}", message, [], dict(exc.headers or {})
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> Response:
        # A constraint the services did not check first (a row still referenced by another
        # package's records, a duplicate created at the same moment): the stored state refuses
        # the request, nothing was stored. A 409, logged so the missing check gets written.
        log.warning("integrity error on %s %s: %s", request.method, request.url.path, exc.orig)
        return _respond(request, 409, "conflict", i18n.t("error.conflict_stored", request_lang(request)), [])

    @app.exception_handler(OperationalError)
    async def _operational(request: Request, exc: OperationalError) -> Response:
        if "database is locked" in str(exc.orig):  # another process held SQLite's write lock too long
            headers = {"Retry-After": "5"}
            message = i18n.t("error.busy", request_lang(request), seconds=5)
            return _respond(request, 503, "busy", message, [], headers)
        return await _unexpected(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _respond(request, 500, "internal", i18n.t("error.internal", request_lang(request)), [])
