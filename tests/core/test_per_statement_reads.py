"""A read unit that is one statement (a route answering from its gate's look-up, GET /me) runs
without a transaction: on PostgreSQL one round trip instead of BEGIN + SELECT + COMMIT, on
SQLite no BEGIN and no COMMIT. The connection goes back to the pool as it came: the next
session, read or write, has its transaction (and its snapshot) again, and the per-statement
session still refuses to write."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import InternalError, OperationalError

from classroom.core.db import Database, ReadOnlyUnit
from classroom.institutions.models import Institution

IDLE, INTRANS = psycopg.pq.TransactionStatus.IDLE, psycopg.pq.TransactionStatus.INTRANS


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'reads.db'}")
    with database.session() as session:
        session.execute(text("CREATE TABLE marks (n INTEGER)"))
        session.execute(text("INSERT INTO marks VALUES (1)"))
        session.commit()
    yield database
    database.dispose()


def _sqlite_in_transaction_after_select(database: Database, **kwargs: bool) -> bool:
    with database.session(**kwargs) as session:
        assert session.execute(text("SELECT count(*) FROM marks")).scalar_one() >= 1
        raw = session.connection().connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        return raw.in_transaction


def test_sqlite_a_per_statement_read_opens_no_transaction(lite: Database) -> None:
    assert _sqlite_in_transaction_after_select(lite, write=False, per_statement=True) is False
    for _ in range(3):
        assert _sqlite_in_transaction_after_select(lite, write=False) is True
        assert _sqlite_in_transaction_after_select(lite, write=True) is True
        assert _sqlite_in_transaction_after_select(lite, write=False, per_statement=True) is False


def _count_twice_around_a_commit(database: Database, **kwargs: bool) -> tuple[int, int]:
    with database.session(**kwargs) as reading:
        before = reading.execute(text("SELECT count(*) FROM marks")).scalar_one()
        with database.session() as writing:
            writing.execute(text("INSERT INTO marks VALUES (2)"))
            writing.commit()
        return before, reading.execute(text("SELECT count(*) FROM marks")).scalar_one()


def test_sqlite_a_read_transaction_keeps_its_snapshot_a_per_statement_read_does_not(lite: Database) -> None:
    assert _count_twice_around_a_commit(lite, write=False) == (1, 1)
    assert _count_twice_around_a_commit(lite, write=False, per_statement=True) == (2, 3)
    assert _count_twice_around_a_commit(lite, write=False) == (3, 3)  # the pooled connection is as before


def test_sqlite_a_per_statement_session_refuses_to_write(lite: Database) -> None:
    with lite.session(write=False, per_statement=True) as session:
        with pytest.raises(OperationalError, match="readonly"):
            session.execute(text("INSERT INTO marks VALUES (9)"))
        session.add(Institution(code="nope", name="없음"))
        with pytest.raises(ReadOnlyUnit):
            session.flush()
    with lite.session(write=False) as session:
        assert session.execute(text("SELECT count(*) FROM marks")).scalar_one() == 1


@pytest.fixture
def pg(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


def _status_after_select(database: Database, **kwargs: bool) -> psycopg.pq.TransactionStatus:
    with database.session(**kwargs) as session:
        assert session.execute(text("SELECT 1")).scalar_one() == 1
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        status: psycopg.pq.TransactionStatus = raw.info.transaction_status
        return status


@pytest.mark.postgres_only
def test_a_per_statement_read_opens_no_transaction(pg: Database) -> None:
    assert _status_after_select(pg, write=False, per_statement=True) == IDLE
    # The pooled connections come back with their transactions: the next sessions have them.
    for _ in range(3):
        assert _status_after_select(pg, write=False) == INTRANS
        assert _status_after_select(pg, write=True) == INTRANS
        assert _status_after_select(pg, write=False, per_statement=True) == IDLE


@pytest.mark.postgres_only
def test_a_read_transaction_is_still_read_only_after_a_per_statement_one(pg: Database) -> None:
    for _ in range(3):
        with pg.session(write=False, per_statement=True) as session:
            session.execute(text("SELECT 1"))
    with pg.session(write=False) as session, pytest.raises(InternalError, match="read-only"):
        session.execute(text("CREATE TEMPORARY TABLE scratch (n int)"))


@pytest.mark.postgres_only
def test_a_per_statement_session_refuses_to_write(pg: Database) -> None:
    with pg.session(write=False, per_statement=True) as session:
        session.execute(text("SELECT 1"))
        session.add(Institution(code="nope", name="없음"))
        with pytest.raises(ReadOnlyUnit):
            session.flush()
