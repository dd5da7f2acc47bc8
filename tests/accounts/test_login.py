from __future__ import annotations

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from classroom.accounts.models import LoginFailure
from classroom.audit.models import AuditEvent
from classroom.core.clock import FrozenClock
from classroom.core.tenancy import Role
from tests.factories.accounts import PASSWORD, bearer, make_institution, make_user


def _token(
    client: TestClient, email: str, password: str = PASSWORD, institution: str = "hanbit"
) -> httpx.Response:
    response: httpx.Response = client.post(
        "/api/v1/auth/token", data={"username": email, "password": password, "institution": institution}
    )
    return response


def test_token_login_and_me(app: FastAPI, session: Session, client: TestClient) -> None:
    _institution, admin = make_institution(session, app)
    response = _token(client, admin.email)
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["user"]["email"] == "admin@hanbit.example"
    assert me.json()["institution_code"] == "hanbit"


def test_me_from_the_sign_in_check_matches_the_stored_rows(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    """GET /me answers from the row the gate's sign-in check read (no second look-up); it must say
    what the stored rows say — PATCH /me answers from the ORM entities — for a user of an
    institution and for platform staff without one."""
    _institution, admin = make_institution(session, app)
    operator = make_user(session, app, None, Role.OPERATOR, email="op@step.example")
    for user in (admin, operator):
        headers = bearer(session, app, user)
        read = client.get("/api/v1/me", headers=headers)
        stored = client.patch("/api/v1/me", headers=headers, json={})
        assert read.status_code == stored.status_code == 200, (read.text, stored.text)
        assert read.json() == stored.json()
        assert read.json()["user"]["id"] == str(user.id)
        assert "password_hash" not in read.json()["user"]
    assert (
        client.get("/api/v1/me", headers=bearer(session, app, admin)).json()["institution_code"] == "hanbit"
    )
    assert client.get("/api/v1/me", headers=bearer(session, app, operator)).json()["institution_code"] is None


def test_same_email_in_two_institutions_logs_into_the_named_one(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    a, _ = make_institution(session, app, "hanbit")
    b, _ = make_institution(session, app, "mirae", "미래IT아카데미")
    make_user(session, app, a, Role.TRAINEE, email="kim@mail.example", name="김한빛")
    make_user(session, app, b, Role.TRAINEE, email="kim@mail.example", name="김미래")
    for code, name in (("hanbit", "김한빛"), ("mirae", "김미래")):
        token = _token(client, "KIM@mail.example", institution=code).json()["access_token"]
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert me["user"]["name"] == name


def test_platform_staff_log_in_without_institution(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    make_user(session, app, None, Role.OPERATOR, email="op@step.example")
    assert _token(client, "op@step.example", institution="").status_code == 200
    assert _token(client, "op@step.example", institution="hanbit").status_code == 401


def test_five_failures_then_429_with_retry_after(
    app: FastAPI, session: Session, client: TestClient, clock: FrozenClock
) -> None:
    _, admin = make_institution(session, app)
    for _ in range(5):
        response = _token(client, admin.email, "wrong-password-1")
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
    blocked = _token(client, admin.email)  # even the right password is refused now
    assert blocked.status_code == 429
    retry = int(blocked.headers["Retry-After"])
    assert 0 < retry <= 15 * 60
    clock.advance(seconds=retry + 1)
    assert _token(client, admin.email).status_code == 200


def test_a_refused_sign_in_stays_counted_and_audited_though_the_request_rolls_back(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    email, key = admin.email, "hanbit:admin@hanbit.example"
    assert _token(client, email.upper(), "wrong-password-1").status_code == 401
    failures = session.exec(select(LoginFailure).where(LoginFailure.account_key == key)).all()
    audited = session.exec(select(AuditEvent).where(AuditEvent.action == "login.failed")).all()
    assert len(failures) == 1 and [e.target_id for e in audited] == [key]
    session.rollback()  # end the read before the app writes (SQLite has one writer)
    assert _token(client, email).status_code == 200  # (`admin` is expired now: reading it would lock)
    assert session.exec(select(LoginFailure).where(LoginFailure.account_key == key)).all() == []


def test_throttle_counts_failures_inside_the_window_only(
    app: FastAPI, session: Session, client: TestClient, clock: FrozenClock
) -> None:
    _, admin = make_institution(session, app)
    for _ in range(4):
        _token(client, admin.email, "wrong-password-1")
    clock.advance(minutes=16)
    _token(client, admin.email, "wrong-password-1")
    assert _token(client, admin.email).status_code == 200


def test_throttle_is_per_account(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, admin = make_institution(session, app)
    other = make_user(session, app, institution, Role.TRAINEE)
    for _ in range(5):
        _token(client, admin.email, "wrong-password-1")
    assert _token(client, admin.email).status_code == 429
    assert _token(client, other.email).status_code == 200


def test_inactive_user_cannot_log_in(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, _ = make_institution(session, app)
    user = make_user(session, app, institution, Role.TRAINEE)
    user.is_active = False
    session.add(user)
    session.commit()
    assert _token(client, user.email).status_code == 401


def test_logout_revokes_token(app: FastAPI, session: Session, client: TestClient) -> None:
    _, admin = make_institution(session, app)
    token = _token(client, admin.email).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_error_messages_in_korean_and_english(app: FastAPI, session: Session, client: TestClient) -> None:
    make_institution(session, app)
    ko = client.post(
        "/api/v1/auth/token",
        data={"username": "x@y.example", "password": "nope-1234", "institution": "hanbit"},
    )
    assert "비밀번호" in ko.json()["detail"]
    en = client.post(
        "/api/v1/auth/token",
        data={"username": "x@y.example", "password": "nope-1234", "institution": "hanbit"},
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    assert en.json()["detail"] == "Institution code, e-mail or password is incorrect."
