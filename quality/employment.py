"""Employment outcomes (취업성과) of a course's confirmed completers: entered by institution
staff one by one or imported from a sheet (`imports`), each with an optional evidence file.

Only confirmed completers have outcomes (the rate's denominator is the completers); a start date
in the future is refused (record a job once it has started); the evidence file is stored
through `evidence_files` and a replaced file is deleted once the change is committed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from classroom.audit import service as audit
from classroom.core.clock import Clock, seoul_date
from classroom.core.errors import NotFound
from classroom.core.events import DomainEvent, EventBus, publish_on_commit
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course
from quality import access, completion
from quality.errors import conflict, invalid
from quality.evidence_files import StoredFile
from quality.outcome_models import CompletionRecord, EmploymentOutcome

EVIDENCE_REPLACED = "quality.evidence_replaced"


@dataclass(frozen=True)
class OutcomeData:
    employed: bool
    starts_on: date | None = None
    employer: str = ""
    insured: bool = False
    note: str = ""


@dataclass(frozen=True)
class Row:
    record: CompletionRecord
    name: str
    email: str
    outcome: EmploymentOutcome | None


def outcomes(session: Session, principal: Principal, course: Course) -> dict[uuid.UUID, EmploymentOutcome]:
    statement = scoped(select(EmploymentOutcome), principal).where(EmploymentOutcome.course_id == course.id)
    return {o.trainee_id: o for o in session.exec(statement)}


def rows(session: Session, principal: Principal, course: Course) -> list[Row]:
    """Every confirmed completer with their outcome (None: not recorded yet), by name."""
    access.require(session, principal, course, P.EMPLOYMENT_READ)
    found = outcomes(session, principal, course)
    people = {m.trainee_id: m for m in access.roster(session, principal, course)}
    out = []
    for record in completion.confirmed_completers(session, principal, course):
        person = people.get(record.trainee_id)
        out.append(
            Row(
                record,
                person.name if person else "",
                person.email if person else "",
                found.get(record.trainee_id),
            )
        )
    return sorted(out, key=lambda r: (r.name, r.email))


def check(data: OutcomeData, today: date) -> OutcomeData:
    employer = data.employer.strip()
    if len(employer) > 200:
        raise invalid("employer", "quality.employment.employer_long")
    if len(data.note) > 500:
        raise invalid("note", "quality.employment.note_long")
    if not data.employed:
        return OutcomeData(False, None, "", False, data.note.strip())
    if data.starts_on is None:
        raise invalid("starts_on", "quality.employment.start_required")
    if data.starts_on > today:
        raise invalid("starts_on", "quality.employment.start_future", today=today.isoformat())
    if not employer:
        raise invalid("employer", "quality.employment.employer_required")
    return OutcomeData(True, data.starts_on, employer, data.insured, data.note.strip())


def _completer(
    session: Session, principal: Principal, course: Course, trainee_id: uuid.UUID
) -> CompletionRecord:
    access.member(session, principal, course, trainee_id)  # another course's or institution's: 404
    for record in completion.confirmed_completers(session, principal, course):
        if record.trainee_id == trainee_id:
            return record
    raise conflict("quality.employment.not_completer", "not_a_completer")


def put(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    trainee_id: uuid.UUID,
    data: OutcomeData,
) -> EmploymentOutcome:
    access.require(session, principal, course, P.EMPLOYMENT_WRITE)
    _completer(session, principal, course, trainee_id)
    clean = check(data, seoul_date(clock.now()))
    return store(session, clock, principal, course, trainee_id, clean)


def store(
    session: Session,
    clock: Clock,
    principal: Principal,
    course: Course,
    trainee_id: uuid.UUID,
    clean: OutcomeData,
) -> EmploymentOutcome:
    """Write a checked outcome (the import checks every row first, then stores them all)."""
    existing = outcomes(session, principal, course).get(trainee_id)
    before = None if existing is None else _snapshot(existing)
    row = existing or EmploymentOutcome(
        institution_id=course.institution_id,
        course_id=course.id,
        trainee_id=trainee_id,
        employed=False,
        updated_at=clock.now(),
    )
    row.employed, row.starts_on, row.employer = clean.employed, clean.starts_on, clean.employer
    row.insured, row.note = clean.insured, clean.note
    row.recorded_by, row.updated_at = principal.user_id, clock.now()
    session.add(row)
    session.flush()
    audit.record(
        session,
        clock,
        principal,
        "quality.employment.put",
        "employment",
        row.id,
        institution_id=course.institution_id,
        detail={"trainee_id": str(trainee_id), "old": before, "new": _snapshot(row)},
    )
    return row


def _snapshot(row: EmploymentOutcome) -> dict[str, object]:
    return {
        "employed": row.employed,
        "starts_on": row.starts_on.isoformat() if row.starts_on else None,
        "employer": row.employer,
        "insured": row.insured,
    }


def ready_for_evidence(
    session: Session, principal: Principal, course: Course, trainee_id: uuid.UUID
) -> EmploymentOutcome:
    """The outcome a file may be attached to (refusals before any byte is stored)."""
    access.require(session, principal, course, P.EMPLOYMENT_WRITE)
    _completer(session, principal, course, trainee_id)
    row = outcomes(session, principal, course).get(trainee_id)
    if row is None:
        raise conflict("quality.employment.evidence_first", "outcome_missing")
    return row


def attach_evidence(
    session: Session,
    clock: Clock,
    principal: Principal,
    bus: EventBus,
    course: Course,
    trainee_id: uuid.UUID,
    stored: StoredFile,
) -> EmploymentOutcome:
    """Point the outcome at a stored file; the file it replaces is deleted after the commit."""
    row = ready_for_evidence(session, principal, course, trainee_id)
    old_key = row.evidence_key
    row.evidence_key, row.evidence_name = stored.key, stored.name
    row.evidence_type, row.evidence_size = stored.content_type, stored.size
    row.updated_at = clock.now()
    session.add(row)
    session.flush()
    if old_key:
        publish_on_commit(
            session, bus, DomainEvent(EVIDENCE_REPLACED, {"key": old_key, "evidence_id": str(row.id)})
        )
    audit.record(
        session,
        clock,
        principal,
        "quality.employment.evidence",
        "employment",
        row.id,
        institution_id=course.institution_id,
        detail={
            "trainee_id": str(trainee_id),
            "name": stored.name,
            "size": stored.size,
            "type": stored.content_type,
        },
    )
    return row


def evidence_of(
    session: Session, principal: Principal, course: Course, trainee_id: uuid.UUID
) -> EmploymentOutcome:
    access.require(session, principal, course, P.EMPLOYMENT_READ)
    access.member(session, principal, course, trainee_id)
    row = outcomes(session, principal, course).get(trainee_id)
    if row is None or not row.evidence_key:
        raise NotFound()
    return row
