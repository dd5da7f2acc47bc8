"""Programme years: settings, the cap/budget row lock and the figures shown on dashboards.

What the cap counts: the **classrooms** of the year's approved leases (running, scheduled or
ended). A lease's classrooms stop counting when it is terminated early, so the operator can
grant them again; pending requests do not count until approved.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import NotFound, ValidationFailed
from classroom.core.money import parse_rate
from classroom.core.tenancy import Principal, Role, scoped
from classroom.leases.models import Invoice, Lease, LeaseStatus, ProgrammeYear
from classroom.leases.policy_settings import POLICY_SETTINGS, apply_policy

# The CLI and internal callers (quota checks) act as the platform without a signed-in user.
SYSTEM = Principal(user_id=uuid.UUID(int=0), role=Role.OPERATOR, institution_id=None, name="system")

MIN_YEAR, MAX_YEAR = 2000, 2100
SETTINGS = (
    "lease_cap",
    "subsidy_rate",
    "budget",
    "monthly_fee",
    "storage_bytes_per_classroom",
    "live_seats_per_classroom",
    *POLICY_SETTINGS,
)


def actor_id(principal: Principal | None) -> uuid.UUID | None:
    """User id to store as the actor; the system principal is nobody."""
    if principal is None or principal.user_id == SYSTEM.user_id:
        return None
    return principal.user_id


def audit_principal(principal: Principal | None) -> Principal | None:
    return None if actor_id(principal) is None else principal


def platform_wide(statement: Any, model: Any) -> Any:
    """Programme figures aggregate every tenant on purpose; going through `scoped` keeps the
    one-tenancy-path rule visible even for these platform-level reads."""
    return scoped(statement, SYSTEM, model)


def _invalid(field: str, key: str, **params: Any) -> ValidationFailed:
    return ValidationFailed(
        key,
        code="invalid_field",
        params=params,
        errors=[{"field": field, "message_key": key, "params": params}],
    )


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


def pending_classrooms(session: Session, programme_id: uuid.UUID) -> int:
    statement = platform_wide(
        select(func.coalesce(func.sum(Lease.classrooms), 0)).where(
            Lease.programme_id == programme_id, Lease.status == LeaseStatus.REQUESTED
        ),
        Lease,
    )
    return int(session.exec(statement).one())


def _apply(programme: ProgrammeYear, changes: dict[str, Any], *, used: int) -> None:
    apply_policy(programme, changes)
    if "lease_cap" in changes:
        cap = changes["lease_cap"]
        if cap < 0:
            raise _invalid("lease_cap", "programme.cap_negative")
        if cap < used:
            raise _invalid("lease_cap", "programme.cap_below_used", cap=cap, used=used)
        programme.lease_cap = cap
    if "subsidy_rate" in changes:
        try:
            rate = parse_rate(str(changes["subsidy_rate"]))
        except ValueError:
            raise _invalid("subsidy_rate", "programme.rate_invalid", value=changes["subsidy_rate"]) from None
        programme.rate_num, programme.rate_den = rate.numerator, rate.denominator
    if "budget" in changes:
        budget = changes["budget"]
        if budget < programme.subsidy_committed:
            raise _invalid(
                "budget",
                "programme.budget_below_committed",
                budget=f"₩{budget:,}",
                committed=f"₩{programme.subsidy_committed:,}",
            )
        programme.budget = budget
    for name in ("monthly_fee", "storage_bytes_per_classroom"):
        if name in changes:
            if changes[name] < 0:
                raise _invalid(name, "programme.amount_negative")
            setattr(programme, name, changes[name])
    if "live_seats_per_classroom" in changes:
        if changes["live_seats_per_classroom"] < 1:
            raise _invalid("live_seats_per_classroom", "programme.seats_invalid")
        programme.live_seats_per_classroom = changes["live_seats_per_classroom"]


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
        detail={"year": programme.year, **_printable(changes)},
    )
    return programme


def _printable(settings: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Fraction) else v) for k, v in settings.items()}


def list_programmes(session: Session) -> list[ProgrammeYear]:
    return list(session.exec(select(ProgrammeYear).order_by(ProgrammeYear.year.desc())))  # type: ignore[attr-defined]


def programme_for_day(session: Session, day: date) -> ProgrammeYear | None:
    return find_programme(session, day.year)


def monthly_burn(session: Session, programme: ProgrammeYear) -> list[tuple[date, int, int]]:
    """(month, invoice totals, subsidy) per closed month, oldest first: the burn chart."""
    statement = platform_wide(
        select(Invoice.month, func.sum(Invoice.total), func.sum(Invoice.subsidy))
        .where(Invoice.programme_id == programme.id)
        .group_by(Invoice.month)
        .order_by(Invoice.month),
        Invoice,
    )
    return [(month, int(total), int(subsidy)) for month, total, subsidy in session.exec(statement)]


def per_institution(session: Session, programme: ProgrammeYear) -> dict[uuid.UUID, dict[str, int]]:
    """Approved classrooms, invoiced totals and subsidy per institution for the year."""
    rows: dict[uuid.UUID, dict[str, int]] = defaultdict(
        lambda: {"classrooms": 0, "pending": 0, "total": 0, "subsidy": 0, "share": 0, "invoices": 0}
    )
    leases = platform_wide(
        select(Lease.institution_id, Lease.status, func.sum(Lease.classrooms))
        .where(Lease.programme_id == programme.id)
        .group_by(Lease.institution_id, Lease.status),
        Lease,
    )
    for institution_id, status, classrooms in session.exec(leases):
        if status == LeaseStatus.APPROVED:
            rows[institution_id]["classrooms"] += int(classrooms)
        elif status == LeaseStatus.REQUESTED:
            rows[institution_id]["pending"] += int(classrooms)
    invoices = platform_wide(
        select(
            Invoice.institution_id,
            func.count(),
            func.sum(Invoice.total),
            func.sum(Invoice.subsidy),
            func.sum(Invoice.institution_share),
        )
        .where(Invoice.programme_id == programme.id)
        .group_by(Invoice.institution_id),
        Invoice,
    )
    for institution_id, count, total, subsidy, share in session.exec(invoices):
        row = rows[institution_id]
        row.update(invoices=int(count), total=int(total), subsidy=int(subsidy), share=int(share))
    return dict(rows)
