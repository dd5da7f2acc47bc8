"""Property tests of the pure billing rules: invariants that must hold for any lease and budget."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from classroom.core.money import floor_fraction
from classroom.leases.rules.billing import InvoiceInput, InvoiceTerms, allocate_month, compute_invoice
from classroom.leases.rules.proration import DateRange, active_days, count_covered_days, month_range


def invoice(**fields: object) -> InvoiceInput:
    return InvoiceInput(**{"rate": Fraction(1, 2), "remaining_budget": 5_200_000_000, **fields})  # type: ignore[arg-type]


# --- properties -----------------------------------------------------------------------

days = st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 12, 31))
fees = st.integers(min_value=0, max_value=10_000_000)
budgets = st.integers(min_value=0, max_value=10**10)
rates = st.fractions(min_value=0, max_value=1, max_denominator=1_000)


@st.composite
def date_ranges(draw: st.DrawFn) -> DateRange:
    first = draw(days)
    return DateRange(first, first + timedelta(days=draw(st.integers(0, 400))))


@st.composite
def invoice_terms(draw: st.DrawFn) -> InvoiceTerms:
    d_ = draw(st.integers(28, 31))
    a = draw(st.integers(0, d_))
    return InvoiceTerms(
        days_in_month=d_,
        monthly_fee=draw(fees),
        classrooms=draw(st.integers(1, 300)),
        active_days=a,
        excellent_days=draw(st.integers(0, a)),
        rate=draw(rates),
    )


@given(invoice_terms(), budgets)
def test_property_invoice_invariants(t: InvoiceTerms, budget: int) -> None:
    out = compute_invoice(t.with_budget(budget))
    base = t.monthly_fee * t.classrooms
    assert out.subsidy + out.institution_share == out.total
    assert 0 <= out.subsidy <= min(budget, out.eligible)
    assert 0 <= out.eligible <= out.total <= base
    # the formulas restated with Fractions instead of floor division
    assert out.total == int(Fraction(base * t.active_days, t.days_in_month))
    assert out.eligible == int(Fraction(base * t.excellent_days, t.days_in_month))
    uncapped = floor_fraction(out.eligible, t.rate)
    assert out.subsidy == min(uncapped, budget)
    assert out.budget_limited == (budget < uncapped)


@given(invoice_terms(), budgets, budgets)
def test_property_monotone_in_active_days_and_budget(t: InvoiceTerms, b1: int, b2: int) -> None:
    low, high = sorted((b1, b2))
    base = compute_invoice(t.with_budget(low))
    assert base.subsidy <= compute_invoice(t.with_budget(high)).subsidy
    assume(t.active_days < t.days_in_month)
    more = replace(t, active_days=t.active_days + 1)
    assert compute_invoice(more.with_budget(low)).total >= base.total


@given(st.lists(invoice_terms(), max_size=12), st.integers(min_value=0, max_value=10**8))
def test_property_allocate_month_respects_budget(invoices: list[InvoiceTerms], budget: int) -> None:
    out = allocate_month(invoices, budget)
    assert len(out) == len(invoices)
    uncapped = [compute_invoice(t.with_budget(10**18)).subsidy for t in invoices]
    paid = [o.subsidy for o in out]
    assert sum(paid) <= budget
    assert sum(paid) == min(budget, sum(uncapped))
    assert all(0 <= p <= u for p, u in zip(paid, uncapped, strict=False))
    # greedy in order: paid in full before the first cut, nothing after it
    cut = next((i for i, o in enumerate(out) if o.budget_limited), None)
    if cut is not None:
        assert paid[:cut] == uncapped[:cut]
        assert all(p == 0 for p in paid[cut + 1 :])
    for t, o in zip(invoices, out, strict=False):
        assert o.total == compute_invoice(t.with_budget(0)).total
        assert o.subsidy + o.institution_share == o.total


@given(
    st.integers(2019, 2031),
    st.integers(1, 12),
    fees,
    st.integers(1, 300),
    st.integers(0, 400),
    st.integers(0, 400),
)
def test_property_full_month_lease_bills_exactly_fee_times_classrooms(
    year: int, month: int, fee: int, rooms: int, before: int, after: int
) -> None:
    span = month_range(year, month)
    lease = DateRange(span.first - timedelta(days=before), span.last + timedelta(days=after))
    active = active_days(span, lease)
    assert active == span
    out = compute_invoice(
        invoice(
            days_in_month=span.days(),
            monthly_fee=fee,
            classrooms=rooms,
            active_days=active.days(),
            excellent_days=active.days(),
        )
    )
    assert out.total == out.eligible == fee * rooms
    assert out.subsidy == fee * rooms // 2


@given(st.integers(2019, 2031), st.integers(1, 12), date_ranges(), st.one_of(st.none(), days))
def test_property_active_days_matches_day_by_day(
    year: int, month: int, lease: DateRange, terminated_on: date | None
) -> None:
    span = month_range(year, month)
    result = active_days(span, lease, terminated_on)
    expected = {
        day
        for day in span.each_day()
        if lease.contains(day) and (terminated_on is None or day <= terminated_on)
    }
    assert (set(result.each_day()) if result else set()) == expected


@given(date_ranges(), st.lists(date_ranges(), max_size=8))
def test_property_covered_days_and_intersect(window: DateRange, ranges: list[DateRange]) -> None:
    expected = {day for day in window.each_day() if any(x.contains(day) for x in ranges)}
    assert count_covered_days(window, ranges) == len(expected)
    assert count_covered_days(window, ranges + ranges) == len(expected)
    for other in ranges:
        got = window.intersect(other)
        both = set(window.each_day()) & set(other.each_day())
        assert (set(got.each_day()) if got else set()) == both
