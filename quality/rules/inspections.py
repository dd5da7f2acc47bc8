"""How an inspection and its findings move (issue 13): the inspector opens an inspection and
records findings; the institution answers each finding (as often as it needs to); the inspector
closes a finding or sends it back for a better answer; an inspection closes when every finding
is closed. A finding's answer is due by its own date or, without one, the inspection's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from quality.rules.kinds import FindingStatus, InspectionStatus

# (finding status, action) → the status after it; what is not listed is refused.
FINDING_MOVES: dict[tuple[FindingStatus, str], FindingStatus] = {
    (FindingStatus.OPEN, "answer"): FindingStatus.ANSWERED,
    (FindingStatus.ANSWERED, "answer"): FindingStatus.ANSWERED,
    (FindingStatus.OPEN, "close"): FindingStatus.CLOSED,
    (FindingStatus.ANSWERED, "close"): FindingStatus.CLOSED,
    (FindingStatus.ANSWERED, "reopen"): FindingStatus.OPEN,
    (FindingStatus.CLOSED, "reopen"): FindingStatus.OPEN,
}


def move(status: FindingStatus, action: str) -> FindingStatus | None:
    return FINDING_MOVES.get((status, action))


def may_close(findings: Sequence[FindingStatus]) -> bool:
    return all(s is FindingStatus.CLOSED for s in findings)


def due(finding_due: date | None, inspection_due: date | None) -> date | None:
    return finding_due or inspection_due


def overdue(status: FindingStatus, due_on: date | None, today: date) -> bool:
    """Waiting for the institution past its date (answered findings wait for the inspector)."""
    return status is FindingStatus.OPEN and due_on is not None and today > due_on


def inspection_overdue(status: InspectionStatus, due_on: date | None, today: date) -> bool:
    return status is InspectionStatus.OPEN and due_on is not None and today > due_on
