"""Short date notation for the rule tests: d("2025-04-14"), r("2025-04-14..2025-04-30")."""

from __future__ import annotations

from datetime import date

from classroom.leases.rules.proration import DateRange


def d(text: str) -> date:
    return date.fromisoformat(text)


def r(span: str) -> DateRange:
    """``"2025-04-14..2025-04-30"`` → DateRange; a single date is a one-day range."""
    first, _, last = span.partition("..")
    return DateRange(d(first), d(last or first))


def opt_r(span: str | None) -> DateRange | None:
    return r(span) if span else None
