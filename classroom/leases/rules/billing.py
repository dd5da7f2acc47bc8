"""The money of one month's lease invoices (see DOMAIN.md, "ASP lease and subsidy").

For a month of D days, monthly fee F per classroom, C classrooms, A active days and E of those
days designated excellent (see `proration` for how the days are counted), with subsidy rate r:
  total   = ⌊F·C·A / D⌋
  eligible = ⌊F·C·E / D⌋
  subsidy = min(⌊eligible × r⌋, remaining programme budget)
  institution share = total − subsidy
Rounding: every division floors to whole won (the public side never pays a fractional won
more than earned); rates are exact fractions, never floats. Invoices of a month are charged
against the budget in closing order (`allocate_month`).

Pure functions only: persistence, locking and ledger rows live in `leases.billing` and call in
here, so the arithmetic can be checked exhaustively without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from fractions import Fraction

from classroom.core.money import Won, floor_fraction


def _require_count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")
    return value


def _validate_terms(
    days_in_month: int,
    monthly_fee: int,
    classrooms: int,
    active_days: int,
    excellent_days: int,
    rate: object,
) -> Fraction:
    """Shared checks of InvoiceTerms and InvoiceInput; returns the rate as a Fraction."""
    _require_count(days_in_month, "days_in_month")
    _require_count(monthly_fee, "monthly_fee")
    _require_count(classrooms, "classrooms")
    _require_count(active_days, "active_days")
    _require_count(excellent_days, "excellent_days")
    if not 28 <= days_in_month <= 31:
        raise ValueError(f"days_in_month must be 28..31, got {days_in_month}")
    if classrooms < 1:
        raise ValueError("an invoice needs at least one leased classroom")
    if active_days > days_in_month:
        raise ValueError(f"active_days {active_days} exceeds days in month {days_in_month}")
    if excellent_days > active_days:
        raise ValueError(f"excellent_days {excellent_days} exceeds active_days {active_days}")
    # Floats are refused even when exact (0.5): accepting them invites 0.1-style inputs.
    if isinstance(rate, bool) or not isinstance(rate, (Fraction, int)):
        raise ValueError(f"rate must be a Fraction, got {type(rate).__name__}")
    if not 0 <= rate <= 1:
        raise ValueError(f"rate must be between 0 and 1, got {rate}")
    return Fraction(rate)


@dataclass(frozen=True)
class InvoiceTerms:
    """An invoice's terms without the budget, for charging a month's invoices in order.

    The budget is a property of the moment of closing, not of the invoice, so
    ``allocate_month`` supplies it; keeping it out of this type means there is no
    ignored field that a caller could believe is honoured.
    """

    days_in_month: int  # D
    monthly_fee: Won  # F, per classroom
    classrooms: int  # C
    active_days: int  # A
    excellent_days: int  # E, 0 <= E <= A
    rate: Fraction

    def __post_init__(self) -> None:
        rate = _validate_terms(
            self.days_in_month,
            self.monthly_fee,
            self.classrooms,
            self.active_days,
            self.excellent_days,
            self.rate,
        )
        object.__setattr__(self, "rate", rate)

    def with_budget(self, remaining_budget: Won) -> InvoiceInput:
        terms = {f.name: getattr(self, f.name) for f in fields(InvoiceTerms)}
        return InvoiceInput(**terms, remaining_budget=remaining_budget)


@dataclass(frozen=True)
class InvoiceInput(InvoiceTerms):
    """Everything one monthly lease invoice depends on, including the budget left.

    ``remaining_budget`` is the programme budget still unspent at the moment this invoice
    is closed (earlier invoices already deducted).
    """

    remaining_budget: Won

    def __post_init__(self) -> None:
        super().__post_init__()
        _require_count(self.remaining_budget, "remaining_budget")


@dataclass(frozen=True)
class InvoiceAmounts:
    total: Won
    eligible: Won
    subsidy: Won
    institution_share: Won
    # True only when the budget actually cut the subsidy below ⌊eligible × rate⌋; a
    # budget that exactly covers it is not "limited".
    budget_limited: bool


def compute_invoice(i: InvoiceInput) -> InvoiceAmounts:
    """Amounts of one monthly invoice, exactly per DOMAIN.md.

    total = ⌊F·C·A / D⌋, eligible = ⌊F·C·E / D⌋,
    subsidy = min(⌊eligible × rate⌋, remaining budget), share = total − subsidy.
    The eligible amount is floored on its own (not derived from total) so a fully
    excellent month gives eligible == total.
    """
    base = i.monthly_fee * i.classrooms
    total = base * i.active_days // i.days_in_month
    eligible = base * i.excellent_days // i.days_in_month
    uncapped = floor_fraction(eligible, i.rate)
    subsidy = min(uncapped, i.remaining_budget)
    return InvoiceAmounts(
        total=total,
        eligible=eligible,
        subsidy=subsidy,
        institution_share=total - subsidy,
        budget_limited=subsidy < uncapped,
    )


def allocate_month(invoices: Sequence[InvoiceTerms], budget_remaining: Won) -> list[InvoiceAmounts]:
    """Charge a month's invoices against the budget in the given (closing) order.

    Each invoice gets min(its subsidy, what is left); once the budget is spent later
    invoices get 0. The result is aligned with ``invoices``. The caller must pass them in
    the order they are closed: order decides who is cut when the budget runs out.
    """
    left = _require_count(budget_remaining, "budget_remaining")
    results: list[InvoiceAmounts] = []
    for terms in invoices:
        # An InvoiceInput carries a budget of its own that allocation would silently ignore.
        if isinstance(terms, InvoiceInput) or not isinstance(terms, InvoiceTerms):
            raise TypeError(f"expected InvoiceTerms, got {type(terms).__name__}")
        amounts = compute_invoice(terms.with_budget(left))
        left -= amounts.subsidy
        results.append(amounts)
    return results
