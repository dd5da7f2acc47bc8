from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from classroom.accounts.auth import require
from classroom.core.db import DbSession
from classroom.core.deps import ClockDep, PasswordsDep
from classroom.core.tenancy import Permission, Principal
from classroom.institutions import service
from classroom.institutions.schemas import (
    InstitutionCreate,
    InstitutionCreated,
    InstitutionOut,
    InstitutionUpdate,
)

router = APIRouter(prefix="/api/v1/institutions", tags=["institutions"])

Reader = Annotated[Principal, Depends(require(Permission.INSTITUTIONS_READ))]
Writer = Annotated[Principal, Depends(require(Permission.INSTITUTIONS_WRITE))]


@router.get("", response_model=list[InstitutionOut])
def list_institutions(session: DbSession, principal: Reader) -> list[InstitutionOut]:
    return [InstitutionOut.model_validate(i) for i in service.list_institutions(session)]


@router.post("", response_model=InstitutionCreated, status_code=201)
def create_institution(
    session: DbSession, clock: ClockDep, passwords: PasswordsDep, principal: Writer, data: InstitutionCreate
) -> InstitutionCreated:
    created = service.create_institution(session, clock, passwords, principal, data)
    return InstitutionCreated(
        institution=InstitutionOut.model_validate(created.institution),
        admin_id=created.admin.user.id,
        admin_email=created.admin.user.email,
        temporary_password=created.admin.temporary_password,
    )


@router.get("/{institution_id}", response_model=InstitutionOut)
def get_institution(session: DbSession, principal: Reader, institution_id: uuid.UUID) -> InstitutionOut:
    return InstitutionOut.model_validate(service.get_institution(session, institution_id))


@router.patch("/{institution_id}", response_model=InstitutionOut)
def update_institution(
    session: DbSession, clock: ClockDep, principal: Writer, institution_id: uuid.UUID, data: InstitutionUpdate
) -> InstitutionOut:
    institution = service.get_institution(session, institution_id)
    return InstitutionOut.model_validate(
        service.update_institution(session, clock, principal, institution, data)
    )
