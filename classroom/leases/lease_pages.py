"""The leases page's list, one page at a time: filter by status, programme year and (operator)
institution; sort by request date, start, institution or classrooms."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from classroom.core.listing import Page, PageRequest, fetch
from classroom.core.tenancy import Principal, scoped
from classroom.institutions.models import Institution
from classroom.leases.models import Lease, LeaseStatus, ProgrammeYear

STATUSES = tuple(str(s) for s in LeaseStatus)


@dataclass(frozen=True)
class LeaseFilter:
    status: LeaseStatus | None = None
    year: int | None = None
    institution_id: uuid.UUID | None = None


SORTS = {
    "requested": col(Lease.requested_at),
    "starts": col(Lease.starts_on),
    "institution": col(Institution.name),
    "classrooms": col(Lease.classrooms),
    "status": col(Lease.status),
}


def page_leases(
    session: Session, principal: Principal, wanted: LeaseFilter, request: PageRequest
) -> Page[Lease]:
    statement = (
        scoped(select(Lease), principal)
        .join(Institution, col(Institution.id) == col(Lease.institution_id))
        .join(ProgrammeYear, col(ProgrammeYear.id) == col(Lease.programme_id))
    )
    if wanted.status is not None:
        statement = statement.where(Lease.status == wanted.status)
    if wanted.year is not None:
        statement = statement.where(ProgrammeYear.year == wanted.year)
    if wanted.institution_id is not None:
        statement = statement.where(Lease.institution_id == wanted.institution_id)
    return fetch(session, statement, request, SORTS, "requested", default_descending=True, tie=col(Lease.id))


def renewed(session: Session, principal: Principal, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these leases already have a renewal requested or approved."""
    if not ids:
        return set()
    statement = scoped(select(Lease.renewed_from_id), principal, Lease).where(
        col(Lease.renewed_from_id).in_(ids),
        col(Lease.status).in_([LeaseStatus.REQUESTED, LeaseStatus.APPROVED]),
    )
    return {i for i in session.exec(statement) if i is not None}
