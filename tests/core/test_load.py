"""Under load the server answers everyone, on SQLite and on PostgreSQL: no 5xx, no stall.

A real uvicorn process (demo data) takes more concurrent requests than its thread pool has
threads (40): reads, writes and sign-ins (some with a wrong password) from 120 clients at once.
Before the unit of work was rebuilt, SQLite answered "database is locked" 500s after 30 s and
PostgreSQL stalled outright (threads waiting for connections held by requests waiting for
threads). Now every answer is a 2xx or a 4xx and the burst ends in bounded time.

An explicit overload (a server allowed 2 requests at a time, a queue wait of 0.2 s) may refuse
with 503, and then says when to retry, in the caller's language.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
import pytest

from tests.support.aio import run_async
from tests.support.liveserver import fresh_postgres_database, serve
from tests.support.load import prepare, run
from tests.support.require import need

CLIENTS = 120  # three times the default thread pool
REQUESTS_PER_CLIENT = 6
# The whole burst. The old stall never finished it. The two cores of the shared test machine
# also run other suites (load averages of 15-30; a 90 s bound was missed once at 32), so the
# bound leaves room for that and still catches a stall.
BOUND_SECONDS = 180


@pytest.fixture
def live_database(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'load.db'}"
    base = os.environ.get("CLASSROOM_TEST_PG_URL")
    if not base:
        need("PostgreSQL cluster did not start")
    assert base is not None
    return fresh_postgres_database(base, "load")


def test_more_clients_than_threads_get_answers_not_errors(live_database: str, tmp_path: Path) -> None:
    with serve(live_database, tmp_path / "data") as server:
        world = run_async(prepare(server.url))

        async def burst():  # type: ignore[no-untyped-def]
            return await asyncio.wait_for(
                run(
                    server.url,
                    world,
                    clients=CLIENTS,
                    requests_per_client=REQUESTS_PER_CLIENT,
                    wrong_passwords=0.3,
                ),
                BOUND_SECONDS,
            )

        tally = run_async(burst())
        log = server.log.read_text()
    assert tally.failures == [], tally.failures[:5]
    assert tally.count == CLIENTS * REQUESTS_PER_CLIENT
    assert tally.server_errors == 0, (tally.summary(), tally.samples, log[-3000:])
    assert set(tally.kinds) == {"read", "write", "login"}
    # Every read and write succeeded; sign-ins answer 200, 401 (wrong password) or 429 (throttled).
    assert set(tally.statuses) <= {200, 401, 429}, tally.summary()
    assert tally.retry_after_missing == 0
    assert "database is locked" not in log and "QueuePool limit" not in log


@pytest.mark.sqlite_only
def test_an_explicit_overload_is_refused_with_503_and_retry_after(live_database: str, tmp_path: Path) -> None:
    cramped = {"CLASSROOM_MAX_CONCURRENT_REQUESTS": "1", "CLASSROOM_REQUEST_QUEUE_SECONDS": "0.05"}
    with serve(live_database, tmp_path / "data", extra_env=cramped) as server:
        world = run_async(prepare(server.url))
        tally = run_async(run(server.url, world, clients=60, requests_per_client=4))
        english = httpx.get(f"{server.url}/healthz")
    assert english.status_code == 200  # health checks are not queued behind requests
    assert tally.failures == []
    assert 503 in tally.statuses, tally.summary()
    assert set(tally.statuses) <= {200, 503}, (tally.summary(), tally.samples)
    assert tally.retry_after_missing == 0
    assert "다시 시도해 주세요" in tally.samples[503]  # Korean first, as every refusal
