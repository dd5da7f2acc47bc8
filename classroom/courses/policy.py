"""Which smart-training policy binds a course: the one of the programme year its training
starts in, as the operator set it; the DOMAIN.md defaults while that year is not opened.

Every place the rules decide something (plan summaries, publishing, edits of published
courses, a trainee's daily limit) asks here, so a course is never judged by two policies.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlmodel import Session, col, select

from classroom.courses.models import Course
from classroom.courses.rules.plan import DEFAULT_POLICY, SmartTrainingPolicy
from classroom.leases.models import ProgrammeYear


def policy_of(programme: ProgrammeYear | None) -> SmartTrainingPolicy:
    if programme is None:
        return DEFAULT_POLICY
    return SmartTrainingPolicy(
        min_total_minutes=programme.min_total_hours * 60,
        min_online_share=programme.online_share_min,
        max_online_share=programme.online_share_max,
        min_online_minutes=programme.min_online_hours * 60,
        max_daily_minutes=programme.max_daily_hours * 60,
        programme_year=programme.year,
    )


def policy_for_year(session: Session, year: int) -> SmartTrainingPolicy:
    # Programme years are platform-wide rows (no tenant), so no scoping applies.
    return policy_of(session.exec(select(ProgrammeYear).where(ProgrammeYear.year == year)).first())


def policy_for(session: Session, course: Course) -> SmartTrainingPolicy:
    return policy_for_year(session, course.starts_on.year)


def policies_for(session: Session, courses: Iterable[Course]) -> dict[uuid.UUID, SmartTrainingPolicy]:
    """Policies of many courses with one query (course lists show every course's verdict)."""
    courses = list(courses)
    years = {c.starts_on.year for c in courses}
    found: dict[int, SmartTrainingPolicy] = {}
    if years:
        statement = select(ProgrammeYear).where(col(ProgrammeYear.year).in_(years))
        found = {p.year: policy_of(p) for p in session.exec(statement)}
    return {c.id: found.get(c.starts_on.year, DEFAULT_POLICY) for c in courses}
