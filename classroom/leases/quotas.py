"""Quotas from active leases: the one module other packages call before using capacity.

An institution's quota on a day adds up over its leases active that day:
  classrooms    = Σ leased classrooms            (one running course per classroom)
  storage_bytes = Σ classrooms × storage included per classroom (programme price list)
  live_seats    = Σ classrooms × live seats included per classroom
and a single live room may hold at most the per-classroom seats (`seats_per_classroom`).

Lock, then count, then write. Every capacity check goes through one of the `ensure_*`
functions below, which first take the institution's row lock (`lock_institution`: SELECT … FOR
UPDATE on PostgreSQL; SQLite writes are serialised anyway) and only then call the caller's
counting function. Two requests using the same institution's capacity therefore run one after
the other: the second counts what the first wrote. Passing a number counted before the lock
would reopen the race (four parallel publishes against one classroom all passing), so the
counts are callables. The caller writes its row in the same transaction, before it commits.

Callers own what they count (running courses, stored bytes, people in a room), so this package
never imports courses, content or live:
- course publishing and period changes: `ensure_course_period(session, institution_id, first,
  last, others=lambda: periods of the institution's other live courses)`;
- uploads, before accepting bytes: `ensure_storage(session, institution_id, adding_bytes,
  used=lambda: bytes stored and reserved, on=today)`;
- the live room, on admission: `ensure_live_seat(session, institution_id, on, in_room=…,
  in_institution=…)`.
Over quota raises Conflict (409) or PayloadTooLarge (413) with a message saying what to lease.

The quota bars on the lease pages show usage reported by the owning packages: each declares
`usage={"storage_bytes": provider}` in its `package.py` (see `core.package.Package`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from classroom.core.errors import Conflict, PayloadTooLarge
from classroom.core.package import QUOTA_KINDS, UsageProvider
from classroom.core.tenancy import scoped, tenant_system_principal
from classroom.institutions.models import Institution
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


def lock_institution(session: Session, institution_id: uuid.UUID) -> None:
    """Serialise every capacity check of one institution (see the module docstring)."""
    statement = select(Institution.id).where(Institution.id == institution_id).with_for_update()
    session.exec(statement).one()


def ensure_course_period(
    session: Session,
    institution_id: uuid.UUID,
    first: date,
    last: date,
    others: Callable[[], Sequence[tuple[date, date]]],
) -> None:
    """A course running `first`..`last` holds one leased classroom on every one of those days.

    `others()` gives the training periods of the institution's other published or running
    courses; it is called under the institution lock. The first day on which they already fill
    every leased classroom (or no lease is active) is reported, so the message can say exactly
    what is missing and when.
    """
    lock_institution(session, institution_id)
    periods = others()
    statement = scoped(select(Lease), tenant_system_principal(institution_id), Lease).where(
        Lease.status.in_([LeaseStatus.APPROVED, LeaseStatus.TERMINATED]),  # type: ignore[attr-defined]
        Lease.starts_on <= last,
        Lease.ends_on >= first,
    )
    leases = list(session.exec(statement))
    day = first
    while day <= last:
        classrooms = sum(lease.classrooms for lease in leases if lease.active_on(day))
        running = sum(1 for start, end in periods if start <= day <= end)
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
    session: Session, institution_id: uuid.UUID, adding_bytes: int, used: Callable[[], int], on: date
) -> Quota:
    """Room to store `adding_bytes` more on top of what `used()` counts (stored plus reserved
    bytes, counted under the institution lock); call before accepting bytes, then record the
    reservation in the same transaction."""
    lock_institution(session, institution_id)
    used_bytes = used()
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
    session: Session,
    institution_id: uuid.UUID,
    on: date,
    in_room: Callable[[], int],
    in_institution: Callable[[], int] | None = None,
) -> Quota:
    """Room for one more live participant: in this room (per-classroom seats) and, when
    given, across all the institution's live rooms (total seats). Both counts are taken under
    the institution lock; record the admission in the same transaction."""
    lock_institution(session, institution_id)
    present = in_room()
    everywhere = in_institution() if in_institution is not None else None
    quota = institution_quota(session, institution_id, on)
    if present + 1 > quota.seats_per_classroom:
        raise Conflict(
            "quota.room_seats",
            code="quota_live_seats",
            params={"seats": quota.seats_per_classroom, "present": present},
        )
    if everywhere is not None and everywhere + 1 > quota.live_seats:
        raise Conflict(
            "quota.live_seats",
            code="quota_live_seats",
            params={"seats": quota.live_seats, "present": everywhere},
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
