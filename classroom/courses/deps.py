"""Role gates and path objects for course routes.

A route declares exactly one permission; the object loaders depend on that same gate (one
shared `require` instance per permission, so FastAPI runs it once) and then load the path
object through the row-level filter. Order per request: authentication → permission (401/403)
→ path object (404 for foreign, missing or malformed ids) → body validation (422).
"""

# No `from __future__ import annotations`: the loaders below are built in closures, and FastAPI
# must see their parameter annotations as objects, not as strings naming closure variables.

from typing import Annotated, Any

from fastapi import Depends
from sqlmodel import Session

from classroom.accounts.auth import require
from classroom.core.db import get_db
from classroom.core.tenancy import Principal
from classroom.courses import access, sessions
from classroom.courses.models import Course, CourseSession
from classroom.courses.permissions import CoursePermission

Db = Annotated[Session, Depends(get_db, scope="function")]

_GATES: dict[tuple[str, bool], require] = {}


def gate(permission: str, *, page: bool = False) -> require:
    key = (str(permission), page)
    if key not in _GATES:
        _GATES[key] = require(permission, page=page)
    return _GATES[key]


def principal_dep(permission: str, *, page: bool = False) -> Any:
    return Annotated[Principal, Depends(gate(permission, page=page))]


_COURSE_LOADERS: dict[tuple[str, bool], Any] = {}


def course_dep(permission: str, *, page: bool = False) -> Any:
    # One loader per gate, so a route taking both the course and one of its sessions loads it once.
    key = (str(permission), page)
    if key in _COURSE_LOADERS:
        return _COURSE_LOADERS[key]
    Gate = principal_dep(permission, page=page)  # noqa: N806

    def load_course(session: Db, principal: Gate, course_id: str) -> Course:  # type: ignore[valid-type]
        # Parsed by get_course so a malformed id is the same 404 as a foreign one.
        return access.get_course(session, principal, course_id)

    _COURSE_LOADERS[key] = Annotated[Course, Depends(load_course)]
    return _COURSE_LOADERS[key]


def session_dep(permission: str, *, page: bool = False) -> Any:
    Gate = principal_dep(permission, page=page)  # noqa: N806
    CourseOf = course_dep(permission, page=page)  # noqa: N806

    def load_session(session: Db, principal: Gate, course: CourseOf, session_id: str) -> CourseSession:  # type: ignore[valid-type]
        return sessions.get_session(session, principal, course, session_id)

    return Annotated[CourseSession, Depends(load_session)]


P = CoursePermission
Reader = principal_dep(P.READ)
Writer = principal_dep(P.WRITE)
RosterReader = principal_dep(P.ROSTER_READ)
Enroller = principal_dep(P.ENROL)
CalendarUser = principal_dep(P.CALENDAR)
CourseRead = course_dep(P.READ)
CourseWrite = course_dep(P.WRITE)
CourseRoster = course_dep(P.ROSTER_READ)
CourseEnrol = course_dep(P.ENROL)
SessionRead = session_dep(P.READ)
SessionWrite = session_dep(P.WRITE)

PageReader = principal_dep(P.READ, page=True)
PageWriter = principal_dep(P.WRITE, page=True)
PageRoster = principal_dep(P.ROSTER_READ, page=True)
PageEnroller = principal_dep(P.ENROL, page=True)
PageCalendar = principal_dep(P.CALENDAR, page=True)
CourseReadPage = course_dep(P.READ, page=True)
CourseWritePage = course_dep(P.WRITE, page=True)
CourseRosterPage = course_dep(P.ROSTER_READ, page=True)
CourseEnrolPage = course_dep(P.ENROL, page=True)
SessionWritePage = session_dep(P.WRITE, page=True)
