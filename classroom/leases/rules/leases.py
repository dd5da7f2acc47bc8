"""The lease lifecycle rules: what an institution may request, when a lease is active, what the
cap allows and which last day a termination may name.

requested → approved | rejected | cancelled; approved → terminated (early); a renewal is a new
request. "Scheduled", "active" and "ended" are not stored: they follow from the approved dates
and today's date in Seoul (`state`). A lease lies within one programme year, whose cap (in
classrooms of approved leases) it counts against.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from classroom.leases.rules.reasons import Reason

MAX_CLASSROOMS_PER_LEASE = 100


class LeaseStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"  # withdrawn by the institution before a decision
    TERMINATED = "terminated"  # approved, then ended before its planned end


class LeaseState(StrEnum):
    """What people see: the stored status refined by today's date."""

    REQUESTED = "requested"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    SCHEDULED = "scheduled"
    ACTIVE = "active"
    ENDED = "ended"
    TERMINATED = "terminated"


RUNNING = (LeaseStatus.APPROVED, LeaseStatus.TERMINATED)  # statuses whose days were (or are) used


def last_day(ends_on: date, terminated_on: date | None) -> date:
    """Last day the lease is (or was) active, termination included."""
    return ends_on if terminated_on is None else min(ends_on, terminated_on)


def state(status: LeaseStatus, starts_on: date, last: date, today: date) -> LeaseState:
    """The state shown on `today` of a lease with `status` running `starts_on`..`last`."""
    if status not in RUNNING:
        return LeaseState(status.value)
    terminated = status == LeaseStatus.TERMINATED
    if terminated and last < starts_on:
        return LeaseState.TERMINATED  # ended before it ever started
    if today < starts_on:
        return LeaseState.SCHEDULED
    if today <= last:
        return LeaseState.ACTIVE
    return LeaseState.TERMINATED if terminated else LeaseState.ENDED


def check_request(classrooms: int, starts_on: date, ends_on: date, today: date) -> Reason | None:
    """A request names 1..100 classrooms, starts today or later and ends within its year."""
    if not 1 <= classrooms <= MAX_CLASSROOMS_PER_LEASE:
        return Reason("lease.classrooms_range", {"max": MAX_CLASSROOMS_PER_LEASE}, "classrooms")
    if starts_on < today:
        return Reason("lease.start_in_past", {"today": today.isoformat()}, "starts_on")
    if ends_on < starts_on:
        return Reason("lease.end_before_start", field="ends_on")
    if ends_on.year != starts_on.year:
        return Reason("lease.spans_years", {"year": starts_on.year}, "ends_on")
    return None


def check_cap(cap: int, used: int, requested: int, year: int) -> Reason | None:
    """Approving `requested` classrooms must keep the year's approved classrooms within the cap."""
    if used + requested <= cap:
        return None
    params = {"cap": cap, "used": used, "requested": requested, "left": max(cap - used, 0), "year": year}
    return Reason("lease.cap_exceeded", params)


def approved_start(starts_on: date, today: date) -> date:
    """A lease is not active before it is approved, so a late approval starts it today rather
    than billing days on which the institution could not use it."""
    return max(starts_on, today)


def default_last_day(starts_on: date, today: date) -> date:
    """Terminating without naming a day ends the lease today, or before it starts if it has not."""
    return today if today >= starts_on else starts_on - timedelta(days=1)


def check_termination(last: date, ends_on: date, today: date) -> Reason | None:
    """The last billed day cannot lie in the past (its month may already be closed, and a closed
    invoice is never recomputed) and must come before the planned end (else it is no early end)."""
    if last < today:
        return Reason("lease.terminate_in_past", {"today": today.isoformat()}, "last_day")
    if last >= ends_on:
        return Reason("lease.terminate_after_end", {"ends_on": ends_on.isoformat()}, "last_day")
    return None


def renewal_start(ends_on: date) -> date:
    return ends_on + timedelta(days=1)
