"""Post → redirect → get with a flash message, and form addresses opened as pages."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from classroom.core.tenancy import Role
from classroom.web.flash import FLASH_COOKIE
from tests.factories.accounts import make_institution, make_user
from tests.web.test_pages import _csrf, _form_login


def test_a_post_only_address_opened_as_a_page_goes_to_its_page(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    institution, admin = make_institution(session, app)
    _form_login(client, admin.email)
    user = make_user(session, app, institution, Role.TRAINEE, email="t@x.example")
    for address, page in (
        (f"/users/{user.id}/reset-password", "/users"),
        (f"/users/{user.id}/active", "/users"),
        ("/billing/close", "/billing"),
        ("/calendar/feed", "/calendar"),
    ):
        response = client.get(address, follow_redirects=False)
        assert response.status_code == 303, (address, response.status_code)
        assert response.headers["location"] == page
    # Machine addresses keep answering 405.
    assert client.get("/api/v1/users/import", follow_redirects=False).status_code in (404, 405)


def _signed(app: FastAPI, payload: dict[str, object]) -> str:
    body = base64.urlsafe_b64encode(json.dumps(payload).encode())
    key = hmac.new(app.state.settings.secret_key.encode(), b"flash", hashlib.sha256).digest()
    return f"{body.decode()}.{hmac.new(key, body, hashlib.sha256).hexdigest()[:32]}"


def test_the_flash_cookie_is_shown_once_and_cannot_be_forged(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    _form_login(client, admin.email)
    client.cookies.set(FLASH_COOKIE, _signed(app, {"key": "user.updated", "params": {}}))
    first = client.get("/users")
    assert '<p class="flash" role="status">' in first.text
    assert any(h.startswith(f"{FLASH_COOKIE}=") for h in first.headers.get_list("set-cookie"))  # deleted
    client.cookies.delete(FLASH_COOKIE)
    assert '<p class="flash"' not in client.get("/users").text

    forged = _signed(app, {"key": "user.updated", "params": {}}).rsplit(".", 1)[0] + ".0123456789abcdef"
    client.cookies.set(FLASH_COOKIE, forged)
    assert '<p class="flash"' not in client.get("/users").text


def test_a_user_action_redirects_with_its_message(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, admin = make_institution(session, app)
    _form_login(client, admin.email)
    user = make_user(session, app, institution, Role.TRAINEE, email="t2@x.example")
    token = _csrf(client, "/users")
    done = client.post(
        f"/users/{user.id}/active", data={"csrf_token": token, "active": "0"}, follow_redirects=False
    )
    assert done.status_code == 303
    assert '<p class="flash" role="status">' in client.get(done.headers["location"]).text


def test_a_refused_new_user_comes_back_with_the_message_beside_the_field(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    _form_login(client, admin.email)
    token = _csrf(client, "/users")
    refused = client.post(
        "/users",
        data={
            "csrf_token": token,
            "name": "홍길동",
            "email": "not-an-email",
            "role": "trainee",
            "phone": "010-1234-5678",
        },
    )
    assert refused.status_code == 422
    page = refused.text
    assert page.count('class="error-summary"') == 1
    assert 'id="error-email"' in page and 'aria-invalid="true" aria-describedby="error-email"' in page
    assert 'value="홍길동"' in page and 'value="not-an-email"' in page and 'value="010-1234-5678"' in page
    assert "email —" not in page and "email:" not in page
