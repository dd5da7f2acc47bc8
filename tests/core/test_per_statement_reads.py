"""A read unit that is one statement (a route answering from its gate's look-up, GET /me) runs
without a transaction on PostgreSQL: one round trip instead of BEGIN + SELECT + COMMIT. The
connection goes back to the pool as it came: the next session, read or write, has its
transaction again, and the per-statement session still refuses to write."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import InternalError

from classroom.core.db import Database, ReadOnlyUnit
from classroom.institutions.models import Institution

pytestmark = pytest.mark.postgres_only

IDLE, INTRANS = psycopg.pq.TransactionStatus.IDLE, psycopg.pq.TransactionStatus.INTRANS


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


def test_a_per_statement_read_opens_no_transaction(pg: Database) -> None:
    assert _status_after_select(pg, write=False, per_statement=True) == IDLE
    # The pooled connections come back with their transactions: the next sessions have them.
    for _ in range(3):
        assert _status_after_select(pg, write=False) == INTRANS
        assert _status_after_select(pg, write=True) == INTRANS
        assert _status_after_select(pg, write=False, per_statement=True) == IDLE


def test_a_read_transaction_is_still_read_only_after_a_per_statement_one(pg: Database) -> None:
    for _ in range(3):
        with pg.session(write=False, per_statement=True) as session:
            session.execute(text("SELECT 1"))
    with pg.session(write=False) as session, pytest.raises(InternalError, match="read-only"):
        session.execute(text("CREATE TEMPORARY TABLE scratch (n int)"))


def test_a_per_statement_session_refuses_to_write(pg: Database) -> None:
    with pg.session(write=False, per_statement=True) as session:
        session.execute(text("SELECT 1"))
        session.add(Institution(code="nope", name="없음"))
        with pytest.raises(ReadOnlyUnit):
            session.flush()
