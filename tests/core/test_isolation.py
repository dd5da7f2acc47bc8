"""The test harness's own isolation: one rolled-back transaction per test (tests/support/isolation.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from classroom.core.tenancy import Role
from classroom.institutions.models import Institution
from tests.factories.accounts import bearer, make_institution, make_user
from tests.support.isolation import rolled_back


def _count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Institution)).one()


def _create(client: TestClient, headers: dict[str, str], code: str) -> int:
    body = {"code": code, "name": "격리학교", "admin_email": f"admin@{code}.example", "admin_name": "김격리"}
    return client.post("/api/v1/institutions", json=body, headers=headers).status_code


def test_everything_a_test_writes_is_gone_after_it(app_session):
    """The app's commits, the factories' commits and the test session's own all end in the
    rollback; a session opened afterwards on a fresh connection finds nothing."""
    db = app_session.state.db
    with rolled_back(db):
        with db.session() as session:
            make_institution(session, app_session, "isolated")
            operator = make_user(session, app_session, None, Role.OPERATOR)
            headers = bearer(session, app_session, operator)
        assert _create(TestClient(app_session), headers, "isolated-api") == 201
        with db.session() as session:
            assert _count(session) == 2  # the request's commit is visible inside the transaction
    with db.session() as session:
        assert _count(session) == 0


def test_sessions_of_a_test_share_its_connection(app, session, transaction):
    assert session.connection() is transaction.connection
    with app.state.db.session() as other:
        assert other.connection() is transaction.connection


def test_a_refused_request_undoes_only_its_own_work(app, session, client):
    make_institution(session, app, "first")
    headers = bearer(session, app, make_user(session, app, None, Role.OPERATOR))
    assert _create(client, headers, "first") == 409  # the code is taken: the request rolls back
    assert _count(session) == 1  # the rollback reached the request's savepoint, not the test's data


def test_undone_rolls_back_a_block(app, session, transaction, client):
    headers = bearer(session, app, make_user(session, app, None, Role.OPERATOR))
    with transaction.undone():
        assert _create(client, headers, "inside") == 201
        assert _count(session) == 1
        session.rollback()  # end the read: no session may hold a savepoint across the edge
    assert _count(session) == 0


def test_undone_refuses_a_session_left_inside(app, session, transaction):
    with pytest.raises(AssertionError, match="still held a savepoint"), transaction.undone():
        _count(session)  # begins the session's savepoint inside the block and keeps it
    session.rollback()


def test_a_transaction_inside_another_is_a_savepoint_of_it(app_session):
    """A module-wide fixture's transaction (the walker's world) encloses its tests' ones."""
    db = app_session.state.db
    with rolled_back(db) as outer:
        with db.session() as session:
            make_institution(session, app_session, "kept")
        with rolled_back(db) as inner:
            assert inner.connection is outer.connection
            with db.session() as session:
                make_institution(session, app_session, "dropped")
                assert _count(session) == 2
        with db.session() as session:
            assert _count(session) == 1
    with db.session() as session:
        assert _count(session) == 0


def test_a_rolled_back_test_may_not_start_the_lifespan(app):
    with pytest.raises(RuntimeError, match="real_commits"), TestClient(app):
        pass


@pytest.mark.real_commits
def test_a_real_commits_test_is_seen_by_other_connections(app, session, transaction):
    assert transaction is None
    make_institution(session, app, "committed")
    with app.state.db.engine.connect() as other:  # its own connection, as a CLI or a thread has
        assert other.execute(select(func.count()).select_from(Institution)).scalar_one() == 1
