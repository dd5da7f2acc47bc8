"""Browser harness: a real uvicorn server with demo data, driven by Playwright on Debian's Chromium."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from classroom.app import create_app
from classroom.core.migrate import upgrade
from classroom.core.settings import Settings
from classroom.demo import DemoResult, seed

ARTIFACTS = Path(os.environ.get("CLASSROOM_TEST_ARTIFACTS", "test-artifacts"))


@dataclass
class LiveServer:
    url: str
    app: FastAPI
    demo: DemoResult


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server per test worker: SQLite (the embedded default) seeded with the demo data."""
    data_dir = tmp_path_factory.mktemp("live")
    port = _free_port()
    settings = Settings(
        environment="test",
        data_dir=data_dir,
        secret_key="browser-secret-0123456789",
        base_url=f"http://127.0.0.1:{port}",
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )
    app = create_app(settings)
    upgrade(app.state.db.engine)
    with app.state.db.session() as session:
        demo = seed(session, app.state.clock, app.state.passwords)
        session.commit()
    server = uvicorn.Server(
        # The app's lifespan runs: its job consumer threads do the month close and other jobs.
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield LiveServer(url=settings.base_url, app=app, demo=demo)
    server.should_exit = True
    thread.join(timeout=10)
    app.state.db.dispose()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh context per test (no shared cookies), Korean locale, phone-sized when asked."""
    marker = request.node.get_closest_marker("phone")
    viewport = {"width": 390, "height": 844} if marker else {"width": 1280, "height": 900}
    context = browser.new_context(locale="ko-KR", viewport=viewport)  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Every page a flow visits must work under the content security policy (no inline script,
    # no inline handler): Chromium reports each refusal on the console.
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not refused, f"the content security policy refused: {refused}"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
