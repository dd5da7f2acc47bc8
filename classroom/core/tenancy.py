"""Who is asking (Principal) and the one place tenant filters are applied.

Every tenant-owned table mixes in `TenantOwned` (or `TenantOptional` for rows the platform also
writes, such as audit events). `scoped()` accepts only such models and keeps the statement's
result type, so the door is typed: reading a tenant table any other way is visible in review
and is caught by the tenancy guard test (tests/core/test_tenancy_guard.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import false
from sqlalchemy.sql import Select
from sqlmodel import Field, Session, SQLModel, select

from classroom.core.errors import Forbidden, NotFound
from classroom.core.permissions import Permission, allows
from classroom.core.roles import INSTITUTION_ROLES, Role

__all__ = [
    "INSTITUTION_ROLES",
    "SYSTEM_USER_ID",
    "Permission",
    "Principal",
    "Role",
    "TenantOptional",
    "TenantOwned",
    "get_scoped_or_404",
    "scoped",
    "tenant_system_principal",
]


class TenantOwned(SQLModel):
    """Mixin of every tenant-owned table: the row belongs to exactly one institution."""

    institution_id: uuid.UUID = Field(foreign_key="institutions.id", index=True)


class TenantOptional(SQLModel):
    """Rows that belong to an institution or, with no institution, to the platform (audit)."""

    institution_id: uuid.UUID | None = Field(default=None, foreign_key="institutions.id", index=True)


TenantModel = type[TenantOwned] | type[TenantOptional]


@dataclass(frozen=True)
class Principal:
    user_id: uuid.UUID
    role: Role
    institution_id: uuid.UUID | None
    name: str = ""
    locale: str = "ko"

    def can(self, permission: Permission | str) -> bool:
        return allows(self.role, permission)

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
    return Principal(
        user_id=SYSTEM_USER_ID, role=Role.INSTITUTION_ADMIN, institution_id=institution_id, name="system"
    )


S = TypeVar("S", bound=Select[*tuple[Any, ...]])
T = TypeVar("T", bound=TenantOwned | TenantOptional)


def _tenant_model(statement: Select[Any], model: TenantModel | None) -> TenantModel:
    target = model if model is not None else statement.column_descriptions[0]["entity"]
    if not (isinstance(target, type) and issubclass(target, TenantOwned | TenantOptional)):
        raise TypeError(f"{target!r} is not tenant-owned (mix in TenantOwned)")
    return target


def scoped(statement: S, principal: Principal, model: TenantModel | None = None) -> S:
    """Apply the tenant filter to a query on a tenant-owned model (cross-tenant roles see all).

    `model` names the tenant table when the statement's first entity is not it, e.g.
    `scoped(select(Enrollment.course_id), principal, Enrollment)`.
    """
    target = _tenant_model(statement, model)
    if principal.cross_tenant:
        return statement
    if principal.institution_id is None:
        return statement.where(false())
    return statement.where(target.institution_id == principal.institution_id)  # type: ignore[arg-type]


def parse_id(object_id: Any) -> uuid.UUID:
    """A public id from a path or form; anything malformed is the same NotFound as a missing row."""
    if isinstance(object_id, uuid.UUID):
        return object_id
    try:
        return uuid.UUID(str(object_id))
    except (ValueError, TypeError):
        raise NotFound() from None


def get_scoped_or_404(
    session: Session, model: type[T], object_id: Any, principal: Principal, *, for_update: bool = False
) -> T:
    """A missing object and another institution's object are the same NotFound."""
    key = parse_id(object_id)
    table = cast(TenantModel, model)  # T is bounded by the tenant mixins
    statement = scoped(select(model).where(model.id == key), principal, table)  # type: ignore[attr-defined]
    if for_update:
        # populate_existing: the row may already sit in the identity map with stale figures.
        statement = statement.with_for_update().execution_options(populate_existing=True)
    found = session.exec(statement).first()
    if found is None:
        raise NotFound()
    return found
