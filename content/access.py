"""Who may read and change a course's content, on top of the tenant filter.

Readers: the course's enrolled trainees while enrolled (and the course is not a draft), its
instructors, the institution's staff, the operator and the inspector. Everyone else gets the
same 404 as for another institution's item. Writers: the institution's admins and the course's
own instructors (`courses.access.require`, as for the course itself).
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import false
from sqlalchemy.sql import Select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from classroom.core.errors import NotFound
from classroom.core.permissions import Permission
from classroom.core.tenancy import Principal, Role, parse_id, scoped
from classroom.courses import access as course_access
from classroom.courses.models import Course
from content.models import ContentItem

S = TypeVar("S", bound=Select[*tuple[Any, ...]])


def readable_courses(principal: Principal) -> SelectOfScalar[uuid.UUID]:
    """Ids of the courses whose content `principal` may read."""
    statement = course_access.visible(select(Course.id), principal)
    if principal.role is Role.INSTRUCTOR:
        statement = statement.where(
            col(Course.id).in_(course_access.taught_course_ids(principal, principal.user_id))
        )
    if principal.role is Role.SUPERVISOR:
        statement = statement.where(false())
    return statement


def readable(statement: S, principal: Principal, *, include_deleted: bool = False) -> S:
    """Tenant filter and the reader rule on a statement selecting from ContentItem."""
    statement = scoped(statement, principal, ContentItem)
    if principal.role in (Role.TRAINEE, Role.INSTRUCTOR, Role.SUPERVISOR):
        statement = statement.where(col(ContentItem.course_id).in_(readable_courses(principal)))
    if not include_deleted:
        statement = statement.where(col(ContentItem.deleted_at).is_(None))
    return statement


def get_item(
    session: Session, principal: Principal, content_id: object, *, include_deleted: bool = False
) -> ContentItem:
    key = parse_id(content_id)
    statement = readable(  # tenancy: readable() applies scoped() and the reader rule
        select(ContentItem).where(ContentItem.id == key), principal, include_deleted=include_deleted
    )
    item = session.exec(statement).first()
    if item is None:
        raise NotFound()
    return item


def course_of(session: Session, principal: Principal, item: ContentItem) -> Course:
    return course_access.get_course(session, principal, item.course_id)


def may_write(session: Session, principal: Principal, course: Course) -> bool:
    return course_access.may(session, principal, course, Permission.CONTENT_WRITE)


def require_writer(session: Session, principal: Principal, course: Course) -> None:
    course_access.require(session, principal, course, Permission.CONTENT_WRITE)
