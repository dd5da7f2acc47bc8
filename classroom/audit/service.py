"""Audit events with the names people recognise (actor, institution) for lists and exports."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from classroom.accounts.models import User
from classroom.core import audit
from classroom.core.clock import SEOUL, to_seoul
from classroom.core.tenancy import Principal
from classroom.institutions.models import Institution

# The audit trail starts with the service; bounds keep date arithmetic far from date.min/max.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

CSV_HEADERS = ["일시(KST)", "작업", "대상", "대상 ID", "수행자", "역할", "훈련기관", "내용"]


def seoul_day_bounds(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """Whole Seoul calendar days, as UTC instants: [first 00:00 KST, last+1 00:00 KST)."""
    since = datetime.combine(first, time(), tzinfo=SEOUL) if first else None
    until = datetime.combine(last + timedelta(days=1), time(), tzinfo=SEOUL) if last else None
    return since, until


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
) -> list[dict[str, object]]:
    since, until = seoul_day_bounds(first, last)
    rows = audit.search(
        session,
        principal,
        institution_id=institution_id,
        action=action,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    actor_ids = {r.actor_id for r in rows if r.actor_id}
    institution_ids = {r.institution_id for r in rows if r.institution_id}
    # tenancy: names of the actors of audit rows already read through the tenant filter
    names = (
        dict(session.exec(select(User.id, User.name).where(User.id.in_(actor_ids))).all())  # type: ignore[attr-defined]
        if actor_ids
        else {}
    )
    institutions = (
        dict(
            session.exec(
                select(Institution.id, Institution.name).where(Institution.id.in_(institution_ids))
            ).all()
        )  # type: ignore[attr-defined]
        if institution_ids
        else {}
    )
    return [
        {
            "id": r.id,
            "at": r.at,
            "action": r.action,
            "target_type": r.target_type,
            "target_id": r.target_id,
            "actor_id": r.actor_id,
            "actor_name": names.get(r.actor_id) if r.actor_id else None,
            "actor_role": r.actor_role,
            "institution_id": r.institution_id,
            "institution_name": institutions.get(r.institution_id) if r.institution_id else None,
            "detail": r.detail,
        }
        for r in rows
    ]


def to_csv(rows: list[dict[str, object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADERS)
    for r in rows:
        writer.writerow(
            [
                to_seoul(r["at"]).strftime("%Y-%m-%d %H:%M:%S"),
                r["action"],
                r["target_type"],  # type: ignore[arg-type]
                r["target_id"] or "",
                r["actor_name"] or "",
                r["actor_role"] or "",
                r["institution_name"] or "",
                json.dumps(r["detail"], ensure_ascii=False),
            ]
        )
    # BOM so Excel opens the Korean headers as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
