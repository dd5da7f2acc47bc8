"""JSON API of leases, programme years, designations, invoices and the ledger (thin)."""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, EventsDep
from classroom.core.errors import request_lang
from classroom.core.paging import Offset, YearPath, YearQuery
from classroom.jobs.schemas import JobOut
from classroom.leases import billing, closing, designations, ledger, programmes, quotas, service
from classroom.leases.auth import (
    Closer,
    Decider,
    DesignationForUpdate,
    DesignationReader,
    DesignationWriter,
    EntryForUpdate,
    InvoiceForUpdate,
    InvoiceReader,
    InvoiceRef,
    LeaseForUpdate,
    LeaseReader,
    LeaseRef,
    PaymentWriter,
    ProgrammeReader,
    ProgrammeWriter,
    Requester,
    Terminator,
    Verifier,
)
from classroom.leases.invoices import list_invoices
from classroom.leases.models import Lease, LeaseStatus, ProgrammeYear
from classroom.leases.schemas import (
    CloseRequest,
    DesignationCreate,
    DesignationOut,
    InvoiceDetail,
    InvoiceOut,
    LeaseOut,
    LeaseRequest,
    LedgerEntryOut,
    Payment,
    ProgrammeOut,
    ProgrammePatch,
    ProgrammeSettings,
    QuotaOut,
    Reason,
    Renewal,
    Termination,
    VerifyOut,
)

router = APIRouter(prefix="/api/v1", tags=["leases"])


def _programme_out(session: DbSession, programme: ProgrammeYear) -> ProgrammeOut:
    return ProgrammeOut.model_validate(programmes.shown(session, programme))


def _lease_out(session: DbSession, clock: ClockDep, lease: Lease) -> LeaseOut:
    return LeaseOut.model_validate(service.shown(session, clock, lease))


# --- programme years --------------------------------------------------------------------------


@router.get("/programmes", response_model=list[ProgrammeOut])
def list_programmes(session: DbSession, principal: ProgrammeReader) -> list[ProgrammeOut]:
    return [_programme_out(session, p) for p in programmes.list_programmes(session)]


@router.get("/programmes/{year}", response_model=ProgrammeOut)
def get_programme(session: DbSession, principal: ProgrammeReader, year: YearPath) -> ProgrammeOut:
    return _programme_out(session, programmes.get_programme(session, year))


@router.put(
    "/programmes/{year}",
    response_model=ProgrammeOut,
    responses={201: {"model": ProgrammeOut, "description": "The year did not exist and was opened"}},
)
def put_programme(
    response: Response,
    session: DbSession,
    clock: ClockDep,
    principal: ProgrammeWriter,
    year: YearPath,
    data: ProgrammeSettings,
) -> ProgrammeOut:
    """Open the year (201) or replace all its settings (200)."""
    programme, created = programmes.put_programme(session, clock, principal, year, data.model_dump())
    response.status_code = 201 if created else 200
    return _programme_out(session, programme)


@router.patch("/programmes/{year}", response_model=ProgrammeOut)
def patch_programme(
    session: DbSession, clock: ClockDep, principal: ProgrammeWriter, year: YearPath, data: ProgrammePatch
) -> ProgrammeOut:
    programme = programmes.get_programme(session, year)
    changes = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
    return _programme_out(session, programmes.update_programme(session, clock, principal, programme, changes))


# --- designations -----------------------------------------------------------------------------


@router.get("/designations", response_model=list[DesignationOut])
def list_designations(
    session: DbSession, principal: DesignationReader, institution_id: uuid.UUID | None = None
) -> list[DesignationOut]:
    rows = designations.list_designations(session, principal, institution_id=institution_id)
    return [DesignationOut.model_validate(d) for d in rows]


@router.post("/designations", response_model=DesignationOut, status_code=201)
def create_designation(
    session: DbSession, clock: ClockDep, principal: DesignationWriter, data: DesignationCreate
) -> DesignationOut:
    designation = designations.create_designation(
        session,
        clock,
        principal,
        institution_id=data.institution_id,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        note=data.note,
    )
    return DesignationOut.model_validate(designation)


@router.post("/designations/{designation_id}/revoke", response_model=DesignationOut)
def revoke_designation(
    session: DbSession, clock: ClockDep, principal: DesignationWriter, designation: DesignationForUpdate
) -> DesignationOut:
    return DesignationOut.model_validate(
        designations.revoke_designation(session, clock, principal, designation)
    )


# --- leases -----------------------------------------------------------------------------------


@router.get("/leases", response_model=list[LeaseOut])
def list_leases(
    session: DbSession,
    clock: ClockDep,
    principal: LeaseReader,
    status: LeaseStatus | None = None,
    year: YearQuery = None,
    institution_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Offset = 0,
) -> list[LeaseOut]:
    rows = service.list_leases(
        session,
        principal,
        status=status,
        year=year,
        institution_id=institution_id,
        limit=limit,
        offset=offset,
    )
    return [_lease_out(session, clock, lease) for lease in rows]


@router.post("/leases", response_model=LeaseOut, status_code=201)
def request_lease(session: DbSession, clock: ClockDep, principal: Requester, data: LeaseRequest) -> LeaseOut:
    lease = service.request_lease(
        session,
        clock,
        principal,
        classrooms=data.classrooms,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        note=data.note,
    )
    return _lease_out(session, clock, lease)


@router.get("/leases/{lease_id}", response_model=LeaseOut)
def get_lease(session: DbSession, clock: ClockDep, principal: LeaseReader, lease: LeaseRef) -> LeaseOut:
    return _lease_out(session, clock, lease)


@router.post("/leases/{lease_id}/approve", response_model=LeaseOut)
def approve_lease(session: DbSession, clock: ClockDep, principal: Decider, lease: LeaseForUpdate) -> LeaseOut:
    return _lease_out(session, clock, service.approve_lease(session, clock, principal, lease))


@router.post("/leases/{lease_id}/reject", response_model=LeaseOut)
def reject_lease(
    session: DbSession, clock: ClockDep, principal: Decider, lease: LeaseForUpdate, data: Reason
) -> LeaseOut:
    return _lease_out(session, clock, service.reject_lease(session, clock, principal, lease, data.reason))


@router.post("/leases/{lease_id}/cancel", response_model=LeaseOut)
def cancel_lease(
    session: DbSession, clock: ClockDep, principal: Requester, lease: LeaseForUpdate
) -> LeaseOut:
    return _lease_out(session, clock, service.cancel_lease(session, clock, principal, lease))


@router.post("/leases/{lease_id}/terminate", response_model=LeaseOut)
def terminate_lease(
    session: DbSession, clock: ClockDep, principal: Terminator, lease: LeaseForUpdate, data: Termination
) -> LeaseOut:
    return _lease_out(
        session,
        clock,
        service.terminate_lease(session, clock, principal, lease, reason=data.reason, last_day=data.last_day),
    )


@router.post("/leases/{lease_id}/renew", response_model=LeaseOut, status_code=201)
def renew_lease(
    session: DbSession, clock: ClockDep, principal: Requester, lease: LeaseForUpdate, data: Renewal
) -> LeaseOut:
    renewal = service.renew_lease(
        session, clock, principal, lease, ends_on=data.ends_on, classrooms=data.classrooms
    )
    return _lease_out(session, clock, renewal)


@router.get("/quota", response_model=QuotaOut)
def get_quota(
    session: DbSession,
    clock: ClockDep,
    principal: LeaseReader,
    institution_id: uuid.UUID | None = None,
    on: date | None = None,
) -> QuotaOut:
    """Own institution's quota; operator and inspector name the institution."""
    return QuotaOut.model_validate(
        quotas.report(session, principal, institution_id, on or service.today(clock))
    )


# --- invoices, ledger, billing -----------------------------------------------------------------


@router.get("/invoices", response_model=list[InvoiceOut])
def invoices(
    session: DbSession,
    principal: InvoiceReader,
    month: Annotated[str | None, Query(max_length=7, description="YYYY-MM, 2000-01 … 2100-12")] = None,
    institution_id: uuid.UUID | None = None,
    lease_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    offset: Offset = 0,
) -> list[InvoiceOut]:
    rows = list_invoices(
        session,
        principal,
        month=billing.parse_month(month) if month else None,
        institution_id=institution_id,
        lease_id=lease_id,
        limit=limit,
        offset=offset,
    )
    return [InvoiceOut.model_validate(shown) for shown in ledger.shown_invoices(session, principal, rows)]


@router.get("/invoices/{invoice_id}", response_model=InvoiceDetail)
def invoice_detail(session: DbSession, principal: InvoiceReader, invoice: InvoiceRef) -> InvoiceDetail:
    return InvoiceDetail.model_validate(ledger.invoice_detail(session, principal, invoice))


@router.post("/invoices/{invoice_id}/payments", response_model=LedgerEntryOut, status_code=201)
def record_payment(
    session: DbSession, clock: ClockDep, principal: PaymentWriter, invoice: InvoiceForUpdate, data: Payment
) -> LedgerEntryOut:
    entry = ledger.record_payment(
        session, clock, principal, invoice, amount=data.amount, reference=data.reference
    )
    return LedgerEntryOut.model_validate(entry)


@router.get("/ledger", response_model=list[LedgerEntryOut])
def ledger_entries(
    session: DbSession,
    principal: InvoiceReader,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    offset: Offset = 0,
) -> list[LedgerEntryOut]:
    rows = ledger.list_entries(session, principal, limit=limit, offset=offset)
    return [LedgerEntryOut.model_validate(e) for e in rows]


@router.post("/ledger/{entry_id}/reverse", response_model=LedgerEntryOut, status_code=201)
def reverse_entry(
    session: DbSession, clock: ClockDep, principal: PaymentWriter, entry: EntryForUpdate, data: Reason
) -> LedgerEntryOut:
    return LedgerEntryOut.model_validate(ledger.reverse_entry(session, clock, principal, entry, data.reason))


@router.post(
    "/billing/close",
    response_model=JobOut,
    status_code=202,
    responses={
        202: {"description": "Accepted: a job closes the month; its `result` has the close's figures"},
        404: {"description": "No programme year for that month"},
        409: {"description": "The month is not over yet in Seoul"},
        422: {"description": "The month is not YYYY-MM"},
    },
)
def close_month(
    response: Response,
    session: DbSession,
    clock: ClockDep,
    events: EventsDep,
    principal: Closer,
    data: CloseRequest,
) -> JobOut:
    """Close a month: creates its invoices (idempotent: leases already invoiced are skipped).
    Runs as a job — follow `/api/v1/jobs/{id}`; when done, `result` holds `invoices_created`,
    `already_closed`, `total`, `subsidy` and `budget_remaining`."""
    job = closing.request_close(session, clock, events, principal, data.month)
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return JobOut.model_validate(job)


@router.get("/billing/verify", response_model=VerifyOut)
def verify(request: Request, session: DbSession, principal: Verifier, year: YearQuery = None) -> VerifyOut:
    """Ledger invariants (rules.ledger) of one programme year or all; problems in the caller's language."""
    programme = programmes.get_programme(session, year) if year is not None else None
    return VerifyOut.model_validate(ledger.check(session, programme, request_lang(request)))
