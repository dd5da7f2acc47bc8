"""Example tests of the pure money rules (rules/billing.py): invoice terms, the formulas with
their flooring, the budget cap and charging a month's invoices in closing order."""

from __future__ import annotations

from fractions import Fraction

import pytest

from classroom.leases.rules.billing import (
    InvoiceAmounts,
    InvoiceInput,
    InvoiceTerms,
    allocate_month,
    compute_invoice,
)
from classroom.leases.rules.proration import active_days, count_covered_days, month_range
from tests.leases.dates import d, r

HALF = Fraction(1, 2)
APRIL = month_range(2025, 4)
# F 300,000 × C 3 for a 30-day month; override per test.
BASE_TERMS: dict[str, object] = dict(
    days_in_month=30, monthly_fee=300_000, classrooms=3, active_days=30, excellent_days=30, rate=HALF
)


def invoice(**overrides: object) -> InvoiceInput:
    fields = {**BASE_TERMS, "remaining_budget": 5_200_000_000, **overrides}
    return InvoiceInput(**fields)  # type: ignore[arg-type]


def terms(**overrides: object) -> InvoiceTerms:
    return InvoiceTerms(**{**BASE_TERMS, **overrides})  # type: ignore[arg-type]


# --- InvoiceInput validation ----------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        (dict(days_in_month=27), "days_in_month must be 28..31, got 27"),
        (dict(days_in_month=32), "days_in_month must be 28..31, got 32"),
        (dict(days_in_month=0), "days_in_month must be 28..31, got 0"),
        (dict(active_days=31), "active_days 31 exceeds days in month 30"),  # A > D
        (dict(active_days=-1), "active_days must not be negative"),
        (dict(excellent_days=31, active_days=30), "excellent_days 31 exceeds active_days 30"),
        (dict(active_days=10, excellent_days=11), "excellent_days 11 exceeds active_days 10"),  # E > A
        (dict(excellent_days=-1), "excellent_days must not be negative"),
        (dict(monthly_fee=-1), "monthly_fee must not be negative"),
        (dict(classrooms=0), "at least one leased classroom"),
        (dict(classrooms=-2), "classrooms must not be negative"),
        (dict(remaining_budget=-1), "remaining_budget must not be negative"),
        (dict(rate=Fraction(-1, 2)), "rate must be between 0 and 1"),
        (dict(rate=Fraction(3, 2)), "rate must be between 0 and 1"),
        (dict(rate=0.5), "rate must be a Fraction, got float"),
        (dict(rate="1/2"), "rate must be a Fraction, got str"),
        (dict(rate=True), "rate must be a Fraction, got bool"),
        (dict(monthly_fee=300_000.0), "monthly_fee must be an int, got float"),
        (dict(monthly_fee=True), "monthly_fee must be an int, got bool"),
        (dict(classrooms=1.0), "classrooms must be an int, got float"),
        (dict(remaining_budget=None), "remaining_budget must be an int, got NoneType"),
    ],
)
def test_invoice_input_rejects(overrides: dict[str, object], reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        invoice(**overrides)
    budgetless = {k: v for k, v in overrides.items() if k != "remaining_budget"}
    if budgetless:
        with pytest.raises(ValueError, match=reason):
            terms(**budgetless)


@pytest.mark.parametrize(
    "overrides",
    [
        dict(days_in_month=28, active_days=28, excellent_days=28),
        dict(days_in_month=31, active_days=31, excellent_days=0),
        dict(active_days=0, excellent_days=0),
        dict(monthly_fee=0),
        dict(remaining_budget=0),
        dict(rate=Fraction(0)),
        dict(rate=Fraction(1)),
        dict(rate=1),
    ],
)
def test_invoice_input_accepts_edges(overrides: dict[str, object]) -> None:
    made = invoice(**overrides)
    assert isinstance(made.rate, Fraction)
    budgetless = {k: v for k, v in overrides.items() if k != "remaining_budget"}
    assert terms(**budgetless).with_budget(made.remaining_budget) == made


# --- compute_invoice: hand-computed examples ------------------------------------------


@pytest.mark.parametrize(
    ("days", "fee", "rooms", "active", "excellent", "total", "eligible"),
    [
        (30, 300_000, 3, 17, 0, 510_000, 0),  # 900,000 × 17 / 30 exactly
        (30, 300_000, 3, 17, 10, 510_000, 300_000),
        (31, 333_333, 1, 1, 1, 10_752, 10_752),  # 333,333 / 31 = 10,752.67 → 10,752
        (31, 333_333, 1, 3, 3, 32_258, 32_258),  # 999,999 / 31 = 32,258.03
        (31, 310_000, 1, 16, 0, 160_000, 0),
        (31, 310_000, 2, 31, 31, 620_000, 620_000),
        (29, 290_000, 2, 10, 10, 200_000, 200_000),  # Feb 2028: 580,000 × 10 / 29
        (29, 100_000, 1, 15, 7, 51_724, 24_137),  # Feb 2024: 51,724.14 / 24,137.93
        (28, 280_000, 1, 14, 14, 140_000, 140_000),  # Feb 2027
        (28, 100_000, 1, 1, 1, 3_571, 3_571),  # 3,571.43
        (30, 100_000, 1, 1, 0, 3_333, 0),
        (30, 100_000, 1, 0, 0, 0, 0),
        (30, 0, 5, 30, 30, 0, 0),
    ],
)
def test_compute_invoice_examples(
    days: int, fee: int, rooms: int, active: int, excellent: int, total: int, eligible: int
) -> None:
    out = compute_invoice(
        invoice(
            days_in_month=days,
            monthly_fee=fee,
            classrooms=rooms,
            active_days=active,
            excellent_days=excellent,
        )
    )
    assert (out.total, out.eligible, out.subsidy) == (total, eligible, eligible // 2)
    assert out.institution_share == total - eligible // 2
    assert out.budget_limited is False


def test_subsidy_rounding_and_other_rates() -> None:
    odd = compute_invoice(
        invoice(days_in_month=31, monthly_fee=100_001, classrooms=1, active_days=31, excellent_days=31)
    )
    assert (odd.total, odd.eligible, odd.subsidy, odd.institution_share) == (
        100_001,
        100_001,
        50_000,
        50_001,  # 50,000.5 floors to 50,000
    )
    third = compute_invoice(invoice(rate=Fraction(1, 3), active_days=17, excellent_days=10))
    assert (third.subsidy, third.institution_share) == (100_000, 410_000)
    third = compute_invoice(
        invoice(
            rate=Fraction(1, 3),
            days_in_month=31,
            monthly_fee=333_333,
            classrooms=1,
            active_days=1,
            excellent_days=1,
        )
    )
    assert third.subsidy == 3_584  # 10,752 / 3
    assert compute_invoice(invoice(rate=Fraction(0))).subsidy == 0
    none = compute_invoice(invoice(excellent_days=0, remaining_budget=0))
    # nothing was cut: there was nothing to pay even with an empty budget
    assert (none.subsidy, none.institution_share, none.budget_limited) == (0, 900_000, False)
    # eligible is floored on its own, so a fully excellent month gives eligible == total
    full = compute_invoice(
        invoice(days_in_month=31, monthly_fee=333_333, classrooms=7, active_days=19, excellent_days=19)
    )
    assert full.eligible == full.total == 333_333 * 7 * 19 // 31


# --- compute_invoice: the budget ------------------------------------------------------
# F 300,000 × C 3, A 17, E 10 of D 30 → total 510,000, eligible 300,000, subsidy 150,000.


@pytest.mark.parametrize(
    ("remaining", "subsidy", "limited"),
    [
        (10**10, 150_000, False),
        (150_001, 150_000, False),
        (150_000, 150_000, False),  # exhausted exactly
        (149_999, 149_999, True),  # short by one won
        (40_000, 40_000, True),
        (1, 1, True),  # runs out mid-invoice
        (0, 0, True),  # nothing left
    ],
)
def test_budget_caps_subsidy(remaining: int, subsidy: int, limited: bool) -> None:
    out = compute_invoice(invoice(active_days=17, excellent_days=10, remaining_budget=remaining))
    assert out == InvoiceAmounts(
        total=510_000,
        eligible=300_000,
        subsidy=subsidy,
        institution_share=510_000 - subsidy,
        budget_limited=limited,
    )


# --- allocate_month -------------------------------------------------------------------

EACH_150K = terms(active_days=17, excellent_days=10)


def test_allocate_month_in_closing_order() -> None:
    no_subsidy = terms(excellent_days=0)
    out = allocate_month([EACH_150K, no_subsidy, EACH_150K, EACH_150K, EACH_150K], 400_000)
    assert [o.subsidy for o in out] == [150_000, 0, 150_000, 100_000, 0]
    assert [o.budget_limited for o in out] == [False, False, False, True, True]
    assert [o.institution_share for o in out] == [360_000, 900_000, 360_000, 410_000, 510_000]


@pytest.mark.parametrize(
    ("budget", "subsidies"),
    [
        (300_000, [150_000, 150_000, 0]),  # exhausted exactly
        (299_999, [150_000, 149_999, 0]),  # short by one won
        (150_001, [150_000, 1, 0]),
        (0, [0, 0, 0]),
        (10**9, [150_000, 150_000, 150_000]),
    ],
)
def test_allocate_month_budget_edges(budget: int, subsidies: list[int]) -> None:
    out = allocate_month([EACH_150K] * 3, budget)
    assert [o.subsidy for o in out] == subsidies
    assert [o.institution_share for o in out] == [510_000 - s for s in subsidies]
    assert out == [compute_invoice(EACH_150K.with_budget(budget - sum(subsidies[:i]))) for i in range(3)]


def test_allocate_month_order_and_bad_input() -> None:
    small = terms(active_days=3, excellent_days=3)  # eligible 90,000 → 45,000
    assert [o.subsidy for o in allocate_month([EACH_150K, small], 160_000)] == [150_000, 10_000]
    assert [o.subsidy for o in allocate_month([small, EACH_150K], 160_000)] == [45_000, 115_000]
    assert allocate_month([], 1_000) == []
    with pytest.raises(ValueError, match="budget_remaining must not be negative"):
        allocate_month([EACH_150K], -1)
    with pytest.raises(TypeError, match="expected InvoiceTerms, got InvoiceInput"):
        allocate_month([EACH_150K.with_budget(10)], 10)


# --- end to end from dates ------------------------------------------------------------


def test_scenario_lease_starting_mid_april_with_designation() -> None:
    active = active_days(APRIL, r("2025-04-14..2025-09-30"))
    assert active is not None
    # overlapping designations, clipped to the active days: 04-21..04-30 only once
    designations = ["2025-04-21..2026-04-20", "2025-04-25..2025-05-05", "2024-01-01..2025-04-13"]
    excellent = count_covered_days(active, map(r, designations))
    t = InvoiceTerms(
        days_in_month=APRIL.days(),
        monthly_fee=300_000,
        classrooms=3,
        active_days=active.days(),
        excellent_days=excellent,
        rate=HALF,
    )
    (out,) = allocate_month([t], 5_200_000_000)
    assert (out.total, out.eligible, out.subsidy, out.institution_share) == (
        510_000,
        300_000,
        150_000,
        360_000,
    )


def test_scenario_terminated_mid_february_2028() -> None:
    feb = month_range(2028, 2)
    active = active_days(feb, r("2027-09-01..2028-08-31"), terminated_on=d("2028-02-10"))
    assert active == r("2028-02-01..2028-02-10")
    out = compute_invoice(
        invoice(
            days_in_month=feb.days(),
            monthly_fee=290_000,
            classrooms=2,
            active_days=active.days(),
            excellent_days=active.days(),
        )
    )
    assert (out.total, out.subsidy, out.institution_share) == (200_000, 100_000, 100_000)
