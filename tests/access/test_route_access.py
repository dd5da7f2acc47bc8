"""Walk every route of the app as every role of two institutions.

Expectations come from the declarations, so a new route is covered without editing this file:
- anonymous: 401 on the API, a redirect to the login page for pages;
- a role without the route's permission: 403;
- a role with it, on its own institution's objects, sending a valid example body
  (tests/access/bodies.py): success (2xx, or a redirect for pages) unless the route is
  registered as refusing by design, with the reason; never 401/403/404 or a server error;
- an institution role on another institution's object: 404 (never 403: no existence leak);
- every route declares exactly one of `require(...)` or `public_route`;
- WebSocket routes (tests/access/sockets.py): refused before the upgrade for anonymous callers,
  roles without the permission and other institutions' objects; accepted for the rest.

Authorisation does not depend on the dialect, so the walk runs on SQLite only. The world (two
institutions, every role) is built once per module (tests/access/conftest.py); each route's
test runs in a savepoint of that transaction and every call in a savepoint rolled back after
it, so a write by one role cannot decide the next role's answer.
"""

from __future__ import annotations

import pytest

from classroom.core.permissions import INSPECTOR_OWN_WORK, ROLE_PERMISSIONS, Permission
from classroom.core.tenancy import Role
from tests.access.bodies import BODIES, QUERIES, REFUSALS, has_example
from tests.access.params import PARAM_FACTORIES, PERSONAL_PARAMS, ROUTE_PARAMS, UNSCOPED_PARAMS
from tests.access.routes import app_routes, undeclared
from tests.access.sockets import walk_socket
from tests.access.walk import Walk

pytestmark = pytest.mark.sqlite_only

ROUTES = app_routes()


def test_every_route_declares_access():
    neither = undeclared(ROUTES)
    both = [str(r) for r in ROUTES if r.public and r.permission is not None]
    assert not neither, f"routes with neither require(...) nor public_route: {neither}"
    assert not both, f"routes both public and gated: {both}"


def test_every_route_can_be_walked():
    """Every path parameter has a factory and every write route a usable example body."""
    known = PARAM_FACTORIES.keys() | UNSCOPED_PARAMS.keys() | PERSONAL_PARAMS.keys()
    missing = sorted({f"{{{p}}} in {r}" for r in ROUTES for p in r.params if p not in known})
    assert not missing, f"no factory in tests/access/params*.py for: {missing}"
    bodiless = {str(r): why for r in ROUTES if r.writes and (why := has_example(r)) is not None}
    assert not bodiless, f"write routes without an example body (tests/access/bodies*.py): {bodiless}"
    keys = {r.key for r in ROUTES}
    stale = sorted((REFUSALS.keys() | BODIES.keys() | QUERIES.keys()) - keys)
    stale += [f"{{{name}}} of {key}" for key, name in ROUTE_PARAMS if f"{{{name}}}" not in key]
    assert not stale, f"bodies, queries, parameters or refusals registered for no route of the app: {stale}"


def test_inspector_never_writes():
    """…an institution's data: its own inspection records (INSPECTOR_OWN_WORK) are its work."""
    writes = [
        r
        for r in ROUTES
        if r.writes
        and r.permission
        and r.permission != Permission.SELF
        and r.permission not in INSPECTOR_OWN_WORK
        and r.permission in ROLE_PERMISSIONS[Role.INSPECTOR]
    ]
    assert not writes, f"the inspector may write through: {[str(r) for r in writes]}"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.public], ids=str)
def test_public_route_never_errors(app, session, transaction, walker_world, route):
    walk = Walk(app, session, transaction, walker_world, route)
    if route.websocket:
        walk_socket(walk)
        return
    response = walk.call(walk.own, None)
    assert response.status_code < 500, f"{route}: {response.status_code} {response.text[:300]}"


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.public], ids=str)
def test_protected_route_access(app, session, transaction, walker_world, route):
    walk = Walk(app, session, transaction, walker_world, route)
    if route.websocket:
        walk_socket(walk)
        return
    world = walk.world

    anonymous = walk.call(walk.own, None)
    if route.page:
        assert anonymous.status_code in (302, 303), f"{route} anonymous: {anonymous.status_code}"
        assert anonymous.headers["location"].startswith("/login")
    else:
        assert anonymous.status_code == 401, f"{route} anonymous: {anonymous.status_code}"

    allowed = [role for role in Role if route.permission in ROLE_PERMISSIONS[role]]
    for role in Role:
        if role not in allowed:
            response = walk.call(walk.own, world.user(role))
            assert response.status_code == 403, f"{route} as {role}: {response.status_code}"

    if walk.scoped:
        for role in allowed:
            if role.cross_tenant:
                continue
            response = walk.call(walk.foreign_for(role), world.user(role))
            assert response.status_code == 404, (
                f"{route} as {role} on another institution: {response.status_code}"
            )

    refusal = REFUSALS.get(route.key)
    for role in allowed:
        response = walk.call(walk.own_for(role), world.user(role))
        status = response.status_code
        said = f"{route} as {role} on own objects: {status} {response.text[:300]}"
        assert status not in (401, 403, 404) and status < 500, said
        if refusal is not None:
            assert status == refusal[0], f"{said}; registered as refusing with {refusal[0]}: {refusal[1]}"
        elif status >= 400:
            pytest.fail(
                f"{said}\nthe example did not succeed: fix the body (tests/access/bodies*.py) or the path "
                "object (register_for in tests/access/params.py), or register the route with "
                "expect_refusal(route, status, reason) if it refuses by design"
            )
