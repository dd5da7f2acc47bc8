"""Enumerate the app's HTTP and WebSocket routes with the permission each one declares."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, params, routing
from fastapi.dependencies.models import Dependant
from pydantic.fields import FieldInfo

from classroom.accounts.auth import gate_of, public_route
from classroom.app import create_app
from classroom.core.errors import wants_html_path
from classroom.core.settings import Settings

# Framework routes that serve documentation, open by design.
FRAMEWORK_PUBLIC = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
PARAM = re.compile(r"{(\w+)(?::\w+)?}")
WS = "WS"  # the walker's method name for a WebSocket route
READ_METHODS = {"GET"}

BodyKind = Literal["json", "form", "file"]


@dataclass(frozen=True)
class BodyField:
    """One request-body parameter of a route: a JSON model, a form field or an uploaded file."""

    name: str
    kind: BodyKind
    info: FieldInfo

    @property
    def required(self) -> bool:
        return self.info.is_required()


@dataclass(frozen=True)
class RouteInfo:
    method: str
    path: str
    permission: str | None
    public: bool
    page: bool
    body: tuple[BodyField, ...] = ()

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.path)

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def websocket(self) -> bool:
        return self.method == WS

    @property
    def writes(self) -> bool:
        return self.method not in READ_METHODS and not self.websocket

    @property
    def sends_form(self) -> bool:
        """Pages and non-API posts take form fields (and a CSRF token); the API takes JSON."""
        return self.page or not self.path.startswith("/api/") or any(f.kind != "json" for f in self.body)

    def __str__(self) -> str:
        return self.key


def _walk(dependant: Dependant) -> tuple[set[str], bool]:
    permissions: set[str] = set()
    public = False
    stack = [dependant]
    while stack:
        current = stack.pop()
        call = current.call
        permission = gate_of(call)
        if permission is not None:
            permissions.add(permission)
        if call is public_route:
            public = True
        stack.extend(current.dependencies)
    return permissions, public


def _loader_before_gate(dependant: Dependant) -> str | None:
    """The first path loader resolved before the route's permission gate, if any: the gate must
    answer 403 before a loader answers 404 (see accounts/auth.py)."""
    for dependency in dependant.dependencies:
        if _walk(dependency)[0]:
            return None
        name = getattr(dependency.call, "__name__", "")
        if name.startswith("load_"):
            return name
    return None


def _body_params(dependant: Dependant) -> list[Any]:
    """The body parameters (FastAPI's ModelField) of the route and of its dependencies (a form
    class is one)."""
    found: dict[str, Any] = {}
    stack = [dependant]
    while stack:
        current = stack.pop()
        found.update((param.name, param) for param in current.body_params)
        stack.extend(current.dependencies)
    return list(found.values())


def _body(dependant: Dependant) -> tuple[BodyField, ...]:
    fields = []
    for param in _body_params(dependant):
        info = param.field_info
        kind: BodyKind = (
            "file" if isinstance(info, params.File) else "form" if isinstance(info, params.Form) else "json"
        )
        fields.append(BodyField(param.name, kind, info))
    return tuple(fields)


def _declared(method: str, path: str, dependant: Dependant) -> RouteInfo:
    permissions, public = _walk(dependant)
    if len(permissions) > 1:
        raise AssertionError(f"{method} {path} declares several permissions: {permissions}")
    early = _loader_before_gate(dependant) if permissions else None
    if early is not None:
        raise AssertionError(
            f"{method} {path}: {early} runs before the permission gate; declare the gate parameter first"
        )
    return RouteInfo(
        method,
        path,
        next(iter(permissions), None),
        public,
        page=bool(permissions) and method != WS and wants_html_path(path),
        body=_body(dependant),
    )


def collect(app: FastAPI) -> list[RouteInfo]:
    found: list[RouteInfo] = []
    for context in routing.iter_route_contexts(app.routes):
        effective = context._effective_route
        path = context.path
        dependant = getattr(effective, "dependant", None)
        if path is None:
            continue
        if isinstance(effective, routing.APIWebSocketRoute):
            found.append(_declared(WS, path, effective.dependant))
            continue
        methods = getattr(effective, "methods", None)
        if not methods:
            continue  # mounts (static files)
        for method in sorted(methods - {"HEAD", "OPTIONS"}):
            if dependant is None:
                found.append(RouteInfo(method, path, None, path in FRAMEWORK_PUBLIC, False))
            else:
                found.append(_declared(method, path, dependant))
    return found


def undeclared(routes: Iterable[RouteInfo]) -> list[str]:
    """Routes declaring neither a gate (`require(...)`) nor `public_route`."""
    return [str(r) for r in routes if not r.public and r.permission is None]


def app_routes() -> list[RouteInfo]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            Settings(environment="test", data_dir=Path(tmp), secret_key="route-walker-secret-123")
        )
        routes = collect(app)
        app.state.db.dispose()
    return routes
