"""The audit trail's one table: who did what to which object, append-only."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from classroom.core.db import EnumText, UTCDateTime
from classroom.core.roles import Role
from classroom.core.tenancy import TenantOptional


class AuditEvent(TenantOptional, table=True):
    __tablename__ = "audit_events"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", index=True)
    actor_role: Role | None = Field(default=None, sa_type=EnumText(Role, 32))
    action: str = Field(max_length=64, index=True)
    target_type: str = Field(max_length=64)
    target_id: str | None = Field(default=None, max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
