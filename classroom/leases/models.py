"""Tables of the ASP lease programme: years, designations, leases, invoices and the money ledger.

Money columns are BigInteger won: one programme budget (₩5.2 billion) already overflows a
32-bit integer. Rates are stored as an exact numerator/denominator pair, never a float.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import BigInteger, CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from classroom.core.db import EnumText, UTCDateTime
from classroom.core.tenancy import TenantOwned
from classroom.leases.rules import leases as rules

# The column enums live with their rules; importers may name them from here.
from classroom.leases.rules.leases import LeaseState as LeaseState
from classroom.leases.rules.leases import LeaseStatus as LeaseStatus
from classroom.leases.rules.ledger import EntryKind as EntryKind
from classroom.leases.rules.quota import GIB as GIB


class ProgrammeYear(SQLModel, table=True):
    """One programme year run by the operator; its row is the lock for cap and budget writes."""

    __tablename__ = "programme_years"
    __table_args__ = (
        CheckConstraint("subsidy_committed <= budget", name="budget_not_exceeded"),
        CheckConstraint("rate_num >= 0 AND rate_den > 0 AND rate_num <= rate_den", name="rate_fraction"),
        # The smart-training policy must stay usable by the plan rules whatever writes the row.
        CheckConstraint("min_total_hours >= 0 AND min_online_hours >= 0", name="policy_hours"),
        CheckConstraint("max_daily_hours > 0 AND max_daily_hours <= 24", name="policy_daily"),
        CheckConstraint(
            "online_min_num >= 0 AND online_min_den > 0 AND online_min_num <= online_min_den "
            "AND online_max_num >= 0 AND online_max_den > 0 AND online_max_num <= online_max_den "
            "AND online_min_num * online_max_den <= online_max_num * online_min_den",
            name="policy_shares",
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    year: int = Field(unique=True, index=True)
    # The cap counts classrooms of approved leases of the year (terminated leases release theirs).
    lease_cap: int = 300
    rate_num: int = 1
    rate_den: int = 2
    budget: int = Field(default=5_200_000_000, sa_type=BigInteger)
    monthly_fee: int = Field(default=300_000, sa_type=BigInteger)  # per classroom per month
    storage_bytes_per_classroom: int = Field(default=50 * GIB, sa_type=BigInteger)
    live_seats_per_classroom: int = 30
    # Running sum of closed invoices' subsidy, kept under the row lock; `verify` recomputes it.
    subsidy_committed: int = Field(default=0, sa_type=BigInteger)
    invoices_closed: int = 0  # closing sequence counter: budget is charged in this order
    # Smart-training (스마트훈련) policy of courses starting in this year: whole hours, and
    # the online share bounds as exact fractions (both ends allowed).
    min_total_hours: int = 140
    online_min_num: int = 1
    online_min_den: int = 10
    online_max_num: int = 1
    online_max_den: int = 2
    min_online_hours: int = 20
    max_daily_hours: int = 8
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)

    @property
    def subsidy_rate(self) -> Fraction:
        return Fraction(self.rate_num, self.rate_den)

    @property
    def budget_remaining(self) -> int:
        return self.budget - self.subsidy_committed

    @property
    def online_share_min(self) -> Fraction:
        return Fraction(self.online_min_num, self.online_min_den)

    @property
    def online_share_max(self) -> Fraction:
        return Fraction(self.online_max_num, self.online_max_den)


class Designation(TenantOwned, table=True):
    """An excellent-institution (우수훈련기관) designation, valid on both end dates."""

    __tablename__ = "excellent_designations"
    __table_args__ = (CheckConstraint("valid_from <= valid_to", name="valid_range"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    valid_from: date
    valid_to: date
    note: str = Field(default="", max_length=300)
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    # Revoked designations stop counting for months closed afterwards; closed invoices stay.
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")


class Lease(TenantOwned, table=True):
    __tablename__ = "leases"
    __table_args__ = (
        CheckConstraint("starts_on <= ends_on", name="date_range"),
        CheckConstraint("classrooms >= 1", name="classrooms_positive"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    programme_id: uuid.UUID = Field(foreign_key="programme_years.id", index=True)
    classrooms: int
    starts_on: date
    ends_on: date
    status: LeaseStatus = Field(default=LeaseStatus.REQUESTED, sa_type=EnumText(LeaseStatus, 16), index=True)
    note: str = Field(default="", max_length=500)
    requested_at: datetime = Field(sa_type=UTCDateTime)
    requested_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    reject_reason: str | None = Field(default=None, max_length=500)
    # Last active (billed) day of an early-terminated lease; before starts_on means it never ran.
    terminated_on: date | None = None
    terminated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    terminated_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    terminate_reason: str | None = Field(default=None, max_length=500)
    renewed_from_id: uuid.UUID | None = Field(default=None, foreign_key="leases.id")

    @property
    def last_day(self) -> date:
        """Last day the lease is (or was) active, termination included."""
        return rules.last_day(self.ends_on, self.terminated_on)

    def state(self, today: date) -> LeaseState:
        return rules.state(self.status, self.starts_on, self.last_day, today)

    def active_on(self, day: date) -> bool:
        return self.status in rules.RUNNING and self.starts_on <= day <= self.last_day


class Invoice(TenantOwned, table=True):
    """One lease's bill for one calendar month, with the terms it was computed from."""

    __tablename__ = "lease_invoices"
    __table_args__ = (
        UniqueConstraint("lease_id", "month", name="uq_lease_invoices_lease_month"),
        CheckConstraint("subsidy + institution_share = total", name="split_adds_up"),
        CheckConstraint("subsidy >= 0 AND institution_share >= 0", name="non_negative"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    lease_id: uuid.UUID = Field(foreign_key="leases.id", index=True)
    programme_id: uuid.UUID = Field(foreign_key="programme_years.id", index=True)
    month: date = Field(index=True)  # first day of the billed month
    sequence: int  # closing order within the programme year
    days_in_month: int
    monthly_fee: int = Field(sa_type=BigInteger)
    classrooms: int
    active_from: date
    active_to: date
    active_days: int
    excellent_days: int
    rate_num: int
    rate_den: int
    total: int = Field(sa_type=BigInteger)
    eligible: int = Field(sa_type=BigInteger)
    subsidy: int = Field(sa_type=BigInteger)
    institution_share: int = Field(sa_type=BigInteger)
    budget_limited: bool = False
    closed_at: datetime = Field(sa_type=UTCDateTime)
    closed_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")

    @property
    def subsidy_rate(self) -> Fraction:
        return Fraction(self.rate_num, self.rate_den)


class LedgerEntry(TenantOwned, table=True):
    """Append-only money movements. A correction is a new row of the same kind with the
    negated amount, pointing at the row it reverses (`reverses_id`), with who and why."""

    __tablename__ = "lease_ledger"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    programme_id: uuid.UUID = Field(foreign_key="programme_years.id", index=True)
    invoice_id: uuid.UUID = Field(foreign_key="lease_invoices.id", index=True)
    kind: EntryKind = Field(sa_type=EnumText(EntryKind, 16), index=True)
    amount: int = Field(sa_type=BigInteger)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    reason: str = Field(default="", max_length=500)
    reference: str = Field(default="", max_length=100)  # e.g. bank transfer id of a payment
    # Unique: a row can be reversed once; reversing a reversal is not allowed either.
    reverses_id: uuid.UUID | None = Field(default=None, foreign_key="lease_ledger.id", unique=True)
