"""Phones (390×844): the ☰ menu is a real button, the month calendar is an agenda, wide tables
become cards so their last columns (미납액…) stay on screen."""

from __future__ import annotations

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.phone]


def test_the_menu_button_opens_the_menu_from_the_keyboard(page, live_server):
    login(page, live_server.url, "hanbit", "jiwoo@hanbit.example")
    button = page.locator("#menu-button")
    nav = page.locator("#mainnav")
    assert button.get_attribute("aria-controls") == "mainnav"
    assert button.get_attribute("aria-expanded") == "false" and not nav.is_visible()
    # Tab from the brand link reaches the button; Enter opens the menu.
    page.locator("a.brand").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "menu-button"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and nav.is_visible()
    # The next Tab lands on the first menu item, and its links are finger-sized.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/home"
    assert nav.locator("a").first.bounding_box()["height"] >= 44
    # Escape closes it and gives the focus back to the button; Space opens it again.
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not nav.is_visible()
    assert page.evaluate("document.activeElement.id") == "menu-button"
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true" and nav.is_visible()


def test_without_script_the_menu_is_simply_open(browser, live_server):
    context = browser.new_context(
        locale="ko-KR", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        login(page, live_server.url, "hanbit", "jiwoo@hanbit.example")
        assert page.locator("#mainnav").is_visible()
        assert not page.locator("#menu-button").is_visible()  # nothing to press that would do nothing
    finally:
        context.close()


def _no_sideways_scrolling(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]} px wide on a {width[1]} px screen"


def _on_screen(page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["width"] > 0, "not shown"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"off-screen: {box}"


def test_the_month_calendar_is_an_agenda_on_a_phone(page, live_server):
    login(page, live_server.url, "hanbit", "jiwoo@hanbit.example")
    page.goto(f"{live_server.url}/calendar?view=month")
    assert not page.locator("#calendar-month").is_visible()
    agenda = page.locator("#calendar-agenda")
    assert agenda.is_visible()
    days = agenda.locator(".agenda-day")
    assert days.count() > 0
    # Only days with lessons, in date order, each with its lessons as readable lines.
    dates = [days.nth(i).get_attribute("data-day") for i in range(days.count())]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    for i in range(days.count()):
        assert days.nth(i).locator(".cal-entry").count() > 0
    first = days.first.locator(".cal-entry").first
    assert first.bounding_box()["width"] > 300  # not a seventh of the screen
    _no_sideways_scrolling(page)
    # Calendar links are finger-sized.
    assert first.locator("a").first.bounding_box()["height"] >= 44


def test_the_billing_table_keeps_the_outstanding_amount_on_a_phone(page, live_server):
    login(page, live_server.url, "hanbit", "admin@hanbit.example")
    page.goto(f"{live_server.url}/billing")
    rows = page.locator("#invoice-list tbody tr")
    assert rows.count() > 0
    last = rows.first.locator("td").nth(-2)  # 미납액 (the last column is the statement link)
    assert last.get_attribute("data-label") == "미납액"
    _on_screen(page, last)
    label = last.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "미납액" in label  # shown beside its value, not in a header scrolled away
    _on_screen(page, rows.first.locator("a", has_text="명세서"))
    _no_sideways_scrolling(page)
    for link in ("#export-csv", "#export-xlsx"):
        assert page.locator(link).bounding_box()["height"] >= 44


def test_the_lesson_table_is_cards_and_failed_rules_are_text(page, live_server):
    login(page, live_server.url, "hanbit", "admin@hanbit.example")
    page.goto(f"{live_server.url}/courses")
    # The draft whose plan fails says why in words (no hover on phones).
    draft = page.locator("#course-list tbody tr", has_text="뿌리산업 스마트 용접 자동화 과정")
    reasons = draft.locator(".plan-reasons li")
    assert reasons.count() == 2 and reasons.first.is_visible() and "10%" in reasons.first.inner_text()
    page.locator("#course-list a", has_text="AI 기반 스마트팩토리 데이터 분석 실무").click()
    row = page.locator("#lesson-list tbody tr").last  # a lesson still to come: it can be deleted
    for label in ("시간", "훈련 방식", "장소·접속"):
        _on_screen(page, row.locator(f"td[data-label='{label}']"))
    _on_screen(page, row.locator("button", has_text="삭제"))
    assert row.locator("button", has_text="삭제").bounding_box()["height"] >= 44
    _no_sideways_scrolling(page)


SMALL_TARGETS = """() => [...document.querySelectorAll("main a, main button, main select, main input:not([type=hidden])")]
  .filter(el => el.offsetParent !== null && !el.closest("label"))
  .map(el => [el.outerHTML.slice(0, 90), el.getBoundingClientRect()])
  .filter(([, box]) => box.height < 44 || box.width < 44)
  .map(([html, box]) => `${html} ${Math.round(box.width)}×${Math.round(box.height)}`)"""


@pytest.mark.parametrize(
    ("email", "paths"),
    [
        ("admin@hanbit.example", ("/home", "/billing", "/courses")),
        ("jiwoo@hanbit.example", ("/home", "/calendar", "/calendar?view=month", "/my/courses")),
    ],
    ids=["admin", "trainee"],
)
def test_tap_targets_are_at_least_44_px(page, live_server, email, paths):
    login(page, live_server.url, "hanbit", email)
    for path in paths:
        page.goto(live_server.url + path)
        small = page.evaluate(SMALL_TARGETS)
        assert not small, f"{path}: controls smaller than 44×44 px:\n" + "\n".join(small)
