"""Every demo role signs in on the Korean login page and lands on its own home page."""

from __future__ import annotations

import pytest

from tests.browser.helpers import login, logout

pytestmark = pytest.mark.browser

# What each role must see first on its home page (panel ids) and in its navigation.
EXPECTED = {
    "operator": {"panels": ["#panel-institutions", "#panel-people"], "nav": ["훈련기관", "사용자 관리"]},
    "inspector": {"panels": ["#panel-institutions", "#panel-audit"], "nav": ["훈련기관", "사용자 관리"]},
    "institution_admin": {"panels": ["#panel-people", "#panel-audit"], "nav": ["사용자 관리"]},
    "instructor": {"panels": ["#panel-profile"], "nav": []},
    "supervisor": {"panels": ["#panel-profile"], "nav": []},
    "trainee": {"panels": ["#panel-profile"], "nav": []},
}


def test_login_page_is_korean(page, live_server):
    page.goto(f"{live_server.url}/login")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("h1").inner_text() == "로그인"
    assert page.locator("label", has_text="기관 코드").count() == 1


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_demo_role_sees_its_home(page, live_server, role):
    demo_login = next(
        login_
        for login_ in live_server.demo.logins
        if str(login_.role) == role and login_.institution_code in (None, "hanbit")
    )
    login(page, live_server.url, demo_login.institution_code, demo_login.email)
    assert demo_login.name in page.locator("h1").inner_text()
    for selector in EXPECTED[role]["panels"]:
        assert page.locator(selector).is_visible(), f"{role} home lacks {selector}"
    nav_text = page.locator("nav.mainnav").inner_text()
    for label in EXPECTED[role]["nav"]:
        assert label in nav_text
    if role in ("instructor", "supervisor", "trainee"):
        assert "훈련기관" not in nav_text and "사용자 관리" not in nav_text
    logout(page)


def test_wrong_password_shows_korean_error(page, live_server):
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=institution]", "hanbit")
    page.fill("input[name=email]", "admin@hanbit.example")
    page.fill("input[name=password]", "wrong-password-9")
    page.click("button[type=submit].primary")
    assert "올바르지 않습니다" in page.locator("[role=alert]").inner_text()


@pytest.mark.phone
def test_trainee_home_on_a_phone(page, live_server):
    login(page, live_server.url, "hanbit", "jiwoo@hanbit.example")
    assert page.locator("#panel-profile").is_visible()
    # The navigation folds behind the menu button on narrow screens.
    assert not page.locator("nav.mainnav").is_visible()
    page.click("button.menu-button")
    assert page.locator("nav.mainnav").is_visible()
