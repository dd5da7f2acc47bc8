from __future__ import annotations

import re

import pytest
from sqlmodel import select

from classroom.core.security import CSRF_COOKIE, SESSION_COOKIE
from classroom.core.tenancy import Role
from tests.factories.accounts import PASSWORD, make_institution, make_user


def _csrf(client, path: str = "/login") -> str:
    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert match, "page has no CSRF field"
    return match.group(1)


def _form_login(client, email: str, institution: str = "hanbit", password: str = PASSWORD):
    token = _csrf(client)
    return client.post(
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


def test_form_login_sets_a_safe_session_cookie(app, session, client):
    _, admin = make_institution(session, app)
    response = _form_login(client, admin.email)
    assert response.status_code == 303 and response.headers["location"] == "/home"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert "Secure" not in cookie  # plain http in tests; https base URLs turn it on
    home = client.get("/home")
    assert home.status_code == 200 and "김관리님, 안녕하세요" in home.text


def test_post_without_csrf_token_is_refused_and_changes_nothing(app, session, client):
    _, admin = make_institution(session, app)
    _form_login(client, admin.email)
    before = client.get("/users").text.count("<tr>")
    forged = client.post("/users", data={"name": "침입자", "email": "x@evil.example", "role": "trainee"})
    assert forged.status_code == 403
    assert "보안 토큰" in forged.text
    wrong = client.post(
        "/users",
        data={"csrf_token": "0" * 64, "name": "침입자", "email": "x@evil.example", "role": "trainee"},
    )
    assert wrong.status_code == 403
    assert client.get("/users").text.count("<tr>") == before


def test_login_form_itself_needs_csrf(app, session, client):
    _, admin = make_institution(session, app)
    client.get("/login")
    response = client.post(
        "/login",
        data={"institution": "hanbit", "email": admin.email, "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_api_with_session_cookie_needs_csrf_header(app, session, client):
    _, admin = make_institution(session, app)
    _form_login(client, admin.email)
    assert client.get("/api/v1/me").status_code == 200  # reads are fine
    refused = client.patch("/api/v1/me", json={"locale": "en"})
    assert refused.status_code == 403
    token = _csrf(client, "/account")
    assert (
        client.patch("/api/v1/me", json={"locale": "en"}, headers={"X-CSRF-Token": token}).status_code == 200
    )


def test_anonymous_pages_redirect_to_login_with_next(app, client):
    response = client.get("/users?role=trainee", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/users%3Frole%3Dtrainee"


def test_open_redirect_after_login_is_blocked(app, session, client):
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


def test_institution_login_url_names_the_institution(app, session, client):
    make_institution(session, app)
    page = client.get("/i/hanbit/login")
    assert page.status_code == 200 and "한빛직업전문학교" in page.text
    assert 'name="institution" value="hanbit"' in page.text
    assert client.get("/i/nope/login").status_code == 404


def test_logout_ends_the_session(app, session, client):
    _, admin = make_institution(session, app)
    _form_login(client, admin.email)
    token = _csrf(client, "/home")
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.delete(SESSION_COOKIE)
    assert client.get("/home", follow_redirects=False).status_code == 303


def test_form_login_throttle_shows_wait_time(app, session, client):
    _, admin = make_institution(session, app)
    for _ in range(5):
        assert _form_login(client, admin.email, password="wrong-pass-1").status_code == 401
    blocked = _form_login(client, admin.email)
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers
    assert "분 후에 다시 시도" in blocked.text


def test_language_switch_and_english_pages(app, session, client):
    _, _admin = make_institution(session, app)
    token = _csrf(client)
    client.post("/lang", data={"csrf_token": token, "lang": "en", "next": "/login"})
    assert client.cookies.get("lang") == "en"
    page = client.get("/login")
    assert "<h1>Sign in</h1>" in page.text and 'lang="en"' in page.text


def test_admin_creates_user_through_the_page(app, session, client):
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
def test_non_admin_roles_cannot_open_user_management(app, session, client, role):
    institution, _ = make_institution(session, app)
    user = make_user(session, app, institution, role)
    _form_login(client, user.email)
    assert client.get("/users").status_code == 403


def test_page_roster_import_reports_rows(app, session, client):
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


def test_csrf_cookie_is_httponly(app, client):
    response = client.get("/login")
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(CSRF_COOKIE))
    assert "HttpOnly" in cookie


def test_a_refused_form_action_changes_nothing_and_shows_the_form_again(app, session):
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
    assert session.exec(select(AuthSession).where(AuthSession.revoked_at.is_not(None))).first() is None
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
