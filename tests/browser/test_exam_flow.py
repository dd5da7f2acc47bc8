"""A trainee on a phone takes the timed exam, loses the connection (answers kept on the phone),
comes back with the time left, submits; the instructor grades the essay; the completion list
shows the trainee with the score."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import login, logout

pytestmark = pytest.mark.browser

ESSAY = "진동 센서 데이터에서 RMS와 첨도를 뽑아 랜덤 포레스트로 학습하고 재현율로 평가합니다."


def _minutes_left(page) -> int:  # type: ignore[no-untyped-def]
    minutes, seconds = page.locator("#countdown").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


@pytest.mark.phone
def test_phone_exam_with_a_dropped_connection_then_grading(page, live_server):  # type: ignore[no-untyped-def]
    base = live_server.url
    login(page, base, "hanbit", "jiwoo@hanbit.example")
    assert page.locator("#panel-exams").is_visible()  # the home page says an exam is open
    page.goto(f"{base}/exams")
    page.click("text=시험 보기")
    page.click("#start-exam")
    page.wait_for_url(re.compile(r".*/attempts/[0-9a-f-]+\?started=1"))
    attempt_url = page.url.split("?")[0]
    assert _minutes_left(page) > 39 * 60
    questions = page.locator("fieldset.question")
    assert questions.count() == 5

    with page.expect_response(lambda r: "/answers/" in r.url and r.request.method == "PUT") as saved:
        questions.nth(0).locator("label.choice").nth(0).click()
    assert saved.value.status == 200
    page.wait_for_selector("#save-state.saved")

    page.context.set_offline(True)  # the phone loses its connection
    questions.nth(4).locator("textarea").fill(ESSAY)
    page.wait_for_selector("#save-state.offline")
    kept = page.evaluate(
        "Object.keys(JSON.parse(localStorage.getItem('exam:' + document.getElementById('exam-form').dataset.attempt)))"
    )
    assert len(kept) == 1  # the essay waits on the phone
    page.goto("about:blank")  # and the page is gone (battery, a call, a dead zone)
    page.context.set_offline(False)

    page.goto(f"{base}/exams")
    with page.expect_response(lambda r: "/answers/" in r.url and r.request.method == "PUT") as flushed:
        page.click("text=이어서 응시")
        page.wait_for_url(attempt_url)
    assert flushed.value.status == 200  # what was typed offline reached the server
    left = _minutes_left(page)
    assert 0 < left < 40 * 60  # the same deadline, on the server's clock
    questions = page.locator("fieldset.question")
    assert questions.nth(0).locator("input[type=radio]").nth(0).is_checked()  # saved before the drop
    assert questions.nth(4).locator("textarea").input_value() == ESSAY
    page.wait_for_selector("#save-state.saved")

    questions.nth(1).locator("label.choice").nth(1).click()
    for index in (0, 1, 3):
        questions.nth(2).locator("label.choice").nth(index).click()
    questions.nth(3).locator("input[type=text]").fill("IQR")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#submit-exam")
    page.wait_for_selector("#attempt-done")
    page.click("button.menu-button")  # the phone's menu holds the sign-out button
    logout(page)

    login(page, base, "hanbit", "teacher@hanbit.example")
    page.goto(f"{base}/quality")
    page.locator("#quality-courses tr", has_text="AI 기반 스마트팩토리").locator("text=이수자평가").click()
    row = page.locator("#attempts tr", has_text="최지우")
    row.locator("a").click()
    essay = page.locator("section.question").nth(4)
    assert ESSAY in essay.inner_text()
    essay.locator("input[name=points]").fill("17")
    essay.locator("textarea[name=comment]").fill("특징 추출 근거가 좋습니다.")
    essay.locator("button[type=submit]").click()
    page.wait_for_selector("text=채점을 저장했습니다.")
    score = page.locator("#graded-score").inner_text()
    assert score.startswith("94")  # 5 + 5 + 10 + 10 + 17 of 50
    page.locator(".tabs a", has_text="수료 현황").click()
    line = page.locator("#completion-list tr", has_text="최지우")
    assert "94" in line.inner_text()
