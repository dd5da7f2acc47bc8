"""The live room's pure rules: admission, chat limits, checks, and the state reducer."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom.live.rules.admission import OPENS_BEFORE, Door, Refusal, Standing, admit
from classroom.live.rules.checks import answered_in_time, deadline, next_random, valid_interval
from classroom.live.rules.limits import MAX_CHAT_CHARS, clean_text, wait_seconds
from classroom.live.rules.state import RECENT_CHAT, apply, empty

START = datetime(2026, 4, 6, 0, 0, tzinfo=UTC)
END = START + timedelta(hours=3)


def door(role: str = "trainee", now: datetime = START, **facts: object) -> Door:
    values: dict[str, object] = dict(
        role=role,
        teaches=False,
        enrolled=True,
        removed=False,
        now=now,
        starts_at=START,
        ends_at=END,
        ended_at=None,
    )
    values.update(facts)
    return Door(**values)  # type: ignore[arg-type]


def test_the_trainee_window_opens_ten_minutes_before_and_both_ends_are_exact() -> None:
    assert admit(door(now=START - OPENS_BEFORE - timedelta(seconds=1))).refusal is Refusal.NOT_OPEN
    assert admit(door(now=START - OPENS_BEFORE)).standing is Standing.TRAINEE
    opened = admit(door(now=END - timedelta(seconds=1)))
    assert opened.standing is Standing.TRAINEE and not opened.read_only and opened.takes_seat
    after = admit(door(now=END))
    assert after.standing is Standing.TRAINEE and after.read_only and not after.takes_seat


def test_who_is_refused_and_who_observes() -> None:
    assert admit(door(enrolled=False)).refusal is Refusal.NOT_ENROLLED
    assert admit(door(removed=True)).refusal is Refusal.REMOVED
    assert admit(door(removed=True, now=END)).read_only  # after the end a removed trainee may read
    assert admit(door("instructor")).refusal is Refusal.NOT_TEACHING
    assert admit(door("instructor", teaches=True, now=START - timedelta(hours=5))).takes_seat
    observer = admit(door("inspector", enrolled=False))
    assert observer.standing is Standing.OBSERVER and observer.read_only and not observer.takes_seat
    for role in ("institution_admin", "supervisor", "operator"):
        assert admit(door(role)).refusal is Refusal.ROLE
    ended = admit(door(ended_at=START + timedelta(minutes=30), now=START + timedelta(minutes=31)))
    assert ended.read_only


@given(st.integers(min_value=-10_000, max_value=20_000))
def test_a_trainee_takes_a_seat_exactly_inside_the_window(offset: int) -> None:
    now = START + timedelta(seconds=offset)
    admission = admit(door(now=now))
    inside = START - OPENS_BEFORE <= now < END
    assert admission.takes_seat == inside


def test_chat_text_is_trimmed_and_bounded() -> None:
    assert clean_text("  안녕하세요\x07 ", MAX_CHAT_CHARS) == "안녕하세요"
    assert clean_text("줄\n바꿈", MAX_CHAT_CHARS) == "줄\n바꿈"
    assert clean_text(" \t ", MAX_CHAT_CHARS) is None
    assert clean_text("가" * MAX_CHAT_CHARS, MAX_CHAT_CHARS) is not None
    assert clean_text("가" * (MAX_CHAT_CHARS + 1), MAX_CHAT_CHARS) is None


def test_the_rate_limit_frees_a_slot_when_the_oldest_message_leaves_the_window() -> None:
    window = timedelta(seconds=10)
    sent = [START + timedelta(seconds=s) for s in range(10)]
    assert wait_seconds(sent[:9], START + timedelta(seconds=9), 10, window) == 0
    assert wait_seconds(sent, START + timedelta(seconds=9), 10, window) == 1
    assert wait_seconds(sent, START + timedelta(seconds=9.5), 10, window) == 1
    assert wait_seconds(sent, START + timedelta(seconds=10), 10, window) == 0
    assert wait_seconds(sent, START, 0, window) == 0


@given(st.lists(st.integers(min_value=0, max_value=60_000), max_size=30), st.integers(1, 12))
def test_after_waiting_what_the_limit_says_one_more_message_is_allowed(millis: list[int], limit: int) -> None:
    window = timedelta(seconds=10)
    now = START + timedelta(seconds=60)
    sent = [START + timedelta(milliseconds=m) for m in millis]
    wait = wait_seconds(sent, now, limit, window)
    inside = [t for t in sent if now - window < t <= now]
    assert (wait == 0) == (len(inside) < limit)
    if wait:
        assert wait_seconds(sent, now + timedelta(seconds=wait), limit, window) == 0


def test_checks_answer_window_and_random_schedule() -> None:
    closes = deadline(START)
    assert closes - START == timedelta(seconds=60)
    assert answered_in_time(START, closes, START)
    assert answered_in_time(START, closes, closes - timedelta(microseconds=1))
    assert not answered_in_time(START, closes, closes)
    assert valid_interval(3, 120) and valid_interval(10, 10)
    assert not valid_interval(2, 10) and not valid_interval(20, 10) and not valid_interval(10, 121)
    rng = random.Random(7)
    for _ in range(200):
        due = next_random(START, 10, 20, rng)
        assert timedelta(minutes=10) <= due - START <= timedelta(minutes=20)


def test_the_reducer_follows_people_hands_chat_polls_and_checks() -> None:
    state = empty("staff")
    apply(
        state, "presence", {"user_id": "a", "name": "김하나", "role": "trainee", "state": "present"}, "staff"
    )
    apply(state, "hand", {"user_id": "a", "raised": True}, "staff")
    apply(state, "hand", {"user_id": "a", "raised": True}, "staff")
    assert state["hands"] == ["a"]
    apply(state, "presence", {"user_id": "a", "name": "", "role": "trainee", "state": "gone"}, "staff")
    assert state["participants"] == {} and state["hands"] == []
    for n in range(RECENT_CHAT + 5):
        apply(state, "chat", {"id": str(n), "text": str(n)}, "staff")
    assert len(state["chat"]) == RECENT_CHAT and state["chat"][0]["id"] == "5"
    poll = {"id": "p", "question": "?", "options": ["a", "b"], "open": True, "opened_at": "t"}
    apply(state, "poll", poll, "staff")
    assert state["poll"]["counts"] == [0, 0]  # staff watch the tally from zero
    trainee = empty("trainee")
    apply(trainee, "poll", poll, "trainee")
    assert trainee["poll"]["counts"] is None
    apply(trainee, "poll.vote", {"poll_id": "p", "option": 1}, "trainee")
    apply(trainee, "poll", {**poll, "open": False, "closed_at": "u", "counts": [0, 1]}, "trainee")
    assert trainee["poll"]["my_vote"] == 1 and trainee["poll"]["counts"] == [0, 1]
    apply(
        trainee,
        "check",
        {"id": "c", "opened_at": "t", "deadline_at": "u", "open": True, "by": "random"},
        "trainee",
    )
    apply(trainee, "check.answer", {"check_id": "c", "at": "t"}, "trainee")
    assert trainee["check"]["answered"] is True and trainee["check"]["answered_ids"] is None
    apply(trainee, "mute", {"user_id": None, "muted": True}, "trainee")
    apply(trainee, "mute", {"user_id": "b", "muted": True}, "trainee")
    assert trainee["chat_muted"] and trainee["muted"] == ["b"]
    apply(trainee, "ended", {"at": "v"}, "trainee")
    assert trainee["ended_at"] == "v"


@pytest.mark.parametrize("kind", ["replaced", "unknown.future.kind"])
def test_kinds_the_state_does_not_hold_change_nothing(kind: str) -> None:
    state = empty("trainee")
    assert apply(state, kind, {"connection_id": "x"}, "trainee") == empty("trainee")
