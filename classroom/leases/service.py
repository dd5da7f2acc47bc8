"""The lease service: request, approve, reject, cancel, terminate and renew leases.

The lifecycle and what each step allows are rules (`rules.leases`); this module loads and
locks rows, applies them, writes the audit trail and turns refusals into errors.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from classroom.audit import service as audit
from classroom.core.clock import Clock, seoul_date
from classroom.core.errors import Conflict
from classroom.core.i18n import Text
from classroom.core.tenancy import Principal, get_scoped_or_404, scoped
from classroom.leases.models import Lease, LeaseState, LeaseStatus, ProgrammeYear
from classroom.leases.programmes import (
    actor_id,
    audit_principal,
    cap_used,
    find_programme,
    lock_programme,
)
from classroom.leases.refusals import conflict, invalid, required_reason
from classroom.leases.rules import leases as rules
from classroom.leases.rules.reasons import Reason


def today(clock: Clock) -> date:
    return seoul_date(clock.now())


def _require_status(clock: Clock, lease: Lease, status: LeaseStatus, *, key: str) -> None:
    """Refuse unless the lease has `status`; the message (`key`) names its state today."""
    if lease.status != status:
        state = Text(f"state.{lease.state(today(clock)).value}")
        raise Conflict(key, code="lease_wrong_state", params={"status": state})


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
    refused = rules.check_request(classrooms, starts_on, ends_on, today(clock))
    if refused is not None:
        raise invalid(refused)
    programme = find_programme(session, starts_on.year)
    if programme is None:
        raise invalid(Reason("lease.no_programme", {"year": starts_on.year}, "starts_on"))
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
    _require_status(clock, lease, LeaseStatus.REQUESTED, key="lease.not_pending")
    if lease.ends_on < today(clock):
        raise Conflict(
            "lease.request_expired", code="lease_expired", params={"ends_on": lease.ends_on.isoformat()}
        )
    programme = lock_programme(session, lease.programme_id)
    used = cap_used(session, programme.id)
    over = rules.check_cap(programme.lease_cap, used, lease.classrooms, programme.year)
    if over is not None:
        raise conflict(over, "lease_cap_exceeded")
    requested_start = lease.starts_on
    lease.starts_on = rules.approved_start(lease.starts_on, today(clock))
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
    text = required_reason(reason)
    _require_status(clock, lease, LeaseStatus.REQUESTED, key="lease.not_pending")
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
    _require_status(clock, lease, LeaseStatus.REQUESTED, key="lease.not_pending")
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
    """End an approved lease early; `last_day` (default: today) is the last billed day, within
    `rules.check_termination`."""
    text = required_reason(reason)
    _require_status(clock, lease, LeaseStatus.APPROVED, key="lease.not_approved")
    now = today(clock)
    if last_day is None:
        last_day = rules.default_last_day(lease.starts_on, now)
    refused = rules.check_termination(last_day, lease.ends_on, now)
    if refused is not None:
        raise invalid(refused)
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
    _require_status(clock, lease, LeaseStatus.APPROVED, key="lease.not_approved")
    follow_up = scoped(select(col(Lease.id)), principal, Lease).where(
        Lease.renewed_from_id == lease.id,
        col(Lease.status).in_([LeaseStatus.REQUESTED, LeaseStatus.APPROVED]),
    )
    if session.exec(follow_up).first() is not None:
        raise Conflict("lease.already_renewed", code="lease_already_renewed")
    return request_lease(
        session,
        clock,
        principal,
        classrooms=classrooms or lease.classrooms,
        starts_on=rules.renewal_start(lease.ends_on),
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
    statement = statement.order_by(col(Lease.requested_at).desc()).offset(offset).limit(limit)
    return list(session.exec(statement))


def programme_of(session: Session, lease: Lease) -> ProgrammeYear:
    programme = session.get(ProgrammeYear, lease.programme_id)
    assert programme is not None  # foreign key
    return programme


@dataclass(frozen=True)
class LeaseShown:
    """A lease as shown on a day: the row, the programme year it counts against, its state."""

    row: Lease
    year: int
    state: LeaseState


def shown(session: Session, clock: Clock, lease: Lease) -> LeaseShown:
    return LeaseShown(lease, programme_of(session, lease).year, lease.state(today(clock)))
