"""Reading invoices (always through the tenant filter)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session, col, select

from classroom.core.tenancy import Principal, get_scoped_or_404, scoped
from classroom.leases.models import Invoice


def get_invoice(
    session: Session, principal: Principal, invoice_id: uuid.UUID, *, for_update: bool = False
) -> Invoice:
    return get_scoped_or_404(session, Invoice, invoice_id, principal, for_update=for_update)


def list_invoices(
    session: Session,
    principal: Principal,
    *,
    month: date | None = None,
    institution_id: uuid.UUID | None = None,
    lease_id: uuid.UUID | None = None,
    year: int | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[Invoice]:
    statement = scoped(select(Invoice), principal)
    if month is not None:
        statement = statement.where(Invoice.month == month)
    if year is not None:
        statement = statement.where(Invoice.month >= date(year, 1, 1), Invoice.month <= date(year, 12, 1))
    if institution_id is not None:
        statement = statement.where(Invoice.institution_id == institution_id)
    if lease_id is not None:
        statement = statement.where(Invoice.lease_id == lease_id)
    statement = statement.order_by(col(Invoice.month).desc(), col(Invoice.sequence))
    return list(session.exec(statement.offset(offset).limit(limit)))


def latest_invoice(session: Session, principal: Principal) -> Invoice | None:
    rows = list_invoices(session, principal, limit=1)
    return rows[0] if rows else None
