"""Steps shared by the browser flows."""

from __future__ import annotations

from typing import Any

from classroom.demo import DEMO_PASSWORD


def login(
    page: Any, base_url: str, institution_code: str | None, email: str, password: str = DEMO_PASSWORD
) -> None:
    """Sign in through the login form, as a person would, and wait for the home page."""
    page.goto(f"{base_url}/login")
    if institution_code:
        page.fill("input[name=institution]", institution_code)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base_url}/home")


def logout(page: Any) -> None:
    page.click("form[action='/logout'] button")
    page.wait_for_url("**/login**")


def confirm(page: Any, expect: str = "") -> str:
    """Accept the shared confirmation dialog (templates/_confirm.html); return what it asked."""
    dialog = page.locator("dialog.confirm-dialog[open]")
    dialog.wait_for()
    text: str = dialog.locator(".confirm-message").inner_text()
    assert expect in text, text
    dialog.locator("button.confirm-ok").click()
    return text
