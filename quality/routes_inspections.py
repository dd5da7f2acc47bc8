"""Inspections API and the inspectors' ranked list (thin: parse, call, shape)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request

from classroom.core.db import DbSession
from classroom.core.deps import ClockDep
from classroom.core.errors import request_lang
from quality import inspections, priorities, shapes
from quality.auth import Answerer, Conductor, FindingRef, InspectionReader, InspectionRef, PriorityReader
from quality.rules.kinds import InspectionStatus
from quality.schemas_inspections import (
    CloseIn,
    FindingIn,
    InspectionDetailOut,
    InspectionIn,
    InspectionOut,
    MessageIn,
    MessageOut,
    NoteIn,
    NoteOut,
    PriorityOut,
)

router = APIRouter(prefix="/api/v1", tags=["quality: inspections"])


@router.get("/inspections", response_model=list[InspectionOut])
def list_inspections(
    session: DbSession, principal: InspectionReader, status: InspectionStatus | None = None
) -> list[InspectionOut]:
    return [InspectionOut.model_validate(i) for i in inspections.listing(session, principal, status=status)]


@router.post("/inspections", response_model=InspectionOut, status_code=201)
def open_inspection(
    session: DbSession, clock: ClockDep, principal: Conductor, data: InspectionIn
) -> InspectionOut:
    opening = inspections.Opening(**data.model_dump())
    return InspectionOut.model_validate(inspections.open_inspection(session, clock, principal, opening))


@router.get("/inspections/{inspection_id}", response_model=InspectionDetailOut)
def get_inspection(
    session: DbSession, clock: ClockDep, principal: InspectionReader, inspection: InspectionRef
) -> InspectionDetailOut:
    """Findings and the conversation on them; the inspector's notes only for the platform side."""
    return shapes.inspection_out(inspections.detail(session, clock, principal, inspection), principal)


@router.post("/inspections/{inspection_id}/findings", response_model=InspectionDetailOut, status_code=201)
def add_finding(
    session: DbSession, clock: ClockDep, principal: Conductor, inspection: InspectionRef, data: FindingIn
) -> InspectionDetailOut:
    finding = inspections.FindingData(
        data.severity,
        data.title,
        data.description,
        [link.model_dump(mode="json") for link in data.evidence],
        data.due_on,
    )
    inspections.add_finding(session, clock, principal, inspection, finding)
    return shapes.inspection_out(inspections.detail(session, clock, principal, inspection), principal)


@router.post("/inspections/{inspection_id}/notes", response_model=NoteOut, status_code=201)
def add_note(
    session: DbSession, clock: ClockDep, principal: Conductor, inspection: InspectionRef, data: NoteIn
) -> NoteOut:
    return NoteOut.model_validate(
        inspections.add_note(session, clock, principal, inspection, data.body, data.finding_id)
    )


@router.post("/inspections/{inspection_id}/close", response_model=InspectionOut)
def close_inspection(
    session: DbSession, clock: ClockDep, principal: Conductor, inspection: InspectionRef, data: CloseIn
) -> InspectionOut:
    return InspectionOut.model_validate(
        inspections.close_inspection(session, clock, principal, inspection, data.conclusion)
    )


@router.post("/findings/{finding_id}/answers", response_model=MessageOut, status_code=201)
def answer_finding(
    session: DbSession, clock: ClockDep, principal: Answerer, finding: FindingRef, data: MessageIn
) -> MessageOut:
    return MessageOut.model_validate(inspections.answer(session, clock, principal, finding, data.body))


@router.post("/findings/{finding_id}/close", response_model=MessageOut)
def close_finding(
    session: DbSession, clock: ClockDep, principal: Conductor, finding: FindingRef, data: MessageIn
) -> MessageOut:
    return MessageOut.model_validate(inspections.close_finding(session, clock, principal, finding, data.body))


@router.post("/findings/{finding_id}/reopen", response_model=MessageOut)
def reopen_finding(
    session: DbSession, clock: ClockDep, principal: Conductor, finding: FindingRef, data: MessageIn
) -> MessageOut:
    return MessageOut.model_validate(
        inspections.reopen_finding(session, clock, principal, finding, data.body)
    )


@router.get("/quality/priorities", response_model=list[PriorityOut])
def priority_list(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    principal: PriorityReader,
    institution_id: Annotated[uuid.UUID | None, Query()] = None,
) -> list[PriorityOut]:
    """Courses to look at first, highest score first, each with its reasons."""
    lang = request_lang(request)
    return [
        shapes.priority_out(e, lang)
        for e in priorities.ranked(session, clock, principal, institution_id=institution_id)
    ]
