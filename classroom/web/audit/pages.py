"""The audit trail page: institution admins see their institution, operator and inspector all."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from classroom.audit import service
from classroom.audit.auth import Reader
from classroom.audit.service import EARLIEST, LATEST
from classroom.core.db import DbSession
from classroom.core.paging import Offset
from classroom.core.tenancy import Principal
from classroom.institutions import service as institutions
from classroom.web.nav import Panel
from classroom.web.templating import render

router = APIRouter(include_in_schema=False)

Day = Annotated[date | None, Query(ge=EARLIEST, le=LATEST)]
PAGE_SIZE = 100


def _filters(
    action: str | None, institution_id: uuid.UUID | None, first: date | None, last: date | None
) -> dict[str, object]:
    return {
        k: v
        for k, v in {"action": action, "institution_id": institution_id, "first": first, "last": last}.items()
        if v
    }


@router.get("/audit")
def audit_page(
    request: Request,
    session: DbSession,
    principal: Reader,
    action: Annotated[str | None, Query(max_length=64)] = None,
    institution_id: uuid.UUID | None = None,
    first: Day = None,
    last: Day = None,
    offset: Offset = 0,
) -> Response:
    rows = service.events(
        session,
        principal,
        institution_id=institution_id,
        action=action,
        first=first,
        last=last,
        limit=PAGE_SIZE,
        offset=offset,
    )
    return render(
        request,
        "audit/audit.html",
        {
            "events": rows,
            "actions": service.actions(session, principal),
            "action": action,
            "institution_id": str(institution_id) if institution_id else "",
            "first": first,
            "last": last,
            "institutions": institutions.list_institutions(session) if principal.cross_tenant else [],
            "query": urlencode(_filters(action, institution_id, first, last)),
            "offset": offset,
            "limit": PAGE_SIZE,
        },
    )


@router.get("/audit/export.csv")
def audit_export(
    session: DbSession,
    principal: Reader,
    action: Annotated[str | None, Query(max_length=64)] = None,
    institution_id: uuid.UUID | None = None,
    first: Day = None,
    last: Day = None,
) -> Response:
    rows = service.events(
        session, principal, institution_id=institution_id, action=action, first=first, last=last, limit=50_000
    )
    return Response(
        service.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )


def audit_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    return Panel("audit/panel_audit.html", {"events": service.recent(session, principal, limit=10)}, order=90)
