"""Work deferred to the end of a request runs after the request's transaction ended — also when
it failed — so bookkeeping that must outlive a refusal does not wait behind the request's own
write lock (on SQLite, a second write session inside the request waited for the gate it held)."""

from __future__ import annotations

import pytest

from classroom.core import unit_of_work
from classroom.core.unit_of_work import UnitOfWork, after_unit
from tests.support.aio import run_async


def test_deferred_work_runs_after_the_session_ended_even_on_failure(app):
    seen: list[bool] = []
    for failed in (False, True):
        session = app.state.db.session()
        unit = UnitOfWork(session, lambda: None)
        assert after_unit(unit.session, lambda s=session: seen.append(s.in_transaction()))
        session.connection()  # a transaction is open while the request runs
        unit_of_work._end(session, failed)
    assert seen == [False, False]


def test_a_session_of_no_request_does_the_work_itself(app):
    with app.state.db.session() as session:
        assert after_unit(session, lambda: None) is False


def test_a_read_unit_ended_with_its_gate_stays_usable(app):
    """`end_transaction` (a route marked `ends_with_gate`): the read transaction ends at once in
    the calling thread, deferred work runs then, and a later query begins a new transaction that
    `finish` ends as usual."""
    released: list[bool] = []
    session = app.state.db.session(write=False)
    unit = UnitOfWork(session, lambda: released.append(True), write=False)
    seen: list[bool] = []
    assert after_unit(session, lambda: seen.append(session.in_transaction()))
    session.connection()
    unit.end_transaction()
    assert not session.in_transaction() and seen == [False]
    session.connection()  # the handler queried after all
    assert session.in_transaction()
    run_async(unit.finish())
    assert not session.in_transaction() and released == [True]


def test_a_write_unit_does_not_end_early(app):
    unit = UnitOfWork(app.state.db.session(), lambda: None, write=True)
    with pytest.raises(RuntimeError):
        unit.end_transaction()
    unit.session.close()
