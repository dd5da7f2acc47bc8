"""Access-walker path parameters for the leases domain (see params.py)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from fastapi import FastAPI
from sqlmodel import Session

from classroom.core.clock import SEOUL, FrozenClock
from classroom.core.tenancy import Role
from classroom.leases import billing, ledger, service
from classroom.leases.invoices import list_invoices
from classroom.leases.models import Invoice, Lease
from classroom.leases.programmes import find_programme
from classroom.leases.rules.months import previous_month
from tests.access.params import register
from tests.factories.accounts import World, principal_of
from tests.factories.leases import designate, make_lease, make_programme


def _programme(session: Session, app: FastAPI, year: int | None = None) -> int:
    year = year or service.today(app.state.clock).year
    if find_programme(session, year) is None:
        make_programme(session, app, year)
    return year


def _lease(session: Session, app: FastAPI, world: World, tenant: str) -> Lease:
    _programme(session, app)
    admin = getattr(world, tenant).users[Role.INSTITUTION_ADMIN]
    return make_lease(session, app, admin, approve_by=world.operator)


def _invoice(session: Session, app: FastAPI, world: World, tenant: str) -> Invoice:
    """A closed invoice of the tenant: a lease that ran last month, closed by the service."""
    clock = app.state.clock
    month = previous_month(service.today(clock))
    _programme(session, app, month.year)
    admin = getattr(world, tenant).users[Role.INSTITUTION_ADMIN]
    # Request in the past through a clock pinned to that month, as the institution did then.
    past = FrozenClock(datetime(month.year, month.month, 1, 9, tzinfo=SEOUL))
    lease = service.request_lease(
        session, past, principal_of(admin), classrooms=1, starts_on=month, ends_on=date(month.year, 12, 31)
    )
    service.approve_lease(session, past, principal_of(world.operator), lease)
    billing.close_month(session, clock, None, month)
    session.commit()
    return next(i for i in list_invoices(session, principal_of(admin)) if i.lease_id == lease.id)


def _entry(session: Session, app: FastAPI, world: World, tenant: str) -> uuid.UUID:
    invoice = _invoice(session, app, world, tenant)
    entry = ledger.record_payment(session, app.state.clock, principal_of(world.operator), invoice, amount=1)
    session.commit()
    return entry.id


register("year", lambda s, app, w, t: _programme(s, app), scoped=False)
register("lease_id", lambda s, app, w, t: _lease(s, app, w, t).id)
register("invoice_id", lambda s, app, w, t: _invoice(s, app, w, t).id)
register("entry_id", _entry)
register(
    "designation_id",
    lambda s, app, w, t: (
        designate(s, app, w.operator, getattr(w, t).institution, date(2026, 1, 1), date(2026, 12, 31)).id
    ),
)
