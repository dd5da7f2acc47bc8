"""Inspection pages: the list (and the inspector's form to open one), an inspection with its
findings and their conversation (the inspector's notes only on the platform side), and the
ranked list of courses to look at first."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session, col, select

from classroom.core import i18n
from classroom.core.clock import Clock
from classroom.core.csrf import verify_form_csrf
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course, Lesson
from classroom.courses.rules.kinds import CourseStatus
from classroom.institutions.models import Institution
from classroom.web.forms import Refused, form_action
from classroom.web.quality import views
from classroom.web.templating import render
from quality import access, attendance_source, inspections, priorities, shapes, signals
from quality.auth import Answerer, Conductor, FindingRef, InspectionReader, InspectionRef, PriorityReader
from quality.inspection_models import Inspection
from quality.models import Assessment, Attempt
from quality.rules.kinds import InspectionMode, InspectionScope, Severity

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_form_csrf)])


def list_page(
    request: Request,
    session: Session,
    principal: Principal,
    refused: Refused | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    conduct = principal.can(P.INSPECTIONS_CONDUCT)
    courses: list[Course] = []
    institutions: list[Institution] = []
    if conduct:
        courses = list(
            session.exec(
                scoped(select(Course), principal)
                .where(col(Course.status) != CourseStatus.DRAFT)
                .order_by(col(Course.ends_on).desc())
            )
        )
        institutions = list(session.exec(select(Institution).order_by(col(Institution.name))))
    names = {i.id: i.name for i in session.exec(select(Institution))} if principal.cross_tenant else {}
    context = {
        "inspections": inspections.listing(session, principal),
        "conduct": conduct,
        "courses": courses,
        "institutions": institutions,
        "names": names,
        "scopes": list(InspectionScope),
        "modes": list(InspectionMode),
        "form": form or {},
        "views": views,
    }
    return views.page(request, "quality/inspections.html", context, refused)


@router.get("/inspections")
def inspection_list(request: Request, session: DbSession, principal: InspectionReader) -> Response:
    return list_page(request, session, principal)


@router.post("/inspections")
def inspection_open(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Conductor,
    scope: Annotated[str, Form()] = "course",
    mode: Annotated[str, Form()] = "remote",
    title: Annotated[str, Form(max_length=200)] = "",
    course_id: Annotated[str, Form()] = "",
    institution_id: Annotated[str, Form()] = "",
    summary: Annotated[str, Form(max_length=4000)] = "",
    due_on: Annotated[str, Form()] = "",
) -> Response:
    form = {
        "scope": scope,
        "mode": mode,
        "title": title,
        "course_id": course_id,
        "institution_id": institution_id,
        "summary": summary,
        "due_on": due_on,
    }

    def open_one() -> Inspection:
        if scope not in set(InspectionScope) or mode not in set(InspectionMode):
            raise views.invalid("scope")
        opening = inspections.Opening(
            InspectionScope(scope),
            InspectionMode(mode),
            title,
            views.parse_uuid(institution_id, "institution_id")
            if scope == InspectionScope.INSTITUTION
            else None,
            views.parse_uuid(course_id, "course_id") if scope == InspectionScope.COURSE else None,
            summary,
            views.parse_day(due_on, "due_on"),
        )
        return inspections.open_inspection(session, clock, principal, opening)

    return form_action(
        request,
        session,
        open_one,
        done=lambda made: RedirectResponse(
            f"/inspections/{made.id}?msg=quality.inspection.opened_msg", status_code=303
        ),
        again=lambda refused: list_page(request, session, principal, refused, form),
    )


def _candidates(
    session: Session, principal: Principal, inspection: Inspection, lang: str
) -> list[dict[str, str]]:
    """Evidence an inspector can link from a finding: the course's lessons, trainees'
    attendance, exam attempts and signals, and attendance fraud signals."""
    statement = scoped(select(Course), principal).where(Course.institution_id == inspection.institution_id)
    if inspection.course_id:
        statement = statement.where(Course.id == inspection.course_id)
    out: list[dict[str, str]] = []
    for course in session.exec(statement.order_by(col(Course.ends_on).desc()).limit(5)):
        lessons = (
            scoped(select(Lesson), principal)
            .where(Lesson.course_id == course.id)
            .order_by(col(Lesson.starts_at))
        )
        for lesson in session.exec(lessons.limit(80)):
            out.append(
                {
                    "value": f"lesson:{lesson.id}:",
                    "kind": "lesson",
                    "label": f"{course.title} · {lesson.local_day} {lesson.title}",
                }
            )
        for member in access.roster(session, principal, course):
            out.append(
                {
                    "value": f"attendance:{member.trainee_id}:{course.id}",
                    "kind": "attendance",
                    "label": f"{course.title} · {member.name}",
                }
            )
        found = scoped(select(Assessment), principal).where(Assessment.course_id == course.id)
        assessment = session.exec(found).first()
        if assessment is not None:
            attempts = scoped(select(Attempt), principal).where(Attempt.assessment_id == assessment.id)
            names = access.names(session, principal, {a.trainee_id for a in session.exec(attempts)})
            for row in session.exec(attempts.order_by(col(Attempt.started_at))):
                out.append(
                    {
                        "value": f"exam_attempt:{row.id}:",
                        "kind": "exam_attempt",
                        "label": f"{course.title} · {names.get(row.trainee_id, '')} #{row.number}",
                    }
                )
        for signal in signals.of_course(session, principal, course.id):
            out.append(
                {
                    "value": f"exam_signal:{signal.id}:",
                    "kind": "exam_signal",
                    "label": f"{course.title} · {signal.kind.value} {signal.detected_at:%Y-%m-%d}",
                }
            )
        for fraud in attendance_source.fraud_signals(session, course):
            out.append(
                {
                    "value": f"fraud_signal:{fraud.id}:{course.id}",
                    "kind": "fraud_signal",
                    "label": f"{course.title} · {i18n.t(fraud.kind.label_key, lang)} {fraud.day}",
                }
            )
    return out


def link_url(link: dict[str, Any]) -> str | None:
    """Where a reader opens an evidence link (None where no page shows it)."""
    kind, target, course = link.get("kind"), link.get("id"), link.get("course_id")
    if kind == "lesson":
        return f"/courses/{course}"
    if kind == "exam_attempt":
        return f"/courses/{course}/attempts/{target}"
    if kind == "exam_signal":
        return f"/courses/{course}/assessment#signals"
    if kind == "attendance":
        return attendance_source.attendance_page(uuid.UUID(str(course)), uuid.UUID(str(target)))
    if kind == "fraud_signal":
        return attendance_source.SIGNALS_PAGE
    return None


def detail_page(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    inspection: Inspection,
    refused: Refused | None = None,
) -> Response:
    found = inspections.detail(session, clock, principal, inspection)
    authors = access.names(session, principal, {m.author_id for ms in found.messages.values() for m in ms})
    context = {
        "detail": shapes.inspection_out(found, principal),
        "course": found.course,
        "conduct": principal.can(P.INSPECTIONS_CONDUCT),
        "answer": principal.can(P.INSPECTIONS_ANSWER),
        "candidates": _candidates(session, principal, inspection, views.lang_of(request))
        if principal.can(P.INSPECTIONS_CONDUCT)
        else [],
        "severities": list(Severity),
        "authors": authors,
        "link_url": link_url,
        "views": views,
    }
    return views.page(request, "quality/inspection.html", context, refused)


@router.get("/inspections/{inspection_id}")
def inspection_view(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: InspectionReader,
    inspection: InspectionRef,
) -> Response:
    return detail_page(request, session, clock, principal, inspection)


def _act(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    inspection: Inspection,
    action: Any,
    msg: str,
) -> Response:
    return form_action(
        request,
        session,
        action,
        done=f"/inspections/{inspection.id}?msg={msg}",
        again=lambda refused: detail_page(request, session, clock, principal, inspection, refused),
    )


def _link(value: str) -> dict[str, Any]:
    kind, _, rest = value.partition(":")
    target, _, course = rest.partition(":")
    if kind == "attendance":
        return {"kind": kind, "trainee_id": target, "course_id": course or None}
    return {"kind": kind, "id": target, "course_id": course or None}


@router.post("/inspections/{inspection_id}/findings")
def finding_add(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Conductor,
    inspection: InspectionRef,
    severity: Annotated[str, Form()] = "medium",
    title: Annotated[str, Form(max_length=200)] = "",
    description: Annotated[str, Form(max_length=4000)] = "",
    due_on: Annotated[str, Form()] = "",
    evidence: Annotated[list[str], Form()] = [],  # noqa: B006
) -> Response:
    def add() -> object:
        if severity not in set(Severity):
            raise views.invalid("severity")
        data = inspections.FindingData(
            Severity(severity),
            title,
            description,
            [_link(v) for v in evidence if v],
            views.parse_day(due_on, "due_on"),
        )
        return inspections.add_finding(session, clock, principal, inspection, data)

    return _act(request, session, clock, principal, inspection, add, "quality.finding.added")


@router.post("/inspections/{inspection_id}/notes")
def note_add(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Conductor,
    inspection: InspectionRef,
    body: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    return _act(
        request,
        session,
        clock,
        principal,
        inspection,
        lambda: inspections.add_note(session, clock, principal, inspection, body),
        "quality.note.added",
    )


@router.post("/inspections/{inspection_id}/close")
def inspection_close(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Conductor,
    inspection: InspectionRef,
    conclusion: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    return _act(
        request,
        session,
        clock,
        principal,
        inspection,
        lambda: inspections.close_inspection(session, clock, principal, inspection, conclusion),
        "quality.inspection.closed_done",
    )


def _finding_act(
    request: Request,
    session: Session,
    clock: Clock,
    principal: Principal,
    finding: Any,
    action: Any,
    msg: str,
) -> Response:
    inspection = inspections.get(session, principal, finding.inspection_id)
    return _act(request, session, clock, principal, inspection, action, msg)


@router.post("/findings/{finding_id}/answer")
def finding_answer(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Answerer,
    finding: FindingRef,
    body: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    return _finding_act(
        request,
        session,
        clock,
        principal,
        finding,
        lambda: inspections.answer(session, clock, principal, finding, body),
        "quality.finding.answered",
    )


@router.post("/findings/{finding_id}/close")
def finding_close(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Conductor,
    finding: FindingRef,
    body: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    return _finding_act(
        request,
        session,
        clock,
        principal,
        finding,
        lambda: inspections.close_finding(session, clock, principal, finding, body),
        "quality.finding.closed_done",
    )


@router.post("/findings/{finding_id}/reopen")
def finding_reopen(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: Conductor,
    finding: FindingRef,
    body: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    return _finding_act(
        request,
        session,
        clock,
        principal,
        finding,
        lambda: inspections.reopen_finding(session, clock, principal, finding, body),
        "quality.finding.reopened",
    )


@router.get("/quality/priorities")
def priority_page(
    request: Request, session: DbSession, clock: ClockDep, principal: PriorityReader
) -> Response:
    lang = views.lang_of(request)
    entries = [shapes.priority_out(e, lang) for e in priorities.ranked(session, clock, principal)]
    return render(
        request,
        "quality/priorities.html",
        {"entries": entries, "views": views},
    )
