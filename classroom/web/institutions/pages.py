"""Institution management pages (operator; the inspector reads)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session, func, select

from classroom.accounts.auth import require
from classroom.accounts.models import User
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, PasswordsDep
from classroom.core.errors import ClassroomError, request_lang
from classroom.core.tenancy import Permission, Principal
from classroom.institutions import service as institutions
from classroom.institutions.schemas import InstitutionCreate, InstitutionUpdate
from classroom.web.nav import Panel
from classroom.web.templating import form_errors, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])

InstitutionsPage = Annotated[Principal, Depends(require(Permission.INSTITUTIONS_READ))]
InstitutionsWritePage = Annotated[Principal, Depends(require(Permission.INSTITUTIONS_WRITE))]


def _institutions_page(
    request: Request,
    session: Session,
    principal: Principal,
    extra: dict | None = None,
    status_code: int = 200,
) -> Response:
    # tenancy: user counts per institution on the operator's institutions page (operator only)
    counts = dict(session.exec(select(User.institution_id, func.count()).group_by(User.institution_id)).all())
    context = {
        "institutions": institutions.list_institutions(session),
        "user_counts": counts,
        "can_write": principal.can(Permission.INSTITUTIONS_WRITE),
        "form": {},
    }
    context.update(extra or {})
    return render(request, "institutions/institutions.html", context, status_code=status_code)


@router.get("/institutions")
def institutions_page(request: Request, session: DbSession, principal: InstitutionsPage) -> Response:
    return _institutions_page(request, session, principal)


@router.post("/institutions")
def institutions_create(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    passwords: PasswordsDep,
    principal: InstitutionsWritePage,
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
    try:
        created = institutions.create_institution(
            session,
            clock,
            passwords,
            principal,
            InstitutionCreate(
                name=name or " ",
                code=code,
                admin_name=admin_name or " ",
                admin_email=admin_email,
                business_number=business_number or None,
                admin_password=admin_password or None,
            ),
        )
    except ClassroomError as exc:
        session.rollback()
        return _institutions_page(
            request, session, principal, {**form_errors(exc, request_lang(request)), "form": form}, exc.status
        )
    return _institutions_page(request, session, principal, {"created": created}, status_code=201)


@router.post("/institutions/{institution_id}/active")
def institutions_set_active(
    session: DbSession,
    clock: ClockDep,
    principal: InstitutionsWritePage,
    institution_id: uuid.UUID,
    active: Annotated[str, Form(pattern="^[01]$")],
) -> Response:
    institution = institutions.get_institution(session, institution_id)
    institutions.update_institution(
        session, clock, principal, institution, InstitutionUpdate(is_active=active == "1")
    )
    return RedirectResponse("/institutions?msg=institution.updated", status_code=303)


def institutions_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    rows = institutions.list_institutions(session)
    return Panel(
        "institutions/panel_institutions.html",
        {"total": len(rows), "active": sum(i.is_active for i in rows)},
        order=20,
    )
