"""The append-only money ledger: charges, subsidies, payments and their reversals.

Rows are never updated or deleted. A correction is a new row of the same kind with the
negated amount and `reverses_id` pointing at the corrected row, recording who and why (the
invariants this keeps are in `rules.ledger`). Only payments can be reversed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from classroom.audit import service as audit
from classroom.core import i18n
from classroom.core.clock import Clock
from classroom.core.errors import Conflict
from classroom.core.tenancy import Principal, get_scoped_or_404, scoped
from classroom.leases.models import EntryKind, Invoice, LedgerEntry, ProgrammeYear
from classroom.leases.programmes import actor_id, audit_principal, platform_wide
from classroom.leases.refusals import invalid, required_reason
from classroom.leases.rules.ledger import Problem, check_books
from classroom.leases.rules.reasons import Reason


def _entry(
    clock: Clock,
    principal: Principal | None,
    invoice: Invoice,
    kind: EntryKind,
    amount: int,
    *,
    reason: str = "",
    reference: str = "",
    reverses_id: uuid.UUID | None = None,
) -> LedgerEntry:
    return LedgerEntry(
        institution_id=invoice.institution_id,
        programme_id=invoice.programme_id,
        invoice_id=invoice.id,
        kind=kind,
        amount=amount,
        at=clock.now(),
        actor_id=actor_id(principal),
        reason=reason,
        reference=reference,
        reverses_id=reverses_id,
    )


def post_invoice(session: Session, clock: Clock, principal: Principal | None, invoice: Invoice) -> None:
    """Every invoice writes its charge and its subsidy (a zero subsidy too, so each invoice
    has exactly one of each and the verification is a plain join)."""
    session.add(_entry(clock, principal, invoice, EntryKind.CHARGE, invoice.total))
    session.add(_entry(clock, principal, invoice, EntryKind.SUBSIDY, invoice.subsidy))
    session.flush()


def paid_by_invoice(
    session: Session, principal: Principal, invoice_ids: list[uuid.UUID]
) -> dict[uuid.UUID, int]:
    if not invoice_ids:
        return {}
    statement = (
        scoped(select(col(LedgerEntry.invoice_id), func.sum(LedgerEntry.amount)), principal, LedgerEntry)
        .where(LedgerEntry.kind == EntryKind.PAYMENT, col(LedgerEntry.invoice_id).in_(invoice_ids))
        .group_by(col(LedgerEntry.invoice_id))
    )
    return {invoice_id: int(total) for invoice_id, total in session.exec(statement)}


@dataclass(frozen=True)
class Balance:
    paid: int
    outstanding: int

    @property
    def settled(self) -> bool:
        return self.outstanding == 0


def balance(session: Session, principal: Principal, invoice: Invoice) -> Balance:
    paid = paid_by_invoice(session, principal, [invoice.id]).get(invoice.id, 0)
    return Balance(paid=paid, outstanding=invoice.institution_share - paid)


@dataclass(frozen=True)
class InvoiceShown:
    """An invoice with what has been paid on it (net of reversals)."""

    row: Invoice
    paid: int


@dataclass(frozen=True)
class InvoiceDetailShown:
    invoice: InvoiceShown
    entries: list[LedgerEntry]


def shown_invoices(session: Session, principal: Principal, invoices: Sequence[Invoice]) -> list[InvoiceShown]:
    paid = paid_by_invoice(session, principal, [i.id for i in invoices])
    return [InvoiceShown(invoice, paid.get(invoice.id, 0)) for invoice in invoices]


def invoice_detail(session: Session, principal: Principal, invoice: Invoice) -> InvoiceDetailShown:
    (shown,) = shown_invoices(session, principal, [invoice])
    return InvoiceDetailShown(shown, entries_for(session, principal, invoice.id))


def entries_for(session: Session, principal: Principal, invoice_id: uuid.UUID) -> list[LedgerEntry]:
    statement = scoped(select(LedgerEntry), principal).where(LedgerEntry.invoice_id == invoice_id)
    return list(session.exec(statement.order_by(col(LedgerEntry.at), col(LedgerEntry.kind))))


def list_entries(
    session: Session, principal: Principal, *, limit: int = 500, offset: int = 0
) -> list[LedgerEntry]:
    statement = scoped(select(LedgerEntry), principal).order_by(col(LedgerEntry.at).desc())
    return list(session.exec(statement.offset(offset).limit(limit)))


def record_payment(
    session: Session,
    clock: Clock,
    principal: Principal,
    invoice: Invoice,
    *,
    amount: int | None = None,
    reference: str = "",
) -> LedgerEntry:
    """Record (part of) the institution's share as received. The invoice row is locked by the
    caller (`for_update=True`) so two clerks cannot both record the last payment."""
    current = balance(session, principal, invoice)
    if current.outstanding <= 0:
        raise Conflict("ledger.already_paid", code="invoice_paid")
    amount = current.outstanding if amount is None else amount
    if amount <= 0 or amount > current.outstanding:
        raise invalid(Reason("ledger.payment_amount", {"outstanding": current.outstanding}, "amount"))
    entry = _entry(clock, principal, invoice, EntryKind.PAYMENT, amount, reference=reference.strip()[:100])
    session.add(entry)
    session.flush()
    audit.record(
        session,
        clock,
        audit_principal(principal),
        "ledger.payment",
        "invoice",
        invoice.id,
        institution_id=invoice.institution_id,
        detail={"amount": amount, "reference": entry.reference},
    )
    return entry


def get_entry(
    session: Session, principal: Principal, entry_id: uuid.UUID, *, for_update: bool = False
) -> LedgerEntry:
    return get_scoped_or_404(session, LedgerEntry, entry_id, principal, for_update=for_update)


def reverse_entry(
    session: Session, clock: Clock, principal: Principal, entry: LedgerEntry, reason: str
) -> LedgerEntry:
    text = required_reason(reason)
    if entry.kind != EntryKind.PAYMENT or entry.reverses_id is not None:
        raise Conflict("ledger.not_reversible", code="entry_not_reversible", params={"kind": entry.kind})
    already = scoped(select(LedgerEntry.id), principal, LedgerEntry).where(
        LedgerEntry.reverses_id == entry.id
    )
    if session.exec(already).first() is not None:
        raise Conflict("ledger.already_reversed", code="entry_reversed")
    invoice = session.get(
        Invoice, entry.invoice_id
    )  # tenancy: the invoice of an entry read through the filter
    assert invoice is not None  # foreign key
    correction = _entry(
        clock,
        principal,
        invoice,
        entry.kind,
        -entry.amount,
        reason=text,
        reverses_id=entry.id,
        reference=entry.reference,
    )
    session.add(correction)
    session.flush()
    audit.record(
        session,
        clock,
        audit_principal(principal),
        "ledger.reverse",
        "ledger_entry",
        entry.id,
        institution_id=entry.institution_id,
        detail={"amount": entry.amount, "reason": text},
    )
    return correction


@dataclass(frozen=True)
class Finding:
    """A broken invariant as people read it."""

    scope: str
    code: str
    message: str


@dataclass(frozen=True)
class BooksCheck:
    ok: bool
    problems: list[Finding]


def check(session: Session, programme: ProgrammeYear | None, lang: str) -> BooksCheck:
    """`verify`, with each problem rendered in `lang` by the catalogue."""
    found = [
        Finding(p.scope, p.reason.key, i18n.t(p.reason.key, lang, **p.reason.params))
        for p in verify(session, programme)
    ]
    return BooksCheck(ok=not found, problems=found)


def verify(session: Session, programme: ProgrammeYear | None = None) -> list[Problem]:
    """Check the money invariants (rules.ledger) of one programme year, or of all of them;
    an empty list means the books balance."""
    invoices = platform_wide(select(Invoice), Invoice)
    entries = platform_wide(select(LedgerEntry), LedgerEntry)
    years = select(ProgrammeYear)
    if programme is not None:
        invoices = invoices.where(Invoice.programme_id == programme.id)
        entries = entries.where(LedgerEntry.programme_id == programme.id)
        years = years.where(ProgrammeYear.id == programme.id)
    invoice_rows: list[Invoice] = list(session.exec(invoices))
    entry_rows: list[LedgerEntry] = list(session.exec(entries))
    year_rows: list[ProgrammeYear] = list(session.exec(years))
    return check_books(invoice_rows, entry_rows, year_rows)
