"""Institutions API: the operator creates and (de)activates institutions; operator and inspector read."""

from __future__ import annotations

from fastapi import APIRouter

from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, PasswordsDep
from classroom.institutions import service
from classroom.institutions.auth import InstitutionRef, Reader, Writer
from classroom.institutions.schemas import (
    InstitutionCreate,
    InstitutionCreated,
    InstitutionOut,
    InstitutionUpdate,
)

router = APIRouter(prefix="/api/v1/institutions", tags=["institutions"])


@router.get("", response_model=list[InstitutionOut])
def list_institutions(session: DbSession, principal: Reader) -> list[InstitutionOut]:
    return [InstitutionOut.model_validate(i) for i in service.list_institutions(session)]


@router.post("", response_model=InstitutionCreated, status_code=201)
def create_institution(
    session: DbSession, clock: ClockDep, passwords: PasswordsDep, principal: Writer, data: InstitutionCreate
) -> InstitutionCreated:
    created = service.create_institution(session, clock, passwords, principal, data)
    return InstitutionCreated.model_validate(created)


@router.get("/{institution_id}", response_model=InstitutionOut)
def get_institution(principal: Reader, institution: InstitutionRef) -> InstitutionOut:
    return InstitutionOut.model_validate(institution)


@router.patch("/{institution_id}", response_model=InstitutionOut)
def update_institution(
    session: DbSession,
    clock: ClockDep,
    principal: Writer,
    institution: InstitutionRef,
    data: InstitutionUpdate,
) -> InstitutionOut:
    return InstitutionOut.model_validate(
        service.update_institution(session, clock, principal, institution, data)
    )
