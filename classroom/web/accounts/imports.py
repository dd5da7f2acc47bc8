"""Roster import pages: upload → checked preview → confirm → the job's progress page → the
temporary passwords, downloaded once (a POST, so no prefetch or link preview can use it up)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from classroom.accounts import roster, roster_import
from classroom.accounts.auth import ImportRef, UsersWriter
from classroom.accounts.models import RosterImport
from classroom.accounts.roster import Preview
from classroom.accounts.routes import read_roster_upload, xlsx_download
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, EventsDep, SettingsDep
from classroom.core.spreadsheets import csv_bytes, xlsx_bytes
from classroom.jobs.models import Job
from classroom.web.accounts.users import users_page_response
from classroom.web.forms import form_action
from classroom.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])
SAMPLE = 20


@router.post("/users/import")
def users_import(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    principal: UsersWriter,
    file: UploadFile,
) -> Response:
    def check() -> tuple[RosterImport, Preview]:
        data = read_roster_upload(file, settings)
        checked = roster.require_valid(
            roster.preview(
                session, principal, filename=file.filename or "", data=data, max_rows=settings.max_upload_rows
            )
        )
        return roster_import.stage(session, clock, settings.secret_key, principal, checked), checked

    def previewed(outcome: tuple[RosterImport, Preview]) -> Response:
        staged, checked = outcome
        context: dict[str, Any] = {
            "staged": staged,
            "sample": checked.rows[:SAMPLE],
            "more": checked.count - SAMPLE,
            "ignored": checked.ignored,
        }
        return render(request, "accounts/import_preview.html", context)

    return form_action(
        request,
        session,
        check,
        done=previewed,
        again=lambda refused: users_page_response(
            request, session, principal, extra=refused.problems, status_code=refused.status
        ),
    )


# The sample roster offered beside the upload: the headers the import reads, two example rows.
SAMPLE_HEADER = ("이름", "이메일", "휴대폰번호", "내일배움카드번호", "초기비밀번호")
SAMPLE_ROWS = (
    ("홍길동", "gildong@example.com", "010-1234-5678", "9410123456780001", ""),
    ("김하나", "hana@example.com", "010-2345-6789", "", ""),
)


@router.get("/users/import/sample.csv")
def users_import_sample_csv(principal: UsersWriter) -> Response:
    return Response(
        csv_bytes(SAMPLE_HEADER, SAMPLE_ROWS),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="roster-sample.csv"'},
    )


@router.get("/users/import/sample.xlsx")
def users_import_sample_xlsx(principal: UsersWriter) -> Response:
    data = xlsx_bytes("roster", SAMPLE_HEADER, SAMPLE_ROWS, widths=(12, 26, 16, 20, 14))
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="roster-sample.xlsx"'},
    )


@router.post("/users/imports/{import_id}/confirm")
def users_import_confirm(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    events: EventsDep,
    principal: UsersWriter,
    staged: ImportRef,
) -> Response:
    def queued(job: Job) -> Response:
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    return form_action(
        request,
        session,
        lambda: roster_import.confirm(session, clock, events, principal, staged),
        done=queued,
        again=lambda refused: users_page_response(
            request, session, principal, extra=refused.problems, status_code=refused.status
        ),
    )


@router.post("/users/imports/{import_id}/passwords.xlsx")
def users_import_passwords(
    session: DbSession, clock: ClockDep, settings: SettingsDep, principal: UsersWriter, staged: ImportRef
) -> Response:
    data = roster_import.take_passwords(session, clock, settings.secret_key, principal, staged)
    return xlsx_download(data, f"roster-passwords-{staged.id}.xlsx")
