"""The OpenAPI document tells the truth about errors.

FastAPI documents a `HTTPValidationError` body for 422 and nothing else; this service answers
every error as `application/problem+json` (`classroom.core.errors`). `document_errors` rewrites
the generated schema once: a `Problem` component, and per operation the error statuses the
request path can produce:
- 400 — the body could not be parsed (operations with a body);
- 401, 403 — not signed in, or not allowed (every operation that is not public; 403 also for a
  missing CSRF token when signed in by cookie);
- 404 — a path object (or one named in the query or body) that is missing, foreign or
  malformed;
- 409 — the request conflicts with the stored state;
- 413 — a file or a quota too large (operations that take a file);
- 422 — invalid input, including control characters and out-of-window dates (operations with
  any parameter or body);
- 429 — too many attempts (sign-in), with Retry-After;
- 503 — the server is at capacity, with Retry-After (every operation: admission and the write
  gate, `classroom.core.admission`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi

PROBLEM: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "An error (RFC 9457 problem details); `detail` is in the caller's language.",
    "required": ["type", "title", "status", "detail", "code", "lang"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "lang": {"type": "string", "enum": ["ko", "en"]},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["message"],
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}

DESCRIPTIONS = {
    "400": "The request body could not be read",
    "401": "Not signed in, the token is no longer valid, or (sign-in) wrong credentials",
    "403": "Not allowed for this role (or a missing CSRF token)",
    "404": "Not found (missing, another institution's, or a malformed id)",
    "409": "Conflicts with the stored state",
    "413": "Too large (file size or quota)",
    "422": "Invalid input",
    "429": "Too many attempts; try again after Retry-After seconds",
    "503": "The server is at capacity; try again after Retry-After seconds",
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "seconds to wait before retrying",
        "schema": {"type": "integer", "minimum": 1},
    }
}
# Statuses only some operations produce, beyond what the request path implies.
SPECIAL: dict[tuple[str, str], set[str]] = {("POST", "/api/v1/auth/token"): {"401", "429"}}


def _problem(status: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": DESCRIPTIONS.get(status, "Refused"),
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status in ("429", "503"):
        response["headers"] = RETRY_AFTER
    return response


def _any_params(dependant: Dependant) -> bool:
    """Query, header or cookie parameters anywhere in the tree (gates and loaders have theirs)."""
    stack = [dependant]
    while stack:
        current = stack.pop()
        if current.query_params or current.header_params or current.cookie_params:
            return True
        stack.extend(current.dependencies)
    return False


def _statuses(dependant: Dependant, body_field: Any, method: str, path: str, public: bool) -> set[str]:
    has_body = body_field is not None
    takes_file = has_body and "UploadFile" in repr(body_field)
    # 404: a path object, or an object named in the query or body (an institution, a year).
    # 409: the stored state refuses the request (writes mostly; some reads too, e.g. a QR code
    # asked of a lesson that has none).
    statuses = {"404", "409", "503"}
    if has_body:
        statuses |= {"400", "422"}
    if "{" in path:
        statuses.add("422")
    if _any_params(dependant):
        statuses.add("422")
    if not public:
        statuses |= {"401", "403"}
    if takes_file:
        statuses.add("413")
    return statuses | SPECIAL.get((method, path), set())


def document_errors(app: FastAPI, is_public: Callable[[Dependant], bool]) -> None:
    """Install the rewritten schema as `app.openapi` (built once, on first request)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        components["Problem"] = PROBLEM
        routes: dict[tuple[str, str], tuple[Dependant, Any]] = {}
        for context in routing.iter_route_contexts(app.routes):
            # An included router's route comes as its effective context (its dependant has the
            # app's and the router's dependencies in it); a route on the app as itself.
            effective: Any = context._effective_route
            dependant = getattr(effective, "dependant", None)
            if isinstance(dependant, Dependant) and context.path is not None:
                for method in getattr(effective, "methods", ()):
                    routes[(method, context.path)] = (dependant, getattr(effective, "body_field", None))
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                found = routes.get((method.upper(), path))
                if found is None:
                    continue
                dependant, body_field = found
                responses = operation.setdefault("responses", {})
                responses.pop("422", None)
                public = is_public(dependant)
                for status in sorted(_statuses(dependant, body_field, method.upper(), path, public)):
                    responses.setdefault(status, _problem(status))  # a route's own word stands
                for status, response in responses.items():
                    if status[0] in "45" and "content" not in response:
                        # A route naming an error status documents its reason, not its body.
                        response["content"] = _problem(status)["content"]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
