"""Walk every route of the app as every role of two institutions.

Expectations come from the declarations, so a new route is covered without editing this file:
- anonymous: 401 on the API, a redirect to the login page for pages;
- a role without the route's permission: 403;
- a role with it, on its own institution's objects: neither 401/403/404 nor a server error;
- an institution role on another institution's object: 404 (never 403: no existence leak);
- every route declares exactly one of `require(...)` or `public_route`.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from classroom.core.permissions import ROLE_PERMISSIONS, Permission
from classroom.core.security import CSRF_COOKIE, SESSION_COOKIE, csrf_token_for
from classroom.core.tenancy import Role
from tests.access.params import PARAM_FACTORIES, PERSONAL_PARAMS, UNSCOPED_PARAMS
from tests.access.routes import RouteInfo, app_routes
from tests.factories.accounts import World, build_world, token_for

ROUTES = app_routes()
READ_METHODS = {"GET"}
CSRF_VALUE = "walker-csrf-cookie"


def _fill(
    route: RouteInfo, session: Session, app: FastAPI, world: World, tenant: str, user: Any | None = None
) -> str:
    path = route.path
    for name in route.params:
        if name in PERSONAL_PARAMS:
            owner = user or world.user(Role.INSTITUTION_ADMIN, tenant)
            value = PERSONAL_PARAMS[name](session, app, world, tenant, owner)
        elif name in PARAM_FACTORIES:
            value = PARAM_FACTORIES[name](session, app, world, tenant)
        elif name in UNSCOPED_PARAMS:
            value = UNSCOPED_PARAMS[name](session, app, world, "a")
        else:
            pytest.fail(f"{route}: no factory for path parameter {{{name}}} in tests/access/params*.py")
        path = path.replace(f"{{{name}}}", str(value)).replace(f"{{{name}:path}}", str(value))
    return path


def _call(app: FastAPI, session: Session, route: RouteInfo, path: str, user: Any | None) -> Any:
    client = TestClient(app, base_url="http://testserver")
    headers: dict[str, str] = {}
    kwargs: dict[str, Any] = {}
    secret = app.state.settings.secret_key
    if user is not None:
        if route.page:
            client.cookies.set(SESSION_COOKIE, token_for(session, app, user, kind="web"))
        else:
            headers["Authorization"] = f"Bearer {token_for(session, app, user)}"
    client.cookies.set(CSRF_COOKIE, CSRF_VALUE)
    if route.method not in READ_METHODS:
        if route.page or not route.path.startswith("/api/"):
            kwargs["data"] = {"csrf_token": csrf_token_for(secret, CSRF_VALUE)}
        else:
            kwargs["json"] = {}
    return client.request(route.method, path, headers=headers, follow_redirects=False, **kwargs)


def route_is_personal(route: RouteInfo) -> bool:
    return any(name in PERSONAL_PARAMS for name in route.params)


def test_every_route_declares_access():
    undeclared = [str(r) for r in ROUTES if not r.public and r.permission is None]
    both = [str(r) for r in ROUTES if r.public and r.permission is not None]
    assert not undeclared, f"routes with neither require(...) nor public_route: {undeclared}"
    assert not both, f"routes both public and gated: {both}"


def test_inspector_never_writes():
    writes = [
        r
        for r in ROUTES
        if r.method not in READ_METHODS
        and r.permission
        and r.permission != Permission.SELF
        and r.permission in ROLE_PERMISSIONS[Role.INSPECTOR]
    ]
    assert not writes, f"the inspector may write through: {[str(r) for r in writes]}"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.public], ids=str)
def test_public_route_never_errors(app, session, route):
    world = build_world(session, app)
    response = _call(app, session, route, _fill(route, session, app, world, "a"), None)
    assert response.status_code < 500, f"{route}: {response.status_code} {response.text[:300]}"


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.public], ids=str)
def test_protected_route_access(app, session, transaction, route):
    world = build_world(session, app)
    own = _fill(route, session, app, world, "a")

    anonymous = _call(app, session, route, own, None)
    if route.page:
        assert anonymous.status_code in (302, 303), f"{route} anonymous: {anonymous.status_code}"
        assert anonymous.headers["location"].startswith("/login")
    else:
        assert anonymous.status_code == 401, f"{route} anonymous: {anonymous.status_code}"

    allowed = [role for role in Role if route.permission in ROLE_PERMISSIONS[role]]
    for role in Role:
        if role not in allowed:
            response = _call(app, session, route, own, world.user(role))
            assert response.status_code == 403, f"{route} as {role}: {response.status_code}"

    scoped = [name for name in route.params if name in PARAM_FACTORIES or name in PERSONAL_PARAMS]
    if scoped:
        for role in allowed:
            if role.cross_tenant:
                continue
            foreign = _fill(route, session, app, world, "b", world.user(role, "b"))
            response = _call(app, session, route, foreign, world.user(role))
            assert response.status_code == 404, (
                f"{route} as {role} on another institution: {response.status_code}"
            )

    session.commit()  # no session holds a savepoint across the edges of the calls below
    for role in allowed:
        mine = _fill(route, session, app, world, "a", world.user(role)) if route_is_personal(route) else own
        session.commit()
        with transaction.undone():  # a write by one role must not decide the next role's answer
            response = _call(app, session, route, mine, world.user(role))
        assert response.status_code not in (401, 403, 404) and response.status_code < 500, (
            f"{route} as {role} on own objects: {response.status_code} {response.text[:300]}"
        )
