"""Suspicious patterns in exam evidence (DOMAIN.md "Quality and fraud signals": flag, never
silently fail). Each signal names its evidence; the score stands until a person decides.

- focus away: the exam page lost focus at least `FOCUS_LOSSES` times, or was away for at least
  `FOCUS_AWAY_SECONDS` in total (a loss not followed by a return counts until the attempt ended);
- address or device changed during one attempt;
- two trainees' attempts of one exam overlapping in time from one address, or one browser
  (device id) used by two trainees for the exam at any time;
- too fast: the objective part at ≥ 90% in less than a fifth of the time allowed.

A signal's `key` names what was found, so detecting it again (a retried request, the periodic
sweep) never duplicates it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction
from itertools import combinations

from quality.rules.kinds import EvidenceKind, ExamSignalKind

FOCUS_LOSSES = 3
FOCUS_AWAY_SECONDS = 60
TOO_FAST_SHARE = Fraction(1, 5)
TOO_FAST_SCORE = Fraction(9, 10)


@dataclass(frozen=True)
class Evidence:
    kind: EvidenceKind
    at: datetime
    ip: str | None = None
    device: str | None = None


@dataclass(frozen=True)
class AttemptTrace:
    attempt_id: str
    trainee_id: str
    started_at: datetime
    ended_at: datetime  # submission, deadline, or now for a running attempt
    limit: timedelta
    evidence: tuple[Evidence, ...] = ()
    objective_earned: int = 0
    objective_possible: int = 0
    closed: bool = False


@dataclass(frozen=True)
class Found:
    kind: ExamSignalKind
    key: str
    attempt_ids: tuple[str, ...]
    trainee_ids: tuple[str, ...]
    detail: dict[str, object] = field(default_factory=dict)


def away(trace: AttemptTrace) -> tuple[int, int]:
    """(times the focus was lost, whole seconds away) over the attempt."""
    losses, seconds, lost_at = 0, 0.0, None
    for item in sorted(trace.evidence, key=lambda e: e.at):
        if item.kind is EvidenceKind.FOCUS_LOST and lost_at is None:
            losses += 1
            lost_at = item.at
        elif item.kind is EvidenceKind.FOCUS_BACK and lost_at is not None:
            seconds += max((item.at - lost_at).total_seconds(), 0)
            lost_at = None
    if lost_at is not None:
        seconds += max((trace.ended_at - lost_at).total_seconds(), 0)
    return losses, int(seconds)


def _values(trace: AttemptTrace, attr: str) -> list[str]:
    seen: list[str] = []
    for item in sorted(trace.evidence, key=lambda e: e.at):
        value = getattr(item, attr)
        if value and value not in seen:
            seen.append(value)
    return seen


def of_attempt(trace: AttemptTrace) -> list[Found]:
    found: list[Found] = []
    one = ((trace.attempt_id,), (trace.trainee_id,))
    losses, seconds = away(trace)
    if losses >= FOCUS_LOSSES or seconds >= FOCUS_AWAY_SECONDS:
        found.append(
            Found(
                ExamSignalKind.FOCUS_AWAY,
                f"focus_away:{trace.attempt_id}",
                *one,
                {"losses": losses, "seconds": seconds},
            )
        )
    ips = _values(trace, "ip")
    if len(ips) > 1:
        found.append(Found(ExamSignalKind.IP_CHANGED, f"ip_changed:{trace.attempt_id}", *one, {"ips": ips}))
    devices = _values(trace, "device")
    if len(devices) > 1:
        found.append(
            Found(
                ExamSignalKind.DEVICE_CHANGED,
                f"device_changed:{trace.attempt_id}",
                *one,
                {"devices": devices},
            )
        )
    if trace.closed and trace.objective_possible > 0:
        used = trace.ended_at - trace.started_at
        share = Fraction(trace.objective_earned, trace.objective_possible)
        tick = timedelta(microseconds=1)
        if (
            share >= TOO_FAST_SCORE
            and trace.limit > tick
            and Fraction(used // tick, trace.limit // tick) < TOO_FAST_SHARE
        ):
            found.append(
                Found(
                    ExamSignalKind.TOO_FAST,
                    f"too_fast:{trace.attempt_id}",
                    *one,
                    {"seconds": int(used.total_seconds()), "limit_seconds": int(trace.limit.total_seconds())},
                )
            )
    return found


def _overlap(a: AttemptTrace, b: AttemptTrace) -> bool:
    return a.started_at <= b.ended_at and b.started_at <= a.ended_at


def across(traces: Sequence[AttemptTrace]) -> list[Found]:
    """Shared addresses (overlapping attempts) and shared devices between different trainees."""
    found: list[Found] = []
    for a, b in combinations(sorted(traces, key=lambda t: t.attempt_id), 2):
        if a.trainee_id == b.trainee_id:
            continue
        pair = (a.attempt_id, b.attempt_id)
        trainees = tuple(sorted((a.trainee_id, b.trainee_id)))
        shared_ips = sorted(set(_values(a, "ip")) & set(_values(b, "ip")))
        if shared_ips and _overlap(a, b):
            found.append(
                Found(
                    ExamSignalKind.SHARED_IP,
                    f"shared_ip:{pair[0]}:{pair[1]}",
                    pair,
                    trainees,
                    {"ips": shared_ips},
                )
            )
        shared_devices = sorted(set(_values(a, "device")) & set(_values(b, "device")))
        if shared_devices:
            found.append(
                Found(
                    ExamSignalKind.SHARED_DEVICE,
                    f"shared_device:{pair[0]}:{pair[1]}",
                    pair,
                    trainees,
                    {"devices": shared_devices},
                )
            )
    return found
