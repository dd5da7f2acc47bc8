"""Billing months: how they are written ("2026-04"), stepped through and when they may close.

A month is represented by the date of its first day. A month can be closed once it is over in
Seoul (its last day is before today), because only then are its days known.
"""

from __future__ import annotations

import re
from datetime import date

from classroom.leases.rules.proration import month_range

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")  # ASCII digits only, as in money.parse_rate


# The calendar window of every date the service accepts (classroom.core.dates).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_month(text: str | None) -> date | None:
    """ "2026-04" → 2026-04-01 (surrounding spaces allowed); ``None`` for anything else,
    including months outside FIRST_YEAR..LAST_YEAR."""
    match = _MONTH.fullmatch((text or "").strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_label(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    """The first day of the month after the one `month` falls in."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    """The first day of the month before the one `month` falls in."""
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def is_over(month: date, today: date) -> bool:
    """True once every day of `month` lies before `today`."""
    return month_range(month.year, month.month).last < today
