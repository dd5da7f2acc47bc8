"""An instructor and two trainees (one on a phone) in a live lesson of the demo course: chat, a
raised hand, and an attendance check that one trainee answers and the other misses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from classroom.core.clock import FrozenClock
from classroom.live.sweeper import sweep
from tests.browser.helpers import fresh_live_lesson, login

pytestmark = pytest.mark.browser


def _enter(page, url: str, code: str, email: str, lesson_id) -> None:  # type: ignore[no-untyped-def]
    login(page, url, code, email)
    page.goto(f"{url}/lessons/{lesson_id}/live")
    page.wait_for_selector("#live-status[data-state=connected]")


def test_instructor_and_two_trainees_chat_hand_and_check(browser, page, live_server):  # type: ignore[no-untyped-def]
    app = live_server.app
    lesson = fresh_live_lesson(live_server)
    real_clock = app.state.clock
    clock = FrozenClock(lesson.starts_at + timedelta(minutes=50))
    app.state.clock = clock
    first, second = live_server.demo.trainees["hanbit"][:2]
    phone = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844})
    desk = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    try:
        teacher, one, two = page, desk.new_page(), phone.new_page()
        for p in (one, two):
            p.set_default_timeout(10_000)
        _enter(teacher, live_server.url, "hanbit", "teacher@hanbit.example", lesson.id)
        _enter(one, live_server.url, "hanbit", first.email, lesson.id)
        _enter(two, live_server.url, "hanbit", second.email, lesson.id)
        assert teacher.locator("#instructor-panel").is_visible()
        assert one.locator("#instructor-panel").count() == 0
        teacher.wait_for_selector(f"#participants li[data-user-id='{second.id}']")
        assert (
            teacher.locator(f"#expected li[data-user-id='{first.id}']").count() == 0
        )  # present, not expected

        one.fill("#chat-text", "안녕하세요, 잘 들립니다")
        one.click("#chat-form button[type=submit]")
        for p in (teacher, two):
            p.wait_for_selector("#chat-log li:has-text('안녕하세요, 잘 들립니다')")

        two.click("#hand-button")
        teacher.wait_for_selector(f"#hands li[data-user-id='{second.id}']")
        assert second.name in teacher.locator("#hands").inner_text()

        teacher.click("#check-open")
        one.wait_for_selector("#check-answer:visible")
        two.wait_for_selector("#check-answer:visible")
        one.click("#check-answer")
        one.wait_for_selector("#check-box:has-text('응답 완료')")
        teacher.wait_for_selector(f"#check-lists:has-text('{first.name}')")

        clock.advance(seconds=61)  # the answer window closes; the sweeper records the miss
        sweep(app)
        teacher.wait_for_selector(f"#check-lists:has-text('미응답: {second.name}')")
        assert two.locator("#check-answer").is_hidden()
        assert "출석 확인 종료" in two.locator("#check-text").inner_text()
    finally:
        app.state.clock = real_clock
        phone.close()
        desk.close()

    with app.state.db.session() as session:
        from classroom.live.evidence import evidence_since

        rows = [
            r
            for r in evidence_since(session, lesson.institution_id, lesson.starts_at - timedelta(days=1))
            if r["name"] == "live.check" and r["lesson_id"] == str(lesson.id)
        ]
    outcome = {(r["user_id"], r["kind"]) for r in rows if r["check_id"] == rows[-1]["check_id"]}
    assert outcome == {(str(first.id), "answered"), (str(second.id), "missed")}
