"""User management pages (institution admin; operator and inspector read across institutions)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from classroom.accounts import listing as user_listing
from classroom.accounts import roster_import
from classroom.accounts import service as accounts
from classroom.accounts.auth import UserRef, UsersReader, UsersWriter
from classroom.accounts.schemas import UserCreate, UserUpdate
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, PasswordsDep
from classroom.core.errors import ClassroomError
from classroom.core.tenancy import INSTITUTION_ROLES, Permission, Principal, Role
from classroom.institutions import service as institutions
from classroom.jobs import service as jobs
from classroom.web.forms import Refused, form_action, refusal_of
from classroom.web.listing import ListView, back_to_list, filter_value, page_request
from classroom.web.nav import Panel
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])
FILTERS = ("q", "role", "status", "institution_id")


def users_page_response(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    extra: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    roles = list(Role) if principal.cross_tenant else list(INSTITUTION_ROLES)
    role = filter_value(request, "role", [str(r) for r in roles])
    status = filter_value(request, "status", user_listing.STATUSES)
    q = filter_value(request, "q")
    institution_list = institutions.list_institutions(session) if principal.cross_tenant else []
    institution = filter_value(request, "institution_id", [str(i.id) for i in institution_list])
    wanted = user_listing.UserFilter(
        q=q,
        role=Role(role) if role else None,
        status=status,
        institution_id=uuid.UUID(institution) if institution else None,
    )
    page = user_listing.page_users(session, principal, wanted, page_request(request))
    view = ListView(
        page,
        "/users",
        {"q": q, "role": role, "status": status, "institution_id": institution},
        unit="common.list.people",
    )
    context = {
        "view": view,
        "users": view.items,
        "role": role,
        "status": status,
        "q": q,
        "institution_id": institution,
        "roles": roles,
        "creatable": accounts.creatable_roles(principal),
        "can_write": principal.can(Permission.USERS_WRITE),
        "show_institution": principal.cross_tenant,
        "institution_list": institution_list,
        "form": {},
        "imports": jobs.my_jobs(session, principal, kind=roster_import.KIND, limit=5)
        if principal.can(Permission.USERS_WRITE) and principal.institution_id
        else [],
    }
    context.update(extra or {})
    return render(request, "accounts/users.html", context, status_code=status_code)


@router.get("/users")
def users_page(request: Request, session: DbSession, principal: UsersReader) -> Response:
    return users_page_response(request, session, principal)


@router.post("/users")
def users_create(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    passwords: PasswordsDep,
    principal: UsersWriter,
    name: Annotated[str, Form(max_length=100)],
    email: Annotated[str, Form(max_length=254)],
    role: Annotated[str, Form(max_length=32)],
    phone: Annotated[str, Form(max_length=20)] = "",
    learning_card_no: Annotated[str, Form(max_length=24)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    form = {"name": name, "email": email, "role": role, "phone": phone, "learning_card_no": learning_card_no}

    def again(refusal: Refused) -> Response:
        return users_page_response(
            request, session, principal, extra={**refusal.problems, "form": form}, status_code=refusal.status
        )

    try:
        # Checked and hashed before the page's savepoint opens: no transaction is held meanwhile.
        secret = accounts.prepare_password(session, passwords, password or None, email=email, name=name)
    except ClassroomError as exc:
        return again(refusal_of(request, exc))

    def create() -> accounts.NewUser:
        if role not in set(Role):
            raise accounts.field_error("role", "user.role_not_allowed", role)
        data = UserCreate(
            name=name or " ",
            email=email,
            role=Role(role),
            phone=phone or None,
            learning_card_no=learning_card_no or None,
            password=password or None,
        )
        return accounts.create_user(session, clock, passwords, principal, data, credential=secret)

    return form_action(
        request,
        session,
        create,
        done=lambda created: users_page_response(
            request, session, principal, extra={"created": [created]}, status_code=201
        ),
        again=again,
    )


@router.post("/users/{user_id}/active")
def users_set_active(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: UsersWriter,
    user: UserRef,
    active: Annotated[str, Form(pattern="^[01]$")],
) -> Response:
    return form_action(
        request,
        session,
        lambda: accounts.update_user(session, clock, principal, user, UserUpdate(is_active=active == "1")),
        done=back_to_list(request, "/users", FILTERS, msg="user.updated"),
        again=lambda refused: users_page_response(
            request, session, principal, extra=refused.problems, status_code=refused.status
        ),
    )


@router.post("/users/{user_id}/reset-password")
def users_reset_password(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    passwords: PasswordsDep,
    principal: UsersWriter,
    user: UserRef,
) -> Response:
    # The temporary password is hashed before the page's savepoint opens.
    secret = accounts.prepare_password(session, passwords, None, email=user.email, name=user.name)
    return form_action(
        request,
        session,
        lambda: accounts.reset_password(session, clock, passwords, principal, user, credential=secret),
        done=lambda issued: users_page_response(request, session, principal, extra={"created": [issued]}),
        again=lambda refused: users_page_response(
            request, session, principal, extra=refused.problems, status_code=refused.status
        ),
    )


def people_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    counts = accounts.count_by_role(session, principal)
    roles = list(Role) if principal.cross_tenant else list(INSTITUTION_ROLES)
    return Panel(
        "accounts/panel_people.html",
        {"counts": [(r, counts.get(str(r), 0)) for r in roles], "link": "/users"},
        order=30,
    )


def profile_panel(session: Session, principal: Principal, request: Request) -> Panel | None:
    return Panel("accounts/panel_profile.html", {"user": accounts.load_self(session, principal)}, order=80)
