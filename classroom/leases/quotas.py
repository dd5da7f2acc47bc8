"""Quotas from active leases: the one module other packages call before using capacity.

An institution's quota on a day adds up over its leases active that day:
  classrooms    = Σ leased classrooms            (one running course per classroom)
  storage_bytes = Σ classrooms × storage included per classroom (programme price list)
  live_seats    = Σ classrooms × live seats included per classroom
and a single live room may hold at most the per-classroom seats (`seats_per_classroom`).

Callers pass plain counts they own (running courses, stored bytes, people in a room), so this
package never imports courses, content or live. Course publishing calls `ensure_course_period`
with the periods of the institution's other live courses: the course needs a leased classroom
on every day of its training period.

Over quota raises Conflict (409) or PayloadTooLarge (413) with a message saying what to lease.
Uploads call `ensure_storage(session, institution_id, used_bytes, adding_bytes, on)` before
accepting bytes; the live hub calls `ensure_live_seat(session, institution_id, in_room, on)`.

The quota bars on the lease pages show usage reported by the owning packages: each declares
`usage={"storage_bytes": provider}` in its `package.py` (see `core.package.Package`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from classroom.core.errors import Conflict, PayloadTooLarge
from classroom.core.package import QUOTA_KINDS, UsageProvider
from classroom.core.tenancy import scoped, tenant_system_principal
from classroom.leases.models import GIB, Lease, LeaseStatus, ProgrammeYear


@dataclass(frozen=True)
class Quota:
    classrooms: int
    storage_bytes: int
    live_seats: int
    seats_per_classroom: int

    @property
    def leased(self) -> bool:
        return self.classrooms > 0


def active_leases(session: Session, institution_id: uuid.UUID, on: date) -> list[tuple[Lease, ProgrammeYear]]:
    statement = (
        scoped(select(Lease, ProgrammeYear), tenant_system_principal(institution_id), Lease)
        .join(
            ProgrammeYear,
            ProgrammeYear.id == Lease.programme_id,  # type: ignore[arg-type]
        )
        .where(
            Lease.status.in_([LeaseStatus.APPROVED, LeaseStatus.TERMINATED]),  # type: ignore[attr-defined]
            Lease.starts_on <= on,
            Lease.ends_on >= on,
        )
    )
    return [(lease, programme) for lease, programme in session.exec(statement) if lease.active_on(on)]


def institution_quota(session: Session, institution_id: uuid.UUID, on: date) -> Quota:
    classrooms = storage = seats = per_room = 0
    for lease, programme in active_leases(session, institution_id, on):
        classrooms += lease.classrooms
        storage += lease.classrooms * programme.storage_bytes_per_classroom
        seats += lease.classrooms * programme.live_seats_per_classroom
        per_room = max(per_room, programme.live_seats_per_classroom)
    return Quota(classrooms=classrooms, storage_bytes=storage, live_seats=seats, seats_per_classroom=per_room)


def _size(value: int) -> str:
    return f"{value / GIB:,.1f} GB"


def ensure_course_slot(session: Session, institution_id: uuid.UUID, running_courses: int, on: date) -> Quota:
    """Room for one more running course: `running_courses` (others already running) < classrooms."""
    quota = institution_quota(session, institution_id, on)
    if running_courses + 1 > quota.classrooms:
        key = "quota.no_lease" if not quota.leased else "quota.classrooms"
        raise Conflict(
            key,
            code="quota_classrooms",
            params={
                "classrooms": quota.classrooms,
                "running": running_courses,
                "day": on.isoformat(),
                "more": running_courses + 1 - quota.classrooms,
            },
        )
    return quota


def ensure_course_period(
    session: Session, institution_id: uuid.UUID, first: date, last: date, others: Sequence[tuple[date, date]]
) -> None:
    """A course running `first`..`last` holds one leased classroom on every one of those days.

    `others` are the training periods of the institution's other published or running courses.
    The first day on which they already fill every leased classroom (or no lease is active)
    is reported, so the message can say exactly what is missing and when.
    """
    statement = scoped(select(Lease), tenant_system_principal(institution_id), Lease).where(
        Lease.status.in_([LeaseStatus.APPROVED, LeaseStatus.TERMINATED]),  # type: ignore[attr-defined]
        Lease.starts_on <= last,
        Lease.ends_on >= first,
    )
    leases = list(session.exec(statement))
    day = first
    while day <= last:
        classrooms = sum(lease.classrooms for lease in leases if lease.active_on(day))
        running = sum(1 for start, end in others if start <= day <= end)
        if running + 1 > classrooms:
            key = "quota.no_lease" if classrooms == 0 else "quota.classrooms"
            raise Conflict(
                key,
                code="quota_classrooms",
                params={
                    "classrooms": classrooms,
                    "running": running,
                    "day": day.isoformat(),
                    "more": running + 1 - classrooms,
                },
            )
        day += timedelta(days=1)


def ensure_storage(
    session: Session, institution_id: uuid.UUID, used_bytes: int, adding_bytes: int, on: date
) -> Quota:
    """Room to store `adding_bytes` more on top of `used_bytes`; call before accepting bytes."""
    quota = institution_quota(session, institution_id, on)
    if used_bytes + adding_bytes > quota.storage_bytes:
        per = quota.storage_bytes // quota.classrooms if quota.classrooms else 0
        raise PayloadTooLarge(
            "quota.storage",
            code="quota_storage",
            params={
                "limit": _size(quota.storage_bytes),
                "used": _size(used_bytes),
                "adding": _size(adding_bytes),
                "per_classroom": _size(per),
            },
        )
    return quota


def ensure_live_seat(
    session: Session, institution_id: uuid.UUID, in_room: int, on: date, in_institution: int | None = None
) -> Quota:
    """Room for one more live participant: in this room (per-classroom seats) and, when
    given, across all the institution's live rooms (total seats)."""
    quota = institution_quota(session, institution_id, on)
    if in_room + 1 > quota.seats_per_classroom:
        raise Conflict(
            "quota.room_seats",
            code="quota_live_seats",
            params={"seats": quota.seats_per_classroom, "present": in_room},
        )
    if in_institution is not None and in_institution + 1 > quota.live_seats:
        raise Conflict(
            "quota.live_seats",
            code="quota_live_seats",
            params={"seats": quota.live_seats, "present": in_institution},
        )
    return quota


def usage(
    session: Session, institution_id: uuid.UUID, on: date, providers: Mapping[str, UsageProvider]
) -> dict[str, int | None]:
    """Units used per quota kind, from the packages that own each figure (their declarations'
    `usage`, gathered by the registry); a kind nobody reports shows "—"."""
    return {
        kind: (providers[kind](session, institution_id, on) if kind in providers else None)
        for kind in QUOTA_KINDS
    }
