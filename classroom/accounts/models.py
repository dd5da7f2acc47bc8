"""Accounts' tables: users of every role, their signed-in sessions and tokens, failed sign-ins."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, text
from sqlmodel import Field, SQLModel

from classroom.core.db import EnumText, UTCDateTime
from classroom.core.roles import Role
from classroom.core.tenancy import TenantOptional, TenantOwned


class SessionKind(StrEnum):
    WEB = "web"  # a browser signed in through the login page (cookie)
    API = "api"  # a bearer token issued to an API client


class User(TenantOptional, table=True):
    __tablename__ = "users"
    __table_args__ = (
        # The same e-mail may exist once per institution; platform staff have no institution.
        Index("uq_users_institution_email", "institution_id", "email", unique=True),
        Index(
            "uq_users_platform_email",
            "email",
            unique=True,
            sqlite_where=text("institution_id IS NULL"),
            postgresql_where=text("institution_id IS NULL"),
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(max_length=254)
    name: str = Field(max_length=100)
    role: Role = Field(sa_type=EnumText(Role, 32), index=True)
    password_hash: str = Field(max_length=255)
    locale: str | None = Field(default=None, max_length=5)
    phone: str | None = Field(default=None, max_length=20)
    # 국민내일배움카드 number: optional, 16 digits.
    learning_card_no: str | None = Field(default=None, max_length=16)
    is_active: bool = True
    must_change_password: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime)


class AuthSession(SQLModel, table=True):
    """A signed-in browser (kind "web") or an API bearer token (kind "api"); only the hash is kept."""

    __tablename__ = "auth_sessions"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    kind: SessionKind = Field(sa_type=EnumText(SessionKind, 8))
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ip: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=300)


class LoginFailure(SQLModel, table=True):
    """One failed login for an account key ("institution-code:email"), for throttling."""

    __tablename__ = "login_failures"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    account_key: str = Field(max_length=300, index=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    ip: str | None = Field(default=None, max_length=64, index=True)


class ImportStatus(StrEnum):
    STAGED = "staged"  # previewed, waiting for the admin's confirmation
    QUEUED = "queued"  # confirmed; the job will create the accounts
    DONE = "done"
    FAILED = "failed"


class RosterImport(TenantOwned, table=True):
    """One roster upload: previewed, confirmed, imported by a job; its secrets sealed.

    `rows` holds the validated rows (sealed: they may carry initial passwords) until the job has
    created the accounts, then it is cleared. `passwords` holds the generated temporary
    passwords (sealed) until the admin who ran the import downloads them once, then it is
    cleared; see `roster_import.take_passwords` for why that is safe.
    """

    __tablename__ = "roster_imports"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    requested_by: uuid.UUID = Field(foreign_key="users.id", index=True)
    filename: str = Field(max_length=255)
    status: ImportStatus = Field(default=ImportStatus.STAGED, sa_type=EnumText(ImportStatus, 16))
    row_count: int = 0
    supplied_passwords: int = 0
    rows: bytes | None = Field(default=None, sa_type=LargeBinary)
    passwords: bytes | None = Field(default=None, sa_type=LargeBinary)
    job_id: uuid.UUID | None = Field(default=None, foreign_key="jobs.id")
    imported: int = 0
    generated: int = 0
    error_key: str | None = Field(default=None, max_length=64)
    error_params: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    passwords_taken_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
