from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from classroom.core.tenancy import Role
from tests.factories.accounts import PASSWORD, bearer, build_world, make_institution, make_user


def test_admin_creates_users_of_institution_roles_only(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    headers = bearer(session, app, admin)
    created = client.post(
        "/api/v1/users",
        headers=headers,
        json={
            "email": "Teacher@Hanbit.example",
            "name": "이서연",
            "role": "instructor",
            "phone": "010-3456-7890",
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["user"]["email"] == "teacher@hanbit.example"
    assert created.json()["temporary_password"]
    refused = client.post(
        "/api/v1/users", headers=headers, json={"email": "op@x.example", "name": "운영", "role": "operator"}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "role"


def test_duplicate_email_in_same_institution_conflicts(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    institution, admin = make_institution(session, app)
    make_user(session, app, institution, Role.TRAINEE, email="kim@mail.example")
    response = client.post(
        "/api/v1/users",
        headers=bearer(session, app, admin),
        json={"email": "kim@mail.example", "name": "김", "role": "trainee"},
    )
    assert response.status_code == 409
    assert "이미 등록된 이메일" in response.json()["detail"]


def test_same_email_allowed_in_another_institution(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    a, _ = make_institution(session, app, "hanbit")
    _, admin_b = make_institution(session, app, "mirae", "미래IT아카데미")
    make_user(session, app, a, Role.TRAINEE, email="kim@mail.example")
    response = client.post(
        "/api/v1/users",
        headers=bearer(session, app, admin_b),
        json={"email": "kim@mail.example", "name": "김", "role": "trainee", "password": "maple-road-1234"},
    )
    assert response.status_code == 201


def test_weak_password_and_bad_card_are_refused_in_both_languages(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    headers = bearer(session, app, admin)
    weak = client.post(
        "/api/v1/users",
        headers=headers,
        json={"email": "a@b.example", "name": "가", "role": "trainee", "password": "12345678"},
    )
    assert weak.status_code == 422 and "10자 이상" in weak.json()["detail"]
    card = client.post(
        "/api/v1/users",
        headers={**headers, "Accept-Language": "en"},
        json={"email": "a@b.example", "name": "가", "role": "trainee", "learning_card_no": "1234"},
    )
    assert card.status_code == 422 and "16 digits" in card.json()["detail"]


def test_lists_are_scoped_to_the_institution(app: FastAPI, session: Session, client: TestClient) -> None:
    world = build_world(session, app)
    listed = client.get("/api/v1/users", headers=bearer(session, app, world.a.users[Role.INSTITUTION_ADMIN]))
    institutions = {u["institution_id"] for u in listed.json()}
    assert institutions == {str(world.a.institution.id)}
    everyone = client.get("/api/v1/users", headers=bearer(session, app, world.inspector)).json()
    assert {str(world.a.institution.id), str(world.b.institution.id)} <= {
        u["institution_id"] for u in everyone
    }


def test_foreign_user_is_404_for_read_and_write(app: FastAPI, session: Session, client: TestClient) -> None:
    world = build_world(session, app)
    foreign = world.b.users[Role.TRAINEE]
    headers = bearer(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    assert client.get(f"/api/v1/users/{foreign.id}", headers=headers).status_code == 404
    patch = client.patch(f"/api/v1/users/{foreign.id}", headers=headers, json={"is_active": False})
    assert patch.status_code == 404
    session.refresh(foreign)
    assert foreign.is_active


def test_admin_cannot_deactivate_self(app: FastAPI, session: Session, client: TestClient) -> None:
    _, admin = make_institution(session, app)
    response = client.patch(
        f"/api/v1/users/{admin.id}", headers=bearer(session, app, admin), json={"is_active": False}
    )
    assert response.status_code == 422


def test_change_password_and_locale(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, _ = make_institution(session, app)
    trainee = make_user(session, app, institution, Role.TRAINEE)
    headers = bearer(session, app, trainee)
    wrong = client.post(
        "/api/v1/me/password",
        headers=headers,
        json={"current_password": "nope-0000", "new_password": "new-pass-456"},
    )
    assert wrong.status_code == 422
    ok = client.post(
        "/api/v1/me/password",
        headers=headers,
        json={"current_password": PASSWORD, "new_password": "new-pass-456"},
    )
    assert ok.status_code == 204
    token = client.post(
        "/api/v1/auth/token",
        data={"username": trainee.email, "password": "new-pass-456", "institution": "hanbit"},
    )
    assert token.status_code == 200
    me = client.patch("/api/v1/me", headers=headers, json={"locale": "en"})
    assert me.json()["user"]["locale"] == "en"
    # The user's own setting now beats the browser's Accept-Language.
    missing = client.get("/api/v1/users/not-a-uuid", headers={**headers, "Accept-Language": "ko"})
    assert missing.json()["lang"] == "en"


def test_admin_resets_a_forgotten_password(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, admin = make_institution(session, app)
    trainee = make_user(session, app, institution, Role.TRAINEE)
    trainee_headers = bearer(session, app, trainee)
    response = client.post(f"/api/v1/users/{trainee.id}/reset-password", headers=bearer(session, app, admin))
    assert response.status_code == 200
    temporary = response.json()["temporary_password"]
    assert client.get("/api/v1/me", headers=trainee_headers).status_code == 401  # old sessions end
    login = client.post(
        "/api/v1/auth/token", data={"username": trainee.email, "password": temporary, "institution": "hanbit"}
    )
    assert login.status_code == 200


def test_password_change_signs_out_other_sessions(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, _ = make_institution(session, app)
    trainee = make_user(session, app, institution, Role.TRAINEE)
    phone, laptop = bearer(session, app, trainee), bearer(session, app, trainee)
    assert (
        client.post(
            "/api/v1/me/password",
            headers=phone,
            json={"current_password": PASSWORD, "new_password": "new-pass-789"},
        ).status_code
        == 204
    )
    assert client.get("/api/v1/me", headers=phone).status_code == 200
    assert client.get("/api/v1/me", headers=laptop).status_code == 401


def test_admin_cannot_reset_own_password_through_the_admin_route(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    _, admin = make_institution(session, app)
    headers = bearer(session, app, admin)
    response = client.post(f"/api/v1/users/{admin.id}/reset-password", headers=headers)
    assert response.status_code == 422 and "내 계정" in response.json()["detail"]
    assert client.get("/api/v1/me", headers=headers).status_code == 200


def test_user_id_path_parameter_is_documented(app: FastAPI, client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/users/{user_id}"]["get"]
    assert [p["name"] for p in operation["parameters"] if p["in"] == "path"] == ["user_id"]
    assert client.get("/api/v1/users/not-a-uuid", headers={}).status_code == 401
