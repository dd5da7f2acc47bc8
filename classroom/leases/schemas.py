"""API shapes of the leases domain. Money is integer won; rates travel as exact strings ("1/2").

Outputs are built one way: `XOut.model_validate(source)`, where `source` is a row or a typed
result of the service (`LeaseShown`, `InvoiceShown`, `ProgrammeShown`: a frozen dataclass whose
`row` is a row and whose other fields are figures computed around it; a field is read from the
result when it has it, else from its row). Presentation is the schema's: fractions as "n/d",
months as "YYYY-MM", and derived figures as computed fields.
"""

from __future__ import annotations

import uuid
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, computed_field, model_validator

from classroom.core.dates import Day
from classroom.core.money import format_rate
from classroom.leases.models import EntryKind, LeaseState, LeaseStatus


def _fraction_text(value: Any) -> Any:
    return f"{value.numerator}/{value.denominator}" if isinstance(value, Fraction) else value


def _month_text(value: Any) -> Any:
    return f"{value:%Y-%m}" if isinstance(value, date) else value


FractionText = Annotated[str, BeforeValidator(_fraction_text)]  # Fraction(1, 2) → "1/2"
MonthText = Annotated[str, BeforeValidator(_month_text)]  # date(2026, 4, 1) → "2026-04"


class Output(BaseModel):
    """Base of the outputs validated from a row or a typed result (module docstring)."""

    model_config = ConfigDict(from_attributes=True)

    @model_validator(mode="before")
    @classmethod
    def _read_through_row(cls, data: Any) -> Any:
        if not (is_dataclass(data) and hasattr(data, "row")):
            return data
        own = {f.name: getattr(data, f.name) for f in fields(data) if f.name != "row"}
        row = data.row
        return {
            name: own[name] if name in own else getattr(row, name)
            for name in cls.model_fields
            if name in own or hasattr(row, name)
        }


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


class ProgrammeOut(Output):
    """From a `ProgrammeShown`."""

    year: int
    lease_cap: int
    cap_counts: str = "classrooms of approved leases in the year (terminated leases excluded)"
    cap_used: int
    pending_classrooms: int
    subsidy_rate: FractionText
    budget: int
    subsidy_committed: int
    budget_remaining: int
    monthly_fee: int
    storage_bytes_per_classroom: int
    live_seats_per_classroom: int
    invoices_closed: int
    min_total_hours: int
    online_share_min: FractionText
    online_share_max: FractionText
    min_online_hours: int
    max_daily_hours: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cap_remaining(self) -> int:
        return max(self.lease_cap - self.cap_used, 0)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def subsidy_rate_percent(self) -> str:
        return format_rate(Fraction(self.subsidy_rate))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def online_share_min_percent(self) -> str:
        return format_rate(Fraction(self.online_share_min))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def online_share_max_percent(self) -> str:
        return format_rate(Fraction(self.online_share_max))


class DesignationCreate(BaseModel):
    institution_id: uuid.UUID
    valid_from: Day
    valid_to: Day
    note: str = Field(default="", max_length=300)


class DesignationOut(Output):
    """From a `Designation` row."""

    id: uuid.UUID
    institution_id: uuid.UUID
    valid_from: date
    valid_to: date
    note: str
    created_at: datetime
    revoked_at: datetime | None


class LeaseRequest(BaseModel):
    classrooms: int = Field(ge=1, le=1000)
    starts_on: Day
    ends_on: Day
    note: str = Field(default="", max_length=500)


class Reason(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class Termination(BaseModel):
    reason: str = Field(min_length=1, max_length=500)
    last_day: Day | None = Field(default=None, description="last billed day; default today")


class Renewal(BaseModel):
    ends_on: Day
    classrooms: int | None = Field(default=None, ge=1, le=1000)


class LeaseOut(Output):
    """From a `LeaseShown`: the row, its programme year and its state today."""

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


class QuotaOut(Output):
    """From a `quotas.QuotaReport`."""

    institution_id: uuid.UUID
    on: date
    classrooms: int
    storage_bytes: int
    live_seats: int
    seats_per_classroom: int


class InvoiceOut(Output):
    """From an `InvoiceShown`: the row and what has been paid on it."""

    id: uuid.UUID
    institution_id: uuid.UUID
    lease_id: uuid.UUID
    month: MonthText
    sequence: int
    days_in_month: int
    monthly_fee: int
    classrooms: int
    active_from: date
    active_to: date
    active_days: int
    excellent_days: int
    subsidy_rate: FractionText
    total: int
    eligible: int
    subsidy: int
    institution_share: int
    budget_limited: bool
    paid: int
    closed_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def outstanding(self) -> int:
        return self.institution_share - self.paid


class LedgerEntryOut(Output):
    """From a `LedgerEntry` row."""

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


class InvoiceDetail(Output):
    """From an `InvoiceDetailShown`."""

    invoice: InvoiceOut
    entries: list[LedgerEntryOut]


class Payment(BaseModel):
    amount: int | None = Field(default=None, ge=1, le=MAX_WON, description="default: the outstanding share")
    reference: str = Field(default="", max_length=100)


class CloseRequest(BaseModel):
    month: str = Field(max_length=7, description="YYYY-MM, 2000-01 … 2100-12")


class FindingOut(Output):
    scope: str  # "invoice:<id>", "entry:<id>" or "programme:<year>"
    code: str
    message: str


class VerifyOut(Output):
    """From a `ledger.BooksCheck`."""

    ok: bool
    problems: list[FindingOut]
