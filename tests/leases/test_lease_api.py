"""Lease lifecycle and programme years through the API (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world
from tests.factories.leases import make_lease, make_programme

EN = {"Accept-Language": "en"}


@pytest.fixture
def world(app, session):
    w = build_world(session, app)
    make_programme(session, app, 2026)
    return w


def _headers(session, app, user, **extra):
    return {**bearer(session, app, user), **extra}


def test_programme_defaults_and_operator_updates(app, session, client, world):
    op = _headers(session, app, world.operator)
    got = client.get(
        "/api/v1/programmes/2026", headers=_headers(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    )
    assert got.status_code == 200, got.text
    body = got.json()
    assert (body["lease_cap"], body["subsidy_rate"], body["subsidy_rate_percent"]) == (300, "1/2", "50%")
    assert (body["budget"], body["budget_remaining"], body["cap_used"]) == (5_200_000_000, 5_200_000_000, 0)
    patched = client.patch(
        "/api/v1/programmes/2026", json={"subsidy_rate": "40%", "lease_cap": 5}, headers=op
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["subsidy_rate"] == "2/5" and patched.json()["lease_cap"] == 5
    created = client.put("/api/v1/programmes/2027", json={"budget": 1_000_000}, headers=op)
    assert created.status_code == 201 and created.json()["monthly_fee"] == 300_000
    assert client.put("/api/v1/programmes/2027", json={"budget": 2_000_000}, headers=op).status_code == 200
    bad = client.patch("/api/v1/programmes/2026", json={"subsidy_rate": "150%"}, headers={**op, **EN})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "subsidy_rate"
    assert client.get("/api/v1/programmes/2031", headers=op).status_code == 404
    for role in (Role.INSPECTOR, Role.INSTITUTION_ADMIN):
        assert (
            client.patch(
                "/api/v1/programmes/2026",
                json={"lease_cap": 1},
                headers=_headers(session, app, world.user(role)),
            ).status_code
            == 403
        )
    assert (
        client.get(
            "/api/v1/programmes/2026", headers=_headers(session, app, world.a.users[Role.TRAINEE])
        ).status_code
        == 403
    )


def test_request_approve_active_terminate_renew(app, session, client, clock, world):
    admin = _headers(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    op = _headers(session, app, world.operator)
    made = client.post(
        "/api/v1/leases",
        json={"classrooms": 2, "starts_on": "2026-04-10", "ends_on": "2026-09-30"},
        headers=admin,
    )
    assert made.status_code == 201, made.text
    lease = made.json()
    assert (lease["status"], lease["state"], lease["year"]) == ("requested", "requested", 2026)
    assert client.get("/api/v1/programmes/2026", headers=op).json()["pending_classrooms"] == 2
    approved = client.post(f"/api/v1/leases/{lease['id']}/approve", headers=op)
    assert approved.status_code == 200 and approved.json()["state"] == "scheduled"
    assert client.get("/api/v1/programmes/2026", headers=op).json()["cap_used"] == 2
    again = client.post(f"/api/v1/leases/{lease['id']}/approve", headers=op)
    assert again.status_code == 409
    assert again.json()["detail"] == "승인 대기 중인 신청만 처리할 수 있습니다 (현재: 시작 전)."
    again_en = client.post(f"/api/v1/leases/{lease['id']}/approve", headers={**op, **EN})
    assert again_en.json()["detail"] == "Only pending requests can be decided or withdrawn (now: Scheduled)."
    clock.set(clock.now().replace(day=20))
    admin = _headers(session, app, world.a.users[Role.INSTITUTION_ADMIN])  # tokens last 12 h
    op = _headers(session, app, world.operator)
    assert client.get(f"/api/v1/leases/{lease['id']}", headers=admin).json()["state"] == "active"
    quota = client.get("/api/v1/quota", headers=admin).json()
    assert quota["classrooms"] == 2 and quota["live_seats"] == 60 and quota["seats_per_classroom"] == 30
    renewal = client.post(
        f"/api/v1/leases/{lease['id']}/renew", json={"ends_on": "2026-12-31"}, headers=admin
    )
    assert renewal.status_code == 201, renewal.text
    assert renewal.json()["starts_on"] == "2026-10-01" and renewal.json()["renewed_from_id"] == lease["id"]
    assert (
        client.post(
            f"/api/v1/leases/{lease['id']}/renew", json={"ends_on": "2026-12-31"}, headers=admin
        ).status_code
        == 409
    )
    ended = client.post(
        f"/api/v1/leases/{lease['id']}/terminate",
        json={"reason": "과정 종료", "last_day": "2026-05-15"},
        headers=admin,
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["status"] == "terminated" and ended.json()["last_day"] == "2026-05-15"
    assert client.get("/api/v1/programmes/2026", headers=op).json()["cap_used"] == 0  # released
    clock.set(clock.now().replace(month=5, day=16))
    admin = _headers(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    assert client.get(f"/api/v1/leases/{lease['id']}", headers=admin).json()["state"] == "terminated"
    assert client.get("/api/v1/quota", headers=admin).json()["classrooms"] == 0


def test_reject_needs_reason_and_messages_in_both_languages(app, session, client, world):
    lease = make_lease(session, app, world.a.users[Role.INSTITUTION_ADMIN], classrooms=1)
    op = _headers(session, app, world.operator)
    ko = client.post(f"/api/v1/leases/{lease.id}/reject", json={"reason": "   "}, headers=op)
    assert ko.status_code == 422 and ko.json()["detail"] == "사유를 입력해 주세요."
    en = client.post(f"/api/v1/leases/{lease.id}/reject", json={"reason": " "}, headers={**op, **EN})
    assert en.json()["detail"] == "Please give a reason."
    done = client.post(f"/api/v1/leases/{lease.id}/reject", json={"reason": "예산 소진"}, headers=op)
    assert done.status_code == 200 and done.json()["reject_reason"] == "예산 소진"
    assert done.json()["state"] == "rejected"


def test_cap_exceeded_is_a_clear_409(app, session, client, world):
    op = _headers(session, app, world.operator)
    client.patch("/api/v1/programmes/2026", json={"lease_cap": 3}, headers=op)
    first = make_lease(
        session, app, world.a.users[Role.INSTITUTION_ADMIN], classrooms=2, approve_by=world.operator
    )
    second = make_lease(session, app, world.b.users[Role.INSTITUTION_ADMIN], classrooms=2)
    refused = client.post(f"/api/v1/leases/{second.id}/approve", headers=op)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "2026년 임대 한도 3실 중 2실이 승인되어 1실만 남았습니다. 신청한 2실은 승인할 수 없습니다."
    )
    en = client.post(f"/api/v1/leases/{second.id}/approve", headers={**op, **EN})
    assert "only 1 remain" in en.json()["detail"]
    lowered = client.patch("/api/v1/programmes/2026", json={"lease_cap": 1}, headers=op)
    assert lowered.status_code == 422
    assert first.classrooms == 2


def test_request_validation(app, session, client, world):
    admin = _headers(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    cases = [
        ({"classrooms": 1, "starts_on": "2026-04-01", "ends_on": "2026-05-01"}, "starts_on"),
        ({"classrooms": 1, "starts_on": "2026-05-01", "ends_on": "2026-04-30"}, "ends_on"),
        ({"classrooms": 1, "starts_on": "2026-12-01", "ends_on": "2027-01-31"}, "ends_on"),
        ({"classrooms": 1, "starts_on": "2027-01-04", "ends_on": "2027-01-31"}, "starts_on"),
        ({"classrooms": 101, "starts_on": "2026-05-01", "ends_on": "2026-05-31"}, "classrooms"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/leases", json=body, headers=admin)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["errors"][0]["field"] == field
    operator = client.post("/api/v1/leases", json=cases[1][0], headers=_headers(session, app, world.operator))
    assert operator.status_code == 403


def test_tenancy_foreign_leases_are_404(app, session, client, world):
    lease = make_lease(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    other = _headers(session, app, world.b.users[Role.INSTITUTION_ADMIN])
    assert client.get(f"/api/v1/leases/{lease.id}", headers=other).status_code == 404
    # Body is invalid too: the foreign id must still answer 404, not 422.
    assert client.post(f"/api/v1/leases/{lease.id}/renew", json={}, headers=other).status_code == 404
    assert client.post(f"/api/v1/leases/{lease.id}/cancel", headers=other).status_code == 404
    assert client.get("/api/v1/leases", headers=other).json() == []
    foreign_quota = client.get(f"/api/v1/quota?institution_id={world.a.institution.id}", headers=other)
    assert foreign_quota.status_code == 404
    inspector = _headers(session, app, world.inspector)
    assert len(client.get("/api/v1/leases", headers=inspector).json()) == 1
    assert client.post(f"/api/v1/leases/{lease.id}/approve", headers=inspector).status_code == 403
    own = _headers(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    assert client.post(f"/api/v1/leases/{lease.id}/cancel", headers=own).json()["status"] == "cancelled"


def test_designations_by_operator_scoped_reads(app, session, client, world):
    op = _headers(session, app, world.operator)
    body = {
        "institution_id": str(world.a.institution.id),
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
        "note": "2026 우수훈련기관",
    }
    made = client.post("/api/v1/designations", json=body, headers=op)
    assert made.status_code == 201, made.text
    own = client.get(
        "/api/v1/designations", headers=_headers(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    )
    other = client.get(
        "/api/v1/designations", headers=_headers(session, app, world.b.users[Role.INSTITUTION_ADMIN])
    )
    assert len(own.json()) == 1 and other.json() == []
    assert (
        client.post(
            "/api/v1/designations",
            json=body,
            headers=_headers(session, app, world.a.users[Role.INSTITUTION_ADMIN]),
        ).status_code
        == 403
    )
    revoked = client.post(f"/api/v1/designations/{made.json()['id']}/revoke", headers=op)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert client.post(f"/api/v1/designations/{made.json()['id']}/revoke", headers=op).status_code == 409
    assert date.fromisoformat(made.json()["valid_to"]) == date(2026, 12, 31)


def test_late_approval_starts_the_lease_on_the_approval_day(app, session, client, clock, world):
    lease = make_lease(
        session,
        app,
        world.a.users[Role.INSTITUTION_ADMIN],
        starts_on=date(2026, 4, 10),
        ends_on=date(2026, 6, 30),
    )
    clock.set(clock.now().replace(day=15))
    approved = client.post(
        f"/api/v1/leases/{lease.id}/approve", headers=_headers(session, app, world.operator)
    )
    assert approved.status_code == 200
    assert approved.json()["starts_on"] == "2026-04-15" and approved.json()["state"] == "active"
