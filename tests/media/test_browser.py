"""The main flow in Chromium (fake camera and microphone), through the real Janus: the
instructor publishes; two trainees (one on a phone-sized screen) receive the video; the
instructor stops one trainee's video (Janus moderation) and shares a screen as a second feed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login
from tests.factories.accounts import PASSWORD
from tests.media.support import MediaWorld
from tests.support import chromium
from tests.support.require import need

pytestmark = pytest.mark.browser
MEDIA_FLAGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--auto-accept-this-tab-capture",
    "--autoplay-policy=no-user-gesture-required",
]


def _grows(page: Any, selector: str) -> None:
    """The feed's video element has a size and its subscription's inbound bytes grow."""
    page.wait_for_function(
        "s => { const v = document.querySelector(s); return v && v.videoWidth > 0 && v.videoHeight > 0; }",
        arg=selector,
        timeout=30_000,
    )
    feed = page.eval_on_selector(selector, "v => v.closest('[data-feed]').dataset.feed")
    first = page.evaluate("window.classroomMediaStats()")[feed]
    page.wait_for_function(
        "([feed, first]) => window.classroomMediaStats().then(s => (s[feed] || 0) > first)",
        arg=[feed, first],
        timeout=15_000,
    )


def test_instructor_publishes_trainees_watch_mute_and_screen(world: MediaWorld) -> None:
    need(chromium.available())
    room = world.seeded.room(trainees=2)
    first, second = room.trainees
    code = world.seeded.world.a.institution.code
    base = world.server.base

    def flow() -> None:
        from playwright.sync_api import sync_playwright

        console: list[str] = []
        with sync_playwright() as playwright:
            # The namespace's address is plain http: let Chromium treat it as secure (as HTTPS is
            # in production) so getUserMedia exists.
            browser = chromium.launch(
                playwright, args=[*MEDIA_FLAGS, f"--unsafely-treat-insecure-origin-as-secure={base}"]
            )
            try:
                desk = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
                phone = browser.new_context(
                    locale="ko-KR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
                )
                teacher, one, two = (
                    desk.new_page(),
                    browser.new_context(locale="ko-KR").new_page(),
                    phone.new_page(),
                )
                for page, user in ((teacher, room.instructor), (one, first), (two, second)):
                    page.set_default_timeout(30_000)
                    page.on("console", lambda m, who=user.email: console.append(f"{who}: {m.type}: {m.text}"))
                    page.on("pageerror", lambda e, who=user.email: console.append(f"{who}: error: {e}"))
                    login(page, base, code, user.email, PASSWORD)
                    page.goto(f"{base}/lessons/{room.lesson_id}/live")
                    page.wait_for_selector("#media-panel[data-media-state=live]")

                for page in (one, two):
                    _grows(page, ".media-tile.instructor video")
                assert two.locator("#media-stage").bounding_box()["width"] <= 390  # type: ignore[index]

                # The instructor sees both trainees' cameras and stops the first one's video.
                tile = f".media-grid .media-tile[data-user='{first.id}']"
                teacher.wait_for_selector(f".media-grid .media-tile[data-user='{second.id}']")
                _grows(teacher, f"{tile} video")
                teacher.click(f"{tile} button[data-field=video_muted]")
                one.wait_for_selector("#media-message:has-text('강사가 영상을 껐습니다')")
                teacher.wait_for_selector(f"{tile} button[data-field=video_muted][data-on=true]")

                # A screen share arrives as a second feed.
                teacher.click("#media-screen")
                for page in (one, two):
                    _grows(page, ".media-tile.screen video")
                assert one.locator(".media-stage .media-tile").count() == 2
            except Exception as error:
                raise AssertionError("\n".join(console[-120:])) from error
            finally:
                browser.close()

    world.ns.run(flow, timeout=600)

    status = world.api(
        "GET", f"/api/v1/lessons/{room.lesson_id}/live/media/status", world.seeded.token(room.instructor)
    )
    people = {p["user_id"]: p for p in status.json()["participants"]}
    assert people[str(first.id)]["video_muted"] is True and people[str(second.id)]["video_muted"] is False
