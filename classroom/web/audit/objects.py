"""Objects named in the activity log, by name and with a link to their page while they exist.

One batch query per kind for a whole page of events, each through the tenant filter: an
institution admin never learns another institution's names (their rows are not in the admin's
log anyway). Deleted objects keep their kind and show "(deleted)"; the kinds with no page of
their own show their name unlinked.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

from sqlmodel import Session, col, select

from classroom.accounts.models import User
from classroom.audit import describe
from classroom.audit.service import Entry
from classroom.core import i18n
from classroom.core.clock import to_seoul
from classroom.core.tenancy import Principal, Role, scoped
from classroom.courses.models import Course, Enrollment, Lesson
from classroom.institutions.models import Institution
from classroom.leases.models import Invoice, Lease, ProgrammeYear
from quality.inspection_models import Finding, Inspection
from quality.models import Assessment


@dataclass(frozen=True)
class Shown:
    """An object as the log names it: its name and, while it exists, a link."""

    name: str
    href: str | None = None


Names = dict[str, Shown]
Resolver = Callable[[Session, Principal, list[uuid.UUID], str], Names]


def _courses(session: Session, principal: Principal, ids: list[uuid.UUID], lang: str) -> Names:
    rows = session.exec(
        scoped(select(Course.id, Course.title), principal, Course).where(col(Course.id).in_(ids))
    )
    return {str(i): Shown(title, f"/courses/{i}") for i, title in rows}


def _lessons(session: Session, principal: Principal, ids: list[uuid.UUID], lang: str) -> Names:
    statement = scoped(select(Lesson), principal).where(col(Lesson.id).in_(ids))
    out = {}
    for lesson in session.exec(statement):
        when = to_seoul(lesson.starts_at).strftime("%Y-%m-%d %H:%M")
        title = lesson.title or i18n.t(f"lesson.mode.{lesson.mode}", lang)
        href = (
            f"/courses/{lesson.course_id}/lessons/{lesson.id}/edit"
            if principal.role is Role.INSTITUTION_ADMIN
            else f"/courses/{lesson.course_id}"
        )
        out[str(lesson.id)] = Shown(f"{title} ({when})", href)
    return out


def _users(session: Session, principal: Principal, ids: list[uuid.UUID], lang: str) -> Names:
    rows = session.exec(
        scoped(select(User.id, User.name, User.email), principal, User).where(col(User.id).in_(ids))
    )
    return {str(i): Shown(name, f"/users?q={quote(email)}") for i, name, email in rows}


def _enrolments(session: Session, principal: Principal, ids: list[uuid.UUID], lang: str) -> Names:
    statement = (
        scoped(select(Enrollment.id, Enrollment.course_id, User.name), principal, Enrollment)
        .join(User, col(User.id) == col(Enrollment.trainee_id))
        .where(col(Enrollment.id).in_(ids))
    )
    return {
        str(i): Shown(name, f"/courses/{course_id}/enrollments?q={quote(name)}")
        for i, course_id, name in session.exec(statement)
    }


def _institutions(session: Session, principal: Principal, ids: list[uuid.UUID], lang: str) -> Names:
    if not principal.cross_tenant:
        ids = [i for i in ids if i == principal.institution_id]
    rows = session.exec(select(Institution.id, Institution.name).where(col(Institution.id).in_(ids)))
    href = "/institutions" if principal.cross_tenant else None
    return {str(i): Shown(name, href) for i, name in rows}


def _programmes(session: Session, principal: Principal, ids: list[uuid.UUID], lang: str) -> Names:
    rows = session.exec(select(ProgrammeYear.id, ProgrammeYear.year).where(col(ProgrammeYear.id).in_(ids)))
    href = "/programme" if principal.cross_tenant else None
    return {str(i): Shown(str(year), href) for i, year in rows}


def _leases(session: Session, principal: Principal, ids: list[uuid.UUID], lang: str) -> Names:
    statement = scoped(select(Lease.id, Lease.classrooms, Lease.starts_on, Lease.ends_on), principal, Lease)
    rows = session.exec(statement.where(col(Lease.id).in_(ids)))
    label = describe.field_label("classrooms", lang)
    return {
        str(i): Shown(f"{label} {n} · {start.isoformat()} ~ {end.isoformat()}", "/leases")
        for i, n, start, end in rows
    }


def _invoices(session: Session, principal: Principal, ids: list[uuid.UUID], lang: str) -> Names:
    rows = session.exec(
        scoped(select(Invoice.id, Invoice.month), principal, Invoice).where(col(Invoice.id).in_(ids))
    )
    return {str(i): Shown(month.strftime("%Y-%m"), f"/billing/invoices/{i}") for i, month in rows}


def _inspections(session: Session, principal: Principal, ids: list[uuid.UUID], lang: str) -> Names:
    statement = scoped(select(Inspection.id, Inspection.title), principal, Inspection)
    return {
        str(i): Shown(title, f"/inspections/{i}")
        for i, title in session.exec(statement.where(col(Inspection.id).in_(ids)))
    }


def _findings(session: Session, principal: Principal, ids: list[uuid.UUID], lang: str) -> Names:
    statement = scoped(select(Finding.id, Finding.title, Finding.inspection_id), principal, Finding)
    rows = session.exec(statement.where(col(Finding.id).in_(ids)))
    return {str(i): Shown(title, f"/inspections/{inspection}") for i, title, inspection in rows}


def _assessments(session: Session, principal: Principal, ids: list[uuid.UUID], lang: str) -> Names:
    statement = scoped(select(Assessment.id, Assessment.title, Assessment.course_id), principal, Assessment)
    rows = session.exec(statement.where(col(Assessment.id).in_(ids)))
    return {str(i): Shown(title, f"/courses/{course}/assessment") for i, title, course in rows}


RESOLVERS: dict[str, Resolver] = {
    "course": _courses,
    "lesson": _lessons,
    "course_session": _lessons,
    "user": _users,
    "enrollment": _enrolments,
    "institution": _institutions,
    "programme": _programmes,
    "lease": _leases,
    "invoice": _invoices,
    "inspection": _inspections,
    "finding": _findings,
    "assessment": _assessments,
}


def resolve(
    session: Session, principal: Principal, refs: Iterable[tuple[str, str]], lang: str
) -> dict[tuple[str, str], Shown]:
    """Names (and links) of the objects `refs` = (kind, id) point at; unknown ones are absent."""
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for kind, object_id in refs:
        if kind not in RESOLVERS:
            continue
        try:
            wanted[kind].add(uuid.UUID(object_id))
        except ValueError:
            continue
    found: dict[tuple[str, str], Shown] = {}
    for kind, ids in wanted.items():
        for object_id, shown in RESOLVERS[kind](session, principal, sorted(ids), lang).items():
            found[(kind, object_id)] = shown
    return found


@dataclass(frozen=True)
class ShownLine:
    line: describe.Line
    objects: list[Shown]


@dataclass(frozen=True)
class ShownEntry:
    """An event as the log page and its CSV show it."""

    entry: Entry
    name: str
    kind: str
    target: Shown | None
    actor_role: str
    lines: list[ShownLine]

    def detail_text(self) -> str:
        parts = []
        for shown in self.lines:
            text = shown.line.text()
            if shown.objects:
                names = ", ".join(o.name for o in shown.objects)
                text = f"{shown.line.label}: {names}" if not shown.line.value else f"{text} ({names})"
            parts.append(text)
        return "; ".join(parts)


def describe_entries(
    session: Session, principal: Principal, entries: list[Entry], lang: str
) -> list[ShownEntry]:
    described = [(e, describe.lines(e.detail, lang)) for e in entries]
    refs: set[tuple[str, str]] = set()
    for entry, lines in described:
        if entry.target_id:
            refs.add((entry.target_type, entry.target_id))
        for line in lines:
            refs.update(line.refs)
    names = resolve(session, principal, refs, lang)
    gone = i18n.t("audit.object_gone", lang)
    out = []
    for entry, lines in described:
        target = None
        if entry.target_id and entry.target_type in RESOLVERS:
            target = names.get((entry.target_type, entry.target_id), Shown(gone))
        elif entry.target_id and entry.target_type == "account":
            target = Shown(entry.target_id)
        shown_lines = [
            ShownLine(line, [names.get(ref, Shown(gone)) for ref in line.refs[:20]]) for line in lines
        ]
        out.append(
            ShownEntry(
                entry=entry,
                name=describe.event_name(entry.action, lang),
                kind=describe.kind_name(entry.target_type, lang),
                target=target,
                actor_role=describe.role_name(entry.actor_role, lang),
                lines=shown_lines,
            )
        )
    return out
