"""What the money books must satisfy, checked over plain figures (see `ledger.verify`).

The ledger is append-only: a correction is a new row of the same kind with the negated amount,
pointing at the row it reverses, so sums by kind are always the corrected figures. Only
payments can be reversed: charges and subsidies follow from the closed terms by the billing
rules and are right by construction.

Invariants, per invoice: subsidy + share = total; ledger charge = total; ledger subsidy =
subsidy; 0 ≤ net payments ≤ share. Per entry: a reversal negates an original (not a reversal)
of the same kind and invoice. Per programme year: Σ subsidy ≤ budget, and the running
committed figure equals both the invoices' and the ledger's subsidy sums.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from classroom.leases.rules.reasons import Reason


class EntryKind(StrEnum):
    CHARGE = "charge"  # the invoice total owed for the month
    SUBSIDY = "subsidy"  # the part the programme budget pays
    PAYMENT = "payment"  # the institution's share received


class InvoiceFigures(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def programme_id(self) -> uuid.UUID: ...
    @property
    def total(self) -> int: ...
    @property
    def subsidy(self) -> int: ...
    @property
    def institution_share(self) -> int: ...


class EntryFigures(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def programme_id(self) -> uuid.UUID: ...
    @property
    def invoice_id(self) -> uuid.UUID: ...
    @property
    def kind(self) -> EntryKind: ...
    @property
    def amount(self) -> int: ...
    @property
    def reverses_id(self) -> uuid.UUID | None: ...


class YearFigures(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def year(self) -> int: ...
    @property
    def budget(self) -> int: ...
    @property
    def subsidy_committed(self) -> int: ...


@dataclass(frozen=True)
class Problem:
    scope: str  # "invoice:<id>", "entry:<id>" or "programme:<year>"
    reason: Reason


def _invoice_problems(invoice: InvoiceFigures, sums: dict[tuple[uuid.UUID, EntryKind], int]) -> list[Problem]:
    scope = f"invoice:{invoice.id}"
    found: list[Problem] = []
    if invoice.subsidy + invoice.institution_share != invoice.total:
        params = {"subsidy": invoice.subsidy, "share": invoice.institution_share, "total": invoice.total}
        found.append(Problem(scope, Reason("ledger.check.split", params)))
    charge = sums[(invoice.id, EntryKind.CHARGE)]
    if charge != invoice.total:
        found.append(
            Problem(scope, Reason("ledger.check.charge", {"charge": charge, "total": invoice.total}))
        )
    subsidy = sums[(invoice.id, EntryKind.SUBSIDY)]
    if subsidy != invoice.subsidy:
        params = {"ledger": subsidy, "subsidy": invoice.subsidy}
        found.append(Problem(scope, Reason("ledger.check.subsidy", params)))
    paid = sums[(invoice.id, EntryKind.PAYMENT)]
    if not 0 <= paid <= invoice.institution_share:
        params = {"paid": paid, "share": invoice.institution_share}
        found.append(Problem(scope, Reason("ledger.check.payments", params)))
    return found


def _negates(entry: EntryFigures, original: EntryFigures | None) -> bool:
    return (
        original is not None
        and original.kind == entry.kind
        and original.amount == -entry.amount
        and original.invoice_id == entry.invoice_id
        and original.reverses_id is None
    )


def check_books(
    invoices: Iterable[InvoiceFigures], entries: Iterable[EntryFigures], years: Iterable[YearFigures]
) -> list[Problem]:
    """Every broken invariant (module docstring); an empty list means the books balance.
    Pass the invoices, entries and programme years of the same scope (one year or all)."""
    sums: dict[tuple[uuid.UUID, EntryKind], int] = defaultdict(int)
    by_id: dict[uuid.UUID, EntryFigures] = {}
    ledger_subsidy: dict[uuid.UUID, int] = defaultdict(int)
    for entry in entries:
        sums[(entry.invoice_id, entry.kind)] += entry.amount
        by_id[entry.id] = entry
        if entry.kind == EntryKind.SUBSIDY:
            ledger_subsidy[entry.programme_id] += entry.amount
    problems: list[Problem] = []
    invoice_subsidy: dict[uuid.UUID, int] = defaultdict(int)
    for invoice in invoices:
        invoice_subsidy[invoice.programme_id] += invoice.subsidy
        problems.extend(_invoice_problems(invoice, sums))
    for entry in by_id.values():
        if entry.reverses_id is not None and not _negates(entry, by_id.get(entry.reverses_id)):
            problems.append(Problem(f"entry:{entry.id}", Reason("ledger.check.reversal")))
    for year in years:
        scope = f"programme:{year.year}"
        spent, booked = invoice_subsidy[year.id], ledger_subsidy[year.id]
        if spent > year.budget:
            problems.append(
                Problem(scope, Reason("ledger.check.budget", {"subsidy": spent, "budget": year.budget}))
            )
        if not year.subsidy_committed == spent == booked:
            params = {"committed": year.subsidy_committed, "invoices": spent, "ledger": booked}
            problems.append(Problem(scope, Reason("ledger.check.committed", params)))
    return problems
