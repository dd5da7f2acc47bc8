"""Lease lifecycle: requested → approved | rejected | cancelled; approved → terminated; renewed.

"Active" and "ended" are not stored: they follow from the approved dates and today's date in
Seoul (`Lease.state`). A lease lies within one programme year, whose cap it counts against.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlmodel import Session, select

from classroom.audit import service as audit
from classroom.core.clock import Clock, seoul_date
from classroom.core.errors import Conflict, ValidationFailed
from classroom.core.tenancy import Principal, get_scoped_or_404, scoped
from classroom.leases.models import Lease, LeaseStatus, ProgrammeYear
from classroom.leases.programmes import (
    actor_id,
    audit_principal,
    cap_used,
    find_programme,
    lock_programme,
)

MAX_CLASSROOMS_PER_LEASE = 100
REASON_MAX = 500


def _field(field: str, key: str, **params: object) -> ValidationFailed:
    return ValidationFailed(
        key,
        code="invalid_field",
        params=params,
        errors=[{"field": field, "message_key": key, "params": params}],
    )


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise _field("reason", "lease.reason_required")
    return text[:REASON_MAX]


def today(clock: Clock) -> date:
    return seoul_date(clock.now())


def _not_in(lease: Lease, *statuses: LeaseStatus, key: str = "lease.wrong_state") -> None:
    if lease.status not in statuses:
        raise Conflict(key, code="lease_wrong_state", params={"status": lease.status})


def request_lease(
    session: Session,
    clock: Clock,
    principal: Principal,
    *,
    classrooms: int,
    starts_on: date,
    ends_on: date,
    note: str = "",
    renewed_from: Lease | None = None,
) -> Lease:
    institution_id = principal.require_institution()
    if not 1 <= classrooms <= MAX_CLASSROOMS_PER_LEASE:
        raise _field("classrooms", "lease.classrooms_range", max=MAX_CLASSROOMS_PER_LEASE)
    if starts_on < today(clock):
        raise _field("starts_on", "lease.start_in_past", today=today(clock).isoformat())
    if ends_on < starts_on:
        raise _field("ends_on", "lease.end_before_start")
    if ends_on.year != starts_on.year:
        raise _field("ends_on", "lease.spans_years", year=starts_on.year)
    programme = find_programme(session, starts_on.year)
    if programme is None:
        raise _field("starts_on", "lease.no_programme", year=starts_on.year)
    lease = Lease(
        institution_id=institution_id,
        programme_id=programme.id,
        classrooms=classrooms,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip()[:500],
        requested_at=clock.now(),
        requested_by=actor_id(principal),
        renewed_from_id=renewed_from.id if renewed_from else None,
    )
    session.add(lease)
    session.flush()
    audit.record(
        session,
        clock,
        audit_principal(principal),
        "lease.request",
        "lease",
        lease.id,
        institution_id=institution_id,
        detail={
            "classrooms": classrooms,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "renewed_from": str(renewed_from.id) if renewed_from else None,
        },
    )
    return lease


def get_lease(
    session: Session, principal: Principal, lease_id: uuid.UUID, *, for_update: bool = False
) -> Lease:
    return get_scoped_or_404(session, Lease, lease_id, principal, for_update=for_update)


def approve_lease(session: Session, clock: Clock, principal: Principal, lease: Lease) -> Lease:
    """Approve within the cap. The programme row lock makes concurrent approvals queue, and
    the used figure is counted only after the lock is held, so the cap is never overshot."""
    _not_in(lease, LeaseStatus.REQUESTED, key="lease.not_pending")
    if lease.ends_on < today(clock):
        raise Conflict(
            "lease.request_expired", code="lease_expired", params={"ends_on": lease.ends_on.isoformat()}
        )
    programme = lock_programme(session, lease.programme_id)
    used = cap_used(session, programme.id)
    if used + lease.classrooms > programme.lease_cap:
        raise Conflict(
            "lease.cap_exceeded",
            code="lease_cap_exceeded",
            params={
                "cap": programme.lease_cap,
                "used": used,
                "requested": lease.classrooms,
                "left": max(programme.lease_cap - used, 0),
                "year": programme.year,
            },
        )
    requested_start = lease.starts_on
    if lease.starts_on < today(clock):
        # A lease is not active before it is approved, so a late approval starts it today
        # rather than billing days on which the institution could not use it.
        lease.starts_on = today(clock)
    lease.status = LeaseStatus.APPROVED
    lease.decided_at = clock.now()
    lease.decided_by = actor_id(principal)
    session.add(lease)
    session.flush()
    audit.record(
        session,
        clock,
        audit_principal(principal),
        "lease.approve",
        "lease",
        lease.id,
        institution_id=lease.institution_id,
        detail={
            "classrooms": lease.classrooms,
            "cap_used_after": used + lease.classrooms,
            "requested_start": requested_start.isoformat(),
            "starts_on": lease.starts_on.isoformat(),
        },
    )
    return lease


def reject_lease(session: Session, clock: Clock, principal: Principal, lease: Lease, reason: str) -> Lease:
    text = _reason(reason)
    _not_in(lease, LeaseStatus.REQUESTED, key="lease.not_pending")
    lease.status = LeaseStatus.REJECTED
    lease.reject_reason = text
    lease.decided_at = clock.now()
    lease.decided_by = actor_id(principal)
    session.add(lease)
    session.flush()
    audit.record(
        session,
        clock,
        audit_principal(principal),
        "lease.reject",
        "lease",
        lease.id,
        institution_id=lease.institution_id,
        detail={"reason": text},
    )
    return lease


def cancel_lease(session: Session, clock: Clock, principal: Principal, lease: Lease) -> Lease:
    _not_in(lease, LeaseStatus.REQUESTED, key="lease.not_pending")
    lease.status = LeaseStatus.CANCELLED
    session.add(lease)
    session.flush()
    audit.record(
        session,
        clock,
        audit_principal(principal),
        "lease.cancel",
        "lease",
        lease.id,
        institution_id=lease.institution_id,
    )
    return lease


def terminate_lease(
    session: Session,
    clock: Clock,
    principal: Principal,
    lease: Lease,
    *,
    reason: str,
    last_day: date | None = None,
) -> Lease:
    """End an approved lease early; `last_day` is billed. It cannot lie in the past: the month
    it falls in may already be closed, and a closed invoice is never recomputed."""
    text = _reason(reason)
    _not_in(lease, LeaseStatus.APPROVED, key="lease.not_approved")
    now = today(clock)
    if last_day is None:
        last_day = now if now >= lease.starts_on else lease.starts_on - timedelta(days=1)
    if last_day < now:
        raise _field("last_day", "lease.terminate_in_past", today=now.isoformat())
    if last_day >= lease.ends_on:
        raise _field("last_day", "lease.terminate_after_end", ends_on=lease.ends_on.isoformat())
    lease.status = LeaseStatus.TERMINATED
    lease.terminated_on = last_day
    lease.terminated_at = clock.now()
    lease.terminated_by = actor_id(principal)
    lease.terminate_reason = text
    session.add(lease)
    session.flush()
    audit.record(
        session,
        clock,
        audit_principal(principal),
        "lease.terminate",
        "lease",
        lease.id,
        institution_id=lease.institution_id,
        detail={"last_day": last_day.isoformat(), "reason": text},
    )
    return lease


def renew_lease(
    session: Session,
    clock: Clock,
    principal: Principal,
    lease: Lease,
    *,
    ends_on: date,
    classrooms: int | None = None,
) -> Lease:
    """A renewal is a new request starting the day after the lease ends; it needs approval
    (and cap room) again, in the programme year it falls in."""
    _not_in(lease, LeaseStatus.APPROVED, key="lease.not_approved")
    follow_up = scoped(select(Lease.id), principal, Lease).where(
        Lease.renewed_from_id == lease.id, Lease.status.in_([LeaseStatus.REQUESTED, LeaseStatus.APPROVED])
    )  # type: ignore[attr-defined]
    if session.exec(follow_up).first() is not None:
        raise Conflict("lease.already_renewed", code="lease_already_renewed")
    return request_lease(
        session,
        clock,
        principal,
        classrooms=classrooms or lease.classrooms,
        starts_on=lease.ends_on + timedelta(days=1),
        ends_on=ends_on,
        note=lease.note,
        renewed_from=lease,
    )


def list_leases(
    session: Session,
    principal: Principal,
    *,
    status: LeaseStatus | None = None,
    year: int | None = None,
    institution_id: uuid.UUID | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[Lease]:
    statement = scoped(select(Lease), principal)
    if status:
        statement = statement.where(Lease.status == status)
    if year is not None:
        programme = find_programme(session, year)
        statement = statement.where(Lease.programme_id == (programme.id if programme else uuid.UUID(int=0)))
    if institution_id is not None:
        statement = statement.where(Lease.institution_id == institution_id)
    statement = statement.order_by(Lease.requested_at.desc()).offset(offset).limit(limit)  # type: ignore[attr-defined]
    return list(session.exec(statement))


def programme_of(session: Session, lease: Lease) -> ProgrammeYear:
    programme = session.get(ProgrammeYear, lease.programme_id)
    assert programme is not None  # foreign key
    return programme
