"""Completion, employment and satisfaction pages (course tabs, the institution's and the
programme's overviews), and the staff's quality hub listing courses."""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response, StreamingResponse
from sqlmodel import Session, col, select

from classroom.core.clock import Clock
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, EventsDep, SettingsDep
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal
from classroom.courses import queries
from classroom.courses.auth import CourseRef
from classroom.courses.models import Course
from classroom.institutions.models import Institution
from classroom.web.forms import Refused, form_action
from classroom.web.quality import charts, views
from classroom.web.templating import render
from quality import (
    access,
    assessments,
    completion,
    employment,
    evidence_files,
    exports,
    imports,
    rates,
    shapes,
    surveys,
)
from quality.auth import Confirmer, EmploymentReader, EmploymentWriter, Reader, SurveyReader
from quality.routes_exam import read_upload
from quality.routes_outcomes import CsvResponse, XlsxResponse, download

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])
InstitutionFilter = Annotated[str, Query(max_length=40)]


@router.get("/quality")
def hub(request: Request, session: DbSession, clock: ClockDep, principal: Reader) -> Response:
    """Every course the reader sees, with its assessment and completion at a glance."""
    rows = []
    for course in queries.list_courses(session, principal):
        assessment = assessments.find(session, principal, course)
        rows.append({"course": course, "assessment": assessment})
    return render(request, "quality/hub.html", {"rows": rows, "views": views})


# --- completion --------------------------------------------------------------------------------


def completion_page(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    refused: Refused | None = None,
) -> Response:
    listing = completion.build(session, clock, principal, course)
    context = {
        "course": course,
        "tabs": views.tabs(session, principal, course, "completion"),
        "listing": shapes.completion_out(listing, views.lang_of(request)),
        "can_confirm": access.may(session, principal, course, P.COMPLETION_CONFIRM),
        "views": views,
    }
    return views.page(request, "quality/completion.html", context, refused)


@router.get("/courses/{course_id}/completion")
def completion_view(
    request: Request, session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef
) -> Response:
    return completion_page(request, session, clock, principal, course)


@router.post("/courses/{course_id}/completion/confirm")
def completion_confirm(
    request: Request, session: DbSession, clock: ClockDep, principal: Confirmer, course: CourseRef
) -> Response:
    return form_action(
        request,
        session,
        lambda: completion.confirm(session, clock, principal, course),
        done=f"/courses/{course.id}/completion?msg=quality.completion.confirmed_msg",
        again=lambda refused: completion_page(request, session, clock, principal, course, refused),
    )


@router.get("/courses/{course_id}/completion.csv")
def completion_csv(session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef) -> Response:
    return download(
        exports.completion_csv(completion.build(session, clock, principal, course)),
        CsvResponse,
        f"completion-{course.id}.csv",
    )


@router.get("/courses/{course_id}/completion.xlsx")
def completion_xlsx(session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef) -> Response:
    return download(
        exports.completion_xlsx(completion.build(session, clock, principal, course)),
        XlsxResponse,
        f"completion-{course.id}.xlsx",
    )


# --- employment --------------------------------------------------------------------------------


def employment_page(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    refused: Refused | None = None,
) -> Response:
    found = rates.for_course(session, clock, principal, course)
    context = {
        "course": course,
        "tabs": views.tabs(session, principal, course, "employment"),
        "rows": employment.rows(session, principal, course),
        "rates": shapes.course_rates_out(found) if found else None,
        "can_write": access.may(session, principal, course, P.EMPLOYMENT_WRITE),
        "views": views,
    }
    return views.page(request, "quality/employment.html", context, refused)


@router.get("/courses/{course_id}/employment")
def employment_view(
    request: Request, session: DbSession, clock: ClockDep, principal: EmploymentReader, course: CourseRef
) -> Response:
    return employment_page(request, session, clock, principal, course)


def _act(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    action: Any,
    msg: str,
) -> Response:
    return form_action(
        request,
        session,
        action,
        done=f"/courses/{course.id}/employment?msg={msg}",
        again=lambda refused: employment_page(request, session, clock, principal, course, refused),
    )


@router.post("/courses/{course_id}/employment/{trainee_id}")
def employment_save(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: EmploymentWriter,
    course: CourseRef,
    trainee_id: str,
    employed: Annotated[str, Form()] = "",
    starts_on: Annotated[str, Form()] = "",
    employer: Annotated[str, Form(max_length=200)] = "",
    insured: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    def save() -> object:
        data = employment.OutcomeData(
            employed == "yes", views.parse_day(starts_on, "starts_on"), employer, insured == "yes", note
        )
        return employment.put(
            session, clock, principal, course, views.parse_uuid(trainee_id, "trainee_id"), data
        )

    return _act(request, session, clock, principal, course, save, "quality.employment.saved")


@router.post("/courses/{course_id}/employment-import")
def employment_import(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    principal: EmploymentWriter,
    course: CourseRef,
    file: Annotated[UploadFile, File()],
) -> Response:
    data = read_upload(file, settings.max_roster_bytes)
    return _act(
        request,
        session,
        clock,
        principal,
        course,
        lambda: imports.import_employment(session, clock, principal, course, file.filename or "", data),
        "quality.employment.imported",
    )


@router.post("/courses/{course_id}/employment/{trainee_id}/evidence")
def evidence_upload(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    events: EventsDep,
    principal: EmploymentWriter,
    course: CourseRef,
    trainee_id: str,
    file: Annotated[UploadFile, File()],
) -> Response:
    store = request.app.state.store

    def attach() -> object:
        person = views.parse_uuid(trainee_id, "trainee_id")
        employment.ready_for_evidence(session, principal, course, person)
        stored = evidence_files.store_evidence(
            store,
            institution_id=course.institution_id,
            purpose="employment",
            filename=file.filename or "",
            stream=file.file,
            declared_size=file.size,
        )
        try:
            return employment.attach_evidence(session, clock, principal, events, course, person, stored)
        except Exception:
            evidence_files.delete_evidence(store, stored.key)
            raise

    return _act(request, session, clock, principal, course, attach, "quality.employment.evidence_saved")


@router.get("/courses/{course_id}/employment/{trainee_id}/evidence")
def evidence_download(
    request: Request,
    session: DbSession,
    principal: EmploymentReader,
    course: CourseRef,
    trainee_id: uuid.UUID,
) -> Response:
    row = employment.evidence_of(session, principal, course, trainee_id)
    assert row.evidence_key is not None
    return StreamingResponse(
        evidence_files.open_evidence(request.app.state.store, row.evidence_key),
        media_type=row.evidence_type or "application/octet-stream",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.evidence_name or 'evidence', safe='')}",
            "X-Content-Type-Options": "nosniff",
        },
    )


def institution_choices(session: Session) -> list[Institution]:
    return list(session.exec(select(Institution).order_by(col(Institution.name))))


def _institution(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@router.get("/employment")
def employment_overview(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: EmploymentReader,
    institution: InstitutionFilter = "",
) -> Response:
    chosen = _institution(institution) if principal.cross_tenant else None
    items = rates.compute(session, clock, principal, institution_id=chosen)
    months = rates.by_end_month(items)
    lang = views.lang_of(request)
    context = {
        "courses": [shapes.course_rates_out(i) for i in items],
        "institutions": [shapes.group_out(g) for g in rates.by_institution(items)]
        if principal.cross_tenant
        else [],
        "months": [shapes.group_out(g) for g in months],
        "total": shapes.group_out(rates.pooled("all", "all", items)),
        "chart": charts.rates_chart(months, lang),
        "choices": institution_choices(session) if principal.cross_tenant else [],
        "chosen": str(chosen) if chosen else "",
        "views": views,
    }
    return render(request, "quality/rates.html", context)


@router.get("/employment/rates.csv")
def rates_csv(
    session: DbSession, clock: ClockDep, principal: EmploymentReader, institution: InstitutionFilter = ""
) -> Response:
    items = rates.compute(
        session,
        clock,
        principal,
        institution_id=_institution(institution) if principal.cross_tenant else None,
    )
    return download(
        exports.rates_csv(items, [*rates.by_institution(items), rates.pooled("합계", "all", items)]),
        CsvResponse,
        "employment-rates.csv",
    )


@router.get("/employment/rates.xlsx")
def rates_xlsx(
    session: DbSession, clock: ClockDep, principal: EmploymentReader, institution: InstitutionFilter = ""
) -> Response:
    items = rates.compute(
        session,
        clock,
        principal,
        institution_id=_institution(institution) if principal.cross_tenant else None,
    )
    return download(
        exports.rates_xlsx(items, [*rates.by_institution(items), rates.pooled("합계", "all", items)]),
        XlsxResponse,
        "employment-rates.xlsx",
    )


# --- satisfaction ------------------------------------------------------------------------------


@router.get("/courses/{course_id}/survey/results")
def survey_view(request: Request, session: DbSession, principal: SurveyReader, course: CourseRef) -> Response:
    item = surveys.course_survey(session, principal, course)
    context = {
        "course": course,
        "tabs": views.tabs(session, principal, course, "survey"),
        "survey": shapes.survey_out(item, item.aggregate, item.title),
        "views": views,
    }
    return render(request, "quality/survey_results.html", context)


@router.get("/satisfaction")
def satisfaction(request: Request, session: DbSession, principal: SurveyReader) -> Response:
    items = surveys.overview(session, principal)
    context = {
        "total": shapes.survey_out(None, surveys.pooled(items), "all"),
        "courses": [shapes.survey_out(i, i.aggregate, i.title) for i in items],
        "views": views,
    }
    return render(request, "quality/satisfaction.html", context)
