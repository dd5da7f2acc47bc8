"""Actions that can't be taken back ask first, in the shared dialog naming the object and the
consequence; cancelling changes nothing, and without script a required checkbox asks instead."""

from __future__ import annotations

import pytest

from tests.browser.helpers import confirm, login

pytestmark = pytest.mark.browser


def test_suspending_a_user_asks_naming_them_and_cancel_changes_nothing(page, live_server):
    login(page, live_server.url, "hanbit", "admin@hanbit.example")
    page.goto(f"{live_server.url}/users?q=woojin")
    row = page.locator("#user-list tbody tr", has_text="woojin@hanbit.example")
    form = row.locator("form[action*='/active']")
    # With script the fallback checkbox is hidden: the dialog asks instead.
    assert not form.locator(".confirm-check").is_visible()
    form.locator("button").click()
    dialog = page.locator("dialog.confirm-dialog[open]")
    dialog.wait_for()
    message = dialog.locator(".confirm-message").inner_text()
    assert "woojin@hanbit.example" in message and "로그인할 수 없습니다" in message
    dialog.locator("button.confirm-cancel").click()
    page.wait_for_selector("dialog.confirm-dialog[open]", state="detached")  # closed, nothing sent
    assert page.url.endswith("/users?q=woojin")  # nothing was submitted
    assert "사용" in row.inner_text()

    form.locator("button").click()
    confirm(page, "woojin@hanbit.example")
    page.wait_for_url("**/users**msg=**")
    row = page.locator("#user-list tbody tr", has_text="woojin@hanbit.example")
    assert "중지" in row.inner_text()
    # Reactivating is not irreversible: it goes through without a question.
    row.locator("form[action*='/active'] button").click()
    page.wait_for_url("**/users**msg=**")
    assert page.locator("dialog.confirm-dialog[open]").count() == 0


def test_without_script_the_checkbox_must_be_ticked(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="ko-KR")
    page = context.new_page()
    try:
        login(page, live_server.url, "hanbit", "teacher@hanbit.example")
        page.goto(f"{live_server.url}/calendar")
        form = page.locator("form[action='/calendar/feed']")
        old = page.locator("#feed-url").input_value()
        check = form.locator(".confirm-check")
        assert check.is_visible() and "다시 구독" in check.inner_text()
        form.locator("button").click()  # the browser refuses: the required box is not ticked
        assert page.locator("#feed-url").input_value() == old
        check.locator("input").check()
        form.locator("button").click()
        page.wait_for_load_state()
        assert page.locator("#feed-url").input_value() != old
    finally:
        context.close()
