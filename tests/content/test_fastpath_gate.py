"""The streaming fast path's grant check is a read: on SQLite it never waits for the write gate
(content.fastpath). Real commits: the gate only exists outside tests' shared connection."""

from __future__ import annotations

import time

import pytest

from tests.factories.accounts import bearer, build_world
from tests.factories.content import mp4_bytes, published_course, stored_item

pytestmark = [pytest.mark.real_commits, pytest.mark.sqlite_only]

DATA = mp4_bytes(300_000, seed=3)


def test_the_fast_path_checks_in_a_read_while_a_writer_holds_the_gate(client, session, app):
    """The grant check only reads: a long write elsewhere (SQLite's per-process write gate held)
    neither delays a video nor sends it the slow way round."""
    room = published_course(session, app, build_world(session, app).a)
    stored, _ = stored_item(session, app, room, DATA)
    session.commit()
    headers = bearer(session, app, room.trainee)
    session.commit()
    app.state.grant_cache.clear()
    gate = app.state.db.gate
    assert gate.acquire(1)
    try:
        started = time.monotonic()
        response = client.get(
            f"/api/v1/contents/{stored.id}/stream", headers={**headers, "Range": "bytes=0-3"}
        )
        elapsed = time.monotonic() - started
    finally:
        gate.release()
    assert response.status_code == 206 and response.content == DATA[:4]
    assert elapsed < 3
    credential = "b:" + headers["Authorization"].split(" ", 1)[1]
    assert app.state.grant_cache.get(credential, str(stored.id)) is not None  # answered by the fast path
