"""Per-test database isolation.

By default a test runs inside one outer transaction that is rolled back when it ends: the app's
request sessions, the test's `session` fixture and the factories all join that transaction
through `Database.joined_to`, each in a savepoint of its own, so their commits are real
savepoint releases (the app still sees its own writes and the test sees the app's) while
nothing outlives the test. On SQLite the one connection is shared with the TestClient's worker
threads one request at a time (the engine opens it with `check_same_thread=False`); its outer
`BEGIN IMMEDIATE` comes from the engine's begin hook and the savepoints nest inside it.

Tests whose data must be seen by other connections (threads racing on PostgreSQL, the CLI
building its own app, the app's lifespan with its periodic work and job consumers on threads
of their own) commit for real and the database is emptied after them instead. A rolled-back
test that starts the lifespan (`with TestClient(app)`) fails and says so (`no_lifespan`): its
threads would share the test's one connection at the same time as the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from classroom.app import load_models
from classroom.core.db import Database

REAL_COMMITS = ("postgres_only", "real_commits")


def commits_for_real(item: pytest.Item) -> bool:
    return any(item.get_closest_marker(name) for name in REAL_COMMITS)


@dataclass(frozen=True)
class Transaction:
    """The test's outer transaction."""

    connection: Connection

    @contextmanager
    def undone(self) -> Iterator[None]:
        """Whatever the block writes, through the app or the test's sessions, is rolled back at
        its end. Sessions must not hold an open savepoint of their own across the block's edge."""
        savepoint = self.connection.begin_nested()
        try:
            yield
        finally:
            inner = self.connection.get_nested_transaction()
            if inner is savepoint:
                savepoint.rollback()
        if inner is not savepoint:  # left for the test's outer rollback
            raise AssertionError(
                "a session still held a savepoint opened inside `undone()`: commit or roll it back "
                "before the block ends"
            )


# The outermost open transaction per database: a wider fixture (a module's shared world) may
# hold one, and the tests inside it then run in savepoints of it.
_open: dict[int, Transaction] = {}


@contextmanager
def rolled_back(db: Database) -> Iterator[Transaction]:
    """A transaction rolled back at the end of the block; inside another one (a module-wide
    fixture's) it is a savepoint of that one, so what the outer block built stays."""
    enclosing = _open.get(id(db))
    if enclosing is not None:
        savepoint = enclosing.connection.begin_nested()
        try:
            yield enclosing
        finally:
            if savepoint.is_active:
                savepoint.rollback()
        return
    connection = db.engine.connect()
    outer = connection.begin()
    _open[id(db)] = Transaction(connection)
    try:
        with db.joined_to(connection):
            yield _open[id(db)]
    finally:
        del _open[id(db)]
        if outer.is_active:
            outer.rollback()
        connection.close()


@contextmanager
def no_lifespan(app: FastAPI) -> Iterator[None]:
    """Inside the block, starting the app's lifespan fails with the advice to commit for real."""
    lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def refused(_: FastAPI) -> AsyncIterator[None]:
        raise RuntimeError(
            "this test starts the app's lifespan, whose background threads (periodic work, job "
            "consumers) would share the test's rolled-back connection: mark it "
            "@pytest.mark.real_commits"
        )
        yield  # pragma: no cover  (an async generator, as a lifespan must be)

    app.router.lifespan_context = refused
    try:
        yield
    finally:
        app.router.lifespan_context = lifespan


def wipe(db: Database) -> None:
    """Empty every table (after a test that committed for real)."""
    load_models()
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
