"""PostgreSQL connections are checked on checkout only after sitting idle: a connection the
server dropped while it was idle is replaced without the request seeing an error, and a
connection in use a moment ago costs no extra round trip."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from classroom.core import db as db_module
from classroom.core.db import Database

# SQLite's connections are local files, with no server to drop them: deselected there.
pytestmark = pytest.mark.postgres_only


@pytest.fixture
def pg(database_url: str):
    database = Database(database_url)
    yield database
    database.dispose()


def _backend_pid(database: Database) -> int:
    with database.engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _age_pool(database: Database, seconds: float) -> None:
    """Make every pooled connection look idle for `seconds` more."""
    pool = database.engine.pool
    for record in list(pool._pool.queue):  # type: ignore[attr-defined]
        record.info[db_module._IDLE_SINCE] -= seconds


def test_a_connection_dropped_while_idle_is_replaced(pg: Database, database_url: str) -> None:
    assert pg.engine.pool.size() >= 1
    before = _backend_pid(pg)
    with Database(database_url).engine.connect() as other:
        assert other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": before}).scalar_one()
    _age_pool(pg, db_module.IDLE_PING_SECONDS + 1)
    after = _backend_pid(pg)  # no error: the check found the dead connection and replaced it
    assert after != before


def test_a_connection_used_a_moment_ago_is_not_checked(pg: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    pings: list[object] = []
    original = pg.engine.dialect.do_ping
    monkeypatch.setattr(pg.engine.dialect, "do_ping", lambda conn: pings.append(conn) or original(conn))
    for _ in range(5):
        _backend_pid(pg)
    assert pings == []
    _age_pool(pg, db_module.IDLE_PING_SECONDS + 1)
    _backend_pid(pg)
    assert len(pings) == 1
