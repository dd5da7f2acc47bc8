"""Audit trail: who did what to which object, append-only."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, select

from classroom.core.clock import Clock
from classroom.core.db import UTCDateTime
from classroom.core.tenancy import Principal, TenantOptional, scoped


class AuditEvent(TenantOptional, table=True):
    __tablename__ = "audit_events"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", index=True)
    actor_role: str | None = Field(default=None, max_length=32)
    action: str = Field(max_length=64, index=True)
    target_type: str = Field(max_length=64)
    target_id: str | None = Field(default=None, max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


def record(
    session: Session,
    clock: Clock,
    principal: Principal | None,
    action: str,
    target_type: str,
    target_id: Any = None,
    *,
    institution_id: uuid.UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        at=clock.now(),
        actor_id=principal.user_id if principal else None,
        actor_role=str(principal.role) if principal else None,
        institution_id=institution_id
        if institution_id is not None
        else (principal.institution_id if principal else None),
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else None,
        detail=detail or {},
    )
    session.add(event)
    return event


def search(
    session: Session,
    principal: Principal,
    *,
    institution_id: uuid.UUID | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[AuditEvent]:
    """Newest first, within the caller's tenant; `action` matches a prefix ("lease." for all lease events)."""
    statement = scoped(select(AuditEvent), principal)
    if institution_id is not None:
        statement = statement.where(AuditEvent.institution_id == institution_id)
    if action:
        statement = statement.where(AuditEvent.action.startswith(action))
    if since is not None:
        statement = statement.where(AuditEvent.at >= since)
    if until is not None:
        statement = statement.where(AuditEvent.at < until)
    statement = statement.order_by(AuditEvent.at.desc()).offset(offset).limit(limit)  # type: ignore[attr-defined]
    return list(session.exec(statement))


def recent(session: Session, principal: Principal, limit: int = 50) -> list[AuditEvent]:
    return search(session, principal, limit=limit)


def actions(session: Session, principal: Principal) -> list[str]:
    statement = scoped(select(AuditEvent.action).distinct(), principal, AuditEvent).order_by(
        AuditEvent.action
    )
    return list(session.exec(statement))
