"""The plan of a stored course judged by the smart-training rules (`rules.plan`), and the one
refusal used when publishing, or a change to a published course, would break them.

The policy is always the one in force for the course (`policy.policy_for`): the operator sets
it per programme year.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from sqlmodel import Session

from classroom.core import i18n
from classroom.core.clock import seoul_date
from classroom.core.errors import ValidationFailed
from classroom.core.tenancy import Principal
from classroom.courses import texts
from classroom.courses.models import Course, Lesson
from classroom.courses.policy import policy_for
from classroom.courses.rules.plan import (
    PlannedLesson,
    PlanSummary,
    RuleViolation,
    SmartTrainingPolicy,
    summarize_plan,
)
from classroom.courses.timetable import course_lessons


def planned(rows: Iterable[Lesson]) -> list[PlannedLesson]:
    return [PlannedLesson(seoul_date(r.starts_at), r.mode, r.minutes) for r in rows]


def summarize(rows: Iterable[Lesson], policy: SmartTrainingPolicy) -> PlanSummary:
    return summarize_plan(planned(rows), policy)


def summarize_course(
    session: Session, principal: Principal, course: Course
) -> tuple[PlanSummary, SmartTrainingPolicy]:
    """The stored plan judged by the policy in force for the course."""
    policy = policy_for(session, course)
    return summarize(course_lessons(session, principal, course), policy), policy


def figures(violation: RuleViolation) -> dict[str, Any]:
    """The exact figures of a violation for API clients: shares as "n/d" and as a percentage."""
    out: dict[str, Any] = {}
    for key, value in violation.pairs:
        if isinstance(value, Fraction):
            out[key] = f"{value.numerator}/{value.denominator}"
            out[f"{key}_percent"] = round(float(value * 100), 2)
        elif hasattr(value, "isoformat"):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def refusal(
    summary: PlanSummary, policy: SmartTrainingPolicy, message_key: str, code: str
) -> ValidationFailed:
    """One 422 naming every broken rule and whose rules they are (the programme year, or the
    defaults); the message lists them in the reader's language, each error in both."""
    errors = []
    for violation in summary.violations:
        text = texts.violation(violation)
        errors.append(
            {
                "field": "plan",
                "code": violation.code,
                "figures": figures(violation),
                **{f"message_{lang}": i18n.render(text, lang) for lang in i18n.SUPPORTED},
                "message_key": text.key,
                "params": dict(text.params),
            }
        )
    params = {"basis": texts.basis(policy), "reasons": texts.reasons(summary.violations)}
    return ValidationFailed(message_key, code=code, params=params, errors=errors)


def ensure_smart(
    session: Session, principal: Principal, course: Course, message_key: str, code: str
) -> tuple[PlanSummary, SmartTrainingPolicy]:
    """The course's stored plan, refused unless it meets the rules in force."""
    summary, policy = summarize_course(session, principal, course)
    if not summary.is_smart_training:
        raise refusal(summary, policy, message_key, code)
    return summary, policy
