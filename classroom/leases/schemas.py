"""API shapes of the leases domain. Money is integer won; rates travel as exact strings ("1/2")."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from classroom.core.money import format_rate
from classroom.leases.models import EntryKind, Invoice, Lease, LeaseState, LeaseStatus, ProgrammeYear

MAX_WON = 10**15  # far above any programme budget; keeps BigInteger columns safe


class ProgrammeSettings(BaseModel):
    """PUT body: every setting, defaults from DOMAIN.md (2020 programme figures)."""

    lease_cap: int = Field(default=300, ge=0, le=1_000_000)
    subsidy_rate: str = Field(default="1/2", max_length=20, description='"1/2", "50%" or "0.5"')
    budget: int = Field(default=5_200_000_000, ge=0, le=MAX_WON)
    monthly_fee: int = Field(default=300_000, ge=0, le=MAX_WON)
    storage_bytes_per_classroom: int = Field(default=50 * 1024**3, ge=0, le=MAX_WON)
    live_seats_per_classroom: int = Field(default=30, ge=1, le=10_000)
    # Smart-training policy: ranges are checked by the service so every entry point (API,
    # form, CLI) answers with the same explanatory message.
    min_total_hours: int = Field(default=140, description="whole hours, 0–10000")
    online_share_min: str = Field(
        default="1/10", max_length=20, description='"1/10", "10%" or "0.1"; ≤ the maximum'
    )
    online_share_max: str = Field(default="1/2", max_length=20, description='"1/2", "50%" or "0.5"')
    min_online_hours: int = Field(default=20, description="whole hours, 0–10000")
    max_daily_hours: int = Field(default=8, description="whole hours a trainee may train a day, 1–24")


class ProgrammePatch(BaseModel):
    lease_cap: int | None = Field(default=None, ge=0, le=1_000_000)
    subsidy_rate: str | None = Field(default=None, max_length=20)
    budget: int | None = Field(default=None, ge=0, le=MAX_WON)
    monthly_fee: int | None = Field(default=None, ge=0, le=MAX_WON)
    storage_bytes_per_classroom: int | None = Field(default=None, ge=0, le=MAX_WON)
    live_seats_per_classroom: int | None = Field(default=None, ge=1, le=10_000)
    min_total_hours: int | None = None
    online_share_min: str | None = Field(default=None, max_length=20)
    online_share_max: str | None = Field(default=None, max_length=20)
    min_online_hours: int | None = None
    max_daily_hours: int | None = None


class ProgrammeOut(BaseModel):
    year: int
    lease_cap: int
    cap_counts: str = "classrooms of approved leases in the year (terminated leases excluded)"
    cap_used: int
    cap_remaining: int
    pending_classrooms: int
    subsidy_rate: str
    subsidy_rate_percent: str
    budget: int
    subsidy_committed: int
    budget_remaining: int
    monthly_fee: int
    storage_bytes_per_classroom: int
    live_seats_per_classroom: int
    invoices_closed: int
    min_total_hours: int
    online_share_min: str
    online_share_min_percent: str
    online_share_max: str
    online_share_max_percent: str
    min_online_hours: int
    max_daily_hours: int

    @classmethod
    def build(cls, programme: ProgrammeYear, *, used: int, pending: int) -> ProgrammeOut:
        return cls(
            year=programme.year,
            lease_cap=programme.lease_cap,
            cap_used=used,
            cap_remaining=max(programme.lease_cap - used, 0),
            pending_classrooms=pending,
            subsidy_rate=f"{programme.rate_num}/{programme.rate_den}",
            subsidy_rate_percent=format_rate(programme.rate),
            budget=programme.budget,
            subsidy_committed=programme.subsidy_committed,
            budget_remaining=programme.budget_remaining,
            monthly_fee=programme.monthly_fee,
            storage_bytes_per_classroom=programme.storage_bytes_per_classroom,
            live_seats_per_classroom=programme.live_seats_per_classroom,
            invoices_closed=programme.invoices_closed,
            min_total_hours=programme.min_total_hours,
            online_share_min=f"{programme.online_min_num}/{programme.online_min_den}",
            online_share_min_percent=format_rate(programme.online_share_min),
            online_share_max=f"{programme.online_max_num}/{programme.online_max_den}",
            online_share_max_percent=format_rate(programme.online_share_max),
            min_online_hours=programme.min_online_hours,
            max_daily_hours=programme.max_daily_hours,
        )


class DesignationCreate(BaseModel):
    institution_id: uuid.UUID
    valid_from: date
    valid_to: date
    note: str = Field(default="", max_length=300)


class DesignationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    institution_id: uuid.UUID
    valid_from: date
    valid_to: date
    note: str
    created_at: datetime
    revoked_at: datetime | None


class LeaseRequest(BaseModel):
    classrooms: int = Field(ge=1, le=1000)
    starts_on: date
    ends_on: date
    note: str = Field(default="", max_length=500)


class Reason(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class Termination(BaseModel):
    reason: str = Field(min_length=1, max_length=500)
    last_day: date | None = Field(default=None, description="last billed day; default today")


class Renewal(BaseModel):
    ends_on: date
    classrooms: int | None = Field(default=None, ge=1, le=1000)


class LeaseOut(BaseModel):
    id: uuid.UUID
    institution_id: uuid.UUID
    year: int
    classrooms: int
    starts_on: date
    ends_on: date
    last_day: date
    status: LeaseStatus
    state: LeaseState
    note: str
    requested_at: datetime
    decided_at: datetime | None
    reject_reason: str | None
    terminated_on: date | None
    terminate_reason: str | None
    renewed_from_id: uuid.UUID | None

    @classmethod
    def build(cls, lease: Lease, year: int, today: date) -> LeaseOut:
        return cls(
            id=lease.id,
            institution_id=lease.institution_id,
            year=year,
            classrooms=lease.classrooms,
            starts_on=lease.starts_on,
            ends_on=lease.ends_on,
            last_day=lease.last_day,
            status=lease.status,
            state=lease.state(today),
            note=lease.note,
            requested_at=lease.requested_at,
            decided_at=lease.decided_at,
            reject_reason=lease.reject_reason,
            terminated_on=lease.terminated_on,
            terminate_reason=lease.terminate_reason,
            renewed_from_id=lease.renewed_from_id,
        )


class QuotaOut(BaseModel):
    institution_id: uuid.UUID
    on: date
    classrooms: int
    storage_bytes: int
    live_seats: int
    seats_per_classroom: int


class InvoiceOut(BaseModel):
    id: uuid.UUID
    institution_id: uuid.UUID
    lease_id: uuid.UUID
    month: str
    sequence: int
    days_in_month: int
    monthly_fee: int
    classrooms: int
    active_from: date
    active_to: date
    active_days: int
    excellent_days: int
    subsidy_rate: str
    total: int
    eligible: int
    subsidy: int
    institution_share: int
    budget_limited: bool
    paid: int
    outstanding: int
    closed_at: datetime

    @classmethod
    def build(cls, invoice: Invoice, paid: int) -> InvoiceOut:
        return cls(
            id=invoice.id,
            institution_id=invoice.institution_id,
            lease_id=invoice.lease_id,
            month=f"{invoice.month:%Y-%m}",
            sequence=invoice.sequence,
            days_in_month=invoice.days_in_month,
            monthly_fee=invoice.monthly_fee,
            classrooms=invoice.classrooms,
            active_from=invoice.active_from,
            active_to=invoice.active_to,
            active_days=invoice.active_days,
            excellent_days=invoice.excellent_days,
            subsidy_rate=f"{invoice.rate_num}/{invoice.rate_den}",
            total=invoice.total,
            eligible=invoice.eligible,
            subsidy=invoice.subsidy,
            institution_share=invoice.institution_share,
            budget_limited=invoice.budget_limited,
            paid=paid,
            outstanding=invoice.institution_share - paid,
            closed_at=invoice.closed_at,
        )


class LedgerEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    institution_id: uuid.UUID
    invoice_id: uuid.UUID
    kind: EntryKind
    amount: int
    at: datetime
    actor_id: uuid.UUID | None
    reason: str
    reference: str
    reverses_id: uuid.UUID | None


class InvoiceDetail(BaseModel):
    invoice: InvoiceOut
    entries: list[LedgerEntryOut]


class Payment(BaseModel):
    amount: int | None = Field(default=None, ge=1, le=MAX_WON, description="default: the outstanding share")
    reference: str = Field(default="", max_length=100)


class CloseRequest(BaseModel):
    month: str = Field(max_length=7, description="YYYY-MM")


class CloseOut(BaseModel):
    month: str
    invoices_created: int
    already_closed: int
    total: int
    subsidy: int
    budget_remaining: int


class VerifyOut(BaseModel):
    ok: bool
    problems: list[dict[str, str]]
