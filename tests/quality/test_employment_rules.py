"""Employment rates exactly as DOMAIN.md defines them: boundaries and properties."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quality.rules.employment import (
    HIGH_PERFORMING,
    Completer,
    add_months,
    count,
    employed_by,
    final,
    horizon,
    percent_text,
    pooled,
    rate,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # no 31st in February: its last day
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # a leap year's last day
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 3, 31), 3, date(2026, 6, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 15), 3, date(2026, 8, 15)),  # same day number
        (date(2026, 10, 1), 6, date(2027, 4, 1)),  # across New Year
        (date(2026, 12, 31), 0, date(2026, 12, 31)),
    ],
)
def test_months_are_added_with_month_end_clamping(day, months, expected):
    assert add_months(day, months) == expected


ENDS = date(2026, 8, 31)


def test_a_start_exactly_on_the_horizon_counts_and_a_day_later_does_not():
    on = Completer(True, horizon(ENDS, 3), True)  # 2026-11-30
    after = Completer(True, horizon(ENDS, 3) + timedelta(days=1), True)
    assert horizon(ENDS, 3) == date(2026, 11, 30)
    assert employed_by(on, ENDS, 3, insured_only=False)
    assert not employed_by(after, ENDS, 3, insured_only=False)
    assert employed_by(after, ENDS, 6, insured_only=False)


def test_eight_thirty_one_plus_six_months_is_the_end_of_february():
    last_day = Completer(True, date(2027, 2, 28), False)
    march = Completer(True, date(2027, 3, 1), False)
    assert employed_by(last_day, ENDS, 6, insured_only=False)
    assert not employed_by(march, ENDS, 6, insured_only=False)


def test_already_employed_when_the_course_ended_counts_from_the_end_date():
    before = Completer(True, date(2025, 1, 2), True)
    assert employed_by(before, ENDS, 3, insured_only=True)
    assert rate([before], ENDS, 3, insured_only=True) == 1


def test_no_completers_means_no_rate_not_zero():
    counts = count([], ENDS)
    assert counts.rate(3, insured_only=False) is None
    assert counts.rate(6, insured_only=True) is None
    assert counts.high_performing is None


def test_insured_only_and_insured_plus_uninsured():
    people = [
        Completer(True, date(2026, 9, 10), True),
        Completer(True, date(2026, 9, 10), False),
        Completer(False),
        Completer(True, date(2027, 1, 5), True),  # after 3 months, within 6
    ]
    counts = count(people, ENDS)
    assert counts.rate(3, insured_only=True) == Fraction(1, 4)
    assert counts.rate(3, insured_only=False) == Fraction(2, 4)
    assert counts.rate(6, insured_only=True) == Fraction(2, 4)
    assert counts.rate(6, insured_only=False) == Fraction(3, 4)


def test_employed_without_a_start_date_or_not_employed_never_counts():
    assert not employed_by(Completer(True, None, True), ENDS, 6, insured_only=False)
    assert not employed_by(Completer(False, date(2026, 9, 1), True), ENDS, 6, insured_only=False)


@pytest.mark.parametrize(
    ("employed", "total", "high"), [(7, 10, True), (69, 100, False), (2, 3, False), (3, 4, True)]
)
def test_high_performing_at_exactly_seventy_percent(employed, total, high):
    people = [Completer(True, date(2026, 9, 1), False)] * employed + [Completer(False)] * (total - employed)
    counts = count(people, ENDS)
    assert counts.high_performing is high
    assert (counts.rate(6, insured_only=False) >= HIGH_PERFORMING) is high


def test_percent_is_truncated_to_one_decimal():
    assert percent_text(Fraction(2, 3)) == "66.6"
    assert percent_text(Fraction(7, 10)) == "70.0"
    assert percent_text(Fraction(1)) == "100.0"
    assert percent_text(Fraction(0)) == "0.0"
    assert percent_text(Fraction(6999, 10000)) == "69.9"  # never shows 70.0 below 70%


def test_a_horizon_is_final_the_day_after_it():
    assert not final(ENDS, 6, date(2027, 2, 28))
    assert final(ENDS, 6, date(2027, 3, 1))


def test_pooled_adds_counts_not_rates():
    a = count([Completer(True, date(2026, 9, 1), True)], ENDS)  # 1/1
    b = count([Completer(False)] * 3, ENDS)  # 0/3
    total = pooled([a, b])
    assert total.completers == 4
    assert total.rate(3, insured_only=False) == Fraction(1, 4)  # not the mean of 100% and 0%


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
completers = st.lists(
    st.builds(Completer, st.booleans(), st.one_of(st.none(), days), st.booleans()), max_size=30
)


@given(completers, days, st.sampled_from([3, 6]), st.booleans(), days, st.booleans())
def test_adding_an_employed_completer_never_lowers_a_rate(
    people, ends_on, months, insured_only, start, insured
):
    """…one who counts for that rate (employed by the horizon, and insured for insured-only)."""
    newcomer = Completer(True, min(start, horizon(ends_on, months)), insured or insured_only)
    before = rate(people, ends_on, months, insured_only=insured_only)
    after = rate([*people, newcomer], ends_on, months, insured_only=insured_only)
    assert after is not None
    assert before is None or after >= before
    # and the insured-plus-uninsured rate never drops when anyone employed in time is added
    everyone_before = rate(people, ends_on, months, insured_only=False)
    everyone_after = rate(
        [*people, Completer(True, newcomer.starts_on, False)], ends_on, months, insured_only=False
    )
    assert everyone_after is not None and (everyone_before is None or everyone_after >= everyone_before)


@given(completers, days, st.sampled_from([3, 6]), st.booleans())
def test_adding_a_completer_who_does_not_count_never_raises_a_rate(people, ends_on, months, insured_only):
    before = rate(people, ends_on, months, insured_only=insured_only)
    after = rate([*people, Completer(False)], ends_on, months, insured_only=insured_only)
    assert after is not None and (before is None or after <= before)


@given(completers, days)
def test_rates_are_fractions_between_zero_and_one_and_insured_never_exceeds_all(people, ends_on):
    counts = count(people, ends_on)
    for months in (3, 6):
        insured, everyone = counts.rate(months, insured_only=True), counts.rate(months, insured_only=False)
        if not people:
            assert insured is None and everyone is None
            continue
        assert insured is not None and everyone is not None
        assert 0 <= insured <= everyone <= 1
    if people:
        assert counts.at(3, insured_only=False) <= counts.at(6, insured_only=False)


@given(days, st.integers(min_value=0, max_value=24))
def test_added_months_land_in_the_right_month_and_never_overflow_it(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + timedelta(days=1)).day == 1)
