"""The audit trail page: institution admins see their institution, operator and inspector all."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session

from classroom.audit import describe, service
from classroom.audit.auth import Reader
from classroom.audit.messages import KINDS
from classroom.audit.service import EARLIEST, LATEST
from classroom.core.db import DbSession
from classroom.core.errors import request_lang
from classroom.core.tenancy import Principal
from classroom.institutions import service as institutions
from classroom.web.audit.export import CSV_LANG, csv_bytes
from classroom.web.audit.objects import describe_entries
from classroom.web.listing import ListView, filter_value, page_request
from classroom.web.nav import Panel
from classroom.web.templating import render

router = APIRouter(include_in_schema=False)


def _wanted(
    request: Request, session: Session, principal: Principal
) -> tuple[service.EventFilter, dict[str, str]]:
    """The log's filters from the query string (malformed values are no filter)."""
    institution_list = institutions.list_institutions(session) if principal.cross_tenant else []
    institution = filter_value(request, "institution_id", [str(i.id) for i in institution_list])
    values = {
        "action": filter_value(request, "action")[:64],
        "target_type": filter_value(request, "target_type")[:64],
        "actor": filter_value(request, "actor")[:100],
        "institution_id": institution,
        "first": _day(filter_value(request, "first")),
        "last": _day(filter_value(request, "last")),
    }
    wanted = service.EventFilter(
        action=values["action"],
        target_type=values["target_type"],
        actor=values["actor"],
        institution_id=uuid.UUID(institution) if institution else None,
        first=date.fromisoformat(values["first"]) if values["first"] else None,
        last=date.fromisoformat(values["last"]) if values["last"] else None,
    )
    return wanted, values


def _day(text: str) -> str:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return ""
    return text if EARLIEST <= day <= LATEST else ""


@router.get("/audit")
def audit_page(request: Request, session: DbSession, principal: Reader) -> Response:
    wanted, values = _wanted(request, session, principal)
    page = service.page_events(session, principal, wanted, page_request(request))
    lang = request_lang(request)
    view = ListView(page, "/audit", values, unit="common.list.rows")
    return render(
        request,
        "audit/audit.html",
        {
            "view": view,
            "events": describe_entries(session, principal, page.items, lang),
            "actions": [(a, describe.event_name(a, lang)) for a in service.actions(session, principal)],
            "kinds": sorted(((k, describe.kind_name(k, lang)) for k in KINDS), key=lambda kind: kind[1]),
            "institutions": institutions.list_institutions(session) if principal.cross_tenant else [],
            **values,
        },
    )


@router.get("/audit/export.csv")
def audit_export(request: Request, session: DbSession, principal: Reader) -> Response:
    """The filtered log as the page reads it, in Korean (the programme files it in Korean)."""
    wanted, _ = _wanted(request, session, principal)
    shown = describe_entries(session, principal, service.export_events(session, principal, wanted), CSV_LANG)
    return Response(
        csv_bytes(shown),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )


def audit_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    lang = request_lang(request)
    events = [
        (e, describe.event_name(e.action, lang), describe.kind_name(e.target_type, lang))
        for e in service.recent(session, principal, limit=10)
    ]
    return Panel("audit/panel_audit.html", {"events": events}, order=90)
