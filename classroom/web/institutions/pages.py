"""Institution management pages (operator; the inspector reads)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, PasswordsDep
from classroom.core.permissions import Permission
from classroom.core.tenancy import Principal
from classroom.institutions import listing as institution_listing
from classroom.institutions import service as institutions
from classroom.institutions.auth import InstitutionRef, Reader, Writer
from classroom.institutions.schemas import InstitutionCreate, InstitutionUpdate
from classroom.web.forms import form_action
from classroom.web.listing import ListView, back_to_list, filter_value, page_request
from classroom.web.nav import Panel
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])
FILTERS = ("q", "status")


def _institutions_page(
    request: Request,
    session: Session,
    principal: Principal,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    q = filter_value(request, "q")
    status = filter_value(request, "status", institution_listing.STATUSES)
    page = institution_listing.page_institutions(session, q, status, page_request(request))
    context = {
        "view": ListView(page, "/institutions", {"q": q, "status": status}, unit="common.list.institutions"),
        "institutions": page.items,
        "q": q,
        "status": status,
        "can_write": principal.can(Permission.INSTITUTIONS_WRITE),
        "form": {},
    }
    context.update(extra or {})
    return render(request, "institutions/institutions.html", context, status_code=status_code)


@router.get("/institutions")
def institutions_page(request: Request, session: DbSession, principal: Reader) -> Response:
    return _institutions_page(request, session, principal)


@router.post("/institutions")
def institutions_create(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    passwords: PasswordsDep,
    principal: Writer,
    name: Annotated[str, Form(max_length=200)],
    code: Annotated[str, Form(max_length=32)],
    admin_name: Annotated[str, Form(max_length=100)],
    admin_email: Annotated[str, Form(max_length=254)],
    business_number: Annotated[str, Form(max_length=12)] = "",
    admin_password: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    form = {
        "name": name,
        "code": code,
        "admin_name": admin_name,
        "admin_email": admin_email,
        "business_number": business_number,
    }
    data = InstitutionCreate(
        name=name or " ",
        code=code,
        admin_name=admin_name or " ",
        admin_email=admin_email,
        business_number=business_number or None,
        admin_password=admin_password or None,
    )
    return form_action(
        request,
        session,
        lambda: institutions.create_institution(session, clock, passwords, principal, data),
        done=lambda created: _institutions_page(
            request, session, principal, {"created": created}, status_code=201
        ),
        again=lambda refused: _institutions_page(
            request, session, principal, {**refused.problems, "form": form}, refused.status
        ),
    )


@router.post("/institutions/{institution_id}/active")
def institutions_set_active(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    institution: InstitutionRef,
    active: Annotated[str, Form(pattern="^[01]$")],
) -> Response:
    return form_action(
        request,
        session,
        lambda: institutions.update_institution(
            session, clock, principal, institution, InstitutionUpdate(is_active=active == "1")
        ),
        done=back_to_list(request, "/institutions", FILTERS, msg="institution.updated"),
        again=lambda refused: _institutions_page(
            request, session, principal, refused.problems, refused.status
        ),
    )


def institutions_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    rows = institutions.list_institutions(session)
    return Panel(
        "institutions/panel_institutions.html",
        {"total": len(rows), "active": sum(i.is_active for i in rows)},
        order=20,
    )
