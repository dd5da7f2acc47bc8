"""Grading and exact scores (rules/scoring.py)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quality.rules.kinds import QuestionKind
from quality.rules.scoring import (
    Item,
    Response,
    auto_points,
    exact_decimal,
    normalise,
    parse_score,
    passed,
    score,
    shown,
    total,
)

SINGLE = Item("q1", QuestionKind.SINGLE, 5, ("A", "B", "C"), frozenset({1}))
MULTI = Item("q2", QuestionKind.MULTIPLE, 10, ("A", "B", "C", "D"), frozenset({0, 2}))
SHORT = Item("q3", QuestionKind.SHORT, 5, accepted=("머신러닝", "Machine Learning"))
ESSAY = Item("q4", QuestionKind.ESSAY, 20)


def test_single_choice_earns_its_points_only_for_the_right_option():
    assert auto_points(SINGLE, Response(frozenset({1}))) == 5
    assert auto_points(SINGLE, Response(frozenset({0}))) == 0
    assert auto_points(SINGLE, Response(frozenset({0, 1}))) == 0  # two picks on a single choice
    assert auto_points(SINGLE, None) == 0


def test_multiple_choice_needs_exactly_the_correct_set():
    assert auto_points(MULTI, Response(frozenset({0, 2}))) == 10
    assert auto_points(MULTI, Response(frozenset({0}))) == 0
    assert auto_points(MULTI, Response(frozenset({0, 1, 2, 3}))) == 0  # everything ticked earns nothing


def test_short_answers_are_compared_after_normalising():
    assert auto_points(SHORT, Response(text="  머신러닝 ")) == 5
    assert auto_points(SHORT, Response(text="machine   learning")) == 5
    assert auto_points(SHORT, Response(text="ＭＡＣＨＩＮＥ learning")) == 5  # full-width letters (NFKC)
    assert auto_points(SHORT, Response(text="딥러닝")) == 0
    assert auto_points(SHORT, Response(text="")) == 0
    assert normalise("A\u3000B") == "a b"


def test_essays_wait_for_a_person():
    assert auto_points(ESSAY, Response(text="서술")) is None


def test_exact_scores_and_the_pass_mark():
    assert score(2, 3) == Fraction(200, 3)
    assert not passed(Fraction(200, 3), 67)  # 66⅔ < 67
    assert passed(Fraction(60), 60)  # exactly the pass mark passes
    assert not passed(Fraction(5999, 100), 60)
    assert score(0, 7) == 0 and score(7, 7) == 100
    with pytest.raises(ValueError, match="point"):
        score(1, 0)
    with pytest.raises(ValueError, match="whole number"):
        score(8, 7)


def test_scores_are_shown_truncated_to_two_decimals():
    assert shown(Fraction(200, 3)) == "66.66"
    assert shown(Fraction(175, 2)) == "87.5"
    assert shown(Fraction(100)) == "100"
    assert shown(Fraction(5999999, 100000)) == "59.99"  # never shows 60 below 60
    assert shown(Fraction(1, 20)) == "0.05"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("87", Fraction(87)),
        ("87.5", Fraction(175, 2)),
        ("87,25", Fraction(349, 4)),
        ("0", Fraction(0)),
        ("100", Fraction(100)),
        (" 60.0 ", Fraction(60)),
    ],
)
def test_entered_scores_parse_exactly(text, value):
    assert parse_score(text) == value


@pytest.mark.parametrize("text", ["", "abc", "100.01", "101", "-1", "87.555", "1e2", "87.", ".5"])
def test_entered_scores_outside_the_rules_are_refused(text):
    assert parse_score(text) is None


def test_total_waits_for_every_item():
    assert total([5, 0, None]) is None
    assert total([5, 0, 3]) == 8


@given(
    st.integers(min_value=1, max_value=500).flatmap(
        lambda p: st.tuples(st.integers(min_value=0, max_value=p), st.just(p))
    )
)
def test_scores_stay_between_zero_and_one_hundred_and_shown_never_overstates(pair):
    earned, possible = pair
    value = score(earned, possible)
    assert 0 <= value <= 100
    assert Fraction(shown(value)) <= value < Fraction(shown(value)) + Fraction(1, 100)


@given(st.integers(min_value=0, max_value=10000))
def test_every_two_decimal_score_round_trips(hundredths):
    value = Fraction(hundredths, 100)
    assert exact_decimal(value)
    assert parse_score(shown(value)) == value
