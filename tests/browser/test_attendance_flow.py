"""The QR check-in flow in real browsers: the instructor shows the QR page, a trainee on a phone
opens the code's address and confirms, the instructor's roster updates by itself, and the
trainee's attendance page shows the day as present.

The server runs the demo data on a frozen clock at Tuesday 14 April 2026, 09:03 in Seoul, when
the demo course's classroom lesson (09:00–13:00, B동 301호) is open for check-in."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime

import pytest
import uvicorn
from sqlmodel import select

from classroom.app import create_app
from classroom.core.clock import SEOUL, FrozenClock
from classroom.core.migrate import upgrade
from classroom.core.settings import Settings
from classroom.courses.models import Lesson
from classroom.demo import seed
from tests.browser.conftest import LiveServer, _free_port
from tests.browser.helpers import login

pytestmark = pytest.mark.browser

NOW = datetime(2026, 4, 14, 9, 3, tzinfo=SEOUL)


@pytest.fixture(scope="module")
def frozen_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = _free_port()
    settings = Settings(
        environment="test",
        data_dir=tmp_path_factory.mktemp("attendance-live"),
        secret_key="browser-secret-0123456789",
        base_url=f"http://127.0.0.1:{port}",
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )
    app = create_app(settings, clock=FrozenClock(NOW))
    upgrade(app.state.db.engine)
    with app.state.db.session() as session:
        demo = seed(session, app.state.clock, app.state.passwords)
        session.commit()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
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


def test_instructor_shows_qr_trainee_checks_in_on_a_phone(browser, frozen_server):
    server = frozen_server
    with server.app.state.db.session() as session:
        lesson = session.exec(
            select(Lesson).where(
                Lesson.mode == "classroom",
                Lesson.room == "B동 301호",
                Lesson.starts_at == NOW.replace(minute=0),
            )
        ).one()
    trainee = next(u for u in server.demo.trainees["hanbit"] if u.email == "jiwoo@hanbit.example")

    desk = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    phone = browser.new_context(
        locale="ko-KR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        teacher = desk.new_page()
        teacher.set_default_timeout(15_000)
        login(teacher, server.url, "hanbit", "teacher@hanbit.example")
        teacher.goto(f"{server.url}/lessons/{lesson.id}/attendance")
        assert teacher.locator("#qr-image svg").is_visible()
        teacher.wait_for_selector(f"#roster-body tr[data-trainee='{trainee.id}']")
        assert (
            teacher.locator(f"#roster-body tr[data-trainee='{trainee.id}']").get_attribute("data-status")
            == "pending"
        )
        url = teacher.locator("#qr-url").get_attribute("data-url")

        mobile = phone.new_page()
        mobile.set_default_timeout(15_000)
        login(mobile, server.url, "hanbit", trainee.email)
        mobile.goto(url)
        mobile.click("#checkin-confirm")
        assert "입실 체크 완료" in mobile.locator("#checkin-done h1").inner_text()

        # the instructor's roster updates by itself (the page polls the roster)
        teacher.wait_for_selector(f"#roster-body tr[data-trainee='{trainee.id}'][data-status='present']")

        mobile.goto(f"{server.url}/courses/{lesson.course_id}/attendance/{trainee.id}")
        row = mobile.locator("#days tr[data-day='2026-04-14']")
        assert row.get_attribute("data-status") == "present"
        assert "출석" in row.inner_text()
    finally:
        desk.close()
        phone.close()
