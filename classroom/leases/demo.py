"""Demo step: the current programme year with leases, designations, closed months and payments.

Figures (stated on the pages too): cap 300 classrooms, subsidy 1/2, budget ₩5,200,000,000,
₩300,000 per classroom per month including 50 GB storage and 30 live seats.
- 한빛직업전문학교 (hanbit): 우수훈련기관 for the whole year, 3 classrooms since 1 January (or 90
  days back, early in the year); every past month is closed with the 50% subsidy, all paid
  except the latest; renewed for the next programme year.
- 미래IT아카데미 (mirae): not designated, 1 classroom since 1 March (or 60 days back), pays in
  full, renewed likewise; plus a pending request for 2 more classrooms for the operator.
Past events are recorded through a clock pinned to the day they happened; months are closed
on the real clock, as an operator closing them today would.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from classroom.accounts.auth import principal_for
from classroom.accounts.demo import DemoResult
from classroom.core.clock import SEOUL, Clock, FrozenClock, seoul_date
from classroom.core.security import Passwords
from classroom.core.tenancy import Principal, Role
from classroom.leases import billing, ledger, service
from classroom.leases.designations import create_designation
from classroom.leases.invoices import list_invoices
from classroom.leases.programmes import find_programme, put_programme
from classroom.leases.schemas import ProgrammeSettings


def _on(day: date) -> FrozenClock:
    return FrozenClock(datetime(day.year, day.month, day.day, 9, tzinfo=SEOUL))


def _lease_through(
    session: Session,
    clock: Clock,
    admin: Principal,
    operator: Principal,
    classrooms: int,
    start: date,
    last_year: int,
    note: str,
) -> None:
    """One approved lease per programme year from `start` to the end of `last_year`; each later
    year is a renewal requested and approved a month before it begins (or today, if later)."""
    today = seoul_date(clock.now())
    segment_end = date(start.year, 12, 31)
    lease = service.request_lease(
        session, _on(start), admin, classrooms=classrooms, starts_on=start, ends_on=segment_end, note=note
    )
    service.approve_lease(session, _on(start), operator, lease)
    for year in range(start.year + 1, last_year + 1):
        asked = max(min(date(year - 1, 12, 1), today), start)
        lease = service.renew_lease(session, _on(asked), admin, lease, ends_on=date(year, 12, 31))
        service.approve_lease(session, _on(asked), operator, lease)


def seed_leases(session: Session, clock: Clock, passwords: Passwords, result: DemoResult) -> None:
    today = seoul_date(clock.now())
    year = today.year
    operator = principal_for(result.users[f"platform:{Role.OPERATOR}"])
    hanbit = result.institutions["hanbit"]
    hanbit_admin = principal_for(result.users[f"hanbit:{Role.INSTITUTION_ADMIN}"])
    mirae_admin = principal_for(result.users[f"mirae:{Role.INSTITUTION_ADMIN}"])
    # The demo courses started weeks ago and run weeks ahead, possibly across New Year, so the
    # leases reach back 90 days and forward through the next programme year (opened in advance).
    hanbit_start = min(date(year, 1, 1), today - timedelta(days=90))
    mirae_start = min(date(year, 3, 1), today - timedelta(days=60))
    for programme_year in range(hanbit_start.year, year + 2):
        if find_programme(session, programme_year) is None:
            put_programme(
                session,
                _on(min(date(programme_year, 1, 1), today)),
                operator,
                programme_year,
                ProgrammeSettings().model_dump(),
            )
    for designated_year in range(hanbit_start.year, year + 1):
        start_of_year = date(designated_year, 1, 1)
        create_designation(
            session,
            _on(start_of_year),
            operator,
            institution_id=hanbit.id,
            valid_from=start_of_year,
            valid_to=date(designated_year, 12, 31),
            note=f"{designated_year}년 우수훈련기관 인증",
        )

    _lease_through(
        session, clock, hanbit_admin, operator, 3, hanbit_start, year + 1, "스마트훈련 3개 과정 운영"
    )
    _lease_through(session, clock, mirae_admin, operator, 1, mirae_start, year + 1, "AI 데이터 분석 과정")

    month = date(hanbit_start.year, hanbit_start.month, 1)
    this_month = date(year, today.month, 1)
    while month < this_month:
        billing.close_month(session, clock, operator, month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    invoices = sorted(list_invoices(session, operator, limit=1000), key=lambda i: i.month)
    latest = max((i.month for i in invoices), default=None)
    for invoice in invoices:
        if invoice.month != latest and invoice.institution_share > 0:
            ledger.record_payment(
                session, clock, operator, invoice, reference=f"계좌이체 {invoice.month:%Y%m}"
            )

    pending_start = min(today + timedelta(days=7), date(year, 12, 31))
    service.request_lease(
        session,
        clock,
        mirae_admin,
        classrooms=2,
        starts_on=pending_start,
        ends_on=date(year, 12, 31),
        note="하반기 신규 과정 2개 개설 예정",
    )
    session.flush()
    result.notes.append(
        f"ASP 임대: {year}년 사업연도 (한도 300실, 지원율 50%, 예산 ₩5,200,000,000), "
        f"한빛 3실(우수훈련기관), 미래 1실 + 승인 대기 2실, {year + 1}년 갱신 승인, "
        f"{len({i.month for i in invoices})}개월 마감"
    )
