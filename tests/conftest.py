"""Test set-up: every database test runs on SQLite and on a real PostgreSQL server started here."""

from __future__ import annotations

import gc

# Collecting imports every package and test module: with the collector paused until the tests
# start (pytest_runtestloop below) that takes seconds less in each worker (core/startup.py).
gc.disable()

import inspect
import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from sqlmodel import Session

from classroom.app import create_app
from classroom.core.clock import FrozenClock
from classroom.core.migrate import upgrade
from classroom.core.settings import Settings
from classroom.core.startup import finish_start
from tests.support import chromium
from tests.support.isolation import Transaction, commits_for_real, no_lifespan, rolled_back, wipe
from tests.support.pgcluster import PostgresCluster
from tests.support.require import need

PG_URL_ENV = "CLASSROOM_TEST_PG_URL"

# Property tests share two cores with xdist workers and servers: time limits would only add flakes.
hypothesis_settings.register_profile("classroom", deadline=None)
hypothesis_settings.load_profile("classroom")
START = datetime(2026, 4, 6, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))  # a Monday morning in Seoul

_cluster: PostgresCluster | None = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    """Collection is over (or, on xdist's controller, never happens): collect garbage again,
    skipping everything built so far."""
    finish_start()


def pytest_configure(config: pytest.Config) -> None:
    """The controller starts one throwaway cluster; xdist workers inherit its URL."""
    global _cluster
    config.addinivalue_line(
        "markers",
        "real_commits: commits for real (other connections must see the data); tables are emptied after",
    )
    config.addinivalue_line("markers", "sqlite_only: does not depend on the dialect; runs on SQLite only")
    if hasattr(config, "workerinput") or os.environ.get(PG_URL_ENV):
        return
    if config.getoption("collectonly") or PostgresCluster.available():
        return
    _cluster = PostgresCluster()
    os.environ[PG_URL_ENV] = _cluster.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _cluster is not None and not hasattr(config, "workerinput"):
        _cluster.stop()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked postgres_only (row-lock races) do not run on SQLite at all, nor tests marked
    sqlite_only on PostgreSQL: deselected, not skipped."""
    keep, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("backend") if callspec is not None else None
        elsewhere = (backend == "sqlite" and item.get_closest_marker("postgres_only")) or (
            backend == "postgresql" and item.get_closest_marker("sqlite_only")
        )
        (dropped if elsewhere else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _prepare_sqlite(tmp: Path) -> str:
    return f"sqlite:///{tmp / 'classroom.db'}"


def _prepare_postgres() -> str:
    base = os.environ.get(PG_URL_ENV)
    if not base:
        need(PostgresCluster.available() or "PostgreSQL cluster did not start")
    name = f"classroom_{_worker()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium through Playwright, one per test process."""
    need(chromium.available())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = chromium.launch(playwright)
        yield instance
        instance.close()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp(f"db-{backend}")
    url = _prepare_sqlite(tmp) if backend == "sqlite" else _prepare_postgres()
    engine = create_engine(url)
    upgrade(engine)  # the schema comes from the migrations, as in production
    engine.dispose()
    return url


def make_settings(database_url: str, data_dir: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        data_dir=data_dir,
        secret_key="test-secret-key-0123456789",
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )


@pytest.fixture(scope="session")
def app_session(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    data_dir = tmp_path_factory.mktemp("data")
    return create_app(make_settings(database_url, data_dir), clock=FrozenClock(START))


@pytest.fixture
def transaction(app_session: FastAPI, request: pytest.FixtureRequest) -> Iterator[Transaction | None]:
    """The test's outer transaction, rolled back at its end (see tests/support/isolation.py);
    None for a test that commits for real, after which every table is emptied."""
    db = app_session.state.db
    if commits_for_real(request.node):
        yield None
        wipe(db)
        return
    if "database_url" in inspect.signature(request.function).parameters:
        pytest.fail(
            "this test hands the database URL to another connection, which cannot see the test's "
            "rolled-back transaction: mark it @pytest.mark.real_commits"
        )
    with rolled_back(db) as outer, no_lifespan(app_session):
        yield outer


@pytest.fixture
def app(app_session: FastAPI, transaction: Transaction | None) -> FastAPI:
    """An empty database and the clock back at START for every test."""
    app_session.state.clock.set(START)
    app_session.dependency_overrides.clear()
    return app_session


@pytest.fixture
def clock(app: FastAPI) -> FrozenClock:
    return app.state.clock


@pytest.fixture
def session(app: FastAPI) -> Iterator[Session]:
    with app.state.db.session() as db_session:
        yield db_session


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    # No `with`: the lifespan would dispose the shared engine after every test.
    return TestClient(app, base_url="http://testserver")
