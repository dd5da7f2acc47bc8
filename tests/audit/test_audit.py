from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from classroom.core.clock import SEOUL, FrozenClock
from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world, signed_in_browser


def _touch(client: TestClient, headers: dict[str, str], user_id: uuid.UUID) -> None:
    assert (
        client.patch(f"/api/v1/users/{user_id}", headers=headers, json={"phone": "010-1111-2222"}).status_code
        == 200
    )


def test_admin_sees_own_institution_and_operator_sees_all(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    world = build_world(session, app)
    a_admin = bearer(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    b_admin = bearer(session, app, world.b.users[Role.INSTITUTION_ADMIN])
    _touch(client, a_admin, world.a.users[Role.TRAINEE].id)
    _touch(client, b_admin, world.b.users[Role.TRAINEE].id)
    own = client.get("/api/v1/audit", headers=a_admin, params={"action": "user.update"}).json()
    assert [e["institution_name"] for e in own] == ["한빛직업전문학교"]
    assert own[0]["actor_name"] == world.a.users[Role.INSTITUTION_ADMIN].name
    assert own[0]["actor_role"] == "institution_admin"
    everyone = client.get(
        "/api/v1/audit", headers=bearer(session, app, world.inspector), params={"action": "user.update"}
    ).json()
    assert sorted(e["institution_name"] for e in everyone) == ["미래IT아카데미", "한빛직업전문학교"]
    only_b = client.get(
        "/api/v1/audit",
        headers=bearer(session, app, world.operator),
        params={"institution_id": str(world.b.institution.id), "action": "user."},
    ).json()
    assert {e["institution_name"] for e in only_b} == {"미래IT아카데미"}


def test_day_filters_are_seoul_days(
    app: FastAPI, session: Session, client: TestClient, clock: FrozenClock
) -> None:
    world = build_world(session, app)
    clock.set(datetime(2026, 4, 7, 0, 30, tzinfo=SEOUL))  # 15:30 UTC on the 6th, but the 7th in Seoul
    headers = bearer(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    _touch(client, headers, world.a.users[Role.TRAINEE].id)
    on_7th = client.get(
        "/api/v1/audit",
        headers=headers,
        params={"action": "user.update", "first": "2026-04-07", "last": "2026-04-07"},
    ).json()
    on_6th = client.get(
        "/api/v1/audit",
        headers=headers,
        params={"action": "user.update", "first": "2026-04-06", "last": "2026-04-06"},
    ).json()
    assert len(on_7th) == 1 and on_6th == []
    assert client.get("/api/v1/audit", headers=headers, params={"last": "9999-12-31"}).status_code == 422


def test_other_roles_cannot_read_the_trail(app: FastAPI, session: Session, client: TestClient) -> None:
    world = build_world(session, app)
    for role in (Role.INSTRUCTOR, Role.SUPERVISOR, Role.TRAINEE):
        assert client.get("/api/v1/audit", headers=bearer(session, app, world.user(role))).status_code == 403


def test_page_and_csv_export(app: FastAPI, session: Session) -> None:
    world = build_world(session, app)
    admin, _ = signed_in_browser(app, session, world.a.users[Role.INSTITUTION_ADMIN])
    page = admin.get("/audit")
    assert page.status_code == 200 and "훈련기관 등록" in page.text  # the event's name, not its code
    export = admin.get("/audit/export.csv", params={"action": "institution."})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["일시(KST)", "작업", "작업 코드", "대상 종류", "대상"]
    assert [r[1:5] for r in rows[1:]] == [
        ["훈련기관 등록", "institution.create", "훈련기관", "한빛직업전문학교"]
    ]
