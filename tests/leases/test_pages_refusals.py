"""Refused page actions: the form comes back with the reason, and nothing of the action is kept
(the savepoint of web/forms.py), while the request's own bookkeeping still commits."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import select

from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from classroom.leases import billing
from classroom.leases.models import Designation, Invoice, LedgerEntry
from classroom.leases.programmes import get_programme
from tests.factories.accounts import build_world, principal_of, signed_in_browser
from tests.factories.leases import designate, make_lease, make_programme


@pytest.fixture
def world(app, session, clock):
    clock.set(datetime(2026, 4, 1, 9, tzinfo=SEOUL))
    w = build_world(session, app)
    make_programme(session, app, 2026)
    make_lease(
        session,
        app,
        w.a.users[Role.INSTITUTION_ADMIN],
        classrooms=1,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 12, 31),
        approve_by=w.operator,
    )
    return w


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    """Rows of `model`, read in a transaction of its own (SQLite: the app must not wait for it)."""
    session.expire_all()
    count = len(session.exec(select(model)).all())
    session.rollback()
    return count


def test_closing_an_open_month_is_refused_on_the_page(app, session, clock, world):
    operator, token = signed_in_browser(app, session, world.operator)
    refused = operator.post("/billing/close", data={"csrf_token": token, "month": "2026-04"})
    assert refused.status_code == 409 and "2026-04는 아직 끝나지 않아 마감할 수 없습니다." in refused.text
    garbled = operator.post("/billing/close", data={"csrf_token": token, "month": "April"})
    assert (
        garbled.status_code == 422
        and "정산 월은 2027-05처럼 연도-월로 입력해 주세요 (입력한 값: April)." in garbled.text
    )
    assert _count(session, Invoice) == 0
    clock.set(datetime(2026, 5, 1, 9, tzinfo=SEOUL))
    operator, token = signed_in_browser(app, session, world.operator)
    closed = operator.post(
        "/billing/close", data={"csrf_token": token, "month": "2026-04"}, follow_redirects=False
    )
    assert closed.status_code == 303 and closed.headers["location"].startswith("/jobs/")
    assert app.state.queue.drain() == 1
    assert _count(session, Invoice) == 1


def test_refused_payments_and_reversals_keep_the_books(app, session, clock, world):
    clock.set(datetime(2026, 5, 1, 9, tzinfo=SEOUL))
    billing.close_month(session, clock, principal_of(world.operator), date(2026, 4, 1))
    session.commit()
    invoice_id = session.exec(select(Invoice.id)).one()
    session.rollback()
    operator, token = signed_in_browser(app, session, world.operator)
    url = f"/billing/invoices/{invoice_id}/payments"
    words = operator.post(url, data={"csrf_token": token, "amount": "삼십만"})
    assert words.status_code == 422 and "금액은 3,000,000처럼" in words.text
    assert 'id="error-amount"' in words.text and 'value="삼십만"' in words.text  # beside the field, as typed
    too_much = operator.post(url, data={"csrf_token": token, "amount": "300,001"})
    assert too_much.status_code == 422 and "미납액 300,000원 이하여야 합니다." in too_much.text
    entries = _count(session, LedgerEntry)
    assert entries == 2  # the charge and the (zero) subsidy
    paid = operator.post(url, data={"csrf_token": token, "amount": "₩100,000"}, follow_redirects=False)
    assert paid.status_code == 303
    payment_id = session.exec(select(LedgerEntry.id).where(LedgerEntry.kind == "payment")).one()
    session.rollback()
    no_reason = operator.post(
        f"/billing/ledger/{payment_id}/reverse", data={"csrf_token": token, "reason": " "}
    )
    assert no_reason.status_code == 422 and "사유를 입력해 주세요." in no_reason.text
    assert "100,000원" in no_reason.text  # the statement still shows the payment
    assert _count(session, LedgerEntry) == entries + 1


def test_refused_settings_and_designations_change_nothing(app, session, world):
    institution_id = str(world.a.institution.id)
    operator, token = signed_in_browser(app, session, world.operator)
    settings = {
        "csrf_token": token,
        "lease_cap": "300",
        "subsidy_rate": "1/2",
        "budget": "5200000000",
        "monthly_fee": "300000",
        "storage_gb": "50",
        "live_seats_per_classroom": "30",
        "online_share_max": "5%",  # below the minimum of 10%
        "max_daily_hours": "9",
    }
    refused = operator.post("/programme/2026", data=settings)
    assert refused.status_code == 422
    assert "온라인 비율 하한 10%가 상한 5%보다 클 수 없습니다." in refused.text
    assert 'value="5%"' in refused.text  # the form shows what was typed
    # Amounts as people type them are read; a wrong one is named beside its field, as typed.
    wrong = operator.post(
        "/programme/2026",
        data={**settings, "online_share_max": "1/2", "monthly_fee": "3,000,000원", "budget": "오십억"},
    )
    assert wrong.status_code == 422 and 'value="오십억"' in wrong.text
    assert "금액은 3,000,000처럼" in wrong.text and 'value="3,000,000원"' in wrong.text
    # Numbers too: each wrong one beside its field, as typed, with the bounds.
    numbers = operator.post(
        "/programme/2026",
        data={**settings, "online_share_max": "1/2", "lease_cap": "삼백", "live_seats_per_classroom": "0"},
    )
    assert numbers.status_code == 422 and 'value="삼백"' in numbers.text
    assert 'id="error-lease_cap"' in numbers.text and "0~1000000 사이의 정수" in numbers.text
    assert 'id="error-live_seats_per_classroom"' in numbers.text and "1~10000 사이의 정수" in numbers.text
    session.expire_all()
    programme = get_programme(session, 2026)
    assert (programme.max_daily_hours, programme.online_max_num, programme.online_max_den) == (8, 1, 2)
    session.rollback()
    typed = {
        "online_share_max": "1/2",
        "monthly_fee": "₩3,000,000",
        "budget": "52억 원",
        "subsidy_rate": "50%",
    }
    accepted = operator.post("/programme/2026", data={**settings, **typed}, follow_redirects=False)
    assert accepted.status_code == 303, accepted.text
    session.expire_all()
    programme = get_programme(session, 2026)
    assert (programme.monthly_fee, programme.budget) == (3_000_000, 5_200_000_000)
    form = operator.get("/programme?year=2026").text
    assert 'name="monthly_fee" inputmode="numeric" required value="3,000,000"' in form
    assert 'name="subsidy_rate" required value="50%"' in form  # a percentage, not "1/2"
    session.rollback()

    backwards = operator.post(
        "/designations",
        data={
            "csrf_token": token,
            "institution_id": institution_id,
            "valid_from": "2026-06-01",
            "valid_to": "2026-05-31",
        },
    )
    assert backwards.status_code == 422 and "지정 종료일이 시작일보다 빠릅니다." in backwards.text
    assert _count(session, Designation) == 0
    designation = designate(
        session, app, world.operator, world.a.institution, date(2026, 1, 1), date(2026, 12, 31)
    )
    revoke = f"/designations/{designation.id}/revoke"
    session.rollback()
    assert operator.post(revoke, data={"csrf_token": token}, follow_redirects=False).status_code == 303
    again = operator.post(revoke, data={"csrf_token": token})
    assert again.status_code == 409 and "이미 취소된 지정입니다." in again.text
    other, other_token = signed_in_browser(app, session, world.b.users[Role.INSTITUTION_ADMIN])
    assert other.post(revoke, data={"csrf_token": other_token}).status_code == 403


def test_a_wrong_lease_request_comes_back_with_what_was_typed_and_each_message_by_its_field(
    app, session, world
):
    admin, token = signed_in_browser(app, session, world.a.users[Role.INSTITUTION_ADMIN])
    refused = admin.post(
        "/leases",
        data={
            "csrf_token": token,
            "classrooms": "-3",
            "starts_on": "",
            "ends_on": "2026-13-01",
            "note": "추가 신청",
        },
    )
    assert refused.status_code == 422
    page = refused.text
    # One summary at the top naming the fields in Korean; each message once more, beside its field.
    assert page.count('class="error-summary"') == 1
    assert "강의실 수: 1~1000 사이의 정수로 입력해 주세요." in page
    assert "시작일: 필수 항목입니다." in page
    assert "종료일: 날짜를 2027-05-31처럼 연-월-일로 입력해 주세요." in page
    assert (
        '<span class="field-error" id="error-classrooms">1~1000 사이의 정수로 입력해 주세요.</span>' in page
    )
    assert page.count("1~1000 사이의 정수로 입력해 주세요.") == 2
    # What was typed is kept; no internal field names leak.
    assert 'value="-3"' in page and 'value="2026-13-01"' in page and 'value="추가 신청"' in page
    assert "classrooms —" not in page and "올바르지 않은 값입니다" not in page


def test_a_garbled_designation_date_comes_back_beside_its_field(app, session, world):
    operator, token = signed_in_browser(app, session, world.operator)
    refused = operator.post(
        "/designations",
        data={
            "csrf_token": token,
            "institution_id": str(world.a.institution.id),
            "valid_from": "2026-02-30",
            "valid_to": "2026-12-31",
        },
    )
    assert refused.status_code == 422
    assert "지정 시작일: 날짜를 2027-05-31처럼 연-월-일로 입력해 주세요." in refused.text
    assert _count(session, Designation) == 0
