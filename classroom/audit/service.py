"""The audit trail: recording events (every package calls `record`) and reading them back with the
names people recognise (actor, institution) for lists and exports."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.audit import describe
from classroom.audit.models import AuditEvent
from classroom.core import listing, spreadsheets
from classroom.core.clock import SEOUL, Clock, to_seoul
from classroom.core.listing import Page, PageRequest, contains
from classroom.core.tenancy import Principal, Role, scoped
from classroom.institutions.models import Institution

# The audit trail starts with the service; bounds keep date arithmetic far from date.min/max.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

# The export is a file format (Korean headers, as the programme files it), not page text.
CSV_HEADERS = ["일시(KST)", "작업", "대상", "대상 ID", "수행자", "역할", "훈련기관", "내용"]


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
        actor_role=principal.role if principal else None,
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


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`{"field": {"old": …, "new": …}}` for the fields that differ: what `detail["changes"]`
    holds, so the activity log reads "label: old → new"."""
    return describe.changes(before, after)


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
        statement = statement.where(col(AuditEvent.action).startswith(action))
    if since is not None:
        statement = statement.where(AuditEvent.at >= since)
    if until is not None:
        statement = statement.where(AuditEvent.at < until)
    statement = statement.order_by(col(AuditEvent.at).desc()).offset(offset).limit(limit)
    return list(session.exec(statement))


def recent(session: Session, principal: Principal, limit: int = 50) -> list[AuditEvent]:
    return search(session, principal, limit=limit)


def actions(session: Session, principal: Principal) -> list[str]:
    statement = scoped(select(AuditEvent.action).distinct(), principal, AuditEvent).order_by(
        AuditEvent.action
    )
    return list(session.exec(statement))


def seoul_day_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """Whole Seoul calendar days, as UTC instants: [first 00:00 KST, last+1 00:00 KST)."""
    since = datetime.combine(first, time(), tzinfo=SEOUL) if first else None
    until = datetime.combine(last + timedelta(days=1), time(), tzinfo=SEOUL) if last else None
    return since, until


@dataclass(frozen=True)
class Entry:
    """One audit event with the names people recognise: who acted, in which institution."""

    id: uuid.UUID
    at: datetime
    action: str
    target_type: str
    target_id: str | None
    actor_id: uuid.UUID | None
    actor_name: str | None
    actor_role: Role | None
    institution_id: uuid.UUID | None
    institution_name: str | None
    detail: dict[str, Any]


def events(
    session: Session,
    principal: Principal,
    *,
    institution_id: uuid.UUID | None = None,
    action: str | None = None,
    first: date | None = None,
    last: date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Entry]:
    since, until = seoul_day_bounds(first, last)
    rows = search(
        session,
        principal,
        institution_id=institution_id,
        action=action,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    return _entries(session, rows)


@dataclass(frozen=True)
class EventFilter:
    """What the activity log page filters by; `action` is a code or a prefix ("lease.")."""

    action: str = ""
    target_type: str = ""
    institution_id: uuid.UUID | None = None
    actor: str = ""  # part of the actor's name
    first: date | None = None
    last: date | None = None


EVENT_SORTS = {"at": col(AuditEvent.at), "action": col(AuditEvent.action)}


def _statement(principal: Principal, wanted: EventFilter) -> Any:
    statement = scoped(select(AuditEvent), principal)
    if wanted.institution_id is not None:
        statement = statement.where(AuditEvent.institution_id == wanted.institution_id)
    if wanted.action:
        statement = statement.where(col(AuditEvent.action).startswith(wanted.action))
    if wanted.target_type:
        statement = statement.where(AuditEvent.target_type == wanted.target_type)
    if wanted.actor.strip():
        # tenancy: ids of users matching the name; the audit rows around them are scoped above
        actors = select(User.id).where(contains(User.name, wanted.actor))
        statement = statement.where(col(AuditEvent.actor_id).in_(actors))
    since, until = seoul_day_bounds(wanted.first, wanted.last)
    if since is not None:
        statement = statement.where(AuditEvent.at >= since)
    if until is not None:
        statement = statement.where(AuditEvent.at < until)
    return statement


def page_events(
    session: Session, principal: Principal, wanted: EventFilter, request: PageRequest
) -> Page[Entry]:
    """One page of the trail with its total, newest first unless sorted otherwise."""
    page = listing.fetch(
        session,
        _statement(principal, wanted),
        request,
        EVENT_SORTS,
        "at",
        default_descending=True,
        tie=col(AuditEvent.id),
    )
    entries = _entries(session, page.items)
    return Page(entries, page.total, page.page, page.size, page.sort, page.descending)


def export_events(
    session: Session, principal: Principal, wanted: EventFilter, *, limit: int = 50_000
) -> list[Entry]:
    """Everything the filters match (up to `limit`), newest first: the CSV download."""
    statement = _statement(principal, wanted).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id))
    return _entries(session, list(session.exec(statement.limit(limit))))


def _entries(session: Session, rows: list[AuditEvent]) -> list[Entry]:
    actor_ids = {r.actor_id for r in rows if r.actor_id}
    institution_ids = {r.institution_id for r in rows if r.institution_id}
    names: dict[uuid.UUID, str] = {}
    if actor_ids:
        # tenancy: names of the actors of audit rows already read through the tenant filter
        names = dict(session.exec(select(User.id, User.name).where(col(User.id).in_(actor_ids))).all())
    institutions: dict[uuid.UUID, str] = {}
    if institution_ids:
        institutions = dict(
            session.exec(
                select(Institution.id, Institution.name).where(col(Institution.id).in_(institution_ids))
            ).all()
        )
    return [
        Entry(
            id=r.id,
            at=r.at,
            action=r.action,
            target_type=r.target_type,
            target_id=r.target_id,
            actor_id=r.actor_id,
            actor_name=names.get(r.actor_id) if r.actor_id else None,
            actor_role=r.actor_role,
            institution_id=r.institution_id,
            institution_name=institutions.get(r.institution_id) if r.institution_id else None,
            detail=r.detail,
        )
        for r in rows
    ]


def to_csv(entries: list[Entry]) -> bytes:
    """Names and details are people's text: `core.spreadsheets` keeps them inert."""
    return spreadsheets.csv_bytes(
        CSV_HEADERS,
        (
            [
                to_seoul(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.action,
                e.target_type,
                e.target_id or "",
                e.actor_name or "",
                e.actor_role or "",
                e.institution_name or "",
                json.dumps(e.detail, ensure_ascii=False),
            ]
            for e in entries
        ),
    )
