"""The people list of staff pages: one page of users with the total, search and filters.

Searching matches name, e-mail or phone; filters are role, active/inactive and (for the
operator and inspector) institution. Everything happens in the database: COUNT for the total,
LIMIT/OFFSET for the page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, or_, select

from classroom.accounts.models import User
from classroom.core.listing import Page, PageRequest, contains, fetch
from classroom.core.tenancy import Principal, Role, scoped
from classroom.institutions.models import Institution

STATUSES = ("active", "inactive")


@dataclass(frozen=True)
class UserFilter:
    q: str = ""
    role: Role | None = None
    status: str = ""  # "active", "inactive" or "" for both
    institution_id: uuid.UUID | None = None


@dataclass(frozen=True)
class UserRow:
    """A user as the list shows it, with the institution's name (operator and inspector)."""

    user: User
    institution_name: str | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.user, name)


SORTS = {
    "name": col(User.name),
    "email": col(User.email),
    "role": col(User.role),
    "status": col(User.is_active),
    "created": col(User.created_at),
    "institution": col(Institution.name),
}


def page_users(
    session: Session, principal: Principal, wanted: UserFilter, request: PageRequest
) -> Page[UserRow]:
    statement = scoped(select(User, Institution.name), principal, User).outerjoin(
        Institution, col(Institution.id) == col(User.institution_id)
    )
    if wanted.role is not None:
        statement = statement.where(User.role == wanted.role)
    if wanted.status in STATUSES:
        statement = statement.where(col(User.is_active).is_(wanted.status == "active"))
    if wanted.institution_id is not None:
        statement = statement.where(User.institution_id == wanted.institution_id)
    if wanted.q.strip():
        text = wanted.q.strip()
        statement = statement.where(
            or_(contains(User.name, text), contains(User.email, text), contains(User.phone, text))
        )
    page = fetch(session, statement, request, SORTS, "name", tie=col(User.id))
    return page.map(lambda row: UserRow(row[0], row[1]))
