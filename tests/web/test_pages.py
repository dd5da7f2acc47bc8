from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.core.security import CSRF_COOKIE, SESSION_COOKIE
from classroom.core.tenancy import Role
from tests.factories.accounts import PASSWORD, make_institution, make_user


def _csrf(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert match, "page has no CSRF field"
    return match.group(1)


def _form_login(
    client: TestClient, email: str, institution: str = "hanbit", password: str = PASSWORD
) -> httpx.Response:
    token = _csrf(client)
    response: httpx.Response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "institution": institution,
            "email": email,
            "password": password,
            "next": "/home",
        },
        follow_redirects=False,
    )
    return response


def test_form_login_sets_a_safe_session_cookie(app: FastAPI, session: Session, client: TestClient) -> None:
    _, admin = make_institution(session, app)
    response = _form_login(client, admin.email)
    assert response.status_code == 303 and response.headers["location"] == "/home"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "Secure" not in cookie  # plain http in tests; https base URLs turn it on
    home = client.get("/home")
    assert home.status_code == 200 and "김관리님, 안녕하세요" in home.text


def test_post_without_csrf_token_is_refused_and_changes_nothing(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    _form_login(client, admin.email)
    forged = client.post("/users", data={"name": "침입자", "email": "x@evil.example", "role": "trainee"})
    assert forged.status_code == 403
    assert "보안 토큰" in forged.text
    wrong = client.post(
        "/users",
        data={"csrf_token": "0" * 64, "name": "침입자", "email": "x@evil.example", "role": "trainee"},
    )
    assert wrong.status_code == 403
    listed = client.get("/users", follow_redirects=False)
    assert listed.status_code == 200 and admin.email in listed.text  # signed in: the list is real
    assert "x@evil.example" not in listed.text
    assert session.exec(select(User).where(User.email == "x@evil.example")).first() is None


def test_login_form_itself_needs_csrf(app: FastAPI, session: Session, client: TestClient) -> None:
    _, admin = make_institution(session, app)
    client.get("/login")
    response = client.post(
        "/login",
        data={"institution": "hanbit", "email": admin.email, "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_api_with_session_cookie_needs_csrf_header(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    _form_login(client, admin.email)
    assert client.get("/api/v1/me").status_code == 200  # reads are fine
    refused = client.patch("/api/v1/me", json={"locale": "en"})
    assert refused.status_code == 403
    token = _csrf(client, "/account")
    assert (
        client.patch("/api/v1/me", json={"locale": "en"}, headers={"X-CSRF-Token": token}).status_code == 200
    )


def test_anonymous_pages_redirect_to_login_with_next(app: FastAPI, client: TestClient) -> None:
    response = client.get("/users?role=trainee", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/users%3Frole%3Dtrainee"


def test_open_redirect_after_login_is_blocked(app: FastAPI, session: Session, client: TestClient) -> None:
    _, admin = make_institution(session, app)
    token = _csrf(client)
    response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "institution": "hanbit",
            "email": admin.email,
            "password": PASSWORD,
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/home"


def test_institution_login_url_names_the_institution(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    make_institution(session, app)
    page = client.get("/i/hanbit/login")
    assert page.status_code == 200 and "한빛직업전문학교" in page.text
    assert 'name="institution" value="hanbit"' in page.text
    assert client.get("/i/nope/login").status_code == 404


def test_logout_ends_the_session(app: FastAPI, session: Session, client: TestClient) -> None:
    _, admin = make_institution(session, app)
    _form_login(client, admin.email)
    cookie = client.cookies.get(SESSION_COOKIE)
    token = _csrf(client, "/home")
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login?msg=login.signed_out"
    assert any(h.startswith(f'{SESSION_COOKIE}=""') for h in out.headers.get_list("set-cookie"))
    # The server ended the session: presenting the old cookie again does not sign in.
    client.cookies.set(SESSION_COOKIE, cookie)
    assert client.get("/home", follow_redirects=False).status_code == 303


def test_form_login_throttle_shows_wait_time(app: FastAPI, session: Session, client: TestClient) -> None:
    _, admin = make_institution(session, app)
    for _ in range(5):
        assert _form_login(client, admin.email, password="wrong-pass-1").status_code == 401
    blocked = _form_login(client, admin.email)
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers
    assert "분 후에 다시 시도" in blocked.text


def test_language_switch_and_english_pages(app: FastAPI, session: Session, client: TestClient) -> None:
    _, _admin = make_institution(session, app)
    token = _csrf(client)
    client.post("/lang", data={"csrf_token": token, "lang": "en", "next": "/login"})
    assert client.cookies.get("lang") == "en"
    page = client.get("/login")
    assert "<h1>Sign in</h1>" in page.text and 'lang="en"' in page.text


def test_admin_creates_user_through_the_page(app: FastAPI, session: Session, client: TestClient) -> None:
    _institution, admin = make_institution(session, app)
    _form_login(client, admin.email)
    token = _csrf(client, "/users")
    response = client.post(
        "/users",
        data={
            "csrf_token": token,
            "name": "박도윤",
            "email": "mentor@hanbit.example",
            "role": "supervisor",
            "phone": "010-4567-8901",
        },
    )
    assert response.status_code == 201
    assert "mentor@hanbit.example" in response.text and "임시 비밀번호" in response.text
    invalid = client.post(
        "/users", data={"csrf_token": token, "name": "가", "email": "bad", "role": "trainee"}
    )
    assert invalid.status_code == 422 and "이메일 형식이 올바르지 않습니다" in invalid.text


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.INSTRUCTOR, Role.SUPERVISOR])
def test_non_admin_roles_cannot_open_user_management(
    app: FastAPI, session: Session, client: TestClient, role: Role
) -> None:
    institution, _ = make_institution(session, app)
    user = make_user(session, app, institution, role)
    _form_login(client, user.email)
    assert client.get("/users").status_code == 403


def test_page_roster_import_reports_rows(app: FastAPI, session: Session, client: TestClient) -> None:
    _, admin = make_institution(session, app)
    _form_login(client, admin.email)
    token = _csrf(client, "/users")
    bad = client.post(
        "/users/import",
        data={"csrf_token": token},
        files={"file": ("r.csv", "이름,이메일\n가,bad-mail\n".encode(), "text/csv")},
    )
    assert bad.status_code == 422
    assert "2행 email" in bad.text


def test_csrf_cookie_is_httponly(app: FastAPI, client: TestClient) -> None:
    response = client.get("/login")
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(CSRF_COOKIE))
    assert "HttpOnly" in cookie


def test_a_refused_form_action_changes_nothing_and_shows_the_form_again(
    app: FastAPI, session: Session
) -> None:
    from classroom.accounts.models import AuthSession
    from tests.factories.accounts import signed_in_browser

    _, admin = make_institution(session, app)
    browser, csrf = signed_in_browser(app, session, admin)
    other, _ = signed_in_browser(app, session, admin)  # a second browser of the same user
    refused = browser.post(
        "/account/password",
        data={
            "csrf_token": csrf,
            "current_password": PASSWORD,
            "new_password": "brand-new-pass-77",
            "new_password_confirm": "does-not-match-77",
        },
    )
    assert refused.status_code == 422 and 'name="new_password"' in refused.text
    session.expire_all()
    assert session.exec(select(AuthSession).where(col(AuthSession.revoked_at).is_not(None))).first() is None
    session.rollback()  # end the read before the app writes (SQLite has one writer)
    assert other.get("/account").status_code == 200  # nothing of the refused action was stored
    done = browser.post(
        "/account/password",
        data={
            "csrf_token": csrf,
            "current_password": PASSWORD,
            "new_password": "brand-new-pass-77",
            "new_password_confirm": "brand-new-pass-77",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/account?msg=password.changed"
    assert other.get("/account", follow_redirects=False).status_code == 303  # signed out elsewhere


def test_home_names_the_weekday_in_the_page_language(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    _form_login(client, admin.email)
    assert "2026-04-06 (월)" in client.get("/home").text  # START is a Monday in Seoul
    english = client.get("/home", headers={"Accept-Language": "en"}).text
    assert "2026-04-06 (Mon)" in english


def test_language_switch_offers_the_other_language_named_in_itself(app: FastAPI, client: TestClient) -> None:
    korean = client.get("/login").text
    assert 'name="lang" value="en" class="link">English</button>' in korean
    assert 'value="ko" class="link"' not in korean
    english = client.get("/login", headers={"Accept-Language": "en"}).text
    assert 'name="lang" value="ko" class="link">한국어</button>' in english


def test_deactivating_oneself_shows_the_users_page_with_the_reason(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    _form_login(client, admin.email)
    token = _csrf(client, "/users")
    refused = client.post(f"/users/{admin.id}/active", data={"csrf_token": token, "active": "0"})
    assert refused.status_code == 422
    assert 'id="user-list"' in refused.text and "자기 자신의 계정은 비활성화할 수 없습니다" in refused.text
    session.refresh(admin)
    assert admin.is_active


def test_pages_link_a_favicon_that_the_static_route_serves(app: FastAPI, client: TestClient) -> None:
    page = client.get("/login").text
    icons = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', page)
    assert {"/static/favicon.svg", "/static/favicon.ico", "/static/apple-touch-icon.png"} <= set(icons)
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg")
    ico = client.get("/static/favicon.ico")
    assert ico.status_code == 200 and ico.content[:4] == b"\x00\x00\x01\x00"  # an ICO directory
    assert client.get("/static/apple-touch-icon.png").content[:8] == b"\x89PNG\r\n\x1a\n"
    # Browsers and calendar apps that ask the root are sent to it.
    root = client.get("/favicon.ico", follow_redirects=False)
    assert root.status_code == 301 and root.headers["location"] == "/static/favicon.ico"
