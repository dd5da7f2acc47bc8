"""The smart-training policy part of a programme year's settings: validation and storage.

Every value is checked against the year's other policy values *after* the change (a PATCH of
the maximum share alone can still cross the stored minimum), and nothing is written unless
all of them pass, so a refused save never leaves half a policy behind.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from classroom.core.errors import ValidationFailed
from classroom.core.money import format_rate, parse_rate
from classroom.leases.models import ProgrammeYear

POLICY_SETTINGS = (
    "min_total_hours",
    "online_share_min",
    "online_share_max",
    "min_online_hours",
    "max_daily_hours",
)
# Far above any real course, low enough that minutes stay well inside a 32-bit column.
MAX_HOURS = 10_000
HOUR_RANGES = {
    "min_total_hours": (0, MAX_HOURS),
    "min_online_hours": (0, MAX_HOURS),
    "max_daily_hours": (1, 24),
}


def share_input(share: Fraction) -> str:
    """A share as the form shows it: "10%" when that is exact, else "n/d" (1/3 is not 33.33%)."""
    if (share * 10_000).denominator == 1:
        return format_rate(share)
    return f"{share.numerator}/{share.denominator}"


def _whole_hours(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def apply_policy(programme: ProgrammeYear, changes: dict[str, Any]) -> None:
    """Validate the policy settings in `changes` together with the stored ones; then store them."""
    wanted = {k: changes[k] for k in POLICY_SETTINGS if k in changes}
    if not wanted:
        return
    errors: list[dict[str, Any]] = []
    hours: dict[str, int] = {}
    for name, (low, high) in HOUR_RANGES.items():
        if name not in wanted:
            continue
        value = _whole_hours(wanted[name])
        if value is None or not low <= value <= high:
            errors.append(
                {
                    "field": name,
                    "message_key": f"programme.{name}_invalid",
                    "params": {"value": wanted[name], "min": low, "max": high},
                }
            )
        else:
            hours[name] = value
    shares = {"online_share_min": programme.online_share_min, "online_share_max": programme.online_share_max}
    for name in ("online_share_min", "online_share_max"):
        if name not in wanted:
            continue
        try:
            shares[name] = parse_rate(str(wanted[name]))
        except ValueError:
            errors.append(
                {"field": name, "message_key": f"programme.{name}_invalid", "params": {"value": wanted[name]}}
            )
    low_share, high_share = shares["online_share_min"], shares["online_share_max"]
    if not errors and low_share > high_share:
        errors.append(
            {
                "field": "online_share_min",
                "message_key": "programme.online_share_order",
                "params": {"low": format_rate(low_share), "high": format_rate(high_share)},
            }
        )
    if errors:
        first = errors[0]
        raise ValidationFailed(
            first["message_key"], code="invalid_field", params=first["params"], errors=errors
        )
    for name, value in hours.items():
        setattr(programme, name, value)
    programme.online_min_num, programme.online_min_den = low_share.numerator, low_share.denominator
    programme.online_max_num, programme.online_max_den = high_share.numerator, high_share.denominator
