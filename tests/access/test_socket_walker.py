"""The walker's WebSocket checks, proved on probe routes before live lessons bring real ones.

The app has no WebSocket route yet; these probes are added to a second app built from the same
settings and joined to the test's transaction, and walked exactly as the app's own WebSocket
routes are by tests/access/test_route_access.py."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI, WebSocket
from sqlmodel import Session

from classroom.accounts.auth import UserRef, UsersReader, public_route
from classroom.accounts.models import User
from classroom.app import create_app
from classroom.core.db import DbSession
from classroom.core.permissions import Permission
from tests.access.routes import RouteInfo, collect, undeclared
from tests.access.sockets import walk_socket
from tests.access.walk import Walk
from tests.factories.accounts import World
from tests.support.isolation import Transaction

pytestmark = pytest.mark.sqlite_only


def _any_user(session: DbSession, principal: UsersReader, user_id: uuid.UUID) -> User:
    """A loader that forgets the tenant: what the walker must catch."""
    found = session.get(User, user_id)  # tenancy: deliberately unscoped, the probe of a leak
    assert found is not None
    return found


def _probe_app(app: FastAPI) -> FastAPI:
    probe = create_app(app.state.settings, clock=app.state.clock)

    @probe.websocket("/ws/probe/users/{user_id}")
    async def gated(websocket: WebSocket, principal: UsersReader, user: UserRef) -> None:
        await websocket.accept()
        await websocket.close()

    @probe.websocket("/ws/probe/leaky/{user_id}")
    async def leaky(
        websocket: WebSocket, principal: UsersReader, user: Annotated[User, Depends(_any_user)]
    ) -> None:
        await websocket.accept()
        await websocket.close()

    @probe.websocket("/ws/probe/open", dependencies=[Depends(public_route)])
    async def open_socket(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.close()

    @probe.websocket("/ws/probe/undeclared")
    async def undeclared_socket(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.close()

    return probe


@dataclass(frozen=True)
class Probe:
    app: FastAPI
    sockets: dict[str, RouteInfo]

    world: World

    def walk(self, path: str, session: Session, transaction: Transaction | None) -> None:
        walk_socket(Walk(self.app, session, transaction, self.world, self.sockets[path]))


@pytest.fixture
def probe(app, transaction, walker_world) -> Iterator[Probe]:
    built = _probe_app(app)
    with built.state.db.joined_to(transaction.connection):
        yield Probe(built, {r.path: r for r in collect(built) if r.websocket}, walker_world)
    built.state.db.dispose()


def test_websocket_routes_are_collected_with_their_gates(probe):
    assert probe.sockets["/ws/probe/users/{user_id}"].permission == Permission.USERS_READ
    assert probe.sockets["/ws/probe/open"].public
    assert undeclared(probe.sockets.values()) == ["WS /ws/probe/undeclared"]


def test_a_gated_socket_with_a_scoped_loader_passes_the_walk(probe, session, transaction):
    probe.walk("/ws/probe/users/{user_id}", session, transaction)


def test_a_public_socket_is_accepted_anonymously(probe, session, transaction):
    probe.walk("/ws/probe/open", session, transaction)


def test_a_socket_that_loads_another_institutions_object_fails_the_walk(probe, session, transaction):
    with pytest.raises(AssertionError, match="on another institution: 101"):
        probe.walk("/ws/probe/leaky/{user_id}", session, transaction)
