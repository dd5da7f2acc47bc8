"""Test factories for programme years, leases and excellent-institution designations, made
through the services as an operator or institution would."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from fastapi import FastAPI
from sqlmodel import Session, select

from classroom.accounts.models import User
from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from classroom.institutions.models import Institution
from classroom.leases import service
from classroom.leases.designations import create_designation
from classroom.leases.models import Designation, Lease, ProgrammeYear
from classroom.leases.programmes import find_programme, put_programme
from classroom.leases.schemas import ProgrammeSettings
from tests.factories.accounts import make_user, principal_of


def make_programme(session: Session, app: FastAPI, year: int = 2026, **settings: object) -> ProgrammeYear:
    """Open a programme year through the service (defaults: cap 300, 1/2, ₩5.2bn, ₩300,000/classroom)."""
    programme, _ = put_programme(
        session, app.state.clock, None, year, ProgrammeSettings.model_validate(settings).model_dump()
    )
    session.commit()
    return programme


def make_lease(
    session: Session,
    app: FastAPI,
    admin: User,
    *,
    classrooms: int = 1,
    starts_on: date | None = None,
    ends_on: date | None = None,
    approve_by: User | None = None,
) -> Lease:
    """Request a lease as `admin` (default: from today to the end of the year); approve it
    when `approve_by` (an operator) is given."""
    clock = app.state.clock
    starts_on = starts_on or service.today(clock)
    ends_on = ends_on or date(starts_on.year, 12, 31)
    lease = service.request_lease(
        session, clock, principal_of(admin), classrooms=classrooms, starts_on=starts_on, ends_on=ends_on
    )
    if approve_by is not None:
        service.approve_lease(session, clock, principal_of(approve_by), lease)
    session.commit()
    return lease


def designate(
    session: Session, app: FastAPI, operator: User, institution: Institution, valid_from: date, valid_to: date
) -> Designation:
    designation = create_designation(
        session,
        app.state.clock,
        principal_of(operator),
        institution_id=institution.id,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    session.commit()
    return designation


def lease_classrooms(
    session: Session, app: FastAPI, institution_id: uuid.UUID, first: date, last: date, classrooms: int = 1
) -> None:
    """Approved leases covering first..last (one per programme year), requested and approved
    through the services on the day before `first`, as an institution would have done."""
    clock = app.state.clock
    saved = clock.now()
    admin = session.exec(
        select(User).where(User.institution_id == institution_id, User.role == Role.INSTITUTION_ADMIN.value)
    ).first()
    assert admin is not None, "the institution needs an admin to request leases"
    operator = session.exec(select(User).where(User.role == Role.OPERATOR.value)).first()
    if operator is None:
        operator = make_user(
            session, app, None, Role.OPERATOR, email="lease-desk@step.example", name="임대담당"
        )
    try:
        for year in range(first.year, last.year + 1):
            start, end = max(first, date(year, 1, 1)), min(last, date(year, 12, 31))
            clock.set(datetime.combine(start - timedelta(days=1), time(9), tzinfo=SEOUL))
            if find_programme(session, year) is None:
                make_programme(session, app, year)
            make_lease(
                session, app, admin, classrooms=classrooms, starts_on=start, ends_on=end, approve_by=operator
            )
    finally:
        clock.set(saved)
