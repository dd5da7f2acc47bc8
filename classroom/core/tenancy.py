"""Who is asking (Principal), what each role may do, and the one place tenant filters are applied."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import false
from sqlalchemy.sql import Select
from sqlmodel import Session, select

from classroom.core.errors import Forbidden, NotFound


class Role(StrEnum):
    OPERATOR = "operator"
    INSPECTOR = "inspector"
    INSTITUTION_ADMIN = "institution_admin"
    INSTRUCTOR = "instructor"
    SUPERVISOR = "supervisor"
    TRAINEE = "trainee"

    @property
    def cross_tenant(self) -> bool:
        return self in (Role.OPERATOR, Role.INSPECTOR)


ROLE_LABELS: dict[Role, dict[str, str]] = {
    Role.OPERATOR: {"ko": "운영기관", "en": "Operator"},
    Role.INSPECTOR: {"ko": "점검기관", "en": "Inspector"},
    Role.INSTITUTION_ADMIN: {"ko": "훈련기관 관리자", "en": "Institution admin"},
    Role.INSTRUCTOR: {"ko": "강사", "en": "Instructor"},
    Role.SUPERVISOR: {"ko": "현장교사", "en": "Supervisor"},
    Role.TRAINEE: {"ko": "훈련생", "en": "Trainee"},
}

INSTITUTION_ROLES = (Role.INSTITUTION_ADMIN, Role.INSTRUCTOR, Role.SUPERVISOR, Role.TRAINEE)


class Permission(StrEnum):
    SELF = "self"  # any signed-in user: own profile, password, language
    INSTITUTIONS_READ = "institutions:read"
    INSTITUTIONS_WRITE = "institutions:write"
    USERS_READ = "users:read"
    USERS_WRITE = "users:write"
    AUDIT_READ = "audit:read"


_ALL_READ = {Permission.SELF, Permission.INSTITUTIONS_READ, Permission.USERS_READ, Permission.AUDIT_READ}

# The single role → permission table. Domains extend it with `grant` at import time.
ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.OPERATOR: _ALL_READ | {Permission.INSTITUTIONS_WRITE},
    Role.INSPECTOR: set(_ALL_READ),
    Role.INSTITUTION_ADMIN: {Permission.SELF, Permission.USERS_READ, Permission.USERS_WRITE, Permission.AUDIT_READ},
    Role.INSTRUCTOR: {Permission.SELF},
    Role.SUPERVISOR: {Permission.SELF},
    Role.TRAINEE: {Permission.SELF},
}


def grant(permission: str, *roles: Role) -> None:
    for role in roles:
        ROLE_PERMISSIONS[role].add(permission)


@dataclass(frozen=True)
class Principal:
    user_id: uuid.UUID
    role: Role
    institution_id: uuid.UUID | None
    name: str = ""
    locale: str = "ko"

    def can(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def cross_tenant(self) -> bool:
        return self.role.cross_tenant

    def require_institution(self) -> uuid.UUID:
        """The tenant a write lands in; cross-tenant roles have none and cannot create tenant rows."""
        if self.institution_id is None:
            raise Forbidden()
        return self.institution_id


SYSTEM_USER_ID = uuid.UUID(int=0)


def tenant_system_principal(institution_id: uuid.UUID) -> Principal:
    """For checks the platform runs on an institution's behalf (quotas, usage figures): it reads
    through the same tenant filter as the institution's own staff would."""
    return Principal(user_id=SYSTEM_USER_ID, role=Role.INSTITUTION_ADMIN, institution_id=institution_id,
                     name="system")


M = TypeVar("M")


def scoped(statement: Select[Any], principal: Principal, model: Any | None = None) -> Select[Any]:
    """Apply the tenant filter to a query on a tenant-owned model (cross-tenant roles see all)."""
    target = model if model is not None else statement.column_descriptions[0]["entity"]
    if not hasattr(target, "institution_id"):
        raise TypeError(f"{target!r} is not tenant-owned")
    if principal.cross_tenant:
        return statement
    if principal.institution_id is None:
        return statement.where(false())
    return statement.where(target.institution_id == principal.institution_id)


def get_scoped_or_404(session: Session, model: type[M], object_id: Any, principal: Principal,
                      *, for_update: bool = False) -> M:
    """A missing object and another institution's object are the same NotFound."""
    try:
        key = object_id if isinstance(object_id, uuid.UUID) else uuid.UUID(str(object_id))
    except (ValueError, TypeError):
        raise NotFound() from None
    statement = scoped(select(model).where(model.id == key), principal, model)  # type: ignore[attr-defined]
    if for_update:
        statement = statement.with_for_update()
    found = session.exec(statement).first()
    if found is None:
        raise NotFound()
    return found
