"""Completion, employment and satisfaction API (thin: parse, call, shape)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response, StreamingResponse

from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, EventsDep, SettingsDep
from classroom.core.errors import request_lang
from classroom.core.tenancy import Principal
from classroom.courses.auth import CourseRef
from quality import completion, employment, evidence_files, exports, imports, rates, shapes, surveys
from quality.auth import Confirmer, EmploymentReader, EmploymentWriter, Reader, SurveyReader, SurveyTaker
from quality.routes_exam import read_upload
from quality.schemas import (
    CompletionOut,
    CourseRatesOut,
    EmploymentIn,
    EmploymentOut,
    ImportOut,
    RatesOut,
    SurveyIn,
    SurveyOut,
    SurveyStateOut,
)

router = APIRouter(prefix="/api/v1", tags=["quality: outcomes"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CsvResponse(Response):
    # A response class (not a bare media type) so /openapi.json documents what is sent.
    media_type = "text/csv"  # Starlette adds "; charset=utf-8"


class XlsxResponse(Response):
    media_type = XLSX


EVIDENCE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The stored evidence file, as it was uploaded",
        "content": {
            kind: {"schema": {"type": "string", "format": "binary"}}
            for _, kind, _ in evidence_files.SIGNATURES
        },
    }
}


def download(data: bytes, response_class: type[Response], name: str) -> Response:
    return response_class(
        data,
        headers={"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"},
    )


# --- completion --------------------------------------------------------------------------------


@router.get("/courses/{course_id}/completion", response_model=CompletionOut)
def get_completion(
    request: Request, session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef
) -> CompletionOut:
    """Who completed, who did not and why (attendance ≥ 80% and score ≥ the pass mark)."""
    return shapes.completion_out(completion.build(session, clock, principal, course), request_lang(request))


@router.get("/courses/{course_id}/completion.csv", response_class=CsvResponse)
def completion_csv(session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef) -> Response:
    listing = completion.build(session, clock, principal, course)
    return download(exports.completion_csv(listing), CsvResponse, f"completion-{course.id}.csv")


@router.get("/courses/{course_id}/completion.xlsx", response_class=XlsxResponse)
def completion_xlsx(session: DbSession, clock: ClockDep, principal: Reader, course: CourseRef) -> Response:
    listing = completion.build(session, clock, principal, course)
    return download(exports.completion_xlsx(listing), XlsxResponse, f"completion-{course.id}.xlsx")


@router.post("/courses/{course_id}/completion/confirm", response_model=CompletionOut)
def confirm_completion(
    request: Request, session: DbSession, clock: ClockDep, principal: Confirmer, course: CourseRef
) -> CompletionOut:
    return shapes.completion_out(completion.confirm(session, clock, principal, course), request_lang(request))


# --- employment --------------------------------------------------------------------------------


@router.get("/courses/{course_id}/employment", response_model=list[EmploymentOut])
def list_employment(
    session: DbSession, principal: EmploymentReader, course: CourseRef
) -> list[EmploymentOut]:
    return shapes.employment_out(employment.rows(session, principal, course))


@router.put("/courses/{course_id}/employment/{trainee_id}", response_model=EmploymentOut)
def put_employment(
    session: DbSession,
    clock: ClockDep,
    principal: EmploymentWriter,
    course: CourseRef,
    trainee_id: uuid.UUID,
    data: EmploymentIn,
) -> EmploymentOut:
    employment.put(session, clock, principal, course, trainee_id, employment.OutcomeData(**data.model_dump()))
    rows = shapes.employment_out(employment.rows(session, principal, course))
    return next(r for r in rows if r.trainee_id == trainee_id)


@router.post("/courses/{course_id}/employment/import", response_model=ImportOut)
def import_employment(
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    principal: EmploymentWriter,
    course: CourseRef,
    file: Annotated[UploadFile, File()],
) -> ImportOut:
    """XLSX/CSV with Korean headers (이메일, 취업여부, 취업일, 사업장명, 고용보험): all or nothing."""
    data = read_upload(file, settings.max_roster_bytes)
    done = imports.import_employment(session, clock, principal, course, file.filename or "", data)
    return ImportOut(imported=done.rows)


@router.post("/courses/{course_id}/employment/{trainee_id}/evidence", response_model=EmploymentOut)
def upload_evidence(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    events: EventsDep,
    principal: EmploymentWriter,
    course: CourseRef,
    trainee_id: uuid.UUID,
    file: Annotated[UploadFile, File()],
) -> EmploymentOut:
    """A PDF, PNG or JPEG of at most 10 MB (contract, insurance certificate). The checks that
    need no file run first, so nothing is stored for a request that is refused anyway."""
    employment.ready_for_evidence(session, principal, course, trainee_id)
    stored = evidence_files.store_evidence(
        request.app.state.store,
        institution_id=course.institution_id,
        purpose="employment",
        filename=file.filename or "",
        stream=file.file,
        declared_size=file.size,
    )
    try:
        employment.attach_evidence(session, clock, principal, events, course, trainee_id, stored)
    except Exception:
        evidence_files.delete_evidence(request.app.state.store, stored.key)  # nothing points at it
        raise
    rows = shapes.employment_out(employment.rows(session, principal, course))
    return next(r for r in rows if r.trainee_id == trainee_id)


@router.get(
    "/courses/{course_id}/employment/{trainee_id}/evidence",
    response_class=StreamingResponse,
    responses=EVIDENCE,
)
def get_evidence(
    request: Request,
    session: DbSession,
    principal: EmploymentReader,
    course: CourseRef,
    trainee_id: uuid.UUID,
) -> Response:
    row = employment.evidence_of(session, principal, course, trainee_id)
    assert row.evidence_key is not None
    name = row.evidence_name or "evidence"
    return StreamingResponse(
        evidence_files.open_evidence(request.app.state.store, row.evidence_key),
        media_type=row.evidence_type or "application/octet-stream",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name, safe='')}",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/courses/{course_id}/employment/rates", response_model=CourseRatesOut | None)
def course_rates(
    session: DbSession, clock: ClockDep, principal: EmploymentReader, course: CourseRef
) -> CourseRatesOut | None:
    """Employment rates at 3 and 6 months (insured-only and all); null before the course ended."""
    found = rates.for_course(session, clock, principal, course)
    return None if found is None else shapes.course_rates_out(found)


def _rates(
    session: DbSession, clock: ClockDep, principal: Principal, institution_id: uuid.UUID | None
) -> tuple[list[rates.CourseRates], RatesOut]:
    items = rates.compute(session, clock, principal, institution_id=institution_id)
    out = RatesOut(
        courses=[shapes.course_rates_out(i) for i in items],
        institutions=[shapes.group_out(g) for g in rates.by_institution(items)],
        end_months=[shapes.group_out(g) for g in rates.by_end_month(items)],
        total=shapes.group_out(rates.pooled("all", "all", items)),
    )
    return items, out


InstitutionFilter = Annotated[uuid.UUID | None, Query(description="operator and inspectors: one institution")]


@router.get("/employment/rates", response_model=RatesOut)
def employment_rates(
    session: DbSession, clock: ClockDep, principal: EmploymentReader, institution_id: InstitutionFilter = None
) -> RatesOut:
    """Per course, per institution, per course end month and in total (pooled counts)."""
    return _rates(session, clock, principal, institution_id)[1]


@router.get("/employment/rates.csv", response_class=CsvResponse)
def employment_rates_csv(
    session: DbSession, clock: ClockDep, principal: EmploymentReader, institution_id: InstitutionFilter = None
) -> Response:
    items, _ = _rates(session, clock, principal, institution_id)
    groups = [*rates.by_institution(items), rates.pooled("합계", "all", items)]
    return download(exports.rates_csv(items, groups), CsvResponse, "employment-rates.csv")


@router.get("/employment/rates.xlsx", response_class=XlsxResponse)
def employment_rates_xlsx(
    session: DbSession, clock: ClockDep, principal: EmploymentReader, institution_id: InstitutionFilter = None
) -> Response:
    items, _ = _rates(session, clock, principal, institution_id)
    groups = [*rates.by_institution(items), rates.pooled("합계", "all", items)]
    return download(exports.rates_xlsx(items, groups), XlsxResponse, "employment-rates.xlsx")


# --- satisfaction ------------------------------------------------------------------------------


@router.get("/courses/{course_id}/survey/form", response_model=SurveyStateOut)
def survey_state(
    session: DbSession, clock: ClockDep, principal: SurveyTaker, course: CourseRef
) -> SurveyStateOut:
    state = surveys.trainee_state(session, clock, principal, course)
    return SurveyStateOut(
        open=state.open, refusal=state.refusal, opens_on=state.opens_on, closes_on=state.closes_on
    )


@router.post("/courses/{course_id}/survey", status_code=204)
def answer_survey(
    session: DbSession, clock: ClockDep, principal: SurveyTaker, course: CourseRef, data: SurveyIn
) -> None:
    ratings = [data.content, data.instructor, data.environment, data.usefulness, data.overall]
    surveys.answer(session, clock, principal, course, ratings, data.comment)


@router.get("/courses/{course_id}/survey/results", response_model=SurveyOut)
def survey_results(session: DbSession, principal: SurveyReader, course: CourseRef) -> SurveyOut:
    """Aggregates only, and only from 5 answers; never who answered what."""
    item = surveys.course_survey(session, principal, course)
    return shapes.survey_out(item, item.aggregate, item.title)


@router.get("/satisfaction", response_model=list[SurveyOut])
def satisfaction(
    session: DbSession, principal: SurveyReader, institution_id: InstitutionFilter = None
) -> list[SurveyOut]:
    """Every visible course's aggregate; the first entry pools the courses shown (a course under
    the threshold never counts in the pool)."""
    items = surveys.overview(session, principal, institution_id=institution_id)
    total = surveys.pooled(items)
    return [
        shapes.survey_out(None, total, "all"),
        *(shapes.survey_out(i, i.aggregate, i.title) for i in items),
    ]
