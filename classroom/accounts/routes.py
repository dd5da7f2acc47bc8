from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.security import OAuth2PasswordRequestForm

from classroom.accounts import login as login_service
from classroom.accounts import roster, service
from classroom.accounts.auth import SelfUser, UserRef, UsersReader, UsersWriter, bearer_token, public_route
from classroom.accounts.models import SessionKind
from classroom.accounts.schemas import (
    CreatedUser,
    ImportResult,
    Me,
    MeUpdate,
    PasswordChange,
    TokenOut,
    UserCreate,
    UserOut,
    UserUpdate,
)
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, PasswordsDep, SettingsDep, client_ip
from classroom.core.errors import PayloadTooLarge
from classroom.core.paging import Offset
from classroom.core.tenancy import Role

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post("/auth/token", response_model=TokenOut, dependencies=[Depends(public_route)])
def issue_token(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    passwords: PasswordsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    institution: Annotated[str, Form(max_length=32)] = "",
) -> TokenOut:
    """OAuth2 password flow; `institution` is the institution code (empty for operator/inspector)."""
    issued = login_service.login(
        session,
        clock,
        settings,
        passwords,
        institution_code=institution,
        email=form.username,
        password=form.password,
        kind=SessionKind.API,
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent"),
    )
    return TokenOut.model_validate(issued)


@router.post("/auth/logout", status_code=204)
def revoke_token(request: Request, session: DbSession, clock: ClockDep, principal: SelfUser) -> None:
    login_service.logout(session, clock, bearer_token(request))


@router.get("/me", response_model=Me)
def me(session: DbSession, principal: SelfUser) -> Me:
    return Me.model_validate(service.profile(session, principal))


@router.patch("/me", response_model=Me)
def update_me(session: DbSession, principal: SelfUser, data: MeUpdate) -> Me:
    service.update_self(session, principal, data)
    return Me.model_validate(service.profile(session, principal))


@router.post("/me/password", status_code=204)
def change_password(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    passwords: PasswordsDep,
    principal: SelfUser,
    data: PasswordChange,
) -> None:
    service.change_password(
        session, clock, passwords, principal, current=data.current_password, new=data.new_password
    )
    login_service.revoke_sessions(session, clock, principal.user_id, keep_token=bearer_token(request))


@router.get("/users", response_model=list[UserOut])
def list_users(
    session: DbSession,
    principal: UsersReader,
    role: Role | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    institution_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Offset = 0,
) -> list[UserOut]:
    users = service.list_users(
        session, principal, role=role, query=q, institution_id=institution_id, limit=limit, offset=offset
    )
    return [UserOut.model_validate(u) for u in users]


@router.post("/users", response_model=CreatedUser, status_code=201)
def create_user(
    session: DbSession, clock: ClockDep, passwords: PasswordsDep, principal: UsersWriter, data: UserCreate
) -> CreatedUser:
    return CreatedUser.model_validate(service.create_user(session, clock, passwords, principal, data))


@router.post("/users/import", response_model=ImportResult, status_code=201)
async def import_users(
    session: DbSession,
    clock: ClockDep,
    passwords: PasswordsDep,
    settings: SettingsDep,
    principal: UsersWriter,
    file: UploadFile,
) -> ImportResult:
    data = await file.read(settings.max_roster_bytes + 1)
    if len(data) > settings.max_roster_bytes:
        raise PayloadTooLarge(params={"limit": f"{settings.max_roster_bytes // 1024 // 1024} MB"})
    imported = roster.import_trainees(
        session,
        clock,
        passwords,
        principal,
        filename=file.filename or "",
        data=data,
        max_rows=settings.max_upload_rows,
    )
    return ImportResult.model_validate(imported)


@router.get("/users/{user_id}", response_model=UserOut)
def get_user(principal: UsersReader, user: UserRef) -> UserOut:
    return UserOut.model_validate(user)


@router.patch("/users/{user_id}", response_model=UserOut)
def update_user(
    session: DbSession, clock: ClockDep, principal: UsersWriter, user: UserRef, data: UserUpdate
) -> UserOut:
    return UserOut.model_validate(service.update_user(session, clock, principal, user, data))


@router.post("/users/{user_id}/reset-password", response_model=CreatedUser)
def reset_password(
    session: DbSession, clock: ClockDep, passwords: PasswordsDep, principal: UsersWriter, user: UserRef
) -> CreatedUser:
    return CreatedUser.model_validate(service.reset_password(session, clock, passwords, principal, user))
