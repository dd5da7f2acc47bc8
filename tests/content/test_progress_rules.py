"""The viewing-progress rule (content.rules.progress): examples at the boundaries and properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from content.rules.progress import MAX_STEP_MS, THRESHOLD, Beat, State, credit, merge, percent, total


def beat(
    at: int,
    position: int,
    start: int,
    *,
    seq: int,
    playback: str = "p",
    playing: bool = True,
    visible: bool = True,
) -> Beat:
    return Beat(at, playback, seq, position, start, playing, visible)


def play(beats: list[Beat], duration: int | None = 600_000) -> tuple[State, list[int]]:
    state, credited = State(), []
    for b in beats:
        outcome = credit(state, b, duration)
        state = outcome.state
        credited.append(outcome.credited_ms)
    return state, credited


def test_normal_playback_earns_real_time():
    state, credited = play(
        [beat(0, 0, 0, seq=0), beat(15_000, 15_000, 0, seq=1), beat(30_000, 30_000, 15_000, seq=2)]
    )
    assert credited == [0, 15_000, 15_000]
    assert state.intervals == ((0, 30_000),)


def test_seeking_to_the_end_earns_nothing():
    _state, credited = play([beat(0, 0, 0, seq=0), beat(2_000, 599_000, 599_000, seq=1)])
    assert credited == [0, 0]
    # …and a lying client claiming it played from 0 gets only the real seconds elapsed.
    _state, credited = play([beat(0, 0, 0, seq=0), beat(2_000, 600_000, 0, seq=1)])
    assert credited == [0, 2_000]


def test_double_speed_earns_real_time_only():
    state, credited = play(
        [beat(0, 0, 0, seq=0), beat(15_000, 30_000, 0, seq=1), beat(30_000, 60_000, 30_000, seq=2)]
    )
    assert credited == [0, 15_000, 15_000]
    assert state.watched_ms == 30_000


def test_overlapping_intervals_merge():
    state, credited = play(
        [
            beat(0, 10_000, 10_000, seq=0),
            beat(15_000, 25_000, 10_000, seq=1),  # 10–25 s
            beat(30_000, 30_000, 15_000, seq=2),  # seek back to 15 s, watch 15–30 s
        ]
    )
    assert state.intervals == ((10_000, 30_000),)
    assert credited == [0, 15_000, 5_000]


def test_replayed_and_out_of_order_heartbeats_do_not_count():
    first = [beat(0, 0, 0, seq=0), beat(15_000, 15_000, 0, seq=1)]
    state, _ = play(first)
    again = credit(state, beat(16_000, 15_000, 0, seq=1), 600_000)
    assert again.outcome == "replayed" and again.credited_ms == 0 and again.state == state
    older = credit(state, beat(17_000, 10_000, 0, seq=0), 600_000)
    assert older.outcome == "replayed" and older.state == state


def test_paused_or_hidden_earns_nothing():
    _state, credited = play([beat(0, 0, 0, seq=0), beat(15_000, 15_000, 0, seq=1, playing=False)])
    assert credited == [0, 0]
    _state, credited = play([beat(0, 0, 0, seq=0), beat(15_000, 15_000, 0, seq=1, visible=False)])
    assert credited == [0, 0]


def test_a_long_gap_earns_at_most_one_step():
    _state, credited = play([beat(0, 0, 0, seq=0), beat(3_600_000, 600_000, 0, seq=1)])
    assert credited == [0, MAX_STEP_MS]


def test_two_devices_share_the_same_real_time():
    _state, credited = play(
        [
            beat(0, 0, 0, seq=0, playback="phone"),
            beat(15_000, 15_000, 0, seq=1, playback="phone"),
            beat(15_500, 115_000, 100_000, seq=5, playback="laptop"),  # 0.5 s later, elsewhere
        ]
    )
    assert credited == [0, 15_000, 500]


def test_position_is_clamped_to_the_duration():
    state, credited = play([beat(0, 590_000, 590_000, seq=0), beat(15_000, 700_000, 590_000, seq=1)])
    assert credited == [0, 10_000]
    assert state.position_ms == 600_000


def test_percent_boundaries():
    assert percent(0, 600_000) == 0
    assert percent(479_999, 600_000) == 79
    assert percent(480_000, 600_000) == THRESHOLD
    assert percent(700_000, 600_000) == 100
    assert percent(100, None) == 0
    assert percent(100, 0) == 0


@st.composite
def beats(draw: st.DrawFn) -> list[Beat]:
    n = draw(st.integers(min_value=1, max_value=25))
    at, found = 0, []
    for _seq in range(n):
        at += draw(st.integers(min_value=0, max_value=60_000))
        position = draw(st.integers(min_value=0, max_value=700_000))
        start = draw(st.integers(min_value=0, max_value=700_000))
        found.append(
            beat(
                at,
                position,
                start,
                seq=draw(st.integers(0, 30)),
                playback=draw(st.sampled_from("ab")),
                playing=draw(st.booleans()),
                visible=draw(st.booleans()),
            )
        )
    return found


@given(beats())
def test_credit_never_exceeds_real_time_elapsed(sequence):
    state, credited = play(sequence)
    assert sum(credited) == state.watched_ms
    elapsed = sequence[-1].at_ms - sequence[0].at_ms
    assert state.watched_ms <= elapsed
    assert state.watched_ms <= 600_000


@given(beats())
def test_replaying_the_whole_sequence_adds_nothing(sequence):
    state, _ = play(sequence)
    again = state
    for b in sequence:
        again = credit(again, b, 600_000).state
    assert again.watched_ms == state.watched_ms


@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 1000))))
def test_merge_is_disjoint_sorted_and_covers_the_same_points(pairs):
    intervals = [(min(a, b), max(a, b)) for a, b in pairs]
    merged = merge(intervals)
    assert all(a < b for a, b in merged)
    assert all(merged[i][1] < merged[i + 1][0] for i in range(len(merged) - 1))
    covered = {x for a, b in intervals for x in range(a, b)}
    assert total(merged) == len(covered)
