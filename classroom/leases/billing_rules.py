"""Monthly ASP lease billing and subsidy rules (see DOMAIN.md, "ASP lease and subsidy").

Pure functions only: persistence, locking and ledger rows live elsewhere and call in
here, so the arithmetic can be checked exhaustively without a database.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from fractions import Fraction

from classroom.core.money import Won, floor_fraction

_ONE_DAY = timedelta(days=1)


def _require_day(value: object, name: str) -> date:
    # datetime subclasses date; mixing them makes comparisons raise or silently use
    # times, and a billing day has no time of day.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, got {type(value).__name__}")
    return value


@dataclass(frozen=True)
class DateRange:
    """A run of calendar days, both ends inclusive (as in lease and designation dates)."""

    first: date
    last: date

    def __post_init__(self) -> None:
        _require_day(self.first, "first")
        _require_day(self.last, "last")
        if self.last < self.first:
            raise ValueError(f"date range ends ({self.last}) before it starts ({self.first})")

    def days(self) -> int:
        return (self.last - self.first).days + 1

    def contains(self, day: date) -> bool:
        return self.first <= _require_day(day, "day") <= self.last

    def intersect(self, other: DateRange) -> DateRange | None:
        first = max(self.first, other.first)
        last = min(self.last, other.last)
        return DateRange(first, last) if first <= last else None

    def each_day(self) -> Iterator[date]:
        day = self.first
        while day <= self.last:
            yield day
            day += _ONE_DAY


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_range(year: int, month: int) -> DateRange:
    return DateRange(date(year, month, 1), date(year, month, days_in_month(year, month)))


def active_days(month: DateRange, lease: DateRange, terminated_on: date | None = None) -> DateRange | None:
    """Days of ``month`` on which ``lease`` is active, or ``None`` if there are none.

    ``terminated_on`` is the last active day of an early-terminated lease: it is billed.
    A termination before the lease start means the lease never ran, so nothing is billed;
    a termination after the planned end changes nothing (termination never extends).
    """
    last = lease.last
    if terminated_on is not None:
        _require_day(terminated_on, "terminated_on")
        if terminated_on < lease.first:
            return None
        last = min(last, terminated_on)
    return month.intersect(DateRange(lease.first, last))


def count_covered_days(window: DateRange, ranges: Iterable[DateRange]) -> int:
    """Distinct days of ``window`` covered by at least one range (overlaps count once)."""
    clipped = sorted(
        (part.first, part.last) for part in (window.intersect(r) for r in ranges) if part is not None
    )
    covered = 0
    counted_through: date | None = None  # last day already counted; sorting makes it grow
    for first, last in clipped:
        if counted_through is not None:
            if last <= counted_through:
                continue
            first = max(first, counted_through + _ONE_DAY)
        covered += (last - first).days + 1
        counted_through = last
    return covered


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
