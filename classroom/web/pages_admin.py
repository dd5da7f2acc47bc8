"""User management (institution admin, operator) and institution management (operator)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session, func, select

from classroom.accounts import roster
from classroom.accounts import service as accounts
from classroom.accounts.models import User
from classroom.accounts.schemas import UserCreate, UserUpdate
from classroom.accounts.auth import require, scoped_path
from classroom.core import audit
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, PasswordsDep, SettingsDep
from classroom.core.errors import ClassroomError, PayloadTooLarge, request_lang
from classroom.core.tenancy import INSTITUTION_ROLES, Permission, Principal, Role
from classroom.institutions import service as institutions
from classroom.institutions.schemas import InstitutionCreate, InstitutionUpdate
from classroom.web.nav import NavItem, Panel, add_nav, add_panel
from classroom.web.templating import form_errors, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])

UsersPage = Annotated[Principal, Depends(require(Permission.USERS_READ, page=True))]
UsersWritePage = Annotated[Principal, Depends(require(Permission.USERS_WRITE, page=True))]
InstitutionsPage = Annotated[Principal, Depends(require(Permission.INSTITUTIONS_READ, page=True))]
InstitutionsWritePage = Annotated[Principal, Depends(require(Permission.INSTITUTIONS_WRITE, page=True))]

add_nav(NavItem("/institutions", "nav.institutions", Permission.INSTITUTIONS_READ, order=10))
add_nav(NavItem("/users", "nav.users", Permission.USERS_READ, order=20))


def _users_page(request: Request, session: Session, principal: Principal, *, role: str | None = None,
                q: str | None = None, extra: dict | None = None, status_code: int = 200) -> Response:
    role_filter = Role(role) if role in set(Role) else None
    users = accounts.list_users(session, principal, role=role_filter, query=q)
    names = {}
    if principal.cross_tenant:
        names = {i.id: i.name for i in institutions.list_institutions(session)}
    context = {
        "users": users, "role": role_filter, "q": q,
        "roles": list(Role) if principal.cross_tenant else list(INSTITUTION_ROLES),
        "creatable": accounts.creatable_roles(principal),
        "can_write": principal.can(Permission.USERS_WRITE),
        "show_institution": principal.cross_tenant, "institutions": names, "form": {},
    }
    context.update(extra or {})
    return render(request, "users.html", context, status_code=status_code)


@router.get("/users")
def users_page(request: Request, session: DbSession, principal: UsersPage, role: str | None = None,
               q: str | None = None) -> Response:
    return _users_page(request, session, principal, role=role, q=q)


@router.post("/users")
def users_create(request: Request, session: DbSession, clock: ClockDep, passwords: PasswordsDep,
                 principal: UsersWritePage, name: Annotated[str, Form(max_length=100)],
                 email: Annotated[str, Form(max_length=254)], role: Annotated[str, Form(max_length=32)],
                 phone: Annotated[str, Form(max_length=20)] = "",
                 learning_card_no: Annotated[str, Form(max_length=24)] = "",
                 password: Annotated[str, Form(max_length=200)] = "") -> Response:
    form = {"name": name, "email": email, "role": role, "phone": phone, "learning_card_no": learning_card_no}
    try:
        data = UserCreate(name=name or " ", email=email, role=Role(role) if role in set(Role) else Role.TRAINEE,
                          phone=phone or None, learning_card_no=learning_card_no or None, password=password or None)
        if role not in set(Role):
            raise accounts.field_error("role", "user.role_not_allowed", role)
        created = accounts.create_user(session, clock, passwords, principal, data)
    except ClassroomError as exc:
        session.rollback()
        return _users_page(request, session, principal,
                           extra={**form_errors(exc, request_lang(request)), "form": form}, status_code=exc.status)
    return _users_page(request, session, principal, extra={"created": [created]}, status_code=201)


@router.post("/users/import")
async def users_import(request: Request, session: DbSession, clock: ClockDep, passwords: PasswordsDep,
                       settings: SettingsDep, principal: UsersWritePage, file: UploadFile) -> Response:
    try:
        data = await file.read(settings.max_roster_bytes + 1)
        if len(data) > settings.max_roster_bytes:
            raise PayloadTooLarge(params={"limit": f"{settings.max_roster_bytes // 1024 // 1024} MB"})
        created = roster.import_trainees(session, clock, passwords, principal, filename=file.filename or "",
                                         data=data, max_rows=settings.max_upload_rows)
    except ClassroomError as exc:
        session.rollback()
        return _users_page(request, session, principal, extra=form_errors(exc, request_lang(request)),
                           status_code=exc.status)
    return _users_page(request, session, principal, extra={"created": created}, status_code=201)


@router.post("/users/{user_id}/active")
def users_set_active(session: DbSession, clock: ClockDep, principal: UsersWritePage,
                     user: Annotated[User, Depends(scoped_path(User, "user_id", Permission.USERS_WRITE, page=True))],
                     active: Annotated[str, Form(pattern="^[01]$")]) -> Response:
    accounts.update_user(session, clock, principal, user, UserUpdate(is_active=active == "1"))
    return RedirectResponse("/users?msg=user.updated", status_code=303)


@router.post("/users/{user_id}/reset-password")
def users_reset_password(request: Request, session: DbSession, clock: ClockDep, passwords: PasswordsDep,
                         principal: UsersWritePage,
                         user: Annotated[User, Depends(scoped_path(User, "user_id", Permission.USERS_WRITE,
                                                                   page=True))]) -> Response:
    temporary = accounts.reset_password(session, clock, passwords, principal, user)
    return _users_page(request, session, principal,
                       extra={"created": [accounts.NewUser(user=user, temporary_password=temporary)]})


def _institutions_page(request: Request, session: Session, principal: Principal, extra: dict | None = None,
                       status_code: int = 200) -> Response:
    counts = dict(session.exec(select(User.institution_id, func.count()).group_by(User.institution_id)).all())
    context = {"institutions": institutions.list_institutions(session), "user_counts": counts,
               "can_write": principal.can(Permission.INSTITUTIONS_WRITE), "form": {}}
    context.update(extra or {})
    return render(request, "institutions.html", context, status_code=status_code)


@router.get("/institutions")
def institutions_page(request: Request, session: DbSession, principal: InstitutionsPage) -> Response:
    return _institutions_page(request, session, principal)


@router.post("/institutions")
def institutions_create(request: Request, session: DbSession, clock: ClockDep, passwords: PasswordsDep,
                        principal: InstitutionsWritePage, name: Annotated[str, Form(max_length=200)],
                        code: Annotated[str, Form(max_length=32)], admin_name: Annotated[str, Form(max_length=100)],
                        admin_email: Annotated[str, Form(max_length=254)],
                        business_number: Annotated[str, Form(max_length=12)] = "",
                        admin_password: Annotated[str, Form(max_length=200)] = "") -> Response:
    form = {"name": name, "code": code, "admin_name": admin_name, "admin_email": admin_email,
            "business_number": business_number}
    try:
        created = institutions.create_institution(
            session, clock, passwords, principal,
            InstitutionCreate(name=name or " ", code=code, admin_name=admin_name or " ", admin_email=admin_email,
                              business_number=business_number or None, admin_password=admin_password or None))
    except ClassroomError as exc:
        session.rollback()
        return _institutions_page(request, session, principal,
                                  {**form_errors(exc, request_lang(request)), "form": form}, exc.status)
    return _institutions_page(request, session, principal, {"created": created}, status_code=201)


@router.post("/institutions/{institution_id}/active")
def institutions_set_active(session: DbSession, clock: ClockDep, principal: InstitutionsWritePage,
                            institution_id: uuid.UUID, active: Annotated[str, Form(pattern="^[01]$")]) -> Response:
    institution = institutions.get_institution(session, institution_id)
    institutions.update_institution(session, clock, principal, institution, InstitutionUpdate(is_active=active == "1"))
    return RedirectResponse("/institutions?msg=institution.updated", status_code=303)


def _people_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    counts = accounts.count_by_role(session, principal)
    roles = list(Role) if principal.cross_tenant else list(INSTITUTION_ROLES)
    return Panel("panels/people.html", {"counts": [(r, counts.get(str(r), 0)) for r in roles], "link": "/users"},
                 order=30)


def _institutions_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    rows = institutions.list_institutions(session)
    return Panel("panels/institutions.html", {"total": len(rows), "active": sum(i.is_active for i in rows)},
                 order=20)


def _audit_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    return Panel("panels/audit.html", {"events": audit.recent(session, principal, limit=10)}, order=90)


def _profile_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    return Panel("panels/profile.html", {"user": accounts.load_self(session, principal)}, order=80)


add_panel(_institutions_panel, Role.OPERATOR, Role.INSPECTOR)
add_panel(_people_panel, Role.OPERATOR, Role.INSPECTOR, Role.INSTITUTION_ADMIN)
add_panel(_audit_panel, Role.OPERATOR, Role.INSPECTOR, Role.INSTITUTION_ADMIN)
add_panel(_profile_panel, Role.INSTRUCTOR, Role.SUPERVISOR, Role.TRAINEE)
