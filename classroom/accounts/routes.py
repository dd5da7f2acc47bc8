from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response, UploadFile
from fastapi.security import OAuth2PasswordRequestForm

from classroom.accounts import login as login_service
from classroom.accounts import roster, roster_import, service
from classroom.accounts.auth import (
    ImportRef,
    SelfUser,
    UserRef,
    UsersReader,
    UsersWriter,
    bearer_token,
    public_route,
    signed_in_row,
    while_changing_password,
)
from classroom.accounts.models import RosterImport, SessionKind
from classroom.accounts.schemas import (
    CreatedUser,
    Me,
    MeUpdate,
    PasswordChange,
    RosterImportOut,
    RosterPreviewOut,
    RosterRowOut,
    TokenOut,
    UserCreate,
    UserOut,
    UserUpdate,
)
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, EventsDep, PasswordsDep, SettingsDep, client_ip
from classroom.core.errors import PayloadTooLarge
from classroom.core.paging import Offset
from classroom.core.settings import Settings
from classroom.core.tenancy import Role
from classroom.core.unit_of_work import ends_with_gate
from classroom.jobs.models import Job
from classroom.jobs.schemas import JobOut

router = APIRouter(prefix="/api/v1", tags=["accounts"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(data: bytes, name: str) -> Response:
    return Response(
        data,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


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
@while_changing_password
def revoke_token(request: Request, session: DbSession, clock: ClockDep, principal: SelfUser) -> None:
    login_service.logout(session, clock, bearer_token(request))


@router.get("/me", response_model=Me)
@while_changing_password
@ends_with_gate
async def me(request: Request, principal: SelfUser) -> Me:
    # The row the gate's sign-in check read in this request's transaction: no second look-up, no
    # thread-pool hop (plain values, no I/O: this runs on the event loop), and the read unit ends
    # in the gate's thread (`ends_with_gate`).
    return Me.model_validate(service.signed_in_profile(signed_in_row(request)))


@router.patch("/me", response_model=Me)
def update_me(session: DbSession, principal: SelfUser, data: MeUpdate) -> Me:
    service.update_self(session, principal, data)
    return Me.model_validate(service.profile(session, principal))


@router.post(
    "/me/password",
    status_code=204,
    responses={403: {"description": "`password_change_required`: every other route answers this until done"}},
)
@while_changing_password
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


def read_roster_upload(file: UploadFile, settings: Settings) -> bytes:
    """At most the size limit is read from the (already spooled) upload; more is refused."""
    data = file.file.read(settings.max_roster_bytes + 1)
    if len(data) > settings.max_roster_bytes:
        raise PayloadTooLarge(params={"limit": f"{settings.max_roster_bytes // 1024 // 1024} MB"})
    return data


def import_out(session: DbSession, staged: RosterImport) -> RosterImportOut:
    job = session.get(Job, staged.job_id) if staged.job_id else None  # tenancy: the import's own job
    return RosterImportOut(
        id=staged.id,
        status=staged.status.value,
        filename=staged.filename,
        rows=staged.row_count,
        supplied_passwords=staged.supplied_passwords,
        imported=staged.imported,
        generated_passwords=staged.generated,
        created_at=staged.created_at,
        finished_at=staged.finished_at,
        job=JobOut.model_validate(job) if job else None,
        passwords_url=f"/api/v1/users/imports/{staged.id}/passwords.xlsx" if staged.passwords else None,
    )


@router.post(
    "/users/import",
    response_model=RosterImportOut | RosterPreviewOut,
    status_code=202,
    responses={
        200: {"description": "`preview=true`: what the file would import; nothing is saved"},
        202: {"description": "Accepted: a job creates the accounts (follow `job.id` at /api/v1/jobs/{id})"},
        413: {"description": "The file is larger than the upload limit"},
        422: {"description": "Row errors (`errors`, each with its row number); nothing is saved"},
    },
)
def import_users(
    response: Response,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    events: EventsDep,
    principal: UsersWriter,
    file: UploadFile,
    preview: Annotated[
        bool, Query(description="Only check the file and show what would be imported; save nothing")
    ] = False,
) -> RosterImportOut | RosterPreviewOut:
    """Import trainees from a CSV or XLSX roster (header row: 이름, 이메일, 휴대폰,
    내일배움카드번호, 초기비밀번호 — the last three optional). The file is checked at once: any
    row error answers 422 with every error and its row number, and nothing is saved. A valid file
    is accepted (202) and its accounts are created by a job: poll `/api/v1/jobs/{job.id}`; when
    it is done, download the generated temporary passwords once from `passwords_url` (on
    `/api/v1/users/imports/{id}`). Imported accounts must change their password at first
    sign-in."""
    data = read_roster_upload(file, settings)
    checked = roster.require_valid(
        roster.preview(
            session, principal, filename=file.filename or "", data=data, max_rows=settings.max_upload_rows
        )
    )
    if preview:
        response.status_code = 200
        return RosterPreviewOut(
            filename=checked.filename,
            rows=checked.count,
            supplied_passwords=checked.supplied_passwords,
            sample=[RosterRowOut.model_validate(row) for row in checked.rows[:20]],
        )
    staged = roster_import.stage(session, clock, settings.secret_key, principal, checked)
    job = roster_import.confirm(session, clock, events, principal, staged)
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return import_out(session, staged)


@router.get("/users/imports/{import_id}", response_model=RosterImportOut)
def get_import(session: DbSession, principal: UsersWriter, staged: ImportRef) -> RosterImportOut:
    """One of your roster imports (only the admin who uploaded it sees it)."""
    return import_out(session, staged)


@router.post(
    "/users/imports/{import_id}/passwords.xlsx",
    response_class=Response,
    responses={
        200: {"content": {XLSX: {}}, "description": "The imported accounts and their temporary passwords"},
        410: {"description": "Already downloaded (or expired): reset the passwords of those accounts"},
    },
)
def import_passwords(
    session: DbSession, clock: ClockDep, settings: SettingsDep, principal: UsersWriter, staged: ImportRef
) -> Response:
    """The generated temporary passwords, once: this download removes them from the server
    (a POST, so that no link preview or prefetch can use the one download up)."""
    data = roster_import.take_passwords(session, clock, settings.secret_key, principal, staged)
    return xlsx_download(data, f"roster-passwords-{staged.id}.xlsx")


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
