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
