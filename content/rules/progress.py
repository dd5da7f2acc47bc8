"""Viewing progress (진도율): which media seconds a trainee really watched, credited at real time.

The player reports, about every 15 s and on play/pause/seek/end, a heartbeat: the media
position now, where the stretch of continuous playback that led there began (the previous
heartbeat's position, or where a seek landed), whether it is playing and visible, and a
sequence number per playback (one page load). The server stamps the time.

`credit(state, beat, duration_ms)` is the whole rule:
- a heartbeat of the same playback whose sequence number is not above the last one is a replay
  or arrived out of order: it earns nothing and changes nothing;
- only a playing, visible player earns; the first heartbeat only sets the anchor;
- the media span claimed (segment start → position) is credited up to the real time elapsed
  since the previous heartbeat of this trainee and version (any playback, any device), and at
  most `MAX_STEP_MS` per heartbeat: seeking earns nothing, 2× playback earns real time only;
- credit goes into a merged set of watched intervals, so watching a part again (or a replayed
  span under a new sequence number) never counts twice.
`percent` is ⌊100 × watched ÷ required⌋, capped at 100; 80 (`THRESHOLD`) is the VOD completion
bar of DOMAIN.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_STEP_MS = 45_000  # three heartbeat periods: a late heartbeat still earns, a long gap does not
THRESHOLD = 80

Interval = tuple[int, int]  # [start, end) in media milliseconds


def merge(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """Sorted, disjoint intervals covering the same points; empty ones dropped, touching joined."""
    merged: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def total(intervals: Sequence[Interval]) -> int:
    return sum(end - start for start, end in intervals)


def percent(watched_ms: int, required_ms: int | None) -> int:
    if not required_ms or required_ms <= 0:
        return 0
    return min(100, (100 * watched_ms) // required_ms)


@dataclass(frozen=True)
class Beat:
    at_ms: int  # server time of receipt, epoch milliseconds
    playback: str
    seq: int
    position_ms: int
    segment_start_ms: int
    playing: bool
    visible: bool


@dataclass(frozen=True)
class State:
    intervals: tuple[Interval, ...] = ()
    last_at_ms: int | None = None
    last_playback: str | None = None
    last_seq: int = -1
    position_ms: int = 0

    @property
    def watched_ms(self) -> int:
        return total(self.intervals)


@dataclass(frozen=True)
class Outcome:
    state: State
    credited_ms: int
    outcome: str  # "credited", "idle" (nothing new), "replayed", "first"


def _clamp(value: int, duration_ms: int | None) -> int:
    value = max(value, 0)
    return min(value, duration_ms) if duration_ms is not None else value


def credit(state: State, beat: Beat, duration_ms: int | None, max_step_ms: int = MAX_STEP_MS) -> Outcome:
    if beat.playback == state.last_playback and beat.seq <= state.last_seq:
        return Outcome(state, 0, "replayed")
    position = _clamp(beat.position_ms, duration_ms)
    moved = State(state.intervals, beat.at_ms, beat.playback, beat.seq, position)
    if state.last_at_ms is None:
        return Outcome(moved, 0, "first")
    if not (beat.playing and beat.visible):
        return Outcome(moved, 0, "idle")
    elapsed = min(max(beat.at_ms - state.last_at_ms, 0), max_step_ms)
    start = _clamp(beat.segment_start_ms, duration_ms)
    span = min(max(position - start, 0), elapsed)
    if span <= 0:
        return Outcome(moved, 0, "idle")
    intervals = merge((*state.intervals, (start, start + span)))
    gained = total(intervals) - state.watched_ms
    credited = State(intervals, beat.at_ms, beat.playback, beat.seq, position)
    return Outcome(credited, gained, "credited" if gained > 0 else "idle")
