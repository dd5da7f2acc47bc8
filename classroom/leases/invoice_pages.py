"""The invoice list of the billing page, one page at a time, with its sums over every match.

The operator's view spans every institution and month (300 institutions × 12 months is 3,600
invoices): filters (month, year, institution, paid/unpaid) and sums happen in the database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from classroom.core.listing import Page, PageRequest, fetch
from classroom.core.tenancy import Principal, scoped
from classroom.institutions.models import Institution
from classroom.leases.models import Invoice, LedgerEntry
from classroom.leases.rules.ledger import EntryKind

PAID_STATES = ("paid", "unpaid")


@dataclass(frozen=True)
class InvoiceFilter:
    month: date | None = None
    year: int | None = None
    institution_id: uuid.UUID | None = None
    paid: str = ""  # "paid", "unpaid" or "" for both


@dataclass(frozen=True)
class Sums:
    total: int
    subsidy: int
    institution_share: int
    paid: int


def _paid(principal: Principal) -> Any:
    return (
        scoped(
            select(
                col(LedgerEntry.invoice_id).label("invoice_id"), func.sum(LedgerEntry.amount).label("paid")
            ),
            principal,
            LedgerEntry,
        )
        .where(LedgerEntry.kind == EntryKind.PAYMENT)
        .group_by(col(LedgerEntry.invoice_id))
        .subquery()
    )


def _statement(principal: Principal, wanted: InvoiceFilter) -> Any:
    paid = _paid(principal)
    statement = (
        scoped(select(Invoice), principal)
        .join(Institution, col(Institution.id) == col(Invoice.institution_id))
        .outerjoin(paid, paid.c.invoice_id == col(Invoice.id))
    )
    if wanted.month is not None:
        statement = statement.where(Invoice.month == wanted.month)
    if wanted.year is not None:
        statement = statement.where(
            Invoice.month >= date(wanted.year, 1, 1), Invoice.month <= date(wanted.year, 12, 1)
        )
    if wanted.institution_id is not None:
        statement = statement.where(Invoice.institution_id == wanted.institution_id)
    settled = func.coalesce(paid.c.paid, 0) >= col(Invoice.institution_share)
    if wanted.paid == "paid":
        statement = statement.where(settled)
    elif wanted.paid == "unpaid":
        statement = statement.where(~settled)
    return statement, paid


def page_invoices(
    session: Session, principal: Principal, wanted: InvoiceFilter, request: PageRequest
) -> Page[Invoice]:
    statement, paid = _statement(principal, wanted)
    sorts = {
        "month": [col(Invoice.month), col(Invoice.sequence)],
        "institution": col(Institution.name),
        "total": col(Invoice.total),
        "outstanding": col(Invoice.institution_share) - func.coalesce(paid.c.paid, 0),
    }
    return fetch(session, statement, request, sorts, "month", default_descending=True, tie=col(Invoice.id))


def sums(session: Session, principal: Principal, wanted: InvoiceFilter) -> Sums:
    """Totals over every invoice the filters match, not only the page shown."""
    statement, _ = _statement(principal, wanted)
    matched = statement.with_only_columns(
        col(Invoice.id), col(Invoice.total), col(Invoice.subsidy), col(Invoice.institution_share)
    ).subquery()
    total, subsidy, share = session.exec(
        select(
            func.coalesce(func.sum(matched.c.total), 0),
            func.coalesce(func.sum(matched.c.subsidy), 0),
            func.coalesce(func.sum(matched.c.institution_share), 0),
        )
    ).one()
    paid_total = session.exec(
        scoped(select(func.coalesce(func.sum(LedgerEntry.amount), 0)), principal, LedgerEntry).where(
            LedgerEntry.kind == EntryKind.PAYMENT, col(LedgerEntry.invoice_id).in_(select(matched.c.id))
        )
    ).one()
    return Sums(int(total), int(subsidy), int(share), int(paid_total))
