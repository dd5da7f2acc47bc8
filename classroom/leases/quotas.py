"""Quotas from active leases: the one module other packages call before using capacity.

An institution's quota on a day adds up over its leases active that day (`rules.quota`: the
sums, and the checks that compare usage with them).

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
from datetime import date

from sqlmodel import Session, col, select

from classroom.core.errors import NotFound, PayloadTooLarge
from classroom.core.package import QUOTA_KINDS, UsageProvider
from classroom.core.tenancy import Principal, scoped, tenant_system_principal
from classroom.institutions.models import Institution
from classroom.leases.models import Lease, ProgrammeYear
from classroom.leases.refusals import conflict, invalid
from classroom.leases.rules.leases import RUNNING
from classroom.leases.rules.quota import (
    LeasedClassrooms,
    Quota,
    check_seat,
    check_storage,
    first_shortage,
    quota_on,
)
from classroom.leases.rules.reasons import Reason

__all__ = [
    "Quota",
    "QuotaReport",
    "ensure_course_period",
    "ensure_live_seat",
    "ensure_storage",
    "institution_quota",
    "usage",
]


def leased_classrooms(
    session: Session, institution_id: uuid.UUID, first: date, last: date
) -> list[LeasedClassrooms]:
    """The institution's approved (or terminated) leases overlapping `first`..`last`."""
    statement = (
        scoped(select(Lease, ProgrammeYear), tenant_system_principal(institution_id), Lease)
        .join(ProgrammeYear, col(ProgrammeYear.id) == col(Lease.programme_id))
        .where(col(Lease.status).in_(RUNNING), Lease.starts_on <= last, Lease.ends_on >= first)
    )
    return [
        LeasedClassrooms(
            classrooms=lease.classrooms,
            first=lease.starts_on,
            last=lease.last_day,
            storage_bytes_per_classroom=programme.storage_bytes_per_classroom,
            live_seats_per_classroom=programme.live_seats_per_classroom,
        )
        for lease, programme in session.exec(statement)
    ]


def institution_quota(session: Session, institution_id: uuid.UUID, on: date) -> Quota:
    return quota_on(leased_classrooms(session, institution_id, on, on), on)


@dataclass(frozen=True)
class QuotaReport:
    """An institution's quota on a day, as the API reports it."""

    institution_id: uuid.UUID
    on: date
    classrooms: int
    storage_bytes: int
    live_seats: int
    seats_per_classroom: int


def report(session: Session, principal: Principal, institution_id: uuid.UUID | None, on: date) -> QuotaReport:
    """An institution's own quota; the operator and the inspector name the institution. Another
    tenant's quota answers like an unknown institution (404)."""
    if principal.institution_id is not None and institution_id not in (None, principal.institution_id):
        raise NotFound()
    institution_id = principal.institution_id or institution_id
    if institution_id is None:
        raise invalid(Reason("field.required", field="institution_id"))
    quota = institution_quota(session, institution_id, on)
    return QuotaReport(
        institution_id, on, quota.classrooms, quota.storage_bytes, quota.live_seats, quota.seats_per_classroom
    )


def lock_institution(session: Session, institution_id: uuid.UUID) -> None:
    """Serialise every capacity check of one institution (see the module docstring)."""
    statement = select(col(Institution.id)).where(Institution.id == institution_id).with_for_update()
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
    short = first_shortage(first, last, leased_classrooms(session, institution_id, first, last), periods)
    if short is not None:
        raise conflict(short, "quota_classrooms")


def ensure_storage(
    session: Session, institution_id: uuid.UUID, adding_bytes: int, used: Callable[[], int], on: date
) -> Quota:
    """Room to store `adding_bytes` more on top of what `used()` counts (stored plus reserved
    bytes, counted under the institution lock); call before accepting bytes, then record the
    reservation in the same transaction."""
    lock_institution(session, institution_id)
    used_bytes = used()
    quota = institution_quota(session, institution_id, on)
    full = check_storage(quota, used_bytes, adding_bytes)
    if full is not None:
        raise PayloadTooLarge(full.key, code="quota_storage", params=dict(full.params))
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
    full = check_seat(quota, present, everywhere)
    if full is not None:
        raise conflict(full, "quota_live_seats")
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
