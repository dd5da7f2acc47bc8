"""Excellent-institution (우수훈련기관) designations: only their days earn the subsidy."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session, col, select

from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import Conflict
from classroom.core.tenancy import Principal, get_scoped_or_404, scoped
from classroom.institutions.models import Institution
from classroom.leases.models import Designation
from classroom.leases.programmes import actor_id, audit_principal
from classroom.leases.refusals import invalid
from classroom.leases.rules.proration import DateRange
from classroom.leases.rules.reasons import Reason


def create_designation(
    session: Session,
    clock: Clock,
    principal: Principal,
    *,
    institution_id: uuid.UUID,
    valid_from: date,
    valid_to: date,
    note: str = "",
) -> Designation:
    if session.get(Institution, institution_id) is None:
        raise invalid(Reason("designation.institution_unknown", field="institution_id"))
    if valid_to < valid_from:
        raise invalid(Reason("designation.range_invalid", field="valid_to"))
    designation = Designation(
        institution_id=institution_id,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note.strip(),
        created_at=clock.now(),
        created_by=actor_id(principal),
    )
    session.add(designation)
    session.flush()
    audit.record(
        session,
        clock,
        audit_principal(principal),
        "designation.create",
        "designation",
        designation.id,
        institution_id=institution_id,
        detail={"valid_from": valid_from.isoformat(), "valid_to": valid_to.isoformat()},
    )
    return designation


def get_designation(
    session: Session, principal: Principal, designation_id: uuid.UUID, *, for_update: bool = False
) -> Designation:
    return get_scoped_or_404(session, Designation, designation_id, principal, for_update=for_update)


def revoke_designation(
    session: Session, clock: Clock, principal: Principal, designation: Designation
) -> Designation:
    if designation.revoked_at is not None:
        raise Conflict("designation.already_revoked", code="designation_revoked")
    designation.revoked_at = clock.now()
    designation.revoked_by = actor_id(principal)
    session.add(designation)
    session.flush()
    audit.record(
        session,
        clock,
        audit_principal(principal),
        "designation.revoke",
        "designation",
        designation.id,
        institution_id=designation.institution_id,
    )
    return designation


def list_designations(
    session: Session,
    principal: Principal,
    *,
    institution_id: uuid.UUID | None = None,
    include_revoked: bool = True,
) -> list[Designation]:
    statement = scoped(select(Designation), principal)
    if institution_id is not None:
        statement = statement.where(Designation.institution_id == institution_id)
    if not include_revoked:
        statement = statement.where(col(Designation.revoked_at).is_(None))
    return list(session.exec(statement.order_by(col(Designation.valid_from).desc())))


def designated_ranges(session: Session, principal: Principal, institution_id: uuid.UUID) -> list[DateRange]:
    return [
        DateRange(d.valid_from, d.valid_to)
        for d in list_designations(session, principal, institution_id=institution_id, include_revoked=False)
    ]


def is_excellent(session: Session, principal: Principal, institution_id: uuid.UUID, on: date) -> bool:
    return any(r.contains(on) for r in designated_ranges(session, principal, institution_id))
