"""The append-only money ledger: charges, subsidies, payments and their reversals.

Rows are never updated or deleted. A correction is a new row of the same kind with the
negated amount and `reverses_id` pointing at the corrected row, recording who and why, so
sums by kind are always the corrected figures. Only payments can be reversed: charges and
subsidies follow from the closed terms by the billing rules and are right by construction.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import Conflict, ValidationFailed
from classroom.core.tenancy import Principal, get_scoped_or_404, scoped
from classroom.leases.models import EntryKind, Invoice, LedgerEntry, ProgrammeYear
from classroom.leases.programmes import actor_id, audit_principal, platform_wide


def _entry(
    clock: Clock, principal: Principal | None, invoice: Invoice, kind: EntryKind, amount: int, **extra: object
) -> LedgerEntry:
    return LedgerEntry(
        institution_id=invoice.institution_id,
        programme_id=invoice.programme_id,
        invoice_id=invoice.id,
        kind=kind,
        amount=amount,
        at=clock.now(),
        actor_id=actor_id(principal),
        **extra,
    )  # type: ignore[arg-type]


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
        scoped(select(LedgerEntry.invoice_id, func.sum(LedgerEntry.amount)), principal, LedgerEntry)
        .where(
            LedgerEntry.kind == EntryKind.PAYMENT,
            LedgerEntry.invoice_id.in_(invoice_ids),  # type: ignore[attr-defined]
        )
        .group_by(LedgerEntry.invoice_id)
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


def entries_for(session: Session, principal: Principal, invoice_id: uuid.UUID) -> list[LedgerEntry]:
    statement = scoped(select(LedgerEntry), principal).where(LedgerEntry.invoice_id == invoice_id)
    return list(session.exec(statement.order_by(LedgerEntry.at, LedgerEntry.kind)))  # type: ignore[arg-type]


def list_entries(
    session: Session, principal: Principal, *, limit: int = 500, offset: int = 0
) -> list[LedgerEntry]:
    statement = scoped(select(LedgerEntry), principal).order_by(LedgerEntry.at.desc())  # type: ignore[attr-defined]
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
        params = {"outstanding": f"₩{current.outstanding:,}"}
        raise ValidationFailed(
            "ledger.payment_amount",
            code="invalid_field",
            params=params,
            errors=[{"field": "amount", "message_key": "ledger.payment_amount", "params": params}],
        )
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
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed(
            "lease.reason_required",
            code="invalid_field",
            errors=[{"field": "reason", "message_key": "lease.reason_required"}],
        )
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
        reason=text[:500],
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
class Problem:
    scope: str  # "invoice:<id>" or "programme:<year>"
    message: str


def verify(session: Session, programme: ProgrammeYear | None = None) -> list[Problem]:
    """Check the money invariants; an empty list means the books balance.

    Per invoice: subsidy + share = total; ledger charge = total; ledger subsidy = subsidy;
    0 ≤ net payments ≤ share; every reversal negates a payment of the same invoice.
    Per programme: Σ subsidy ≤ budget and the running committed figure equals both sums.
    """
    problems: list[Problem] = []
    invoices = platform_wide(select(Invoice), Invoice)
    entries = platform_wide(select(LedgerEntry), LedgerEntry)
    programmes = select(ProgrammeYear)
    if programme is not None:
        invoices = invoices.where(Invoice.programme_id == programme.id)
        entries = entries.where(LedgerEntry.programme_id == programme.id)
        programmes = programmes.where(ProgrammeYear.id == programme.id)
    sums: dict[tuple[uuid.UUID, str], int] = defaultdict(int)
    by_id: dict[uuid.UUID, LedgerEntry] = {}
    ledger_subsidy: dict[uuid.UUID, int] = defaultdict(int)
    for entry in session.exec(entries):
        sums[(entry.invoice_id, entry.kind)] += entry.amount
        by_id[entry.id] = entry
        if entry.kind == EntryKind.SUBSIDY:
            ledger_subsidy[entry.programme_id] += entry.amount
    invoice_subsidy: dict[uuid.UUID, int] = defaultdict(int)
    for invoice in session.exec(invoices):
        scope = f"invoice:{invoice.id}"
        invoice_subsidy[invoice.programme_id] += invoice.subsidy
        if invoice.subsidy + invoice.institution_share != invoice.total:
            problems.append(
                Problem(
                    scope,
                    f"subsidy {invoice.subsidy} + share {invoice.institution_share} != total {invoice.total}",
                )
            )
        if sums[(invoice.id, EntryKind.CHARGE)] != invoice.total:
            problems.append(
                Problem(
                    scope,
                    f"ledger charge {sums[(invoice.id, EntryKind.CHARGE)]} != invoice total {invoice.total}",
                )
            )
        if sums[(invoice.id, EntryKind.SUBSIDY)] != invoice.subsidy:
            problems.append(
                Problem(
                    scope,
                    f"ledger subsidy {sums[(invoice.id, EntryKind.SUBSIDY)]} "
                    f"!= invoice subsidy {invoice.subsidy}",
                )
            )
        paid = sums[(invoice.id, EntryKind.PAYMENT)]
        if not 0 <= paid <= invoice.institution_share:
            problems.append(Problem(scope, f"payments {paid} outside 0..{invoice.institution_share}"))
    for entry in by_id.values():
        if entry.reverses_id is None:
            continue
        original = by_id.get(entry.reverses_id)
        if (
            original is None
            or original.kind != entry.kind
            or original.amount != -entry.amount
            or original.invoice_id != entry.invoice_id
            or original.reverses_id is not None
        ):
            problems.append(Problem(f"entry:{entry.id}", "reversal does not negate the row it references"))
    for year in session.exec(programmes):
        scope = f"programme:{year.year}"
        if invoice_subsidy[year.id] > year.budget:
            problems.append(
                Problem(scope, f"subsidy {invoice_subsidy[year.id]} exceeds budget {year.budget}")
            )
        if not year.subsidy_committed == invoice_subsidy[year.id] == ledger_subsidy[year.id]:
            problems.append(
                Problem(
                    scope,
                    f"committed {year.subsidy_committed}, invoices {invoice_subsidy[year.id]},"
                    f" ledger {ledger_subsidy[year.id]} differ",
                )
            )
    return problems
