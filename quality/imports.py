"""Importing offline assessment scores and employment outcomes from a sheet (XLSX or CSV with
Korean headers): all or nothing, every problem with its row number.

The file is read by `classroom.core.tabular` (bounded against hostile files) and each row is
checked by `rules.sheets`; then the rows are matched to the course's trainees (by e-mail, and
by name when the sheet has one). Only when no row has a problem is anything stored — through
the same service functions as a single entry, so the same audit and change records follow.
Files are small (a course's trainees): the work is bounded by the byte and row limits and done
in the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session

from classroom.core.clock import Clock, seoul_date
from classroom.core.errors import ValidationFailed
from classroom.core.permissions import Permission as P
from classroom.core.tabular import FileErrors, read_rows
from classroom.core.tenancy import Principal
from classroom.courses.models import Course
from quality import access, assessments, completion, employment, results
from quality.errors import conflict
from quality.rules import sheets
from quality.rules.kinds import AssessmentKind, ResultSource

MAX_ROWS = 1000
FILE_ERRORS = FileErrors(
    bad_file=("quality.file.bad_file", "file_unreadable"),
    too_many_rows=("quality.file.too_many_rows", "file_too_many_rows"),
    bomb=("quality.file.bomb", "file_too_large_inflated"),
    bad_csv=("quality.file.bad_csv", "file_bad_csv"),
)

R = TypeVar("R", sheets.ScoreRow, sheets.EmploymentRow)


@dataclass(frozen=True)
class Imported:
    rows: int


def _problem(p: sheets.Problem) -> dict[str, Any]:
    return {"row": p.row, "field": p.column, "message_key": f"quality.sheet.{p.code}", "params": p.params}


def _rejected(problems: list[sheets.Problem]) -> ValidationFailed:
    return ValidationFailed(
        "quality.sheet.rejected",
        code="sheet_rejected",
        params={"count": len(problems)},
        errors=[_problem(p) for p in problems[:200]],
    )


def _parse(
    filename: str,
    data: bytes,
    spec: Mapping[str, tuple[str, ...]],
    required: tuple[str, ...],
    parse_row: Callable[[int, list[str], dict[str, int]], R | list[sheets.Problem]],
) -> tuple[list[R], list[sheets.Problem]]:
    rows: Iterator[tuple[int, list[str]]] = read_rows(filename, data, max_rows=MAX_ROWS, errors=FILE_ERRORS)
    header = next(rows, None)
    if header is None:
        raise ValidationFailed("quality.sheet.empty", code="sheet_empty")
    found = sheets.columns(header[1], spec)
    missing = sheets.missing(found, required, spec)
    if missing:
        raise ValidationFailed(
            "quality.sheet.missing_columns",
            code="sheet_missing_columns",
            params={"columns": ", ".join(missing)},
        )
    parsed: list[R] = []
    problems: list[sheets.Problem] = []
    for number, cells in rows:
        if sheets.blank(cells):
            continue
        outcome = parse_row(number, cells, found)
        if isinstance(outcome, list):
            problems.extend(outcome)
        else:
            parsed.append(outcome)
    if not parsed and not problems:
        raise ValidationFailed("quality.sheet.empty", code="sheet_empty")
    return parsed, problems


def _match(
    session: Session, principal: Principal, course: Course, parsed: list[R], problems: list[sheets.Problem]
) -> list[tuple[R, access.Member]]:
    people = {m.email.casefold(): m for m in access.roster(session, principal, course)}
    seen: dict[str, int] = {}
    matched = []
    for row in parsed:
        if row.email in seen:
            problems.append(sheets.Problem(row.row, "이메일", "duplicate", {"other": seen[row.email]}))
            continue
        seen[row.email] = row.row
        person = people.get(row.email)
        if person is None:
            problems.append(sheets.Problem(row.row, "이메일", "not_in_course", {"value": row.email}))
        elif not person.enrolled:
            problems.append(sheets.Problem(row.row, "이메일", "dropped", {"value": row.email}))
        elif row.name and row.name != person.name:
            problems.append(
                sheets.Problem(row.row, "이름", "name_mismatch", {"value": row.name, "expected": person.name})
            )
        else:
            matched.append((row, person))
    return matched


def import_scores(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    filename: str,
    data: bytes,
    *,
    reason: str = "",
) -> Imported:
    access.require(session, principal, course, P.ASSESSMENT_MANAGE)
    assessment = assessments.find(session, principal, course)
    if assessment is None or assessment.kind is not AssessmentKind.OFFLINE:
        raise conflict("quality.import.offline_only", "offline_assessment_only")
    parsed, problems = _parse(filename, data, sheets.SCORE_COLUMNS, sheets.SCORE_REQUIRED, sheets.score_row)
    matched = _match(session, principal, course, parsed, problems)
    current = results.course_results(session, principal, course)
    if assessment.results_published_at is not None and not reason.strip():
        for row, person in matched:
            old = current.get(person.trainee_id)
            if old is not None and old.score != row.score:
                problems.append(sheets.Problem(row.row, "점수", "reason_required"))
    if problems:
        raise _rejected(sorted(problems, key=lambda p: p.row))
    for row, person in matched:
        results.record(
            session,
            clock,
            principal,
            course,
            assessment,
            person.trainee_id,
            row.score,
            ResultSource.OFFLINE,
            reader=principal,
            note=row.note,
            reason=reason,
        )
    return Imported(len(matched))


def import_employment(
    session: Session, clock: Clock, principal: Principal, course: Course, filename: str, data: bytes
) -> Imported:
    access.require(session, principal, course, P.EMPLOYMENT_WRITE)
    parsed, problems = _parse(
        filename, data, sheets.EMPLOYMENT_COLUMNS, sheets.EMPLOYMENT_REQUIRED, sheets.employment_row
    )
    matched = _match(session, principal, course, parsed, problems)
    completers = {r.trainee_id for r in completion.confirmed_completers(session, principal, course)}
    today = seoul_date(clock.now())
    checked = []
    for row, person in matched:
        if person.trainee_id not in completers:
            problems.append(sheets.Problem(row.row, "이메일", "not_completer", {"value": row.email}))
            continue
        if row.starts_on is not None and row.starts_on > today:
            problems.append(sheets.Problem(row.row, "취업일", "start_future", {"today": today.isoformat()}))
            continue
        data_row = employment.OutcomeData(row.employed, row.starts_on, row.employer, row.insured, row.note)
        checked.append((person, employment.check(data_row, today)))
    if problems:
        raise _rejected(sorted(problems, key=lambda p: p.row))
    for person, clean in checked:
        employment.store(session, clock, principal, course, person.trainee_id, clean)
    return Imported(len(checked))
