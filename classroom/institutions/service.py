"""Institutions (tenants): created by the operator together with their first admin."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from classroom.accounts.login import revoke_institution_sessions
from classroom.accounts.service import NewUser, insert_user
from classroom.accounts.validation import code_ok, normalize_code
from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import Conflict, NotFound, ValidationFailed
from classroom.core.security import Passwords
from classroom.core.tenancy import Principal, Role, parse_id
from classroom.institutions.business_number import normalize_business_number
from classroom.institutions.models import Institution
from classroom.institutions.schemas import InstitutionCreate, InstitutionUpdate


@dataclass(frozen=True)
class NewInstitution:
    """A created institution and its first admin (with the admin's one-time password, if generated)."""

    institution: Institution
    admin: NewUser

    @property
    def admin_id(self) -> uuid.UUID:
        return self.admin.user.id

    @property
    def admin_email(self) -> str:
        return self.admin.user.email

    @property
    def temporary_password(self) -> str | None:
        return self.admin.temporary_password


def _business_number(text: str | None) -> str | None:
    """Empty stays empty; anything else must be a real registration number (check digit)."""
    if text is None or not text.strip():
        return None
    try:
        return normalize_business_number(text)
    except ValueError:
        raise ValidationFailed(
            "institution.business_number_invalid",
            code="business_number_invalid",
            errors=[{"field": "business_number", "message_key": "institution.business_number_invalid"}],
        ) from None


def create_institution(
    session: Session, clock: Clock, passwords: Passwords, principal: Principal | None, data: InstitutionCreate
) -> NewInstitution:
    code = normalize_code(data.code)
    if not code_ok(code):
        raise ValidationFailed(
            "institution.code_invalid",
            code="institution_code_invalid",
            errors=[{"field": "code", "message_key": "institution.code_invalid"}],
        )
    business_number = _business_number(data.business_number)
    if session.exec(select(Institution.id).where(Institution.code == code)).first() is not None:
        raise Conflict("institution.code_taken", code="institution_code_taken", params={"value": code})
    institution = Institution(
        code=code, name=data.name.strip(), business_number=business_number, created_at=clock.now()
    )
    session.add(institution)
    session.flush()
    admin = insert_user(
        session,
        clock,
        passwords,
        institution_id=institution.id,
        email=data.admin_email,
        name=data.admin_name,
        role=Role.INSTITUTION_ADMIN,
        password=data.admin_password,
    )
    audit.record(
        session,
        clock,
        principal,
        "institution.create",
        "institution",
        institution.id,
        institution_id=institution.id,
        detail={"code": code, "admin": admin.user.email},
    )
    return NewInstitution(institution=institution, admin=admin)


def list_institutions(session: Session) -> list[Institution]:
    return list(session.exec(select(Institution).order_by(Institution.name)))


def get_institution(session: Session, institution_id: uuid.UUID) -> Institution:
    institution = session.get(Institution, institution_id)
    if institution is None:
        raise NotFound()
    return institution


def visible_institution(session: Session, principal: Principal, institution_id: object) -> Institution:
    """An institution within the caller's reach: any for operator and inspector, else their own."""
    key = parse_id(institution_id)
    if not principal.cross_tenant and key != principal.institution_id:
        raise NotFound()
    return get_institution(session, key)


def by_code(session: Session, code: str) -> Institution | None:
    return session.exec(select(Institution).where(Institution.code == normalize_code(code))).first()


def update_institution(
    session: Session, clock: Clock, principal: Principal, institution: Institution, data: InstitutionUpdate
) -> Institution:
    changes = data.model_dump(exclude_unset=True)
    if changes.get("business_number") is not None:
        changes["business_number"] = _business_number(changes["business_number"])
    if institution.is_active and changes.get("is_active") is False:
        # Out at once: every browser session and token of its users ends now (they stay ended if
        # the institution is reactivated); sign-in and its calendar feeds refuse while inactive.
        revoke_institution_sessions(session, clock, institution.id)
    tracked = ("name", "business_number", "shared_networks", "is_active")
    before = {field: getattr(institution, field) for field in tracked if field in changes}
    for field in tracked:
        if field in changes and changes[field] is not None:
            setattr(
                institution,
                field,
                changes[field].strip() if isinstance(changes[field], str) else changes[field],
            )
    session.add(institution)
    audit.record(
        session,
        clock,
        principal,
        "institution.update",
        "institution",
        institution.id,
        institution_id=institution.id,
        detail={"changes": audit.changes(before, {field: getattr(institution, field) for field in before})},
    )
    session.flush()
    return institution
