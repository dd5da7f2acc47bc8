"""Completion (수료) of a smart-training course (DOMAIN.md "Performance evaluation"): attendance
rate ≥ the completion rate (80%, exactly 80% completes) **and** an assessment score ≥ the pass
mark. A trainee without a score has not completed; a dropped trainee has not completed.

The decision is final only when both parts are known: while no attendance is recorded for the
course ("pending") a trainee whose score passes is `PENDING`, and one whose score fails (or who
has none) has not completed whatever the attendance says. Reasons carry codes and figures; the
catalogue words them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class CompletionState(StrEnum):
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
    PENDING = "pending"

    @property
    def label_key(self) -> str:
        return f"quality.completion.{self.value}"


@dataclass(frozen=True)
class Reason:
    code: str  # dropped | attendance_pending | attendance_low | no_score | score_low
    figures: tuple[tuple[str, object], ...] = ()

    def params(self) -> dict[str, object]:
        return dict(self.figures)


@dataclass(frozen=True)
class AttendancePart:
    """What attendance says: `completed` None while nothing is recorded to decide on."""

    completed: bool | None
    rate: Fraction | None = None
    threshold: Fraction = Fraction(4, 5)


@dataclass(frozen=True)
class Decision:
    state: CompletionState
    reasons: tuple[Reason, ...]

    @property
    def completed(self) -> bool:
        return self.state is CompletionState.COMPLETED


def decide(*, enrolled: bool, attendance: AttendancePart, score: Fraction | None, pass_mark: int) -> Decision:
    reasons: list[Reason] = []
    if not enrolled:
        reasons.append(Reason("dropped"))
    if attendance.completed is None:
        reasons.append(Reason("attendance_pending"))
    elif not attendance.completed:
        reasons.append(
            Reason("attendance_low", (("rate", attendance.rate), ("threshold", attendance.threshold)))
        )
    if score is None:
        reasons.append(Reason("no_score"))
    elif score < pass_mark:
        reasons.append(Reason("score_low", (("score", score), ("pass_mark", pass_mark))))
    failing = [r for r in reasons if r.code != "attendance_pending"]
    if failing:
        return Decision(CompletionState.NOT_COMPLETED, tuple(reasons))
    if reasons:
        return Decision(CompletionState.PENDING, tuple(reasons))
    return Decision(CompletionState.COMPLETED, ())
