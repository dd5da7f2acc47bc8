"""The demo step seeds a believable programme year that balances."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select

from classroom.core.clock import SEOUL
from classroom.demo import seed
from classroom.leases import ledger
from classroom.leases.models import Invoice, Lease, LeaseStatus
from classroom.leases.programmes import get_programme


def test_demo_programme_year(app, session, clock):
    clock.set(datetime(2026, 11, 20, 10, tzinfo=SEOUL))
    result = seed(session, clock, app.state.passwords)
    session.commit()
    programme = get_programme(session, 2026)
    assert (programme.lease_cap, programme.rate_num, programme.rate_den) == (300, 1, 2)
    invoices = session.exec(select(Invoice)).all()
    hanbit = result.institutions["hanbit"].id
    mirae = result.institutions["mirae"].id
    hanbit_months = sorted(i.month for i in invoices if i.institution_id == hanbit)
    assert hanbit_months == [date(2026, m, 1) for m in range(1, 11)]
    assert all(i.subsidy * 2 == i.total == 900_000 for i in invoices if i.institution_id == hanbit)
    assert all(
        i.subsidy == 0 and i.institution_share == 300_000 for i in invoices if i.institution_id == mirae
    )
    pending = session.exec(select(Lease).where(Lease.status == LeaseStatus.REQUESTED)).all()
    assert [lease.institution_id for lease in pending] == [mirae]
    assert ledger.verify(session) == []
    assert programme.subsidy_committed == 10 * 450_000
