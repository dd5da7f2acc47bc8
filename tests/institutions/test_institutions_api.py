from __future__ import annotations

import uuid

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world, make_user


def test_operator_creates_institution_with_first_admin(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    operator = make_user(session, app, None, Role.OPERATOR)
    response = client.post(
        "/api/v1/institutions",
        headers=bearer(session, app, operator),
        json={
            "code": "Daehan-IT",
            "name": "대한IT교육원",
            "admin_email": "boss@daehan.example",
            "admin_name": "장관리",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["institution"]["code"] == "daehan-it"
    assert body["temporary_password"]
    login = client.post(
        "/api/v1/auth/token",
        data={
            "username": "boss@daehan.example",
            "institution": "daehan-it",
            "password": body["temporary_password"],
        },
    )
    assert login.status_code == 200
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {login.json()['access_token']}"}).json()
    assert me["user"]["role"] == "institution_admin" and me["user"]["must_change_password"]


def test_institution_code_rules(app: FastAPI, session: Session, client: TestClient) -> None:
    operator = make_user(session, app, None, Role.OPERATOR)
    headers = bearer(session, app, operator)
    bad = client.post(
        "/api/v1/institutions",
        headers=headers,
        json={"code": "한빛", "name": "한빛", "admin_email": "a@b.example", "admin_name": "가"},
    )
    assert bad.status_code == 422
    first = client.post(
        "/api/v1/institutions",
        headers=headers,
        json={"code": "hanbit", "name": "한빛", "admin_email": "a@b.example", "admin_name": "가"},
    )
    assert first.status_code == 201
    again = client.post(
        "/api/v1/institutions",
        headers=headers,
        json={"code": "hanbit", "name": "다른 한빛", "admin_email": "c@d.example", "admin_name": "나"},
    )
    assert again.status_code == 409
    listed = client.get("/api/v1/institutions", headers=headers).json()
    assert [i["name"] for i in listed] == ["한빛"]


def test_deactivated_institution_cannot_log_in(app: FastAPI, session: Session, client: TestClient) -> None:
    operator = make_user(session, app, None, Role.OPERATOR)
    headers = bearer(session, app, operator)
    created = client.post(
        "/api/v1/institutions",
        headers=headers,
        json={
            "code": "hanbit",
            "name": "한빛",
            "admin_email": "a@b.example",
            "admin_name": "가",
            "admin_password": "river-stone-84",
        },
    ).json()
    patched = client.patch(
        f"/api/v1/institutions/{created['institution']['id']}", headers=headers, json={"is_active": False}
    )
    assert patched.status_code == 200 and patched.json()["is_active"] is False
    login = client.post(
        "/api/v1/auth/token",
        data={"username": "a@b.example", "institution": "hanbit", "password": "river-stone-84"},
    )
    assert login.status_code == 401


def test_institution_path_object_reads_and_writes(app: FastAPI, session: Session, client: TestClient) -> None:
    world = build_world(session, app)
    hanbit = world.a.institution
    inspector = bearer(session, app, world.inspector)
    operator = bearer(session, app, world.operator)
    read = client.get(f"/api/v1/institutions/{hanbit.id}", headers=inspector)
    assert read.status_code == 200 and read.json()["code"] == "hanbit"
    assert client.get(f"/api/v1/institutions/{uuid.uuid4()}", headers=inspector).status_code == 404
    assert client.get("/api/v1/institutions/not-a-uuid", headers=inspector).status_code == 404
    # Only the operator writes; the inspector's write is refused before the object is loaded.
    refused = client.patch(f"/api/v1/institutions/{hanbit.id}", headers=inspector, json={"name": "x"})
    assert refused.status_code == 403
    renamed = client.patch(
        f"/api/v1/institutions/{hanbit.id}", headers=operator, json={"name": "한빛 새 이름"}
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "한빛 새 이름"
    # Institution staff hold no institutions permission, their own institution included.
    admin = bearer(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    assert client.get(f"/api/v1/institutions/{hanbit.id}", headers=admin).status_code == 403
