"""An instructor uploads a lesson video with the library page (tus-js-client); a trainee on a
phone-sized screen plays it, seeks, reloads and resumes, and the progress bar moves.

Runs on the real clock against the demo data (the demo course "AI 기반 스마트팩토리 데이터 분석
실무" is taught by teacher@hanbit.example; jiwoo@hanbit.example is enrolled)."""

from __future__ import annotations

import shutil
import time
import uuid

import pytest
from sqlmodel import select

from classroom.courses.models import Course
from content.demo import ASSETS, COURSE_TITLE
from tests.browser.helpers import login
from tests.support import chromium  # noqa: F401  (the browser fixture launches it)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _course_id(live_server) -> str:  # type: ignore[no-untyped-def]
    with live_server.app.state.db.session() as session:
        course = session.exec(select(Course).where(Course.title == COURSE_TITLE)).one()
        return str(course.id)


def _until(page, predicate: str, seconds: float = 15) -> None:  # type: ignore[no-untyped-def]
    """Poll a JS predicate from here: `wait_for_function` evaluates its predicate with eval inside
    the page, which the content security policy (no 'unsafe-eval') refuses."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {predicate}"
        page.wait_for_timeout(100)


def _percent(page) -> int:  # type: ignore[no-untyped-def]
    width = page.eval_on_selector("#progress-bar span", "el => el.style.width")
    return int(float(width.rstrip("%")))


def test_upload_then_watch_on_a_phone(browser, page, live_server, tmp_path):
    course_id = _course_id(live_server)
    title = f"브라우저 업로드 {uuid.uuid4().hex[:6]}.mp4"
    clip = tmp_path / title
    shutil.copy(ASSETS / "ml-basics-1.mp4", clip)

    # The instructor drops the file on the library page; tus-js-client sends it.
    login(page, live_server.url, "hanbit", "teacher@hanbit.example")
    page.goto(f"{live_server.url}/courses/{course_id}/contents")
    page.set_input_files("#file-input", str(clip))
    page.wait_for_selector(f"#content-table a:text('{title}')", timeout=30_000)
    link = page.locator(f"#content-table a:text('{title}')")
    item_url = live_server.url + link.get_attribute("href")
    # The processing job (duration, poster) runs on the job queue; this server has no consumer
    # threads (lifespan off), so the test runs the queue as a worker would.
    live_server.app.state.queue.drain()

    # The trainee, on a phone, finds it under e-learning and plays it.
    phone = browser.new_context(locale="ko-KR", viewport=PHONE, is_mobile=True, has_touch=True)
    trainee = phone.new_page()
    trainee.set_default_timeout(15_000)
    try:
        login(trainee, live_server.url, "hanbit", "jiwoo@hanbit.example")
        trainee.goto(f"{live_server.url}/my/learning")
        trainee.click(f"a:text('{title}')")
        trainee.wait_for_url(item_url)
        _until(trainee, "() => document.getElementById('player').readyState >= 1")
        assert _percent(trainee) == 0
        trainee.evaluate(
            "() => { const v = document.getElementById('player'); v.muted = true; return v.play(); }"
        )
        trainee.wait_for_timeout(6_000)
        trainee.evaluate("() => document.getElementById('player').pause()")
        _until(trainee, "() => Number(document.body.dataset.progress || 0) >= 5")
        watched = _percent(trainee)
        assert watched >= 5  # about 6 s of a 60 s clip

        # Seeking ahead earns nothing by itself; a little more playback from there does.
        trainee.evaluate("() => { document.getElementById('player').currentTime = 40; }")
        trainee.wait_for_timeout(500)
        trainee.evaluate("() => document.getElementById('player').play()")
        trainee.wait_for_timeout(3_000)
        trainee.evaluate("() => document.getElementById('player').pause()")
        _until(trainee, f"() => Number(document.body.dataset.progress || 0) > {watched}")
        assert _percent(trainee) < 20  # 6 s + 3 s of 60 s, not the 40 s skipped

        # Reload: the player resumes where the trainee stopped, the bar shows the stored progress.
        trainee.reload()
        _until(trainee, "() => document.getElementById('player').currentTime > 40")
        assert _percent(trainee) > watched
        position = trainee.evaluate("() => document.getElementById('player').currentTime")
        assert 40 < position < 50
    finally:
        phone.close()
