"""The operator's institution list, one page at a time: search by name, code or business
number, active/suspended, sortable; each row with its number of users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.core.listing import Page, PageRequest, contains, fetch
from classroom.institutions.models import Institution

STATUSES = ("active", "inactive")


@dataclass(frozen=True)
class InstitutionRow:
    institution: Institution
    users: int

    def __getattr__(self, name: str) -> Any:
        return getattr(self.institution, name)


def page_institutions(session: Session, q: str, status: str, request: PageRequest) -> Page[InstitutionRow]:
    """Cross-tenant by nature: only the operator's and inspector's pages call it."""
    # tenancy: users counted per institution for the platform's institution list (cross-tenant page)
    users = (
        select(User.institution_id, func.count().label("users")).group_by(col(User.institution_id)).subquery()
    )
    statement = select(Institution, func.coalesce(users.c.users, 0)).outerjoin(
        users, users.c.institution_id == col(Institution.id)
    )
    if q.strip():
        statement = statement.where(
            or_(
                contains(Institution.name, q),
                contains(Institution.code, q),
                contains(Institution.business_number, q),
            )
        )
    if status in STATUSES:
        statement = statement.where(col(Institution.is_active).is_(status == "active"))
    sorts = {
        "name": col(Institution.name),
        "code": col(Institution.code),
        "users": func.coalesce(users.c.users, 0),
        "created": col(Institution.created_at),
        "status": col(Institution.is_active),
    }
    page = fetch(session, statement, request, sorts, "name", tie=col(Institution.id))
    return page.map(lambda row: InstitutionRow(row[0], int(row[1])))
