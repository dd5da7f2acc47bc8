"""Audit API: the activity log, newest first, within the caller's tenant."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from classroom.audit import service
from classroom.audit.auth import Reader
from classroom.audit.schemas import AuditEventOut
from classroom.audit.service import EARLIEST, LATEST
from classroom.core.db import DbSession
from classroom.core.paging import Offset

router = APIRouter(prefix="/api/v1", tags=["audit"])


@router.get("/audit", response_model=list[AuditEventOut])
def list_audit(
    session: DbSession,
    principal: Reader,
    institution_id: uuid.UUID | None = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    first: Annotated[date | None, Query(ge=EARLIEST, le=LATEST, description="first Seoul day")] = None,
    last: Annotated[
        date | None, Query(ge=EARLIEST, le=LATEST, description="last Seoul day (inclusive)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> list[AuditEventOut]:
    rows = service.events(
        session,
        principal,
        institution_id=institution_id,
        action=action,
        first=first,
        last=last,
        limit=limit,
        offset=offset,
    )
    return [AuditEventOut.model_validate(entry) for entry in rows]
