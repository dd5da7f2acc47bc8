"""Staff lists at the size of a real institution: 3,000 trainees, 3,000 audit rows.

Rows are bulk-inserted (one INSERT of many rows) so the tests stay fast; the pages are read
through the browser session like staff read them. Every list pages in the database with a
total, searches, filters and sorts through the query string, and never shows another
institution's rows.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import insert
from sqlmodel import Session

from classroom.audit.models import AuditEvent
from classroom.core.tenancy import Role
from tests.factories.accounts import World, build_world, signed_in_browser
from tests.factories.courses import make_course
from tests.web.bulk import bulk_trainees

TRAINEES = 3_000


def _bulk_audit(session: Session, institution_id: uuid.UUID, count: int, action: str) -> None:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "at": start + timedelta(minutes=n),
            "institution_id": institution_id,
            "action": action if n % 2 else "login",
            "target_type": "user",
            "target_id": str(uuid.uuid4()),
            "detail": {"subsidy_rate": {"old": "1/2", "new": "2/5"}} if n % 2 else {"kind": "web"},
        }
        for n in range(count)
    ]
    session.execute(insert(AuditEvent), rows)
    session.commit()


@pytest.fixture
def big(app: FastAPI, session: Session) -> World:
    world = build_world(session, app)
    bulk_trainees(session, world.a.institution.id, "hanbit", TRAINEES)
    bulk_trainees(session, world.b.institution.id, "mirae", 40)  # mirae's 김훈련0010 too
    return world


def _rows(html: str, table_id: str) -> list[str]:
    body = html.split(f'id="{table_id}"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr[ >].*?</tr>", body, flags=re.S)[1:]  # skip the header row


def test_users_page_pages_counts_searches_filters_and_sorts(
    app: FastAPI, session: Session, big: World
) -> None:
    admin, _ = signed_in_browser(app, session, big.a.users[Role.INSTITUTION_ADMIN])
    first = admin.get("/users", params={"role": "trainee"})
    assert first.status_code == 200
    # 3,000 bulk trainees plus the world's own trainee
    assert "1–50 / <strong>3,001명</strong>" in first.text
    assert len(_rows(first.text, "user-list")) == 50
    assert 'href="/users?role=trainee&amp;sort=name&amp;page=61"' in first.text  # the last page link
    last = admin.get("/users", params={"role": "trainee", "page": 61})
    assert "3,001–3,001 / <strong>3,001명</strong>" in last.text
    beyond = admin.get("/users", params={"role": "trainee", "page": 999})  # a list that shrank
    assert "3,001–3,001" in beyond.text
    kim = admin.get("/users", params={"q": "김훈련", "size": 100})
    assert "1–100 / <strong>300명</strong>" in kim.text
    assert "미래" not in kim.text.split('id="user-list"', 1)[1]  # mirae's 김 never appears
    inactive = admin.get("/users", params={"status": "inactive"})
    assert "<strong>30명</strong>" in inactive.text
    by_phone = admin.get("/users", params={"q": "010-2999"})
    assert "<strong>1명</strong>" in by_phone.text and "이훈련2999" in by_phone.text
    newest_name = admin.get("/users", params={"role": "trainee", "sort": "-name"})
    names = re.findall(r"<td>([김이]훈련\d{4})</td>", newest_name.text)
    assert names[:2] == ["이훈련2999", "이훈련2998"]  # 이 sorts after 김, 3000 is a 김
    assert 'aria-sort="descending"' in newest_name.text
    # a hand-edited link falls back to defaults rather than an error page
    odd = admin.get("/users", params={"page": "x", "size": "7", "sort": "password_hash", "role": "god"})
    assert odd.status_code == 200 and re.search(r"1–50 / <strong>3,00\d명</strong>", odd.text), odd.text[
        -3000:
    ]


def test_operator_users_filter_by_institution(app: FastAPI, session: Session, big: World) -> None:
    operator, _ = signed_in_browser(app, session, big.operator)
    mirae = operator.get("/users", params={"institution_id": str(big.b.institution.id), "role": "trainee"})
    assert "<strong>41명</strong>" in mirae.text and "미래IT아카데미" in mirae.text
    everyone = operator.get("/users", params={"q": "김훈련0010"})
    assert "<strong>2명</strong>" in everyone.text  # one in each institution, each with its institution
    assert "한빛직업전문학교" in everyone.text and "미래IT아카데미" in everyone.text


def test_audit_page_pages_filters_and_reads_like_pages(app: FastAPI, session: Session, big: World) -> None:
    _bulk_audit(session, big.a.institution.id, 3_000, "programme.update")
    _bulk_audit(session, big.b.institution.id, 50, "programme.update")
    admin, _ = signed_in_browser(app, session, big.a.users[Role.INSTITUTION_ADMIN])
    page = admin.get("/audit", params={"action": "programme."})
    assert "1–50 / <strong>1,500건</strong>" in page.text
    assert "사업연도 설정 변경" in page.text and "programme.update</" not in page.text
    assert '<span class="old">50%</span> → <strong class="new">40%</strong>' in page.text
    assert "1/2" not in page.text.split('id="audit-list"', 1)[1]
    second = admin.get("/audit", params={"action": "programme.", "page": 2, "sort": "at"})
    assert "51–100 / <strong>1,500건</strong>" in second.text
    first_day = admin.get("/audit", params={"first": "2026-03-01", "last": "2026-03-01", "size": 20})
    # 00:00–24:00 KST on 1 March is 15:00 UTC on 28 Feb to 15:00 UTC on 1 March: the first 900 minutes
    assert "<strong>900건</strong>" in first_day.text
    csv = admin.get(
        "/audit/export.csv", params={"action": "programme.", "first": "2026-03-01", "last": "2026-03-01"}
    )
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 450 and "사업연도 설정 변경" in lines[1] and "지원율: 50% → 40%" in lines[1]
    operator, _ = signed_in_browser(app, session, big.operator)
    mirae = operator.get(
        "/audit", params={"institution_id": str(big.b.institution.id), "action": "programme."}
    )
    assert "<strong>25건</strong>" in mirae.text


def test_courses_operator_sees_institution_column_and_filter(
    app: FastAPI, session: Session, big: World
) -> None:
    make_course(session, app, big.a.users[Role.INSTITUTION_ADMIN], title="한빛 용접 과정")
    make_course(session, app, big.b.users[Role.INSTITUTION_ADMIN], title="미래 클라우드 과정")
    operator, _ = signed_in_browser(app, session, big.operator)
    both = operator.get("/courses")
    assert "<strong>2개 과정</strong>" in both.text and "미래IT아카데미" in both.text
    only_b = operator.get("/courses", params={"institution_id": str(big.b.institution.id)})
    assert "미래 클라우드 과정" in only_b.text and "한빛 용접 과정" not in only_b.text
    admin, _ = signed_in_browser(app, session, big.a.users[Role.INSTITUTION_ADMIN])
    own = admin.get("/courses", params={"institution_id": str(big.b.institution.id)})  # ignored for admins
    assert "한빛 용접 과정" in own.text and "미래 클라우드 과정" not in own.text
    month = admin.get("/courses", params={"month": "2027-01"})
    assert "<strong>0개 과정</strong>" in month.text
    running = admin.get("/courses", params={"month": "2026-05", "q": "용접"})
    assert "<strong>1개 과정</strong>" in running.text
    second = make_course(session, app, big.a.users[Role.INSTITUTION_ADMIN], title="한빛 데이터 과정")
    client, csrf = signed_in_browser(app, session, big.a.users[Role.INSTITUTION_ADMIN])
    trainee = str(big.a.users[Role.TRAINEE].id)
    client.post(f"/courses/{second.id}/enrollments", data={"csrf_token": csrf, "user_ids": [trainee]})
    fullest = admin.get("/courses", params={"sort": "-enrolled"})
    assert _rows(fullest.text, "course-list")[0].count("한빛 데이터 과정") == 1
    emptiest = admin.get("/courses", params={"sort": "enrolled"})
    assert "한빛 데이터 과정" in _rows(emptiest.text, "course-list")[-1]


def test_enrolment_picker_searches_pages_and_enrols_by_filter(
    app: FastAPI, session: Session, big: World
) -> None:
    admin_user = big.a.users[Role.INSTITUTION_ADMIN]
    course = make_course(session, app, admin_user, capacity=1000)
    admin, csrf = signed_in_browser(app, session, admin_user)
    path = f"/courses/{course.id}/enrollments"
    page = admin.get(path)
    # 2,970 active bulk trainees + the world's trainee; 50 checkboxes, not 3,000
    assert "<strong>2,971명</strong>" in page.text and page.text.count('name="user_ids"') == 50
    found = admin.get(path, params={"cq": "김훈련"})
    assert "1–50 / <strong>300명</strong>" in found.text  # every tenth is a 김, all active
    confirm = admin.get(path, params={"cq": "김훈련", "confirm": "matching"})
    assert "300명을 등록할까요?" in confirm.text and 'name="expected" value="300"' in confirm.text
    stale = admin.post(
        path, data={"csrf_token": csrf, "enrol_matching": "1", "matching": "김훈련", "expected": "299"}
    )
    assert stale.status_code == 409 and "다시 확인" in stale.text
    done = admin.post(
        path,
        data={"csrf_token": csrf, "enrol_matching": "1", "matching": "김훈련", "expected": "300"},
        follow_redirects=True,
    )
    assert "300명을 등록했습니다" in done.text
    roster = admin.get(path, params={"q": "김훈련", "status": "enrolled", "size": 20})
    assert "1–20 / <strong>300명</strong>" in roster.text and len(_rows(roster.text, "roster")) == 20
    left = admin.get(path, params={"cq": "김훈련"})
    assert "검색 조건에 맞는 미등록 훈련생이 없습니다" in left.text
    # another institution's trainee is never a candidate, nor enrolled by a search
    assert "mirae.example" not in admin.get(path, params={"cq": "0010"}).text
    other_admin, other_csrf = signed_in_browser(app, session, big.b.users[Role.INSTITUTION_ADMIN])
    assert other_admin.get(path).status_code == 404
    assert other_admin.post(path, data={"csrf_token": other_csrf, "enrol_matching": "1"}).status_code == 404


def _bulk_invoices(session: Session, institution_id: uuid.UUID, programme_id: uuid.UUID, leases: int) -> None:
    """`leases` approved one-classroom leases for 2026, each billed for all twelve months
    (₩300,000 split half and half); every lease's January is paid."""
    from datetime import date

    from classroom.leases.models import Invoice, Lease, LedgerEntry
    from classroom.leases.rules.ledger import EntryKind

    now = datetime(2026, 1, 1, tzinfo=UTC)
    lease_rows, invoice_rows, payments = [], [], []
    for n in range(leases):
        lease_id = uuid.uuid4()
        lease_rows.append(
            {
                "id": lease_id,
                "institution_id": institution_id,
                "programme_id": programme_id,
                "classrooms": 1,
                "starts_on": date(2026, 1, 1),
                "ends_on": date(2026, 12, 31),
                "status": "approved",
                "note": "",
                "requested_at": now,
            }
        )
        for month in range(1, 13):
            invoice_id = uuid.uuid4()
            invoice_rows.append(
                {
                    "id": invoice_id,
                    "institution_id": institution_id,
                    "lease_id": lease_id,
                    "programme_id": programme_id,
                    "month": date(2026, month, 1),
                    "sequence": n * 12 + month,
                    "days_in_month": 30,
                    "monthly_fee": 300_000,
                    "classrooms": 1,
                    "active_from": date(2026, month, 1),
                    "active_to": date(2026, month, 28),
                    "active_days": 30,
                    "excellent_days": 30,
                    "rate_num": 1,
                    "rate_den": 2,
                    "total": 300_000,
                    "eligible": 300_000,
                    "subsidy": 150_000,
                    "institution_share": 150_000,
                    "budget_limited": False,
                    "closed_at": now,
                }
            )
            if month == 1:
                payments.append(
                    {
                        "id": uuid.uuid4(),
                        "institution_id": institution_id,
                        "programme_id": programme_id,
                        "invoice_id": invoice_id,
                        "kind": EntryKind.PAYMENT,
                        "amount": 150_000,
                        "at": now,
                        "reason": "",
                        "reference": "",
                    }
                )
    session.execute(insert(Lease), lease_rows)
    session.execute(insert(Invoice), invoice_rows)
    session.execute(insert(LedgerEntry), payments)
    session.commit()


def test_billing_pages_invoices_with_sums_over_every_match(
    app: FastAPI, session: Session, big: World
) -> None:
    from tests.factories.leases import make_programme

    programme = make_programme(session, app, 2026)
    _bulk_invoices(session, big.a.institution.id, programme.id, 250)  # 3,000 invoices
    _bulk_invoices(session, big.b.institution.id, programme.id, 5)
    admin, _ = signed_in_browser(app, session, big.a.users[Role.INSTITUTION_ADMIN])
    page = admin.get("/billing")
    assert "1–50 / <strong>3,000건</strong>" in page.text
    assert page.text.count("data-invoice=") == 50
    assert "900,000,000원" in page.text  # the sum of all 3,000, not of the page
    unpaid = admin.get("/billing", params={"paid": "unpaid", "month": "2026-01"})
    assert "<strong>0건</strong>" in unpaid.text
    march = admin.get("/billing", params={"month": "2026-03", "sort": "-outstanding"})
    assert "<strong>250건</strong>" in march.text and "37,500,000원" in march.text  # 250 × ₩150,000 due
    operator, _ = signed_in_browser(app, session, big.operator)
    mirae = operator.get("/billing", params={"institution_id": str(big.b.institution.id), "paid": "paid"})
    assert "<strong>5건</strong>" in mirae.text and "미래IT아카데미" in mirae.text
    everyone = operator.get("/billing", params={"size": 200, "page": 16})
    assert "3,001–3,060 / <strong>3,060건</strong>" in everyone.text


def test_operator_institutions_page_pages_and_searches(app: FastAPI, session: Session, big: World) -> None:
    from classroom.institutions.models import Institution

    now = datetime(2026, 1, 1, tzinfo=UTC)
    session.execute(
        insert(Institution),
        [
            {
                "id": uuid.uuid4(),
                "code": f"inst{n:03d}",
                "name": f"{'서울' if n % 3 == 0 else '부산'}직업학교{n:03d}",
                "shared_networks": "",
                "is_active": n % 50 != 0,
                "created_at": now,
            }
            for n in range(1, 301)
        ],
    )
    session.commit()
    operator, _ = signed_in_browser(app, session, big.operator)
    page = operator.get("/institutions")
    assert "1–50 / <strong>302개 기관</strong>" in page.text
    seoul = operator.get("/institutions", params={"q": "서울", "status": "active"})
    assert "<strong>98개 기관</strong>" in seoul.text  # 100 in 서울, two suspended (150 and 300)
    by_users = operator.get("/institutions", params={"sort": "-users"})
    first_rows = _rows(by_users.text, "institution-list")[:2]
    assert (
        "한빛직업전문학교" in first_rows[0] and "3,004" in first_rows[0] and "미래IT아카데미" in first_rows[1]
    )


def test_leases_page_pages_and_filters(app: FastAPI, session: Session, big: World) -> None:
    from tests.factories.leases import make_programme

    programme = make_programme(session, app, 2026)
    _bulk_invoices(session, big.a.institution.id, programme.id, 250)
    _bulk_invoices(session, big.b.institution.id, programme.id, 5)
    admin, _ = signed_in_browser(app, session, big.a.users[Role.INSTITUTION_ADMIN])
    own = admin.get("/leases")
    assert own.status_code == 200 and "1–50 / <strong>250건</strong>" in own.text
    assert own.text.count("data-lease=") == 50
    operator, _ = signed_in_browser(app, session, big.operator)
    mirae = operator.get("/leases", params={"institution_id": str(big.b.institution.id), "year": "2026"})
    assert "<strong>5건</strong>" in mirae.text
    pending = operator.get("/leases", params={"status": "requested"})
    assert "<strong>0건</strong>" in pending.text
    everyone = operator.get("/leases", params={"page": 6, "sort": "-institution"})
    assert "251–255 / <strong>255건</strong>" in everyone.text


def test_signals_page_pages_and_filters(app: FastAPI, session: Session, big: World) -> None:
    from datetime import date

    from attendance.models import FraudSignal

    courses = {
        tenant: make_course(
            session, app, big.user(Role.INSTITUTION_ADMIN, tenant), title=f"{tenant} 점검 과정"
        )
        for tenant in ("a", "b")
    }
    rows = [
        {
            "id": uuid.uuid4(),
            "institution_id": course.institution_id,
            "course_id": course.id,
            "day": date(2026, 4, 1) + timedelta(days=n % 100),
            "kind": "same_ip" if n % 3 else "vod_too_fast",
            "key": f"k{n}",
            "trainee_ids": [],
            "event_ids": [],
            "detail": {},
            "detected_at": datetime(2026, 4, 1, tzinfo=UTC),
        }
        for tenant, course in courses.items()
        for n in range(3_000 if tenant == "a" else 30)
    ]
    session.execute(insert(FraudSignal), rows)
    session.commit()
    inspector, _ = signed_in_browser(app, session, big.inspector)
    everyone = inspector.get("/attendance/signals")
    assert everyone.status_code == 200 and "1–50 / <strong>3,030건</strong>" in everyone.text
    hanbit = inspector.get("/attendance/signals", params={"institution_id": str(big.a.institution.id)})
    assert "<strong>3,000건</strong>" in hanbit.text and "b 점검 과정" not in hanbit.text
    vod = inspector.get(
        "/attendance/signals", params={"institution_id": str(big.a.institution.id), "kind": "vod_too_fast"}
    )
    assert "<strong>1,000건</strong>" in vod.text
    mirae = inspector.get("/attendance/signals", params={"institution_id": str(big.b.institution.id)})
    assert "<strong>30건</strong>" in mirae.text and "b 점검 과정" in mirae.text
