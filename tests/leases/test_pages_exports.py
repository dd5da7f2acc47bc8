"""Lease pages through forms (with CSRF), and exports that parse back with csv / openpyxl."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from classroom.leases import billing
from classroom.leases.exports import headers
from tests.factories.accounts import build_world, signed_in_browser
from tests.factories.leases import designate, make_lease, make_programme

# What institutions file: the statement columns in Korean, whatever the page language.
HEADERS = [
    "청구월",
    "훈련기관",
    "기관코드",
    "임대번호",
    "강의실 수",
    "이용 시작일",
    "이용 종료일",
    "이용일수",
    "해당 월 일수",
    "우수기관 지정일수",
    "강의실당 월 이용료",
    "청구액",
    "지원 대상액",
    "지원율",
    "지원금",
    "기관 부담액",
    "납부액",
    "미납액",
    "예산 소진으로 감액",
    "마감 순번",
    "마감 일시",
]


@pytest.fixture
def world(app, session, clock):
    clock.set(datetime(2026, 4, 1, 9, tzinfo=SEOUL))
    w = build_world(session, app)
    make_programme(session, app, 2026)
    return w


def test_institution_requests_operator_approves_and_rejects(app, session, world):
    admin, token = signed_in_browser(app, session, world.a.users[Role.INSTITUTION_ADMIN])
    page = admin.get("/leases")
    assert (
        page.status_code == 200 and "강의실 임대 신청" in page.text and "승인된 임대의 강의실 수" in page.text
    )
    admin.cookies.set("lang", "en")
    english = admin.get("/leases")
    assert (
        "Request a classroom lease" in english.text
        and "The cap counts classrooms of the year" in english.text
    )
    admin.cookies.set("lang", "ko")
    made = admin.post(
        "/leases",
        data={"csrf_token": token, "classrooms": "2", "starts_on": "2026-04-10", "ends_on": "2026-12-31"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    bad = admin.post(
        "/leases",
        data={"csrf_token": token, "classrooms": "1", "starts_on": "2026-03-01", "ends_on": "2026-12-31"},
    )
    assert bad.status_code == 422 and "시작일은 오늘(2026-04-01) 이후여야 합니다." in bad.text
    no_csrf = admin.post(
        "/leases", data={"classrooms": "1", "starts_on": "2026-04-10", "ends_on": "2026-12-31"}
    )
    assert no_csrf.status_code == 403
    operator, op_token = signed_in_browser(app, session, world.operator)
    listing = operator.get("/leases")
    assert "승인 대기 신청" in listing.text and "한빛직업전문학교" in listing.text
    lease_id = listing.text.split('data-lease="')[1].split('"')[0]
    refused = operator.post(f"/leases/{lease_id}/reject", data={"csrf_token": op_token, "reason": ""})
    assert refused.status_code == 422 and "사유를 입력해 주세요." in refused.text
    approved = operator.post(
        f"/leases/{lease_id}/approve", data={"csrf_token": op_token}, follow_redirects=False
    )
    assert approved.status_code == 303
    home = admin.get("/home")
    assert "panel-leases" in home.text
    assert "panel-programme" in operator.get("/home").text
    other, other_token = signed_in_browser(app, session, world.b.users[Role.INSTITUTION_ADMIN])
    assert other.post(f"/leases/{lease_id}/terminate", data={"csrf_token": other_token}).status_code == 404


def test_operator_dashboard_close_and_statement(app, session, clock, world):
    make_lease(
        session,
        app,
        world.a.users[Role.INSTITUTION_ADMIN],
        classrooms=3,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 31),
        approve_by=world.operator,
    )
    make_lease(
        session,
        app,
        world.b.users[Role.INSTITUTION_ADMIN],
        classrooms=1,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 31),
        approve_by=world.operator,
    )
    designate(session, app, world.operator, world.a.institution, date(2026, 1, 1), date(2026, 12, 31))
    clock.set(datetime(2026, 5, 4, 9, tzinfo=SEOUL))
    operator, token = signed_in_browser(app, session, world.operator)
    queued = operator.post(
        "/billing/close", data={"csrf_token": token, "month": "2026-04"}, follow_redirects=False
    )
    assert queued.status_code == 303 and queued.headers["location"].startswith("/jobs/")
    session.commit()  # the job writes on its own connection
    assert app.state.queue.drain() >= 1  # with whatever else earlier tests left queued; the page says it ran
    closed = operator.get(queued.headers["location"])
    assert closed.status_code == 200 and "2026-04 마감: 청구서 2건 생성 (지원금 450,000원)." in closed.text
    dashboard = operator.get("/programme")
    assert dashboard.status_code == 200
    assert (
        "<svg" in dashboard.text
        and "450,000원" in dashboard.text
        and "원장 검증: 이상 없음" in dashboard.text
    )
    saved = operator.post(
        "/programme/2026",
        data={
            "csrf_token": token,
            "lease_cap": "1",
            "subsidy_rate": "1/2",
            "budget": "5200000000",
            "monthly_fee": "300000",
            "storage_gb": "50",
            "live_seats_per_classroom": "30",
        },
    )
    assert saved.status_code == 422 and "이미 승인된 4실보다 작을 수 없습니다" in saved.text
    admin, _admin_token = signed_in_browser(app, session, world.a.users[Role.INSTITUTION_ADMIN])
    listing = admin.get("/billing")
    assert listing.status_code == 200 and "450,000원" in listing.text
    # Own invoices only: one row, hanbit's (mirae's 300,000원 invoice is not listed).
    assert listing.text.count('data-invoice="') == 1 and "300,000원" not in listing.text
    assert listing.text.count('data-invoice="') < operator.get("/billing").text.count('data-invoice="')
    invoice_id = listing.text.split('data-invoice="')[1].split('"')[0]
    statement = admin.get(f"/billing/invoices/{invoice_id}")
    assert statement.status_code == 200 and "900,000원" in statement.text
    # Only the operator records payments: the form is on the operator's statement only.
    assert "payment-form" in operator.get(f"/billing/invoices/{invoice_id}").text
    assert "payment-form" not in statement.text
    paid = operator.post(
        f"/billing/invoices/{invoice_id}/payments",
        data={"csrf_token": token, "amount": "450,000"},
        follow_redirects=False,
    )
    assert paid.status_code == 303
    assert "납부 완료" in admin.get("/billing").text
    inspector, _ = signed_in_browser(app, session, world.inspector)
    assert inspector.get("/programme").status_code == 200
    assert admin.get("/programme").status_code == 403


def test_exports_parse_back_with_korean_headers(app, session, clock, world):
    make_lease(
        session,
        app,
        world.a.users[Role.INSTITUTION_ADMIN],
        classrooms=2,
        starts_on=date(2026, 4, 16),
        ends_on=date(2026, 12, 31),
        approve_by=world.operator,
    )
    make_lease(
        session,
        app,
        world.b.users[Role.INSTITUTION_ADMIN],
        classrooms=1,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 31),
        approve_by=world.operator,
    )
    designate(session, app, world.operator, world.a.institution, date(2026, 1, 1), date(2026, 12, 31))
    clock.set(datetime(2026, 5, 1, 9, tzinfo=SEOUL))
    billing.close_month(session, clock, None, date(2026, 4, 1))
    session.commit()
    admin, _ = signed_in_browser(app, session, world.a.users[Role.INSTITUTION_ADMIN])
    response = admin.get("/billing/export.csv?month=2026-04")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == HEADERS == headers()
    assert len(rows) == 1  # own institution only
    row = rows[0]
    assert row["훈련기관"] == "한빛직업전문학교" and row["이용일수"] == "15"
    assert int(row["청구액"]) == 600_000 * 15 // 30 == 300_000
    assert int(row["지원금"]) == 150_000 and int(row["기관 부담액"]) == 150_000
    operator, _ = signed_in_browser(app, session, world.operator)
    book = load_workbook(io.BytesIO(operator.get("/billing/export.xlsx?year=2026").content))
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS and book.active.title == "청구내역"
    body = [dict(zip(HEADERS, line, strict=True)) for line in values[1:]]
    assert len(body) == 2
    by_name = {r["훈련기관"]: r for r in body}
    assert by_name["미래IT아카데미"]["지원금"] == 0 and by_name["미래IT아카데미"]["기관 부담액"] == 300_000
    assert sum(r["청구액"] for r in body) == sum(r["지원금"] + r["기관 부담액"] for r in body)


def test_terminate_with_a_garbled_date_changes_nothing(app, session, world):
    lease = make_lease(
        session,
        app,
        world.a.users[Role.INSTITUTION_ADMIN],
        classrooms=1,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 31),
        approve_by=world.operator,
    )
    admin, token = signed_in_browser(app, session, world.a.users[Role.INSTITUTION_ADMIN])
    response = admin.post(
        f"/leases/{lease.id}/terminate",
        data={"csrf_token": token, "reason": "과정 종료", "last_day": "2026-13-45"},
    )
    assert response.status_code == 422
    session.refresh(lease)
    assert lease.status == "approved" and lease.terminated_on is None
