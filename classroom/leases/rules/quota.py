"""Capacity from leased classrooms: what an institution's active leases allow on a day.

  classrooms    = Σ leased classrooms            (one running course per classroom)
  storage_bytes = Σ classrooms × storage included per classroom (programme price list)
  live_seats    = Σ classrooms × live seats included per classroom
and a single live room holds at most the per-classroom seats. The checks below compare what
is used with what is leased; `leases.quotas` counts under the institution lock and calls them.
Sizes in reasons are GiB (binary gigabytes, shown as "GB").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from classroom.leases.rules.reasons import Param, Reason

GIB = 1024**3


@dataclass(frozen=True)
class Quota:
    classrooms: int
    storage_bytes: int
    live_seats: int
    seats_per_classroom: int

    @property
    def leased(self) -> bool:
        return self.classrooms > 0


@dataclass(frozen=True)
class LeasedClassrooms:
    """Classrooms of one lease active from `first` to `last` (both included), with the price
    list of its programme year."""

    classrooms: int
    first: date
    last: date
    storage_bytes_per_classroom: int = 0
    live_seats_per_classroom: int = 0

    def active_on(self, day: date) -> bool:
        return self.first <= day <= self.last


def quota_on(leases: Iterable[LeasedClassrooms], day: date) -> Quota:
    """The quota `day` gets from the leases active on it."""
    classrooms = storage = seats = per_room = 0
    for lease in leases:
        if lease.active_on(day):
            classrooms += lease.classrooms
            storage += lease.classrooms * lease.storage_bytes_per_classroom
            seats += lease.classrooms * lease.live_seats_per_classroom
            per_room = max(per_room, lease.live_seats_per_classroom)
    return Quota(classrooms=classrooms, storage_bytes=storage, live_seats=seats, seats_per_classroom=per_room)


def first_shortage(
    first: date, last: date, leases: Sequence[LeasedClassrooms], others: Sequence[tuple[date, date]]
) -> Reason | None:
    """A course running `first`..`last` holds one leased classroom on each of those days; the
    other courses run in `others` (first, last). The first day on which they already fill every
    leased classroom (or nothing is leased) is the reason, naming how many more to lease."""
    day = first
    while day <= last:
        classrooms = sum(lease.classrooms for lease in leases if lease.active_on(day))
        running = sum(1 for start, end in others if start <= day <= end)
        if running + 1 > classrooms:
            key = "quota.no_lease" if classrooms == 0 else "quota.classrooms"
            params: dict[str, Param] = {
                "classrooms": classrooms,
                "running": running,
                "day": day.isoformat(),
                "more": running + 1 - classrooms,
            }
            return Reason(key, params)
        day += timedelta(days=1)
    return None


def _gb(size: int) -> float:
    return round(size / GIB, 1)


def check_storage(quota: Quota, used_bytes: int, adding_bytes: int) -> Reason | None:
    """Room to store `adding_bytes` more on top of `used_bytes`."""
    if used_bytes + adding_bytes <= quota.storage_bytes:
        return None
    per = quota.storage_bytes // quota.classrooms if quota.classrooms else 0
    params = {
        "limit": _gb(quota.storage_bytes),
        "used": _gb(used_bytes),
        "adding": _gb(adding_bytes),
        "per_classroom": _gb(per),
    }
    return Reason("quota.storage", params)


def check_seat(quota: Quota, in_room: int, in_institution: int | None) -> Reason | None:
    """Room for one more live participant in a room holding `in_room` and, when given, across
    the institution's rooms holding `in_institution` together."""
    if in_room + 1 > quota.seats_per_classroom:
        return Reason("quota.room_seats", {"seats": quota.seats_per_classroom, "present": in_room})
    if in_institution is not None and in_institution + 1 > quota.live_seats:
        return Reason("quota.live_seats", {"seats": quota.live_seats, "present": in_institution})
    return None
