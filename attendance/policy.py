"""Which attendance policy binds a course: DOMAIN.md's defaults with the course's validated
overrides (`rules.policy`). Every computation asks here, so a course is judged by one policy."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlmodel import Session, col, select

from attendance.models import AttendancePolicyRow
from attendance.rules.policy import DEFAULT_POLICY, AttendancePolicy, Problem, as_overrides, with_overrides
from classroom.audit import service as audit
from classroom.core.clock import Clock
from classroom.core.errors import ValidationFailed
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course


def policy_of(row: AttendancePolicyRow | None) -> AttendancePolicy:
    if row is None:
        return DEFAULT_POLICY
    policy, problems = with_overrides(row.overrides)
    # Stored overrides were validated when saved; bounds that tightened since fall back whole.
    return DEFAULT_POLICY if problems else policy


def policy_for(session: Session, principal: Principal, course: Course) -> AttendancePolicy:
    statement = scoped(select(AttendancePolicyRow), principal).where(
        AttendancePolicyRow.course_id == course.id
    )
    return policy_of(session.exec(statement).first())


def policies_for(
    session: Session, principal: Principal, course_ids: list[uuid.UUID]
) -> dict[uuid.UUID, AttendancePolicy]:
    statement = scoped(select(AttendancePolicyRow), principal).where(
        col(AttendancePolicyRow.course_id).in_(course_ids)
    )
    found = {row.course_id: policy_of(row) for row in session.exec(statement)}
    return {cid: found.get(cid, DEFAULT_POLICY) for cid in course_ids}


def refused(problems: list[Problem]) -> ValidationFailed:
    errors = [
        {
            "field": p.field,
            "message_key": f"policy.problem.{p.code}",
            "params": {
                "low": str(p.low) if p.low is not None else "",
                "high": str(p.high) if p.high is not None else "",
            },
        }
        for p in problems
    ]
    return ValidationFailed("policy.refused", code="policy_invalid", errors=errors)


def set_policy(
    session: Session, clock: Clock, principal: Principal, course: Course, overrides: Mapping[str, object]
) -> AttendancePolicy:
    """Replace the course's overrides (all or nothing); an empty mapping restores the defaults."""
    policy, problems = with_overrides(overrides)
    if problems:
        raise refused(problems)
    statement = scoped(select(AttendancePolicyRow), principal).where(
        AttendancePolicyRow.course_id == course.id
    )
    row = session.exec(statement).first() or AttendancePolicyRow(
        institution_id=course.institution_id, course_id=course.id, updated_at=clock.now()
    )
    row.overrides = as_overrides(policy)
    row.updated_at, row.updated_by = clock.now(), principal.user_id
    session.add(row)
    audit.record(
        session,
        clock,
        principal,
        "attendance.policy",
        "course",
        course.id,
        institution_id=course.institution_id,
        detail={"overrides": row.overrides},
    )
    session.flush()
    return policy
