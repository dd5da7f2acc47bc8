"""Example tests of the programme-settings rule (rules/settings.py): each value checked with the
others after the change, every reason in form order, numbers rather than sentences."""

from __future__ import annotations

from fractions import Fraction

import pytest

from classroom.leases.rules.reasons import Reason
from classroom.leases.rules.settings import SETTINGS, Settings, revise, share_input

DEFAULTS = Settings(
    lease_cap=300,
    subsidy_rate=Fraction(1, 2),
    budget=5_200_000_000,
    monthly_fee=300_000,
    storage_bytes_per_classroom=50 * 1024**3,
    live_seats_per_classroom=30,
    min_total_hours=140,
    online_share_min=Fraction(1, 10),
    online_share_max=Fraction(1, 2),
    min_online_hours=20,
    max_daily_hours=8,
)


def reasons(changes: dict[str, object], *, used: int = 0, committed: int = 0) -> list[tuple[str, str | None]]:
    revision = revise(DEFAULTS, changes, cap_used=used, committed=committed)
    return [(r.key, r.field) for r in revision.reasons]


def test_accepted_changes_parse_text_and_leave_the_rest() -> None:
    revision = revise(
        DEFAULTS,
        {"subsidy_rate": "40%", "online_share_max": "0.6", "max_daily_hours": "10", "lease_cap": 5, "x": 1},
        cap_used=5,
        committed=0,
    )
    assert revision.accepted
    assert revision.settings.subsidy_rate == Fraction(2, 5)
    assert revision.settings.online_share_max == Fraction(3, 5)
    assert (revision.settings.max_daily_hours, revision.settings.lease_cap) == (10, 5)
    assert revision.settings.budget == DEFAULTS.budget and revision.settings.online_share_min == Fraction(
        1, 10
    )
    assert revise(DEFAULTS, {}, cap_used=0, committed=0).settings == DEFAULTS
    assert "subsidy_rate" in SETTINGS and "max_daily_hours" in SETTINGS and len(SETTINGS) == 11


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"min_total_hours": -1}, [("programme.min_total_hours_invalid", "min_total_hours")]),
        ({"min_total_hours": 10_001}, [("programme.min_total_hours_invalid", "min_total_hours")]),
        ({"min_online_hours": "twenty"}, [("programme.min_online_hours_invalid", "min_online_hours")]),
        ({"max_daily_hours": 0}, [("programme.max_daily_hours_invalid", "max_daily_hours")]),
        ({"max_daily_hours": 25}, [("programme.max_daily_hours_invalid", "max_daily_hours")]),
        ({"max_daily_hours": True}, [("programme.max_daily_hours_invalid", "max_daily_hours")]),
        ({"online_share_min": "abc"}, [("programme.online_share_min_invalid", "online_share_min")]),
        ({"online_share_max": "150%"}, [("programme.online_share_max_invalid", "online_share_max")]),
        # the stored minimum (10%) is above the new maximum: the order is checked after the change
        ({"online_share_max": "5%"}, [("programme.online_share_order", "online_share_min")]),
        ({"lease_cap": -1}, [("programme.cap_negative", "lease_cap")]),
        ({"subsidy_rate": "150%"}, [("programme.rate_invalid", "subsidy_rate")]),
        ({"monthly_fee": -1}, [("programme.amount_negative", "monthly_fee")]),
        ({"storage_bytes_per_classroom": -5}, [("programme.amount_negative", "storage_bytes_per_classroom")]),
        ({"live_seats_per_classroom": 0}, [("programme.seats_invalid", "live_seats_per_classroom")]),
    ],
)
def test_each_refusal_names_its_field(changes: dict[str, object], expected: list[tuple[str, str]]) -> None:
    assert reasons(changes) == expected


def test_bounds_are_inclusive() -> None:
    edges = {
        "min_total_hours": 0,
        "min_online_hours": 10_000,
        "max_daily_hours": 24,
        "online_share_min": "1/2",
    }
    assert reasons(edges) == []
    assert reasons({"max_daily_hours": 1, "online_share_min": "0", "online_share_max": "1"}) == []


def test_cap_and_budget_cannot_go_below_what_is_already_used() -> None:
    revision = revise(DEFAULTS, {"lease_cap": 3, "budget": 1_000}, cap_used=4, committed=150_000)
    assert revision.reasons == (
        Reason("programme.cap_below_used", {"cap": 3, "used": 4}, "lease_cap"),
        Reason("programme.budget_below_committed", {"budget": 1_000, "committed": 150_000}, "budget"),
    )
    assert reasons({"lease_cap": 4, "budget": 150_000}, used=4, committed=150_000) == []


def test_every_reason_in_form_order_and_no_order_check_over_malformed_values() -> None:
    got = reasons(
        {"lease_cap": -1, "online_share_min": "x", "online_share_max": "1%", "min_total_hours": "?"}
    )
    assert got == [
        ("programme.min_total_hours_invalid", "min_total_hours"),
        ("programme.online_share_min_invalid", "online_share_min"),
        ("programme.cap_negative", "lease_cap"),
    ]


def test_reasons_carry_numbers_for_the_catalogue() -> None:
    (reason,) = revise(DEFAULTS, {"online_share_max": "5%"}, cap_used=0, committed=0).reasons
    assert reason.params == {"low": "10%", "high": "5%"}
    (hours,) = revise(DEFAULTS, {"max_daily_hours": "30"}, cap_used=0, committed=0).reasons
    assert hours.params == {"value": "30", "min": 1, "max": 24}


@pytest.mark.parametrize(
    ("share", "shown"),
    [(Fraction(1, 10), "10%"), (Fraction(1, 8), "12.5%"), (Fraction(1, 3), "1/3"), (Fraction(0), "0%")],
)
def test_share_input(share: Fraction, shown: str) -> None:
    assert share_input(share) == shown
