"""Programme years: settings, the cap/budget row lock and the figures shown on dashboards.

What the cap counts: the **classrooms** of the year's approved leases (running, scheduled or
ended). A lease's classrooms stop counting when it is terminated early, so the operator can
grant them again; pending requests do not count until approved.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import Select
from sqlmodel import Session, col, select

from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import NotFound
from classroom.core.tenancy import Principal, Role, TenantModel, scoped
from classroom.leases.models import Invoice, Lease, LeaseStatus, ProgrammeYear
from classroom.leases.refusals import invalid
from classroom.leases.rules.settings import Settings, revise

# The CLI and internal callers (quota checks) act as the platform without a signed-in user.
SYSTEM = Principal(user_id=uuid.UUID(int=0), role=Role.OPERATOR, institution_id=None, name="system")

MIN_YEAR, MAX_YEAR = 2000, 2100


def actor_id(principal: Principal | None) -> uuid.UUID | None:
    """User id to store as the actor; the system principal is nobody."""
    if principal is None or principal.user_id == SYSTEM.user_id:
        return None
    return principal.user_id


def audit_principal(principal: Principal | None) -> Principal | None:
    return None if actor_id(principal) is None else principal


Statement = TypeVar("Statement", bound=Select[*tuple[Any, ...]])


def platform_wide(statement: Statement, model: TenantModel) -> Statement:
    """Programme figures aggregate every tenant on purpose; going through `scoped` keeps the
    one-tenancy-path rule visible even for these platform-level reads."""
    return scoped(statement, SYSTEM, model)


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise NotFound("programme.not_found", code="programme_not_found", params={"year": year})
    return year


def find_programme(session: Session, year: int) -> ProgrammeYear | None:
    return session.exec(select(ProgrammeYear).where(ProgrammeYear.year == year)).first()


def get_programme(session: Session, year: int) -> ProgrammeYear:
    programme = find_programme(session, check_year(year))
    if programme is None:
        raise NotFound("programme.not_found", code="programme_not_found", params={"year": year})
    return programme


def lock_programme(session: Session, programme_id: uuid.UUID) -> ProgrammeYear:
    """Take the row lock that serialises cap and budget writes (SELECT … FOR UPDATE on
    PostgreSQL; SQLite already holds the database write lock since BEGIN IMMEDIATE).
    populate_existing re-reads the row so figures counted before the lock are not reused."""
    statement = (
        select(ProgrammeYear)
        .where(ProgrammeYear.id == programme_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.exec(statement).one()


def cap_used(session: Session, programme_id: uuid.UUID) -> int:
    statement = platform_wide(
        select(func.coalesce(func.sum(Lease.classrooms), 0)).where(
            Lease.programme_id == programme_id, Lease.status == LeaseStatus.APPROVED
        ),
        Lease,
    )
    return int(session.exec(statement).one())


@dataclass(frozen=True)
class ProgrammeShown:
    """A programme year with the classrooms its leases hold: approved (the cap) and pending."""

    row: ProgrammeYear
    cap_used: int
    pending_classrooms: int


def shown(session: Session, programme: ProgrammeYear) -> ProgrammeShown:
    return ProgrammeShown(
        programme, cap_used(session, programme.id), pending_classrooms(session, programme.id)
    )


def pending_classrooms(session: Session, programme_id: uuid.UUID) -> int:
    statement = platform_wide(
        select(func.coalesce(func.sum(Lease.classrooms), 0)).where(
            Lease.programme_id == programme_id, Lease.status == LeaseStatus.REQUESTED
        ),
        Lease,
    )
    return int(session.exec(statement).one())


def settings_of(programme: ProgrammeYear) -> Settings:
    return Settings(
        lease_cap=programme.lease_cap,
        subsidy_rate=programme.subsidy_rate,
        budget=programme.budget,
        monthly_fee=programme.monthly_fee,
        storage_bytes_per_classroom=programme.storage_bytes_per_classroom,
        live_seats_per_classroom=programme.live_seats_per_classroom,
        min_total_hours=programme.min_total_hours,
        online_share_min=programme.online_share_min,
        online_share_max=programme.online_share_max,
        min_online_hours=programme.min_online_hours,
        max_daily_hours=programme.max_daily_hours,
    )


def _apply(programme: ProgrammeYear, changes: dict[str, Any], *, used: int) -> None:
    """Check `changes` with the stored settings (rules.settings); write them only if all pass."""
    revision = revise(settings_of(programme), changes, cap_used=used, committed=programme.subsidy_committed)
    if not revision.accepted:
        raise invalid(revision.reasons)
    new = revision.settings
    programme.lease_cap = new.lease_cap
    programme.rate_num, programme.rate_den = new.subsidy_rate.numerator, new.subsidy_rate.denominator
    programme.budget = new.budget
    programme.monthly_fee = new.monthly_fee
    programme.storage_bytes_per_classroom = new.storage_bytes_per_classroom
    programme.live_seats_per_classroom = new.live_seats_per_classroom
    programme.min_total_hours = new.min_total_hours
    programme.online_min_num = new.online_share_min.numerator
    programme.online_min_den = new.online_share_min.denominator
    programme.online_max_num = new.online_share_max.numerator
    programme.online_max_den = new.online_share_max.denominator
    programme.min_online_hours = new.min_online_hours
    programme.max_daily_hours = new.max_daily_hours


def put_programme(
    session: Session, clock: Clock, principal: Principal | None, year: int, settings: dict[str, Any]
) -> tuple[ProgrammeYear, bool]:
    """Open a year or replace all its settings; returns (programme, created)."""
    check_year(year)
    existing = find_programme(session, year)
    now = clock.now()
    if existing is None:
        programme = ProgrammeYear(year=year, created_at=now, updated_at=now)
        _apply(programme, settings, used=0)
        try:
            with session.begin_nested():  # two operators opening the same year at once
                session.add(programme)
        except IntegrityError:
            return update_programme(session, clock, principal, get_programme(session, year), settings), False
        audit.record(
            session,
            clock,
            audit_principal(principal),
            "programme.open",
            "programme",
            programme.id,
            detail={"year": year, **_printable(settings)},
        )
        return programme, True
    return update_programme(session, clock, principal, existing, settings), False


def update_programme(
    session: Session,
    clock: Clock,
    principal: Principal | None,
    programme: ProgrammeYear,
    changes: dict[str, Any],
) -> ProgrammeYear:
    programme = lock_programme(session, programme.id)
    before = _settings_dict(programme, changes)
    _apply(programme, changes, used=cap_used(session, programme.id))
    programme.updated_at = clock.now()
    session.add(programme)
    session.flush()
    audit.record(
        session,
        clock,
        audit_principal(principal),
        "programme.update",
        "programme",
        programme.id,
        detail={"year": programme.year, "changes": audit.changes(before, _settings_dict(programme, changes))},
    )
    return programme


def _settings_dict(programme: ProgrammeYear, fields: dict[str, Any]) -> dict[str, Any]:
    """The stored values of the settings named in `fields` (rates as exact fractions)."""
    settings = settings_of(programme)
    return {name: getattr(settings, name) for name in fields if hasattr(settings, name)}


def _printable(settings: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Fraction) else v) for k, v in settings.items()}


def list_programmes(session: Session) -> list[ProgrammeYear]:
    return list(session.exec(select(ProgrammeYear).order_by(col(ProgrammeYear.year).desc())))


def programme_for_day(session: Session, day: date) -> ProgrammeYear | None:
    return find_programme(session, day.year)


def monthly_burn(session: Session, programme: ProgrammeYear) -> list[tuple[date, int, int]]:
    """(month, invoice totals, subsidy) per closed month, oldest first: the burn chart."""
    statement = platform_wide(
        select(col(Invoice.month), func.sum(Invoice.total), func.sum(Invoice.subsidy))
        .where(Invoice.programme_id == programme.id)
        .group_by(col(Invoice.month))
        .order_by(col(Invoice.month)),
        Invoice,
    )
    return [(month, int(total), int(subsidy)) for month, total, subsidy in session.exec(statement)]


def per_institution(session: Session, programme: ProgrammeYear) -> dict[uuid.UUID, dict[str, int]]:
    """Approved classrooms, invoiced totals and subsidy per institution for the year."""
    rows: dict[uuid.UUID, dict[str, int]] = defaultdict(
        lambda: {"classrooms": 0, "pending": 0, "total": 0, "subsidy": 0, "share": 0, "invoices": 0}
    )
    leases = platform_wide(
        select(col(Lease.institution_id), col(Lease.status), func.sum(Lease.classrooms))
        .where(Lease.programme_id == programme.id)
        .group_by(col(Lease.institution_id), col(Lease.status)),
        Lease,
    )
    for institution_id, status, classrooms in session.exec(leases):
        if status == LeaseStatus.APPROVED:
            rows[institution_id]["classrooms"] += int(classrooms)
        elif status == LeaseStatus.REQUESTED:
            rows[institution_id]["pending"] += int(classrooms)
    invoices = platform_wide(
        select(col(Invoice.institution_id), func.count(), func.sum(Invoice.total), func.sum(Invoice.subsidy))
        .where(Invoice.programme_id == programme.id)
        .group_by(col(Invoice.institution_id)),
        Invoice,
    )
    for institution_id, count, total, subsidy in session.exec(invoices):
        # every invoice splits its total into subsidy and share (a table constraint)
        row = rows[institution_id]
        row.update(
            invoices=int(count), total=int(total), subsidy=int(subsidy), share=int(total) - int(subsidy)
        )
    return dict(rows)
