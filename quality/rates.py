"""Employment rates as `rules.employment` defines them, per course, per institution and
programme-wide, and by the month courses ended (the chart).

A course is listed once it has ended; its rates count its confirmed completers (no
confirmation yet: no completers, so no rate — "–", never 0%). Pooled figures add up counts.
Institution staff see their institution; the operator and inspectors every institution.
Rates are computed from the records on every read (never stored), so a corrected record
corrects every figure at once.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from classroom.core.clock import Clock, seoul_date
from classroom.core.permissions import Permission as P
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course
from classroom.courses.rules.kinds import CourseStatus
from classroom.institutions.models import Institution
from quality import access
from quality.outcome_models import CompletionRecord, EmploymentOutcome
from quality.rules import employment as rules


@dataclass(frozen=True)
class CourseRates:
    course_id: uuid.UUID
    title: str
    institution_id: uuid.UUID
    institution_name: str
    ends_on: date
    confirmed: bool
    counts: rules.Counts
    today: date

    def horizon(self, months: int) -> date:
        return rules.horizon(self.ends_on, months)

    def final(self, months: int) -> bool:
        return rules.final(self.ends_on, months, self.today)

    @property
    def end_month(self) -> date:
        return self.ends_on.replace(day=1)


def _institution_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.exec(select(Institution.id, Institution.name).where(col(Institution.id).in_(ids)))
    return {key: name for key, name in rows}  # noqa: C416 (rows, not pairs)


def _ended(
    principal: Principal, today: date, institution_id: uuid.UUID | None, course_id: uuid.UUID | None
) -> SelectOfScalar[Course]:
    statement = scoped(select(Course), principal).where(
        col(Course.status) != CourseStatus.DRAFT, col(Course.ends_on) < today
    )
    if institution_id is not None:
        statement = statement.where(Course.institution_id == institution_id)
    if course_id is not None:
        statement = statement.where(Course.id == course_id)
    return statement.order_by(col(Course.ends_on).desc(), col(Course.title))


def compute(
    session: Session,
    clock: Clock,
    principal: Principal,
    *,
    institution_id: uuid.UUID | None = None,
    course: Course | None = None,
) -> list[CourseRates]:
    today = seoul_date(clock.now())
    courses = list(session.exec(_ended(principal, today, institution_id, course.id if course else None)))
    if not courses:
        return []
    ids = [c.id for c in courses]
    records = scoped(select(CompletionRecord), principal).where(col(CompletionRecord.course_id).in_(ids))
    completers: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    confirmed: set[uuid.UUID] = set()
    for record in session.exec(records):
        confirmed.add(record.course_id)
        if record.completed:
            completers[record.course_id].append(record.trainee_id)
    found = scoped(select(EmploymentOutcome), principal).where(col(EmploymentOutcome.course_id).in_(ids))
    outcomes = {(o.course_id, o.trainee_id): o for o in session.exec(found)}
    names = _institution_names(session, {c.institution_id for c in courses})
    out = []
    for c in courses:
        people = []
        for trainee_id in completers[c.id]:
            o = outcomes.get((c.id, trainee_id))
            people.append(
                rules.Completer(o.employed, o.starts_on, o.insured) if o else rules.Completer(False)
            )
        out.append(
            CourseRates(
                c.id,
                c.title,
                c.institution_id,
                names.get(c.institution_id, ""),
                c.ends_on,
                c.id in confirmed,
                rules.count(people, c.ends_on),
                today,
            )
        )
    return out


def for_course(session: Session, clock: Clock, principal: Principal, course: Course) -> CourseRates | None:
    """The course's rates; None while it has not ended."""
    access.require(session, principal, course, P.EMPLOYMENT_READ)
    found = compute(session, clock, principal, course=course)
    return found[0] if found else None


@dataclass(frozen=True)
class Group:
    key: str  # an institution id, an end month "YYYY-MM", or "all"
    label: str
    courses: int
    high_performing: int
    counts: rules.Counts


def pooled(label: str, key: str, items: list[CourseRates]) -> Group:
    return Group(
        key,
        label,
        len(items),
        sum(1 for i in items if i.counts.high_performing),
        rules.pooled(i.counts for i in items),
    )


def by_institution(items: list[CourseRates]) -> list[Group]:
    grouped: dict[uuid.UUID, list[CourseRates]] = defaultdict(list)
    for item in items:
        grouped[item.institution_id].append(item)
    groups = [pooled(rows[0].institution_name, str(key), rows) for key, rows in grouped.items()]
    return sorted(groups, key=lambda g: g.label)


def by_end_month(items: list[CourseRates]) -> list[Group]:
    grouped: dict[date, list[CourseRates]] = defaultdict(list)
    for item in items:
        grouped[item.end_month].append(item)
    return [pooled(f"{month:%Y-%m}", f"{month:%Y-%m}", grouped[month]) for month in sorted(grouped)]
