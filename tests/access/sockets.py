"""The route walker's WebSocket checks (live lessons and whatever else streams).

A WebSocket route declares a gate (`require(...)`, as HTTP routes do) or `public_route`. The
handshake is the only moment the app can refuse cheaply and visibly, so the gate and the path
loaders run as dependencies before the endpoint accepts: an anonymous caller, a role without
the permission and another institution's object are refused with an HTTP answer to the upgrade
request (401 or a redirect to the login page, 403, 404), never with an accepted socket that is
closed later. An allowed role on its own objects is accepted.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect

from classroom.core.permissions import ROLE_PERMISSIONS
from classroom.core.security import SESSION_COOKIE
from classroom.core.tenancy import Role
from tests.access.walk import Walk
from tests.factories.accounts import token_for

ACCEPTED = 101  # what the walker reports for a completed upgrade
SIGN_IN = (302, 303, 401)


def connect(walk: Walk, path: str, user: Any) -> int:
    """ACCEPTED, the HTTP status the upgrade was refused with, or 1000 + the close code of a
    socket closed before it was accepted."""
    client = TestClient(walk.app, base_url="http://testserver")
    headers: dict[str, str] = {}
    if user is not None:
        if path.startswith("/api/"):
            headers["Authorization"] = f"Bearer {token_for(walk.session, walk.app, user)}"
        else:
            client.cookies.set(SESSION_COOKIE, token_for(walk.session, walk.app, user, kind="web"))
    with walk.transaction.undone():
        try:
            with client.websocket_connect(path, headers=headers) as socket:
                socket.close()
        except WebSocketDenialResponse as denied:
            return denied.status_code
        except WebSocketDisconnect as closed:
            return 1000 + closed.code
    return ACCEPTED


def walk_socket(walk: Walk) -> None:
    route, world = walk.route, walk.world
    if route.public:
        status = connect(walk, walk.own, None)
        assert status == ACCEPTED, f"{route} (public) anonymous: {status}"
        return
    anonymous = connect(walk, walk.own, None)
    assert anonymous in SIGN_IN, f"{route} anonymous: {anonymous} (must be refused before the upgrade)"
    allowed = [role for role in Role if route.permission in ROLE_PERMISSIONS[role]]
    for role in Role:
        if role not in allowed:
            status = connect(walk, walk.own, world.user(role))
            assert status == 403, f"{route} as {role}: {status}"
    if walk.scoped:
        for role in allowed:
            if not role.cross_tenant:
                status = connect(walk, walk.foreign_for(role), world.user(role))
                assert status == 404, f"{route} as {role} on another institution: {status}"
    for role in allowed:
        status = connect(walk, walk.own_for(role), world.user(role))
        assert status == ACCEPTED, f"{route} as {role} on own objects: {status}"
