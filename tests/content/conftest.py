"""Content tests: two institutions, each with a published course (VOD lesson, instructor,
enrolled trainee), built once per module in a transaction the module's tests run inside."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from fastapi import FastAPI

from tests.conftest import START
from tests.factories.accounts import World, build_world
from tests.factories.content import Classroom, published_course
from tests.support.isolation import rolled_back


@dataclass
class ContentWorld:
    world: World
    a: Classroom
    b: Classroom


def build_content_world(session, app: FastAPI) -> ContentWorld:  # type: ignore[no-untyped-def]
    world = build_world(session, app)
    return ContentWorld(
        world, published_course(session, app, world.a), published_course(session, app, world.b)
    )


@pytest.fixture(scope="module")
def content_world(app_session: FastAPI) -> Iterator[ContentWorld]:
    db = app_session.state.db
    app_session.state.clock.set(START)
    with rolled_back(db):
        with db.session() as session:
            built = build_content_world(session, app_session)
        yield built


@pytest.fixture
def fresh_grants(app: FastAPI) -> None:
    """Each test starts with no cached stream grants (they live for seconds in production)."""
    app.state.grant_cache.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    url: str
    port: int
    app: FastAPI


@pytest.fixture
def served(app: FastAPI) -> Iterator[Served]:
    """The test's app behind a real uvicorn on a free loopback port (tests that use it commit
    for real: the server's threads cannot share a rolled-back connection)."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    yield Served(f"http://127.0.0.1:{port}", port, app)
    server.should_exit = True
    thread.join(timeout=10)
