"""The demo step seeds a believable programme year that balances, whatever day it runs on.

The demo builds its leases around today (demo.py): hanbit (excellent all year, 3 classrooms)
from 1 January or 90 days back, mirae (1 classroom, no subsidy) from 1 March or 60 days back,
every month before this one closed and paid except the latest. The expected invoices are
counted here day by day, so each date below checks exact figures (no `all()` over a list that
could be empty): late in a month, early in January (reaching into the previous programme
year) and at the end of March (mirae's first month prorated).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from classroom.core.clock import SEOUL
from classroom.demo import seed
from classroom.leases import ledger
from classroom.leases.models import EntryKind, Invoice, Lease, LeaseStatus, LedgerEntry
from classroom.leases.programmes import get_programme

FEE = 300_000


def month_days(month: date) -> list[date]:
    return [month + timedelta(days=n) for n in range(31) if (month + timedelta(days=n)).month == month.month]


def expected_totals(start: date, classrooms: int, today: date) -> dict[date, int]:
    """Month → invoice total of a lease running from `start`, for every month over by `today`."""
    totals: dict[date, int] = {}
    month = start.replace(day=1)
    while month < today.replace(day=1):
        days = month_days(month)
        active = sum(1 for day in days if day >= start)
        totals[month] = FEE * classrooms * active // len(days)
        month = (month + timedelta(days=31)).replace(day=1)
    return totals


@pytest.mark.parametrize(
    "today",
    [date(2026, 11, 20), date(2026, 1, 5), date(2026, 3, 31)],
    ids=["late-november", "early-january", "end-of-march"],
)
def test_demo_programme_year(app, session, clock, today):
    clock.set(datetime(today.year, today.month, today.day, 10, tzinfo=SEOUL))
    result = seed(session, clock, app.state.passwords)
    session.commit()
    hanbit = result.institutions["hanbit"].id
    mirae = result.institutions["mirae"].id
    hanbit_totals = expected_totals(min(date(today.year, 1, 1), today - timedelta(days=90)), 3, today)
    mirae_totals = expected_totals(min(date(today.year, 3, 1), today - timedelta(days=60)), 1, today)
    assert len(hanbit_totals) >= 2 and len(mirae_totals) >= 2  # the dates above are chosen so

    invoices = session.exec(select(Invoice)).all()
    by_institution: dict[object, dict[date, Invoice]] = defaultdict(dict)
    for invoice in invoices:
        by_institution[invoice.institution_id][invoice.month] = invoice
    assert set(by_institution) == {hanbit, mirae}
    assert {m: i.total for m, i in by_institution[hanbit].items()} == hanbit_totals
    assert {m: i.total for m, i in by_institution[mirae].items()} == mirae_totals
    # hanbit is designated on every day: half of the total (floored) is subsidised
    assert {m: (i.subsidy, i.institution_share) for m, i in by_institution[hanbit].items()} == {
        m: (t // 2, t - t // 2) for m, t in hanbit_totals.items()
    }
    assert {m: (i.subsidy, i.institution_share) for m, i in by_institution[mirae].items()} == {
        m: (0, t) for m, t in mirae_totals.items()
    }

    # every invoice is paid in full except those of the latest closed month
    latest = max(hanbit_totals)
    paid: dict[object, int] = defaultdict(int)
    for entry in session.exec(select(LedgerEntry).where(LedgerEntry.kind == EntryKind.PAYMENT)):
        paid[entry.invoice_id] += entry.amount
    assert {i.id: paid[i.id] for i in invoices} == {
        i.id: (0 if i.month == latest else i.institution_share) for i in invoices
    }

    # the budget of each programme year carries exactly hanbit's subsidies of that year
    for year in {m.year for m in hanbit_totals}:
        programme = get_programme(session, year)
        assert (programme.lease_cap, programme.rate_num, programme.rate_den) == (300, 1, 2)
        assert programme.subsidy_committed == sum(t // 2 for m, t in hanbit_totals.items() if m.year == year)
    assert ledger.verify(session) == []

    leases = session.exec(select(Lease)).all()
    pending = [lease for lease in leases if lease.status == LeaseStatus.REQUESTED]
    assert [(p.institution_id, p.classrooms) for p in pending] == [(mirae, 2)]
    assert pending[0].starts_on == min(today + timedelta(days=7), date(today.year, 12, 31))
    for institution in (hanbit, mirae):  # renewed through the next programme year
        approved = [x for x in leases if x.institution_id == institution and x.status == LeaseStatus.APPROVED]
        assert max(x.ends_on for x in approved) == date(today.year + 1, 12, 31)
