"""A programme year's settings: what the operator may set, checked all together.

Every value is checked against the year's other values *after* the change (a PATCH of the
maximum online share alone can still cross the stored minimum), and a revision with any
reason is refused whole, so a refused save never leaves half a policy behind. Reasons come in
form order: the smart-training policy first, then cap, rate, budget, prices and seats.

Money is integer won; rates and shares are exact fractions entered as "1/2", "50%" or "0.5"
(`classroom.core.money.parse_rate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from fractions import Fraction

from classroom.core.money import format_rate, parse_rate
from classroom.leases.rules.reasons import Param, Reason

# Far above any real course, low enough that minutes stay well inside a 32-bit column.
MAX_HOURS = 10_000
HOUR_RANGES: Mapping[str, tuple[int, int]] = {
    "min_total_hours": (0, MAX_HOURS),
    "min_online_hours": (0, MAX_HOURS),
    "max_daily_hours": (1, 24),
}
SHARES = ("online_share_min", "online_share_max")
POLICY_SETTINGS = (
    "min_total_hours",
    "online_share_min",
    "online_share_max",
    "min_online_hours",
    "max_daily_hours",
)


@dataclass(frozen=True)
class Settings:
    """Everything an operator sets for a programme year (DOMAIN.md defaults in the schemas)."""

    lease_cap: int  # classrooms of approved leases in the year
    subsidy_rate: Fraction
    budget: int  # won
    monthly_fee: int  # won per classroom per month
    storage_bytes_per_classroom: int
    live_seats_per_classroom: int
    # The smart-training (스마트훈련) policy of courses starting in the year.
    min_total_hours: int
    online_share_min: Fraction
    online_share_max: Fraction
    min_online_hours: int
    max_daily_hours: int


SETTINGS = tuple(f.name for f in fields(Settings))


@dataclass(frozen=True)
class Revision:
    settings: Settings  # meaningful only when `reasons` is empty
    reasons: tuple[Reason, ...]

    @property
    def accepted(self) -> bool:
        return not self.reasons


def _whole(value: object) -> int | None:
    """A whole number typed as an int or as digits (forms send text); anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _shown(value: object) -> Param:
    """The entered value as a message parameter."""
    return value if isinstance(value, int | str) and not isinstance(value, bool) else str(value)


def _rate(value: object) -> Fraction | None:
    try:
        return parse_rate(str(value))
    except ValueError:
        return None


def _policy(current: Settings, changes: Mapping[str, object], reasons: list[Reason]) -> dict[str, int]:
    """The policy hours after `changes`; a malformed or out-of-range one adds its reason."""
    hours = {
        "min_total_hours": current.min_total_hours,
        "min_online_hours": current.min_online_hours,
        "max_daily_hours": current.max_daily_hours,
    }
    for name, (low, high) in HOUR_RANGES.items():
        if name not in changes:
            continue
        value = _whole(changes[name])
        if value is None or not low <= value <= high:
            params = {"value": _shown(changes[name]), "min": low, "max": high}
            reasons.append(Reason(f"programme.{name}_invalid", params, field=name))
        else:
            hours[name] = value
    return hours


def _shares(current: Settings, changes: Mapping[str, object], reasons: list[Reason]) -> dict[str, Fraction]:
    """The online share bounds after `changes`; their order is checked only when every policy
    value so far is well formed (a malformed bound would make the comparison meaningless)."""
    shares = {"online_share_min": current.online_share_min, "online_share_max": current.online_share_max}
    for name in SHARES:
        if name not in changes:
            continue
        share = _rate(changes[name])
        if share is None:
            reasons.append(Reason(f"programme.{name}_invalid", {"value": _shown(changes[name])}, field=name))
        else:
            shares[name] = share
    low, high = shares["online_share_min"], shares["online_share_max"]
    if not reasons and low > high:
        params = {"low": format_rate(low), "high": format_rate(high)}
        reasons.append(Reason("programme.online_share_order", params, field="online_share_min"))
    return shares


def _amounts(
    current: Settings, changes: Mapping[str, object], reasons: list[Reason], cap_used: int, committed: int
) -> dict[str, int]:
    amounts = {
        "lease_cap": current.lease_cap,
        "budget": current.budget,
        "monthly_fee": current.monthly_fee,
        "storage_bytes_per_classroom": current.storage_bytes_per_classroom,
        "live_seats_per_classroom": current.live_seats_per_classroom,
    }
    if "lease_cap" in changes:
        cap = _whole(changes["lease_cap"])
        if cap is None or cap < 0:
            reasons.append(Reason("programme.cap_negative", field="lease_cap"))
        elif cap < cap_used:
            reasons.append(Reason("programme.cap_below_used", {"cap": cap, "used": cap_used}, "lease_cap"))
        else:
            amounts["lease_cap"] = cap
    if "budget" in changes:
        budget = _whole(changes["budget"])
        if budget is None or budget < committed:
            params = {"budget": budget if budget is not None else 0, "committed": committed}
            reasons.append(Reason("programme.budget_below_committed", params, field="budget"))
        else:
            amounts["budget"] = budget
    for name in ("monthly_fee", "storage_bytes_per_classroom"):
        if name in changes:
            amount = _whole(changes[name])
            if amount is None or amount < 0:
                reasons.append(Reason("programme.amount_negative", field=name))
            else:
                amounts[name] = amount
    if "live_seats_per_classroom" in changes:
        seats = _whole(changes["live_seats_per_classroom"])
        if seats is None or seats < 1:
            reasons.append(Reason("programme.seats_invalid", field="live_seats_per_classroom"))
        else:
            amounts["live_seats_per_classroom"] = seats
    return amounts


def revise(current: Settings, changes: Mapping[str, object], *, cap_used: int, committed: int) -> Revision:
    """`current` with `changes` applied (names of `SETTINGS`; others are ignored), or the
    reasons it cannot be: a cap below the classrooms already approved (`cap_used`) or a budget
    below the subsidy already committed (`committed`) is refused, as is any malformed value."""
    reasons: list[Reason] = []
    hours = _policy(current, changes, reasons)
    shares = _shares(current, changes, reasons)
    rate = current.subsidy_rate
    if "subsidy_rate" in changes:
        entered = _rate(changes["subsidy_rate"])
        if entered is None:
            params = {"value": _shown(changes["subsidy_rate"])}
            reasons.append(Reason("programme.rate_invalid", params, field="subsidy_rate"))
        else:
            rate = entered
    amounts = _amounts(current, changes, reasons, cap_used, committed)
    revised = Settings(
        lease_cap=amounts["lease_cap"],
        subsidy_rate=rate,
        budget=amounts["budget"],
        monthly_fee=amounts["monthly_fee"],
        storage_bytes_per_classroom=amounts["storage_bytes_per_classroom"],
        live_seats_per_classroom=amounts["live_seats_per_classroom"],
        min_total_hours=hours["min_total_hours"],
        online_share_min=shares["online_share_min"],
        online_share_max=shares["online_share_max"],
        min_online_hours=hours["min_online_hours"],
        max_daily_hours=hours["max_daily_hours"],
    )
    return Revision(revised, tuple(reasons))


def share_input(share: Fraction) -> str:
    """A share as the form shows it: "10%" when that is exact, else "n/d" (1/3 is not 33.33%)."""
    if (share * 10_000).denominator == 1:
        return format_rate(share)
    return f"{share.numerator}/{share.denominator}"
