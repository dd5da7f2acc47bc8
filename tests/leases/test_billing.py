"""Month close through real invoices: proration, designation days, budget exhaustion,
idempotence, ledger invariants, payments, reversals and the CLI."""

from __future__ import annotations

from datetime import date, datetime

import httpx
import pytest
from click.testing import CliRunner
from sqlmodel import select

from classroom.audit.models import AuditEvent
from classroom.cli import main as cli
from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from classroom.leases import billing, ledger
from classroom.leases.models import Invoice, LedgerEntry
from classroom.leases.programmes import get_programme
from tests.factories.accounts import bearer, build_world, principal_of
from tests.factories.leases import designate, make_lease, make_programme

EN = {"Accept-Language": "en"}


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=SEOUL)


@pytest.fixture
def world(app, session, clock):
    clock.set(at("2026-04-01"))
    w = build_world(session, app)
    make_programme(session, app, 2026)
    return w


def admin_of(world, tenant="a"):
    return world.user(Role.INSTITUTION_ADMIN, tenant)


def close(client, session, app, world, month: str, **headers):
    """POST the close; an accepted one (202) is run by the queue here, and its job's result
    (the close's figures) is answered as the 200 the operator eventually reads."""
    response = client.post(
        "/api/v1/billing/close",
        json={"month": month},
        headers={**bearer(session, app, world.operator), **headers},
    )
    if response.status_code != 202:
        return response
    session.commit()  # end the test's read: the job writes on its own connection
    assert app.state.queue.drain() >= 1
    job = client.get(response.headers["location"], headers=bearer(session, app, world.operator)).json()
    assert job["status"] == "done", job
    return httpx.Response(200, json=job["result"])


def test_prorated_invoice_with_partial_designation(app, session, client, clock, world):
    make_lease(
        session,
        app,
        admin_of(world),
        classrooms=2,
        starts_on=date(2026, 4, 14),
        ends_on=date(2026, 6, 30),
        approve_by=world.operator,
    )
    designate(session, app, world.operator, world.a.institution, date(2026, 4, 20), date(2026, 12, 31))
    clock.set(at("2026-05-02"))
    response = close(client, session, app, world, "2026-04")
    assert response.status_code == 200, response.text
    assert response.json()["invoices_created"] == 1
    invoices = client.get("/api/v1/invoices", headers=bearer(session, app, admin_of(world))).json()
    assert len(invoices) == 1
    inv = invoices[0]
    # D=30, F=300,000, C=2, A=17 (14–30 April), E=11 (20–30 April), rate 1/2
    assert (inv["active_days"], inv["excellent_days"]) == (17, 11)
    assert inv["total"] == 600_000 * 17 // 30 == 340_000
    assert inv["eligible"] == 220_000 and inv["subsidy"] == 110_000
    assert inv["institution_share"] == 230_000 and inv["outstanding"] == 230_000
    programme = client.get("/api/v1/programmes/2026", headers=bearer(session, app, world.operator)).json()
    assert programme["subsidy_committed"] == 110_000
    assert programme["budget_remaining"] == 5_200_000_000 - 110_000


def test_early_termination_bills_to_the_last_day_and_non_excellent_pays_in_full(
    app, session, client, clock, world
):
    lease = make_lease(
        session,
        app,
        admin_of(world, "b"),
        classrooms=1,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 31),
        approve_by=world.operator,
    )
    clock.set(at("2026-05-10"))
    terminated = client.post(
        f"/api/v1/leases/{lease.id}/terminate",
        json={"reason": "폐강", "last_day": "2026-05-12"},
        headers=bearer(session, app, admin_of(world, "b")),
    )
    assert terminated.status_code == 200, terminated.text
    clock.set(at("2026-07-01"))
    for month in ("2026-04", "2026-05", "2026-06"):
        assert close(client, session, app, world, month).status_code == 200
    invoices = client.get("/api/v1/invoices", headers=bearer(session, app, admin_of(world, "b"))).json()
    by_month = {i["month"]: i for i in invoices}
    assert set(by_month) == {"2026-04", "2026-05"}  # nothing after the last day
    assert by_month["2026-04"]["total"] == 300_000 and by_month["2026-04"]["subsidy"] == 0
    assert by_month["2026-05"]["active_days"] == 12
    assert by_month["2026-05"]["total"] == 300_000 * 12 // 31 == by_month["2026-05"]["institution_share"]


def test_budget_runs_out_across_invoices_in_closing_order(app, session, client, clock, world):
    op = bearer(session, app, world.operator)
    client.patch("/api/v1/programmes/2026", json={"budget": 200_000}, headers=op)
    first = make_lease(
        session,
        app,
        admin_of(world, "a"),
        classrooms=1,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 31),
        approve_by=world.operator,
    )
    clock.advance(minutes=1)  # approval order decides who is billed first within a close
    second = make_lease(
        session,
        app,
        admin_of(world, "b"),
        classrooms=1,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 31),
        approve_by=world.operator,
    )
    for tenant in (world.a, world.b):
        designate(session, app, world.operator, tenant.institution, date(2026, 1, 1), date(2026, 12, 31))
    clock.set(at("2026-06-01"))
    assert close(client, session, app, world, "2026-04").status_code == 200  # 150,000 + 50,000 (cut)
    assert close(client, session, app, world, "2026-05").status_code == 200  # nothing left
    rows = client.get("/api/v1/invoices", headers=bearer(session, app, world.operator)).json()
    got = {
        (r["month"], r["lease_id"]): (r["subsidy"], r["institution_share"], r["budget_limited"]) for r in rows
    }
    assert got[("2026-04", str(first.id))] == (150_000, 150_000, False)
    assert got[("2026-04", str(second.id))] == (50_000, 250_000, True)
    assert got[("2026-05", str(first.id))] == (0, 300_000, True)
    assert got[("2026-05", str(second.id))] == (0, 300_000, True)
    op = bearer(session, app, world.operator)  # the earlier token expired when the clock jumped
    programme = client.get("/api/v1/programmes/2026", headers=op).json()
    assert programme["subsidy_committed"] == 200_000 and programme["budget_remaining"] == 0
    sequences = sorted((r["sequence"], r["month"]) for r in rows)
    assert [m for _, m in sequences] == ["2026-04", "2026-04", "2026-05", "2026-05"]
    assert client.get("/api/v1/billing/verify", headers=op).json() == {"ok": True, "problems": []}


def test_close_is_idempotent_and_refuses_open_months(app, session, client, clock, world):
    make_lease(
        session,
        app,
        admin_of(world),
        classrooms=3,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 8, 31),
        approve_by=world.operator,
    )
    clock.set(at("2026-04-30"))
    early = close(client, session, app, world, "2026-04")
    assert early.status_code == 409 and "아직 끝나지 않아" in early.json()["detail"]
    assert (
        close(client, session, app, world, "2026-04", **EN).json()["detail"]
        == "2026-04 is not over yet and cannot be closed."
    )
    bad = close(client, session, app, world, "2026-13")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "month"
    clock.set(at("2026-05-01"))
    assert close(client, session, app, world, "2026-04").json()["invoices_created"] == 1
    session.expire_all()
    counts = (
        len(session.exec(select(Invoice)).all()),
        len(session.exec(select(LedgerEntry)).all()),
        len(session.exec(select(AuditEvent)).all()),
        get_programme(session, 2026).subsidy_committed,
    )
    again = close(client, session, app, world, "2026-04")
    assert again.json()["invoices_created"] == 0 and again.json()["already_closed"] == 1
    session.expire_all()
    # bearer() adds an auth session row, not an audit row; nothing else may change.
    assert counts == (
        len(session.exec(select(Invoice)).all()),
        len(session.exec(select(LedgerEntry)).all()),
        len(session.exec(select(AuditEvent)).all()),
        get_programme(session, 2026).subsidy_committed,
    )


def test_payments_reversals_and_ledger_invariants(app, session, client, clock, world):
    make_lease(
        session,
        app,
        admin_of(world),
        classrooms=1,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 31),
        approve_by=world.operator,
    )
    designate(session, app, world.operator, world.a.institution, date(2026, 1, 1), date(2026, 12, 31))
    clock.set(at("2026-05-03"))
    close(client, session, app, world, "2026-04")
    op = bearer(session, app, world.operator)
    admin = bearer(session, app, admin_of(world))
    invoice = client.get("/api/v1/invoices", headers=admin).json()[0]
    assert (invoice["total"], invoice["subsidy"], invoice["institution_share"]) == (300_000, 150_000, 150_000)
    assert (
        client.post(f"/api/v1/invoices/{invoice['id']}/payments", json={}, headers=admin).status_code == 403
    )
    too_much = client.post(f"/api/v1/invoices/{invoice['id']}/payments", json={"amount": 150_001}, headers=op)
    assert too_much.status_code == 422 and "150,000원" in too_much.json()["detail"]
    part = client.post(
        f"/api/v1/invoices/{invoice['id']}/payments",
        json={"amount": 100_000, "reference": "TX-1"},
        headers=op,
    )
    assert part.status_code == 201, part.text
    rest = client.post(f"/api/v1/invoices/{invoice['id']}/payments", json={}, headers=op)
    assert rest.json()["amount"] == 50_000
    assert client.post(f"/api/v1/invoices/{invoice['id']}/payments", json={}, headers=op).status_code == 409
    reversed_ = client.post(
        f"/api/v1/ledger/{part.json()['id']}/reverse", json={"reason": "중복 입금 확인"}, headers=op
    )
    assert reversed_.status_code == 201 and reversed_.json()["amount"] == -100_000
    assert reversed_.json()["reverses_id"] == part.json()["id"]
    assert (
        client.post(
            f"/api/v1/ledger/{part.json()['id']}/reverse", json={"reason": "x"}, headers=op
        ).status_code
        == 409
    )
    detail = client.get(f"/api/v1/invoices/{invoice['id']}", headers=admin).json()
    assert detail["invoice"]["paid"] == 50_000 and detail["invoice"]["outstanding"] == 100_000
    kinds = sorted(e["kind"] for e in detail["entries"])
    assert kinds == ["charge", "payment", "payment", "payment", "subsidy"]
    charge = next(e for e in detail["entries"] if e["kind"] == "charge")
    refused = client.post(
        f"/api/v1/ledger/{charge['id']}/reverse", json={"reason": "x"}, headers={**op, **EN}
    )
    assert refused.status_code == 409 and refused.json()["detail"].startswith("Only payments can be reversed")
    assert ledger.verify(session) == []
    assert client.get("/api/v1/billing/verify", headers=bearer(session, app, world.inspector)).json()["ok"]


def test_verify_detects_tampering(app, session, clock, world):
    make_lease(
        session,
        app,
        admin_of(world),
        classrooms=1,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 31),
        approve_by=world.operator,
    )
    clock.set(at("2026-05-01"))
    billing.close_month(session, clock, principal_of(world.operator), date(2026, 4, 1))
    session.commit()
    entry = session.exec(select(LedgerEntry).where(LedgerEntry.kind == "charge")).one()
    entry.amount += 1  # a raw edit, as only a bug or a person at the database could do
    session.add(entry)
    session.commit()
    (problem,) = ledger.verify(session)
    assert problem.reason.key == "ledger.check.charge"
    assert problem.reason.params == {"charge": 300_001, "total": 300_000}
    books = ledger.check(session, None, "ko")
    assert not books.ok and books.problems[0].message == "원장 청구 300001 ≠ 청구서 청구액 300000"


@pytest.mark.real_commits  # the CLI builds its own app on its own connection
def test_cli_close_twice_and_verify(app, session, clock, world, database_url, tmp_path, monkeypatch):
    """The CLI runs on the real clock (late 2026), so April 2026 is long over."""
    make_lease(
        session,
        app,
        admin_of(world),
        classrooms=2,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 4, 30),
        approve_by=world.operator,
    )
    monkeypatch.setenv("CLASSROOM_DATABASE_URL", database_url)
    monkeypatch.setenv("CLASSROOM_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    first = runner.invoke(cli, ["billing", "close", "--month", "2026-04"])
    assert first.exit_code == 0, first.output
    assert "1 invoice(s) created" in first.output and "₩600,000" in first.output
    second = runner.invoke(cli, ["billing", "close", "--month", "2026-04"])
    assert second.exit_code == 0 and "nothing changed" in second.output
    assert runner.invoke(cli, ["billing", "close", "--month", "April"]).exit_code == 2
    verified = runner.invoke(cli, ["billing", "verify"])
    assert verified.exit_code == 0 and "ledger ok" in verified.output
    session.expire_all()
    assert len(session.exec(select(Invoice)).all()) == 1
