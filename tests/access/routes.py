"""Enumerate the app's HTTP routes with the permission each one declares."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant

from classroom.accounts.auth import gate_of, public_route
from classroom.app import create_app
from classroom.core.errors import wants_html_path
from classroom.core.settings import Settings

# Framework routes that serve documentation, open by design.
FRAMEWORK_PUBLIC = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
PARAM = re.compile(r"{(\w+)(?::\w+)?}")


@dataclass(frozen=True)
class RouteInfo:
    method: str
    path: str
    permission: str | None
    public: bool
    page: bool

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


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


def collect(app: FastAPI) -> list[RouteInfo]:
    found: list[RouteInfo] = []
    for context in routing.iter_route_contexts(app.routes):
        effective = context._effective_route
        methods = getattr(effective, "methods", None)
        path = context.path
        if not methods or path is None:
            continue  # mounts (static files) and websockets are walked elsewhere
        dependant = getattr(effective, "dependant", None)
        for method in sorted(methods - {"HEAD", "OPTIONS"}):
            if dependant is None:
                found.append(RouteInfo(method, path, None, path in FRAMEWORK_PUBLIC, False))
                continue
            permissions, public = _walk(dependant)
            if len(permissions) > 1:
                raise AssertionError(f"{method} {path} declares several permissions: {permissions}")
            early = _loader_before_gate(dependant) if permissions else None
            if early is not None:
                raise AssertionError(
                    f"{method} {path}: {early} runs before the permission gate; "
                    "declare the gate parameter first"
                )
            found.append(
                RouteInfo(
                    method,
                    path,
                    next(iter(permissions), None),
                    public,
                    page=bool(permissions) and wants_html_path(path),
                )
            )
    return found


def app_routes() -> list[RouteInfo]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            Settings(environment="test", data_dir=Path(tmp), secret_key="route-walker-secret-123")
        )
        routes = collect(app)
        app.state.db.dispose()
    return routes
