"""Closing a month: one invoice per lease, prorated by active day, subsidy charged to the budget.

Safe to repeat and to run concurrently: the programme-year row is locked for the whole close
(so two closes queue and the second sees the first's invoices), leases already invoiced for
the month are skipped, and a unique (lease, month) constraint is the last line of defence.
Within one close, leases are billed in approval order; across closes, in closing order — this
is the order in which the budget is charged when it runs out.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import Conflict, NotFound
from classroom.core.tenancy import Principal
from classroom.leases import ledger
from classroom.leases.designations import designated_ranges
from classroom.leases.models import Invoice, Lease, ProgrammeYear
from classroom.leases.programmes import (
    SYSTEM,
    actor_id,
    audit_principal,
    find_programme,
    lock_programme,
    platform_wide,
)
from classroom.leases.refusals import invalid
from classroom.leases.rules.billing import InvoiceTerms, allocate_month
from classroom.leases.rules.leases import RUNNING
from classroom.leases.rules.months import is_over, month_label
from classroom.leases.rules.months import parse_month as read_month
from classroom.leases.rules.proration import (
    DateRange,
    active_days,
    count_covered_days,
    days_in_month,
    month_range,
)
from classroom.leases.rules.reasons import Reason
from classroom.leases.service import today


def parse_month(text: str) -> date:
    """ "2026-04" → 2026-04-01; anything else is a 422 naming the field."""
    month = read_month(text)
    if month is None:
        raise invalid(Reason("billing.month_invalid", {"value": text}, "month"))
    return month


@dataclass
class CloseResult:
    month: date
    year: int
    created: list[Invoice] = field(default_factory=list)
    already_closed: int = 0
    subsidy: int = 0
    total: int = 0
    budget_remaining: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created)

    @property
    def invoices_created(self) -> int:
        return len(self.created)


def closable(clock: Clock, month: date) -> bool:
    """A month can be closed once it is over in Seoul: its days are then known."""
    return is_over(month, today(clock))


def _billable_leases(session: Session, programme: ProgrammeYear, window: DateRange) -> list[Lease]:
    statement = platform_wide(
        select(Lease)
        .where(
            Lease.programme_id == programme.id,
            col(Lease.status).in_(RUNNING),
            Lease.starts_on <= window.last,
            Lease.ends_on >= window.first,
        )
        .order_by(col(Lease.decided_at), col(Lease.id)),
        Lease,
    )
    return list(session.exec(statement))


def _invoiced_lease_ids(session: Session, programme: ProgrammeYear, month: date) -> set[uuid.UUID]:
    statement = platform_wide(
        select(Invoice.lease_id).where(Invoice.programme_id == programme.id, Invoice.month == month), Invoice
    )
    return set(session.exec(statement))


def close_month(session: Session, clock: Clock, principal: Principal | None, month: date) -> CloseResult:
    principal = principal or SYSTEM
    if not closable(clock, month):
        raise Conflict("billing.month_not_over", code="month_not_over", params={"month": month_label(month)})
    found = find_programme(session, month.year)
    if found is None:
        raise NotFound("programme.not_found", code="programme_not_found", params={"year": month.year})
    programme = lock_programme(session, found.id)
    window = month_range(month.year, month.month)
    done = _invoiced_lease_ids(session, programme, month)
    result = CloseResult(month=month, year=programme.year)
    pending: list[tuple[Lease, DateRange, InvoiceTerms]] = []
    designations: dict[uuid.UUID, list[DateRange]] = {}
    for lease in _billable_leases(session, programme, window):
        if lease.id in done:
            result.already_closed += 1
            continue
        span = active_days(window, DateRange(lease.starts_on, lease.ends_on), lease.terminated_on)
        if span is None:
            continue  # terminated before it ever started
        if lease.institution_id not in designations:
            designations[lease.institution_id] = designated_ranges(session, principal, lease.institution_id)
        excellent = count_covered_days(span, designations[lease.institution_id])
        terms = InvoiceTerms(
            days_in_month=days_in_month(month.year, month.month),
            monthly_fee=programme.monthly_fee,
            classrooms=lease.classrooms,
            active_days=span.days(),
            excellent_days=excellent,
            rate=programme.subsidy_rate,
        )
        pending.append((lease, span, terms))

    amounts = allocate_month([terms for _, _, terms in pending], programme.budget_remaining)
    now = clock.now()
    for (lease, span, terms), money in zip(pending, amounts, strict=True):
        programme.invoices_closed += 1
        invoice = Invoice(
            institution_id=lease.institution_id,
            lease_id=lease.id,
            programme_id=programme.id,
            month=month,
            sequence=programme.invoices_closed,
            days_in_month=terms.days_in_month,
            monthly_fee=terms.monthly_fee,
            classrooms=terms.classrooms,
            active_from=span.first,
            active_to=span.last,
            active_days=terms.active_days,
            excellent_days=terms.excellent_days,
            rate_num=terms.rate.numerator,
            rate_den=terms.rate.denominator,
            total=money.total,
            eligible=money.eligible,
            subsidy=money.subsidy,
            institution_share=money.institution_share,
            budget_limited=money.budget_limited,
            closed_at=now,
            closed_by=actor_id(principal),
        )
        session.add(invoice)
        session.flush()
        ledger.post_invoice(session, clock, principal, invoice)
        programme.subsidy_committed += money.subsidy
        result.created.append(invoice)
        result.subsidy += money.subsidy
        result.total += money.total
    result.budget_remaining = programme.budget_remaining
    if not result.created:
        return result  # a repeated close writes nothing at all, not even an audit row
    programme.updated_at = now
    session.add(programme)
    session.flush()
    audit.record(
        session,
        clock,
        audit_principal(principal),
        "billing.close",
        "programme",
        programme.id,
        detail={
            "month": month_label(month),
            "invoices": len(result.created),
            "already_closed": result.already_closed,
            "subsidy": result.subsidy,
            "total": result.total,
        },
    )
    return result


def closed_months(session: Session, programme: ProgrammeYear) -> list[date]:
    statement = platform_wide(
        select(col(Invoice.month))
        .where(Invoice.programme_id == programme.id)
        .distinct()
        .order_by(col(Invoice.month)),
        Invoice,
    )
    return list(session.exec(statement))
