"""The held-lesson rule (`rules/held.py`), exhaustively over its inputs and by properties."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom.courses.rules.held import (
    Actor,
    Change,
    Proposal,
    Refusal,
    is_held,
    needs_reason,
    read_only,
    refusal,
    touches_past,
)

NOW = datetime(2026, 4, 20, 3, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
# A lesson's end relative to now: well past, just past, exactly now (counts as held), just ahead.
ENDS = {
    "past": NOW - timedelta(days=14),
    "just_past": NOW - SECOND,
    "now": NOW,
    "just_ahead": NOW + SECOND,
    "future": NOW + timedelta(days=3),
}
NEW_ENDS: dict[str | None, datetime | None] = {None: None, **ENDS}
REASONS = [None, "", "   ", "\n", "강사 착오로 시각 정정", "x"]


def _expected(
    actor: Actor, change: Change, end: str, new_end: str | None, reason: str | None
) -> Refusal | None:
    """The rule as the issue states it, written as a table rather than as the code is."""
    held = end in ("past", "just_past", "now")
    into_past = change is Change.EDIT and new_end in ("past", "just_past", "now")
    good_reason = reason is not None and reason.strip() != ""
    if actor is Actor.OTHER:
        return Refusal.NOT_ALLOWED
    if not held and not into_past:
        return None
    if actor is Actor.TEACHER:
        return Refusal.HELD if held else Refusal.INTO_PAST
    return None if good_reason else Refusal.REASON_REQUIRED


CASES = list(itertools.product(Actor, Change, ENDS, NEW_ENDS, REASONS))


@pytest.mark.parametrize(("who", "change", "end", "new_end", "reason"), CASES)
def test_every_combination(who, change, end, new_end, reason):
    proposal = Proposal(change, ENDS[end], NEW_ENDS[new_end])
    assert refusal(who, proposal, NOW, reason) == _expected(who, change, end, new_end, reason)


def test_the_table_covers_each_answer():
    answers = {_expected(*case) for case in CASES}
    assert answers == {None, *Refusal}


def test_the_end_instant_itself_is_held():
    assert is_held(NOW, NOW) and not is_held(NOW + SECOND, NOW) and is_held(NOW - SECOND, NOW)


def test_a_delete_ignores_any_new_end():
    future = Proposal(Change.DELETE, ENDS["future"], ENDS["past"])
    assert not touches_past(future, NOW)
    assert refusal(Actor.TEACHER, future, NOW) is None


def test_page_hints_agree_with_the_rule():
    for who, end in itertools.product(Actor, ENDS.values()):
        keep = Proposal(Change.EDIT, end)
        without = refusal(who, keep, NOW)
        assert read_only(who, end, NOW) == (without in (Refusal.NOT_ALLOWED, Refusal.HELD))
        assert needs_reason(who, end, NOW) == (without is Refusal.REASON_REQUIRED)


moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@given(
    who=st.sampled_from(Actor),
    change=st.sampled_from(Change),
    ends_at=moments,
    new_ends_at=st.none() | moments,
    now=moments,
    reason=st.none() | st.text(max_size=5),
)
def test_properties(who, change, ends_at, new_ends_at, now, reason):
    proposal = Proposal(change, ends_at, new_ends_at)
    answer = refusal(who, proposal, now, reason)
    # Nobody outside the course ever changes it; nobody is refused a lesson still ahead that stays ahead.
    if who is Actor.OTHER:
        assert answer is Refusal.NOT_ALLOWED
    elif not touches_past(proposal, now):
        assert answer is None
    # An instructor never rewrites the past, with or without a reason.
    if who is Actor.TEACHER and ends_at <= now:
        assert answer is Refusal.HELD
    # An admin's correction of the past goes through exactly when it says why.
    if who is Actor.ADMIN and touches_past(proposal, now):
        assert (answer is None) == bool(reason and reason.strip())
        assert answer in (None, Refusal.REASON_REQUIRED)
    # A reason never makes things worse, and never opens anything to an instructor.
    if answer is None:
        assert refusal(who, proposal, now, "사유") is None
    if who is Actor.TEACHER:
        assert refusal(who, proposal, now, "사유") == refusal(who, proposal, now, None)
