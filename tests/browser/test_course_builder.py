"""An instructor builds and publishes a blended course; trainees get it on their timetable and phone feed.

Runs against the demo data on the real clock, so dates are computed from today (Asia/Seoul)
and the new course is placed after the demo courses, where it collides with nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.browser.helpers import login, logout

pytestmark = pytest.mark.browser

TITLE = "AI 비전 검사 자동화 실무"


def _start() -> date:
    today = datetime.now(ZoneInfo("Asia/Seoul")).date()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=24)  # a Monday well clear of the demo


def _generate(page, mode: str, weekdays: list[int], first: date, last: date, **fields: str) -> None:
    """Tick the days (nothing is ticked to begin with), preview the dates, then save them."""
    form = page.locator("#recurring-form")
    boxes = form.locator("input[name=weekdays]")
    assert boxes.count() == 7
    for box in boxes.all():
        assert not box.is_checked()  # the page suggests no days: ticking 토 alone means Saturdays only
        if int(box.get_attribute("value")) in weekdays:
            box.check()
    form.locator("select[name=mode]").select_option(mode)
    form.locator("input[name=start]").fill("09:00")
    form.locator("input[name=end]").fill("13:00")
    form.locator("input[name=first_day]").fill(first.isoformat())
    form.locator("input[name=last_day]").fill(last.isoformat())
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("#recurring-preview-button").click()
    page.wait_for_selector("#recurring-preview")
    days = page.locator("#preview-days li")
    shown = {int(days.nth(i).get_attribute("data-weekday")) for i in range(days.count())}
    assert days.count() > 0 and shown <= set(weekdays), shown
    count = days.count()
    page.click("#recurring-save-button")
    page.wait_for_selector(f"text=반복 일정으로 차시 {count}개를 만들었습니다.")


def test_instructor_builds_publishes_and_trainee_subscribes(page, live_server):
    start = _start()
    login(page, live_server.url, "hanbit", "teacher@hanbit.example")
    page.click("nav.mainnav >> text=훈련과정")
    form = page.locator("#new-course form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=category]").select_option("new_tech")
    form.locator("input[name=starts_on]").fill(start.isoformat())
    form.locator("input[name=ends_on]").fill((start + timedelta(weeks=14, days=-1)).isoformat())
    form.locator("input[name=capacity]").fill("40")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#plan-badge")
    assert page.locator("#course-title").inner_text().startswith(TITLE)
    assert page.locator("#plan-badge").get_attribute("data-valid") == "false"

    # A Saturday-only preview shows Saturdays only (it once made sessions on four days); nothing saved.
    form = page.locator("#recurring-form")
    form.locator("input[name=weekdays][value='5']").check()
    form.locator("select[name=mode]").select_option("live")
    form.locator("input[name=first_day]").fill(start.isoformat())
    form.locator("input[name=last_day]").fill((start + timedelta(days=27)).isoformat())
    form.locator("#recurring-preview-button").click()
    page.wait_for_selector("#recurring-preview")
    saturdays = page.locator("#preview-days li")
    assert saturdays.count() == 4
    assert {saturdays.nth(i).get_attribute("data-weekday") for i in range(4)} == {"5"}
    page.goto(page.url.split("/lessons")[0])  # leave without saving: nothing was written
    assert page.locator("#lesson-list tbody tr[data-mode]").count() == 0

    # Live Mon/Wed for four weeks (32 h, still >= 20 h if holidays take three), then classroom
    # Tue/Thu/Fri for twelve weeks.
    _generate(page, "live", [0, 2], start, start + timedelta(days=27))
    assert page.locator("#plan-badge").get_attribute("data-valid") == "false"
    assert "140시간 미만" in page.locator("#plan-reasons").inner_text()
    _generate(page, "classroom", [1, 3, 4], start, start + timedelta(weeks=12, days=-1), room="C동 401호")
    assert page.locator("#plan-badge").get_attribute("data-valid") == "true"
    assert page.locator(".legend li[data-mode=classroom] strong").inner_text().endswith("시간")

    # One on-site afternoon at the host company; the form shows the fields that mode needs.
    add = page.locator("#lesson-form")
    add.locator("select[name=mode]").select_option("onsite")
    assert add.locator("input[name=room]").is_hidden()
    add.locator("input[name=day]").fill((start + timedelta(weeks=3, days=2)).isoformat())
    add.locator("input[name=start]").fill("14:00")
    add.locator("input[name=end]").fill("17:00")
    add.locator("input[name=host_company]").fill("(주)대성정밀")
    add.locator("select[name=supervisor_id]").select_option(label="박도윤")
    add.locator("button[type=submit]").click()
    page.wait_for_selector("text=차시를 추가했습니다.")
    assert page.locator("#lesson-list tr[data-mode=onsite]").count() == 1
    assert page.locator("#plan-badge").get_attribute("data-valid") == "true"

    page.click("#publish-button")
    page.wait_for_selector("text=과정을 공개했습니다.")
    assert page.locator("#course-status").get_attribute("data-status") == "published"
    course_url = page.url.split("?")[0]
    logout(page)

    # The admin enrols every trainee not enrolled yet.
    login(page, live_server.url, "hanbit", "admin@hanbit.example")
    page.goto(f"{course_url}/enrollments")
    # The demo's trainees, and the past cohorts' trainees the quality demo adds.
    summary = page.locator("#enrol .list-summary strong").inner_text()
    candidates = int(summary.rstrip("명").replace(",", ""))
    assert candidates >= len(live_server.demo.trainees["hanbit"])
    page.click("#enrol-matching")  # "enrol all N…" asks first, naming how many
    assert f"{candidates:,}명을 등록할까요?" in page.locator("#enrol-confirm").inner_text()
    page.click("#enrol-matching-confirm")
    page.wait_for_selector("text=명을 등록했습니다.")
    assert page.locator("#roster-section .list-summary strong").inner_text() == f"{candidates:,}명"
    assert page.locator("#roster tr[data-status=enrolled]").count() == min(candidates, 50)
    logout(page)

    # A trainee finds it on the month view and in the phone feed, in Korea time.
    login(page, live_server.url, "hanbit", "jiwoo@hanbit.example")
    assert page.locator("#panel-today").is_visible()
    page.goto(f"{live_server.url}/calendar?view=month&date={start.isoformat()}")
    first_day = page.locator(f".cal-day[data-day='{start.isoformat()}']")
    assert TITLE in first_day.inner_text() and "09:00–13:00" in first_day.inner_text()
    feed_url = page.locator("#feed-url").input_value()
    response = page.request.get(feed_url)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    events = [e for e in Calendar.from_ical(response.body()).walk("VEVENT") if TITLE in str(e["SUMMARY"])]
    assert len(events) >= 30
    first = min(events, key=lambda e: e.decoded("DTSTART"))
    assert first.decoded("DTSTART") == datetime.combine(
        start, datetime.min.time().replace(hour=9), tzinfo=ZoneInfo("Asia/Seoul")
    )
    assert first["DTSTART"].params["TZID"] == "Asia/Seoul"


def test_invalid_plan_shows_why_and_publishing_is_refused(page, live_server):
    login(page, live_server.url, "hanbit", "kang@hanbit.example")
    page.click("nav.mainnav >> text=훈련과정")
    page.click("text=뿌리산업 스마트 용접 자동화 과정")
    badge = page.locator("#plan-badge")
    assert badge.get_attribute("data-valid") == "false" and "미충족" in badge.inner_text()
    reasons = page.locator("#plan-reasons").inner_text()
    assert "10% 미만" in reasons and "20시간 미만" in reasons
    share = page.locator("#plan-share").inner_text()
    page.click("#publish-button")
    alert = page.locator("#form-error").inner_text()
    assert "공개할 수 없습니다" in alert and "(10% 미만)" in alert and share.rstrip("%") in alert
    assert page.locator("#course-status").get_attribute("data-status") == "draft"
