"""Sessions and sign-in under attack: lockout from elsewhere, inactive institutions and users,
passwords that must be changed, CSRF rotation, and password work outside transactions."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from classroom.core.clock import FrozenClock
from classroom.core.security import CSRF_COOKIE, SESSION_COOKIE, csrf_token_for
from classroom.core.tenancy import Role
from classroom.courses import ical
from tests.factories.accounts import PASSWORD, bearer, make_institution, make_user, principal_of, token_for


def _client(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, base_url="http://testserver", client=(address, 50000))


def _token(client: TestClient, email: str, password: str = PASSWORD, institution: str = "hanbit") -> Any:
    return client.post(
        "/api/v1/auth/token", data={"username": email, "password": password, "institution": institution}
    )


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(app: FastAPI, session: Session) -> None:
    _, admin = make_institution(session, app)
    attacker, owner = _client(app, "203.0.113.9"), _client(app, "198.51.100.7")
    codes = [_token(attacker, admin.email, f"guess-number-{n}").status_code for n in range(8)]
    assert codes == [401] * 5 + [429] * 3  # the attacker's address is stopped for this account
    assert _token(owner, admin.email).status_code == 200  # the owner, elsewhere, is not


def test_the_operator_cannot_be_locked_out_from_elsewhere_either(app: FastAPI, session: Session) -> None:
    operator = make_user(session, app, None, Role.OPERATOR, email="operator@step.example")
    attacker = _client(app, "203.0.113.9")
    for _ in range(6):
        _token(attacker, operator.email, "wrong-password-1", institution="")
    assert _token(_client(app, "198.51.100.7"), operator.email, institution="").status_code == 200


def test_one_address_spraying_many_accounts_is_stopped(app: FastAPI, session: Session) -> None:
    app.state.settings.login_address_max_failures = 6
    try:
        _, admin = make_institution(session, app)
        sprayer = _client(app, "203.0.113.9")
        codes = [_token(sprayer, f"user{n}@hanbit.example", "Summer-2026!").status_code for n in range(8)]
        assert codes == [401] * 6 + [429] * 2
        assert _token(sprayer, admin.email).status_code == 429  # the whole address waits
        assert _token(_client(app, "198.51.100.7"), admin.email).status_code == 200
    finally:
        app.state.settings.login_address_max_failures = 100


def test_guessing_from_many_addresses_gets_a_doubling_delay_not_a_lockout(
    app: FastAPI, session: Session, clock: FrozenClock
) -> None:
    _, admin = make_institution(session, app)
    for n in range(10):
        assert _token(_client(app, f"203.0.113.{n}"), admin.email, "wrong-password-1").status_code == 401
    # The 11th failure in the window: each try now waits 1, 2, 4 … s after the last failure.
    waited = _token(_client(app, "198.51.100.7"), admin.email)
    assert waited.status_code == 429 and int(waited.headers["Retry-After"]) == 1
    clock.advance(seconds=1)
    assert _token(_client(app, "203.0.113.50"), admin.email, "wrong-password-1").status_code == 401
    assert int(_token(_client(app, "203.0.113.51"), admin.email).headers["Retry-After"]) == 2
    clock.advance(seconds=2)
    assert _token(_client(app, "198.51.100.7"), admin.email).status_code == 200  # the owner gets in


@pytest.mark.real_commits  # "no connection held" is only visible outside the test's one transaction
def test_unknown_and_known_accounts_cost_one_verification_each(
    app: FastAPI, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same work whether the account exists: one argon2 verification, one failure stored, and
    the verification runs with no database connection held."""
    _, admin = make_institution(session, app)
    passwords, pool = app.state.passwords, app.state.db.engine.pool
    real_verify, seen = passwords.verify, []

    def verify(stored: str | None, password: str) -> bool:
        seen.append(pool.checkedout())
        return bool(real_verify(stored, password))

    monkeypatch.setattr(passwords, "verify", verify)
    client = _client(app, "198.51.100.7")
    assert _token(client, admin.email, "wrong-password-1").status_code == 401
    assert _token(client, "nobody@hanbit.example", "wrong-password-1").status_code == 401
    assert _token(client, admin.email).status_code == 200
    assert seen == [0, 0, 0]


def test_deactivating_an_institution_puts_its_users_out_at_once(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    institution, admin = make_institution(session, app)
    trainee = make_user(session, app, institution, Role.TRAINEE)
    operator = make_user(session, app, None, Role.OPERATOR)
    admin_api = bearer(session, app, admin)
    trainee_api = bearer(session, app, trainee)
    browser = TestClient(app, base_url="http://testserver")
    browser.cookies.set(SESSION_COOKIE, token_for(session, app, trainee, kind="web"))
    _, secret = ical.ensure_feed(
        session, app.state.clock, app.state.settings.secret_key, principal_of(trainee)
    )
    session.commit()
    assert client.get(f"/calendar/{secret}.ics").status_code == 200
    assert client.get("/api/v1/users", headers=admin_api).status_code == 200
    assert client.get("/api/v1/me", headers=trainee_api).status_code == 200
    off = client.patch(
        f"/api/v1/institutions/{institution.id}",
        headers=bearer(session, app, operator),
        json={"is_active": False},
    )
    assert off.status_code == 200
    assert client.get("/api/v1/users", headers=admin_api).status_code == 401
    assert client.get("/api/v1/me", headers=trainee_api).status_code == 401
    created = client.post(
        "/api/v1/users",
        headers=admin_api,
        json={"email": "new@hanbit.example", "name": "새사람", "role": "trainee"},
    )
    assert created.status_code == 401
    assert browser.get("/home", follow_redirects=False).headers["location"].startswith("/login")
    assert client.get(f"/calendar/{secret}.ics").status_code == 404
    assert _token(client, admin.email).status_code == 401
    # Reactivated: the institution may sign in again, but the old tokens stay revoked.
    on = client.patch(
        f"/api/v1/institutions/{institution.id}",
        headers=bearer(session, app, operator),
        json={"is_active": True},
    )
    assert on.status_code == 200
    assert client.get("/api/v1/users", headers=admin_api).status_code == 401
    assert _token(client, admin.email).status_code == 200


def test_deactivating_a_user_revokes_their_tokens_for_good(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    institution, admin = make_institution(session, app)
    trainee = make_user(session, app, institution, Role.TRAINEE)
    theirs = bearer(session, app, trainee)
    assert client.get("/api/v1/me", headers=theirs).status_code == 200
    url = f"/api/v1/users/{trainee.id}"
    assert (
        client.patch(url, headers=bearer(session, app, admin), json={"is_active": False}).status_code == 200
    )
    assert client.get("/api/v1/me", headers=theirs).status_code == 401
    assert client.patch(url, headers=bearer(session, app, admin), json={"is_active": True}).status_code == 200
    assert client.get("/api/v1/me", headers=theirs).status_code == 401  # not revived


def test_a_reset_password_must_be_changed_before_anything_else(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    institution, admin = make_institution(session, app)
    trainee = make_user(session, app, institution, Role.TRAINEE, email="jiwoo@hanbit.example", name="최지우")
    reset = client.post(f"/api/v1/users/{trainee.id}/reset-password", headers=bearer(session, app, admin))
    temporary = reset.json()["temporary_password"]
    token = _token(client, trainee.email, temporary).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    refused = client.get("/api/v1/calendar", headers=headers)
    assert refused.status_code == 403 and refused.json()["code"] == "password_change_required"
    assert client.get("/api/v1/me", headers=headers).json()["user"]["must_change_password"] is True
    for weak in ("short-1", "jiwoo-2026-spring", "password2026!", "01012345678"):
        bad = client.post(
            "/api/v1/me/password", headers=headers, json={"current_password": temporary, "new_password": weak}
        )
        assert bad.status_code == 422, weak
    changed = client.post(
        "/api/v1/me/password",
        headers=headers,
        json={"current_password": temporary, "new_password": "quiet-harbour-58"},
    )
    assert changed.status_code == 204
    assert client.get("/api/v1/calendar", headers=headers).status_code == 200


def test_pages_send_a_user_with_a_temporary_password_to_the_form(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    created = client.post(
        "/api/v1/users",
        headers=bearer(session, app, admin),
        json={
            "email": "minjae@hanbit.example",
            "name": "조민재",
            "role": "trainee",
            "password": "chosen-by-admin-7",
        },
    )
    assert created.json()["user"]["must_change_password"] is True  # the admin chose it
    browser = _client(app, "198.51.100.7")
    browser.cookies.set(CSRF_COOKIE, "before-sign-in")
    csrf = csrf_token_for(app.state.settings.secret_key, "before-sign-in")
    signed = browser.post(
        "/login",
        data={
            "csrf_token": csrf,
            "email": "minjae@hanbit.example",
            "password": "chosen-by-admin-7",
            "institution": "hanbit",
        },
        follow_redirects=False,
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/account?msg=password.must_change"
    rotated = signed.cookies.get(CSRF_COOKIE)
    assert rotated and rotated != "before-sign-in"  # the CSRF cookie is new after sign-in
    home = browser.get("/home", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/account?msg=password.must_change"
    page = browser.get("/account?msg=password.must_change")
    assert page.status_code == 200 and "임시 비밀번호로 로그인했습니다" in page.text
    token = csrf_token_for(app.state.settings.secret_key, rotated)
    old_token_refused = browser.post(
        "/account/password",
        data={
            "csrf_token": csrf,
            "current_password": "chosen-by-admin-7",
            "new_password": "my-own-words-42",
            "new_password_confirm": "my-own-words-42",
        },
    )
    assert old_token_refused.status_code == 403  # the pre-sign-in token no longer works
    changed = browser.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": "chosen-by-admin-7",
            "new_password": "my-own-words-42",
            "new_password_confirm": "my-own-words-42",
        },
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert browser.get("/home").status_code == 200
