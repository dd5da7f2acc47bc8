"""Example tests of the lease lifecycle rules (rules/leases.py) and the capacity rules
(rules/quota.py): reasons as keys and numbers, states from dates."""

from __future__ import annotations

import pytest

from classroom.leases.rules import leases as rules
from classroom.leases.rules.leases import LeaseState, LeaseStatus
from classroom.leases.rules.quota import (
    GIB,
    LeasedClassrooms,
    Quota,
    check_seat,
    check_storage,
    first_shortage,
    quota_on,
)
from classroom.leases.rules.reasons import Reason
from tests.leases.dates import d

TODAY = d("2026-04-06")


@pytest.mark.parametrize(
    ("classrooms", "starts_on", "ends_on", "expected"),
    [
        (1, "2026-04-06", "2026-04-06", None),  # one day, today
        (100, "2026-05-01", "2026-12-31", None),
        (0, "2026-05-01", "2026-05-31", Reason("lease.classrooms_range", {"max": 100}, "classrooms")),
        (101, "2026-05-01", "2026-05-31", Reason("lease.classrooms_range", {"max": 100}, "classrooms")),
        (1, "2026-04-05", "2026-05-31", Reason("lease.start_in_past", {"today": "2026-04-06"}, "starts_on")),
        (1, "2026-05-01", "2026-04-30", Reason("lease.end_before_start", field="ends_on")),
        (1, "2026-12-01", "2027-01-31", Reason("lease.spans_years", {"year": 2026}, "ends_on")),
    ],
)
def test_check_request(classrooms: int, starts_on: str, ends_on: str, expected: Reason | None) -> None:
    assert rules.check_request(classrooms, d(starts_on), d(ends_on), TODAY) == expected


def test_check_cap_counts_classrooms_and_says_what_is_left() -> None:
    assert rules.check_cap(cap=3, used=1, requested=2, year=2026) is None  # fills it exactly
    assert rules.check_cap(cap=3, used=2, requested=2, year=2026) == Reason(
        "lease.cap_exceeded", {"cap": 3, "used": 2, "requested": 2, "left": 1, "year": 2026}
    )
    over = rules.check_cap(cap=3, used=5, requested=1, year=2026)  # cap lowered below use
    assert over is not None and over.params["left"] == 0


@pytest.mark.parametrize(
    ("status", "starts_on", "last", "today", "expected"),
    [
        (LeaseStatus.REQUESTED, "2026-05-01", "2026-05-31", "2026-05-10", LeaseState.REQUESTED),
        (LeaseStatus.REJECTED, "2026-05-01", "2026-05-31", "2026-05-10", LeaseState.REJECTED),
        (LeaseStatus.CANCELLED, "2026-05-01", "2026-05-31", "2026-05-10", LeaseState.CANCELLED),
        (LeaseStatus.APPROVED, "2026-05-01", "2026-05-31", "2026-04-30", LeaseState.SCHEDULED),
        (LeaseStatus.APPROVED, "2026-05-01", "2026-05-31", "2026-05-01", LeaseState.ACTIVE),
        (LeaseStatus.APPROVED, "2026-05-01", "2026-05-31", "2026-05-31", LeaseState.ACTIVE),
        (LeaseStatus.APPROVED, "2026-05-01", "2026-05-31", "2026-06-01", LeaseState.ENDED),
        (LeaseStatus.TERMINATED, "2026-05-01", "2026-05-15", "2026-05-15", LeaseState.ACTIVE),
        (LeaseStatus.TERMINATED, "2026-05-01", "2026-05-15", "2026-05-16", LeaseState.TERMINATED),
        # terminated before it started: never active, not "scheduled" either
        (LeaseStatus.TERMINATED, "2026-05-01", "2026-04-30", "2026-04-20", LeaseState.TERMINATED),
    ],
)
def test_state(status: LeaseStatus, starts_on: str, last: str, today: str, expected: LeaseState) -> None:
    assert rules.state(status, d(starts_on), d(last), d(today)) == expected


def test_days_of_approval_termination_and_renewal() -> None:
    assert rules.last_day(d("2026-12-31"), None) == d("2026-12-31")
    assert rules.last_day(d("2026-12-31"), d("2026-05-15")) == d("2026-05-15")
    assert rules.last_day(d("2026-06-30"), d("2026-07-15")) == d("2026-06-30")  # never extends
    assert rules.approved_start(d("2026-04-01"), TODAY) == TODAY  # late approval starts today
    assert rules.approved_start(d("2026-05-01"), TODAY) == d("2026-05-01")
    assert rules.default_last_day(d("2026-04-01"), TODAY) == TODAY
    assert rules.default_last_day(d("2026-05-01"), TODAY) == d("2026-04-30")  # before it starts
    assert rules.renewal_start(d("2026-12-31")) == d("2027-01-01")


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        ("2026-04-06", None),
        ("2026-12-30", None),
        ("2026-04-05", Reason("lease.terminate_in_past", {"today": "2026-04-06"}, "last_day")),
        ("2026-12-31", Reason("lease.terminate_after_end", {"ends_on": "2026-12-31"}, "last_day")),
    ],
)
def test_check_termination(last: str, expected: Reason | None) -> None:
    assert rules.check_termination(d(last), d("2026-12-31"), TODAY) == expected


# --- capacity -------------------------------------------------------------------------

MAY = LeasedClassrooms(2, d("2026-05-01"), d("2026-05-31"), 50 * GIB, 30)
LATE_MAY = LeasedClassrooms(1, d("2026-05-20"), d("2026-06-10"), 10 * GIB, 40)


def test_quota_adds_up_the_leases_active_that_day() -> None:
    assert quota_on([MAY, LATE_MAY], d("2026-04-30")) == Quota(0, 0, 0, 0)
    assert quota_on([MAY, LATE_MAY], d("2026-05-01")) == Quota(2, 100 * GIB, 60, 30)
    assert quota_on([MAY, LATE_MAY], d("2026-05-20")) == Quota(3, 110 * GIB, 100, 40)
    assert quota_on([MAY, LATE_MAY], d("2026-06-10")) == Quota(1, 10 * GIB, 40, 40)
    assert not quota_on([], d("2026-05-01")).leased


def test_first_shortage_names_the_day_and_how_many_more() -> None:
    others = [(d("2026-05-01"), d("2026-05-25")), (d("2026-05-10"), d("2026-05-12"))]
    assert first_shortage(d("2026-05-01"), d("2026-05-09"), [MAY], others) is None
    assert first_shortage(d("2026-05-05"), d("2026-05-31"), [MAY], others) == Reason(
        "quota.classrooms", {"classrooms": 2, "running": 2, "day": "2026-05-10", "more": 1}
    )
    # the second lease adds a classroom from the 20th; nothing is leased after 10 June
    assert first_shortage(d("2026-05-20"), d("2026-06-30"), [MAY, LATE_MAY], others) == Reason(
        "quota.no_lease", {"classrooms": 0, "running": 0, "day": "2026-06-11", "more": 1}
    )


def test_storage_and_seats() -> None:
    quota = Quota(classrooms=2, storage_bytes=100 * GIB, live_seats=60, seats_per_classroom=30)
    assert check_storage(quota, used_bytes=99 * GIB, adding_bytes=GIB) is None
    assert check_storage(quota, used_bytes=99 * GIB, adding_bytes=GIB + 1) == Reason(
        "quota.storage", {"limit": 100.0, "used": 99.0, "adding": 1.0, "per_classroom": 50.0}
    )
    assert check_seat(quota, in_room=29, in_institution=59) is None
    assert check_seat(quota, in_room=30, in_institution=None) == Reason(
        "quota.room_seats", {"seats": 30, "present": 30}
    )
    assert check_seat(quota, in_room=0, in_institution=60) == Reason(
        "quota.live_seats", {"seats": 60, "present": 60}
    )
