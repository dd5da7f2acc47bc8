"""One route walked in a world (tests/access/conftest.py): path values, the example body and
calls that are undone."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from classroom.core.security import CSRF_COOKIE, SESSION_COOKIE, csrf_token_for
from classroom.core.tenancy import Role
from tests.access.bodies import Example, example
from tests.access.params import PARAM_FACTORIES, PERSONAL_PARAMS, ROUTE_PARAMS, UNSCOPED_PARAMS
from tests.access.routes import RouteInfo
from tests.factories.accounts import World, token_for
from tests.support.isolation import Transaction

CSRF_VALUE = "walker-csrf-cookie"


def _fill(
    route: RouteInfo, session: Session, app: FastAPI, world: World, tenant: str, user: Any | None = None
) -> str:
    """The route's path with objects of `tenant`; a personal object (PERSONAL_PARAMS) belongs to
    `user`, by default the tenant's institution admin."""
    path = route.path
    for name in route.params:
        if name in PERSONAL_PARAMS:
            owner = user or world.user(Role.INSTITUTION_ADMIN, tenant)
            value = PERSONAL_PARAMS[name](session, app, world, tenant, owner)
        elif (route.key, name) in ROUTE_PARAMS:
            value = ROUTE_PARAMS[(route.key, name)](session, app, world, tenant)
        elif name in PARAM_FACTORIES:
            value = PARAM_FACTORIES[name](session, app, world, tenant)
        elif name in UNSCOPED_PARAMS:
            value = UNSCOPED_PARAMS[name](session, app, world, "a")
        else:
            pytest.fail(f"{route}: no factory for path parameter {{{name}}} in tests/access/params*.py")
        path = path.replace(f"{{{name}}}", str(value)).replace(f"{{{name}:path}}", str(value))
    return path


def _call(app: FastAPI, session: Session, route: RouteInfo, path: str, user: Any, body: Example) -> Response:
    client = TestClient(app, base_url="http://testserver")
    headers: dict[str, str] = {}
    if user is not None:
        if route.page:
            client.cookies.set(SESSION_COOKIE, token_for(session, app, user, kind="web"))
        else:
            headers["Authorization"] = f"Bearer {token_for(session, app, user)}"
    client.cookies.set(CSRF_COOKIE, CSRF_VALUE)
    return client.request(
        route.method, path, headers=headers, follow_redirects=False, **body.request_kwargs()
    )


class Walk:
    """One route walked in one world; every call is undone after it."""

    def __init__(
        self,
        app: FastAPI,
        session: Session,
        transaction: Transaction | None,
        world: World,
        route: RouteInfo,
    ):
        assert transaction is not None, "the walker runs in a rolled-back transaction"
        self.app, self.session, self.transaction, self.route = app, session, transaction, route
        self.world = world
        self.own = _fill(route, session, app, self.world, "a")
        self.personal = any(name in PERSONAL_PARAMS for name in route.params)
        self.scoped = self.personal or any(
            name in PARAM_FACTORIES or (route.key, name) in ROUTE_PARAMS for name in route.params
        )
        self.foreign = _fill(route, session, app, self.world, "b") if self.scoped else None
        csrf = csrf_token_for(app.state.settings.secret_key, CSRF_VALUE)
        self.body = example(route, session, app, self.world, csrf)
        session.commit()  # no session holds a savepoint across a call's edges

    def own_for(self, role: Role) -> str:
        """Tenant "a"'s path for `role`: its own object where the route's object is personal."""
        if not self.personal:
            return self.own
        path = _fill(self.route, self.session, self.app, self.world, "a", self.world.user(role))
        self.session.commit()
        return path

    def foreign_for(self, role: Role) -> str | None:
        """Tenant "b"'s path (for a personal object: one owned by the same role there)."""
        if not self.personal:
            return self.foreign
        path = _fill(self.route, self.session, self.app, self.world, "b", self.world.user(role, "b"))
        self.session.commit()
        return path

    def call(self, path: str, user: Any) -> Response:
        with self.transaction.undone():
            return _call(self.app, self.session, self.route, path, user, self.body)
