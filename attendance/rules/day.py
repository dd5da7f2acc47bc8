"""One trainee's training day from its evidence: present, late, early leave, going out, absent,
excused or leave, with the minutes that decided.

Contract (what makes records recomputable and order-independent):
- the result is a function of the day's lessons, the day's evidence *as a set*, the policy and
  `as_of` (only to tell a finished day from one in progress): the evidence is sorted by a total
  key (time, kind, id) before use, and voided events are dropped first;
- times are compared in whole seconds; shares are exact fractions.

The rules (DOMAIN.md "Attendance", figures from `AttendancePolicy`):
- presence comes from check-in/check-out pairs (classroom, on-site) and live join/leave
  (a reconnect is not a leave); it counts only inside scheduled non-VOD lesson time;
- a VOD lesson counts in full once its watched seconds reach `vod_lesson_share` of the required
  time, and not at all before;
- late: the first arrival is more than `late_after_minutes` after the first (non-VOD) start;
  early leave: the last departure is more than `early_leave_minutes` before the last end;
  going out: each gap between two presences that covers scheduled time; a missed live
  attendance check counts as one more incident;
- absent: attended time below `absent_below` of the scheduled time (50% exactly is attended);
- a check-in never closed by a check-out on a finished day counts nothing (it is flagged so a
  correction can be filed); on a day in progress it is taken to last to the day's end;
- excused (공가) and leave (휴가) take the whole day and count as attended.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from itertools import pairwise
from typing import NamedTuple

from attendance.rules.kinds import DayStatus, EventKind
from attendance.rules.policy import AttendancePolicy

VOD = "vod"
_LIVE_CLOSE = {EventKind.LIVE_LEAVE}


@dataclass(frozen=True)
class Slot:
    """One scheduled lesson of the day."""

    lesson_id: str
    mode: str  # live | vod | classroom | onsite
    start: datetime
    end: datetime

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())


class Evidence(NamedTuple):
    """One event as the rules read it (a tuple: a course's recompute builds tens of thousands)."""

    id: str
    kind: EventKind
    at: datetime
    lesson_id: str | None = None
    ref: str = ""  # live: the connection; void: the id of the withdrawn event
    seconds: int = 0  # VOD: watched seconds so far
    required_seconds: int = 0  # VOD: seconds to watch for the whole lesson


@dataclass(frozen=True)
class DayResult:
    status: DayStatus
    scheduled_minutes: int
    attended_minutes: int
    late: bool = False
    early_leave: bool = False
    goings_out: int = 0
    missed_checks: int = 0
    missing_checkout: bool = False
    final: bool = True
    first_in: datetime | None = None
    last_out: datetime | None = None

    @property
    def incidents(self) -> int:
        """Lates, early leaves and goings-out (missed checks included) that count toward a
        converted absence; an absent day has none (it is already an absence)."""
        if self.status in (DayStatus.ABSENT, DayStatus.EXCUSED, DayStatus.LEAVE, DayStatus.PENDING):
            return 0
        return int(self.late) + int(self.early_leave) + self.goings_out + self.missed_checks


Interval = tuple[datetime, datetime]

_ORDER = {kind: index for index, kind in enumerate(EventKind)}


def _sorted(evidence: Iterable[Evidence]) -> list[Evidence]:
    items = list({e.id: e for e in evidence}.values())  # one delivery per id, however many came
    voided = {e.ref for e in items if e.kind is EventKind.VOID}
    kept = [e for e in items if e.kind is not EventKind.VOID and e.id not in voided]
    return sorted(kept, key=lambda e: (e.at, _ORDER[e.kind], e.id))


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _clip(intervals: list[Interval], windows: list[Interval]) -> list[Interval]:
    out = []
    for a_start, a_end in intervals:
        for b_start, b_end in windows:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                out.append((start, end))
    return _merge(out)


def _seconds(intervals: Iterable[Interval]) -> int:
    return sum(int((end - start).total_seconds()) for start, end in intervals)


def _physical(items: list[Evidence], day_end: datetime, final: bool) -> tuple[list[Interval], bool]:
    """Check-in/check-out pairs; a repeated check-in while in, or a check-out while out, is
    ignored. Returns the intervals and whether a check-in was left open on a finished day."""
    intervals: list[Interval] = []
    opened: datetime | None = None
    for e in items:
        if e.kind is EventKind.CHECK_IN and opened is None:
            opened = e.at
        elif e.kind is EventKind.CHECK_OUT and opened is not None:
            intervals.append((opened, e.at))
            opened = None
    if opened is not None and not final:
        intervals.append((opened, max(day_end, opened)))
    return intervals, opened is not None and final


def _live(items: list[Evidence], live_end: datetime | None) -> list[Interval]:
    """Connected while at least one connection is open; an end of lesson closes them all. A
    connection still open when the evidence stops lasts to the end of the day's live lessons
    (the live room always writes a leave or an end; a missing one is the room's failure)."""
    intervals: list[Interval] = []
    open_refs: set[str] = set()
    since: datetime | None = None
    for e in items:
        if e.kind is EventKind.LIVE_JOIN:
            if not open_refs:
                since = e.at
            open_refs.add(e.ref)
        elif e.kind in _LIVE_CLOSE and open_refs:
            if e.ref == "*":
                open_refs.clear()
            else:
                open_refs.discard(e.ref)
            if not open_refs and since is not None:
                intervals.append((since, e.at))
                since = None
    if open_refs and since is not None and live_end is not None:
        intervals.append((since, max(live_end, since)))
    return intervals


def _vod_credit(slots: Sequence[Slot], items: list[Evidence], policy: AttendancePolicy) -> int:
    credited = 0
    for slot in slots:
        if slot.mode != VOD:
            continue
        mine = [e for e in items if e.kind is EventKind.VOD_PROGRESS and e.lesson_id == slot.lesson_id]
        if not mine:
            continue
        watched = max(e.seconds for e in mine)
        required = max(e.required_seconds for e in mine) or slot.seconds
        if Fraction(watched) >= policy.vod_lesson_share * required:
            credited += slot.seconds
    return credited


def _gaps_in_schedule(presence: list[Interval], windows: list[Interval]) -> int:
    gaps = 0
    for (_, a_end), (b_start, _) in pairwise(presence):
        if _clip([(a_end, b_start)], windows):
            gaps += 1
    return gaps


def evaluate_day(
    slots: Sequence[Slot], evidence: Iterable[Evidence], policy: AttendancePolicy, as_of: datetime
) -> DayResult:
    if not slots:
        raise ValueError("a training day has at least one lesson")
    items = _sorted(evidence)
    scheduled = sum(s.seconds for s in slots)
    scheduled_minutes = scheduled // 60
    kinds = {e.kind for e in items}
    day_end = max(s.end for s in slots)
    final = as_of >= day_end
    if EventKind.EXCUSED in kinds or EventKind.LEAVE in kinds:
        status = DayStatus.EXCUSED if EventKind.EXCUSED in kinds else DayStatus.LEAVE
        return DayResult(status, scheduled_minutes, scheduled_minutes, final=final)

    timed = [s for s in slots if s.mode != VOD]
    windows = _merge((s.start, s.end) for s in timed)
    live_slots = [s for s in timed if s.mode == "live"]
    live_end = max((s.end for s in live_slots), default=None)
    physical, missing_checkout = _physical(
        [e for e in items if e.kind in (EventKind.CHECK_IN, EventKind.CHECK_OUT)], day_end, final
    )
    live = _live([e for e in items if e.kind in (EventKind.LIVE_JOIN, EventKind.LIVE_LEAVE)], live_end)
    presence = _clip(_merge([*physical, *live]), windows)
    vod = _vod_credit(slots, items, policy)
    attended = _seconds(presence) + vod
    missed = sum(1 for e in items if e.kind is EventKind.CHECK_MISSED)
    first_in = presence[0][0] if presence else None
    last_out = presence[-1][1] if presence else None

    has_presence = bool(presence) or vod > 0
    if not final and not has_presence:
        return DayResult(DayStatus.PENDING, scheduled_minutes, 0, final=False)
    if Fraction(attended) < policy.absent_below * scheduled:
        return DayResult(
            DayStatus.ABSENT if final or has_presence else DayStatus.PENDING,
            scheduled_minutes,
            attended // 60,
            missing_checkout=missing_checkout,
            final=final,
            first_in=first_in,
            last_out=last_out,
        )
    late = early = False
    if windows and first_in is not None and last_out is not None:
        late = (first_in - windows[0][0]).total_seconds() > policy.late_after_minutes * 60
        early = final and (windows[-1][1] - last_out).total_seconds() > policy.early_leave_minutes * 60
    goings_out = _gaps_in_schedule(presence, windows)
    if late:
        status = DayStatus.LATE
    elif early:
        status = DayStatus.EARLY_LEAVE
    elif goings_out or missed:
        status = DayStatus.GOING_OUT
    else:
        status = DayStatus.PRESENT
    return DayResult(
        status,
        scheduled_minutes,
        attended // 60,
        late=late,
        early_leave=early,
        goings_out=goings_out,
        missed_checks=missed,
        missing_checkout=missing_checkout,
        final=final,
        first_in=first_in,
        last_out=last_out,
    )
