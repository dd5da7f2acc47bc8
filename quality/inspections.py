"""Inspections (점검): an inspector opens one on a course or an institution (remote or on-site),
records findings with severity and evidence links, the institution answers each finding, the
inspector closes it (or sends it back), and closes the inspection once every finding is closed.

Visibility: the institution sees its own inspections, findings and the conversation on them —
never the inspector's notes (`notes` are read only by the platform side); another institution's
inspection is a NotFound. Every step is audited under the inspected institution.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from classroom.audit import service as audit
from classroom.core.clock import Clock, seoul_date
from classroom.core.errors import Forbidden, NotFound
from classroom.core.tenancy import Principal, get_scoped_or_404, parse_id, scoped
from classroom.courses.models import Course, Lesson
from classroom.institutions.models import Institution
from quality import access, attendance_source
from quality.errors import conflict, invalid
from quality.inspection_models import Finding, FindingMessage, Inspection, InspectorNote
from quality.models import Attempt, ExamSignal
from quality.rules import inspections as rules
from quality.rules.kinds import (
    EvidenceLinkKind,
    FindingStatus,
    InspectionMode,
    InspectionScope,
    InspectionStatus,
    Severity,
)

MAX_TEXT = 4000
MAX_LINKS = 20


def _text(value: str, field_name: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = value.strip()
    if required and not value:
        raise invalid(field_name, "quality.inspection.text_required")
    if len(value) > limit:
        raise invalid(field_name, "quality.inspection.text_long", limit=limit)
    return value


def _conductor(principal: Principal) -> None:
    if not principal.cross_tenant:
        raise Forbidden()


def _audit(
    session: Session,
    clock: Clock,
    principal: Principal,
    action: str,
    target: str,
    target_id: Any,
    institution_id: uuid.UUID,
    **detail: Any,
) -> None:
    audit.record(
        session, clock, principal, action, target, target_id, institution_id=institution_id, detail=detail
    )


@dataclass(frozen=True)
class Opening:
    scope: InspectionScope
    mode: InspectionMode
    title: str
    institution_id: uuid.UUID | None = None
    course_id: uuid.UUID | None = None
    summary: str = ""
    due_on: date | None = None


def open_inspection(session: Session, clock: Clock, principal: Principal, data: Opening) -> Inspection:
    _conductor(principal)
    today = seoul_date(clock.now())
    if data.due_on is not None and data.due_on < today:
        raise invalid("due_on", "quality.inspection.due_past")
    course_id = None
    if data.scope is InspectionScope.COURSE:
        if data.course_id is None:
            raise invalid("course_id", "quality.inspection.course_required")
        course = session.exec(scoped(select(Course), principal).where(Course.id == data.course_id)).first()
        if course is None:
            raise invalid("course_id", "quality.inspection.course_unknown")
        institution_id, course_id = course.institution_id, course.id
    else:
        if data.institution_id is None or session.get(Institution, data.institution_id) is None:
            raise invalid("institution_id", "quality.inspection.institution_unknown")
        institution_id = data.institution_id
    now = clock.now()
    inspection = Inspection(
        institution_id=institution_id,
        scope=data.scope,
        course_id=course_id,
        mode=data.mode,
        title=_text(data.title, "title", limit=200),
        summary=_text(data.summary, "summary", required=False),
        due_on=data.due_on,
        opened_by=principal.user_id,
        opened_at=now,
    )
    session.add(inspection)
    session.flush()
    _audit(
        session,
        clock,
        principal,
        "quality.inspection.open",
        "inspection",
        inspection.id,
        institution_id,
        scope=data.scope.value,
        mode=data.mode.value,
        course_id=str(course_id) if course_id else None,
    )
    return inspection


def listing(
    session: Session, principal: Principal, *, status: InspectionStatus | None = None
) -> list[Inspection]:
    statement = scoped(select(Inspection), principal)
    if status is not None:
        statement = statement.where(Inspection.status == status)
    return list(session.exec(statement.order_by(col(Inspection.opened_at).desc())))


def get(session: Session, principal: Principal, inspection_id: object) -> Inspection:
    return get_scoped_or_404(session, Inspection, inspection_id, principal)


def get_finding(session: Session, principal: Principal, finding_id: object) -> Finding:
    return get_scoped_or_404(session, Finding, finding_id, principal)


def _course_of(
    session: Session, principal: Principal, inspection: Inspection, course_id: object | None
) -> Course:
    wanted = parse_id(course_id) if course_id else inspection.course_id
    if wanted is None:
        raise invalid("evidence", "quality.inspection.link_course")
    if inspection.course_id is not None and wanted != inspection.course_id:
        raise invalid("evidence", "quality.inspection.link_unknown")
    course = session.exec(
        scoped(select(Course), principal).where(
            Course.id == wanted, Course.institution_id == inspection.institution_id
        )
    ).first()
    if course is None:
        raise invalid("evidence", "quality.inspection.link_unknown")
    return course


def check_link(
    session: Session, principal: Principal, inspection: Inspection, link: dict[str, Any]
) -> dict[str, Any]:
    """An evidence link as stored: its target must belong to the inspected institution (and
    course, for a course inspection); the label is what a reader recognises it by."""
    try:
        kind = EvidenceLinkKind(str(link.get("kind", "")))
    except ValueError:
        raise invalid("evidence", "quality.inspection.link_kind") from None
    target = parse_id(link.get("id")) if kind is not EvidenceLinkKind.ATTENDANCE else None
    label = ""
    course: Course
    if kind is EvidenceLinkKind.LESSON:
        lesson = session.exec(scoped(select(Lesson), principal).where(Lesson.id == target)).first()
        if lesson is None:
            raise invalid("evidence", "quality.inspection.link_unknown")
        course = _course_of(session, principal, inspection, lesson.course_id)
        label = f"{lesson.local_day.isoformat()} {lesson.title}".strip()
    elif kind is EvidenceLinkKind.ATTENDANCE:
        course = _course_of(session, principal, inspection, link.get("course_id"))
        member = access.member(session, principal, course, parse_id(link.get("trainee_id")))
        target, label = member.trainee_id, member.name
    elif kind is EvidenceLinkKind.FRAUD_SIGNAL:
        course = _course_of(session, principal, inspection, link.get("course_id"))
        found = {s.id: s for s in attendance_source.fraud_signals(session, course) or []}
        if target not in found:
            raise invalid("evidence", "quality.inspection.link_unknown")
        signal = found[target]
        label = f"{signal.kind} {signal.day.isoformat() if signal.day else ''}".strip()
    elif kind is EvidenceLinkKind.EXAM_ATTEMPT:
        attempt = session.exec(scoped(select(Attempt), principal).where(Attempt.id == target)).first()
        if attempt is None:
            raise invalid("evidence", "quality.inspection.link_unknown")
        course = _course_of(session, principal, inspection, attempt.course_id)
        label = f"#{attempt.number} {attempt.started_at.date().isoformat()}"
    else:
        signal_row = session.exec(
            scoped(select(ExamSignal), principal).where(ExamSignal.id == target)
        ).first()
        if signal_row is None:
            raise invalid("evidence", "quality.inspection.link_unknown")
        course = _course_of(session, principal, inspection, signal_row.course_id)
        label = signal_row.kind.value
    if course.institution_id != inspection.institution_id or (
        inspection.course_id and course.id != inspection.course_id
    ):
        raise invalid("evidence", "quality.inspection.link_unknown")
    return {"kind": kind.value, "id": str(target), "course_id": str(course.id), "label": label[:200]}


@dataclass(frozen=True)
class FindingData:
    severity: Severity
    title: str
    description: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    due_on: date | None = None


def add_finding(
    session: Session, clock: Clock, principal: Principal, inspection: Inspection, data: FindingData
) -> Finding:
    _conductor(principal)
    if inspection.status is InspectionStatus.CLOSED:
        raise conflict("quality.inspection.closed", "inspection_closed")
    if len(data.evidence) > MAX_LINKS:
        raise invalid("evidence", "quality.inspection.links_many", limit=MAX_LINKS)
    if data.due_on is not None and data.due_on < seoul_date(clock.now()):
        raise invalid("due_on", "quality.inspection.due_past")
    links = [check_link(session, principal, inspection, link) for link in data.evidence]
    now = clock.now()
    finding = Finding(
        institution_id=inspection.institution_id,
        inspection_id=inspection.id,
        severity=data.severity,
        title=_text(data.title, "title", limit=200),
        description=_text(data.description, "description"),
        evidence=links,
        due_on=data.due_on,
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(finding)
    session.flush()
    _audit(
        session,
        clock,
        principal,
        "quality.finding.add",
        "finding",
        finding.id,
        inspection.institution_id,
        inspection_id=str(inspection.id),
        severity=data.severity.value,
        links=len(links),
    )
    return finding


def _move(
    session: Session, clock: Clock, principal: Principal, finding: Finding, action: str, body: str
) -> FindingMessage:
    inspection = get(session, principal, finding.inspection_id)
    if inspection.status is InspectionStatus.CLOSED:
        raise conflict("quality.inspection.closed", "inspection_closed")
    after = rules.move(finding.status, action)
    if after is None:
        raise conflict("quality.finding.bad_move", "finding_bad_move", status=finding.status.value)
    message = FindingMessage(
        institution_id=finding.institution_id,
        finding_id=finding.id,
        action=action,
        body=_text(body, "body", required=action != "close"),
        author_id=principal.user_id,
        at=clock.now(),
    )
    before = finding.status
    finding.status, finding.updated_at = after, clock.now()
    session.add_all([message, finding])
    session.flush()
    _audit(
        session,
        clock,
        principal,
        f"quality.finding.{action}",
        "finding",
        finding.id,
        finding.institution_id,
        old=before.value,
        new=after.value,
    )
    return message


def answer(
    session: Session, clock: Clock, principal: Principal, finding: Finding, body: str
) -> FindingMessage:
    """The institution's answer (its own staff only; the tenant filter already said so)."""
    if principal.cross_tenant or principal.institution_id != finding.institution_id:
        raise Forbidden()
    return _move(session, clock, principal, finding, "answer", body)


def close_finding(
    session: Session, clock: Clock, principal: Principal, finding: Finding, body: str = ""
) -> FindingMessage:
    _conductor(principal)
    return _move(session, clock, principal, finding, "close", body)


def reopen_finding(
    session: Session, clock: Clock, principal: Principal, finding: Finding, body: str
) -> FindingMessage:
    _conductor(principal)
    return _move(session, clock, principal, finding, "reopen", body)


def add_note(
    session: Session,
    clock: Clock,
    principal: Principal,
    inspection: Inspection,
    body: str,
    finding_id: object | None = None,
) -> InspectorNote:
    _conductor(principal)
    finding = None
    if finding_id:
        finding = get_finding(session, principal, finding_id)
        if finding.inspection_id != inspection.id:
            raise NotFound()
    note = InspectorNote(
        institution_id=inspection.institution_id,
        inspection_id=inspection.id,
        finding_id=finding.id if finding else None,
        body=_text(body, "body"),
        author_id=principal.user_id,
        at=clock.now(),
    )
    session.add(note)
    session.flush()
    _audit(
        session,
        clock,
        principal,
        "quality.inspection.note",
        "inspection",
        inspection.id,
        inspection.institution_id,
        note_id=str(note.id),
    )
    return note


def close_inspection(
    session: Session, clock: Clock, principal: Principal, inspection: Inspection, conclusion: str
) -> Inspection:
    _conductor(principal)
    if inspection.status is InspectionStatus.CLOSED:
        raise conflict("quality.inspection.closed", "inspection_closed")
    statuses = [f.status for f in findings(session, principal, inspection)]
    if not rules.may_close(statuses):
        raise conflict(
            "quality.inspection.findings_open",
            "findings_open",
            count=sum(1 for s in statuses if s is not FindingStatus.CLOSED),
        )
    inspection.status = InspectionStatus.CLOSED
    inspection.closed_by, inspection.closed_at = principal.user_id, clock.now()
    inspection.conclusion = _text(conclusion, "conclusion")
    session.add(inspection)
    session.flush()
    _audit(
        session,
        clock,
        principal,
        "quality.inspection.close",
        "inspection",
        inspection.id,
        inspection.institution_id,
        findings=len(statuses),
    )
    return inspection


def findings(session: Session, principal: Principal, inspection: Inspection) -> list[Finding]:
    statement = scoped(select(Finding), principal).where(Finding.inspection_id == inspection.id)
    return list(session.exec(statement.order_by(col(Finding.created_at))))


def messages(
    session: Session, principal: Principal, finding_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[FindingMessage]]:
    found: dict[uuid.UUID, list[FindingMessage]] = {f: [] for f in finding_ids}
    if finding_ids:
        statement = scoped(select(FindingMessage), principal).where(
            col(FindingMessage.finding_id).in_(finding_ids)
        )
        for row in session.exec(statement.order_by(col(FindingMessage.at))):
            found[row.finding_id].append(row)
    return found


def notes(session: Session, principal: Principal, inspection: Inspection) -> list[InspectorNote]:
    """The inspector's notes: the platform side only, whatever the caller's permissions say."""
    if not principal.cross_tenant:
        return []
    statement = scoped(select(InspectorNote), principal).where(InspectorNote.inspection_id == inspection.id)
    return list(session.exec(statement.order_by(col(InspectorNote.at))))


@dataclass(frozen=True)
class Detail:
    inspection: Inspection
    institution_name: str
    course: Course | None
    findings: list[Finding]
    messages: dict[uuid.UUID, list[FindingMessage]]
    notes: list[InspectorNote]  # empty for the institution
    overdue: dict[uuid.UUID, bool]


def detail(session: Session, clock: Clock, principal: Principal, inspection: Inspection) -> Detail:
    found = findings(session, principal, inspection)
    today = seoul_date(clock.now())
    institution = session.get(Institution, inspection.institution_id)
    course = None
    if inspection.course_id:
        course = session.exec(
            scoped(select(Course), principal).where(Course.id == inspection.course_id)
        ).first()
    return Detail(
        inspection,
        institution.name if institution else "",
        course,
        found,
        messages(session, principal, [f.id for f in found]),
        notes(session, principal, inspection),
        {f.id: rules.overdue(f.status, rules.due(f.due_on, inspection.due_on), today) for f in found},
    )
