"""The walker's world: built once per test module in a transaction that the module's tests run
inside (each in a savepoint of it, each call in a savepoint of that), rolled back at the end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from tests.conftest import START
from tests.factories.accounts import World, build_world
from tests.support.isolation import rolled_back


@pytest.fixture(scope="module")
def walker_world(app_session: FastAPI) -> Iterator[World]:
    db = app_session.state.db
    app_session.state.clock.set(START)
    with rolled_back(db):
        with db.session() as session:
            world = build_world(session, app_session)
        yield world
