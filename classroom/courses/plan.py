"""The blended plan of a stored course: lessons → `rules.summarize_plan`, plus its API shape.

Publishing and edits to a published course refuse with every violated rule, each message
quoting the real figures in Korean and English (`rules.describe`). The policy is always
passed in (`policy.policy_for`): the operator sets it per programme year.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sqlmodel import Session, select

from classroom.core.clock import seoul_date
from classroom.core.errors import ValidationFailed
from classroom.core.money import format_rate
from classroom.core.tenancy import Principal, scoped
from classroom.courses.models import Course, Lesson
from classroom.courses.policy import policy_for
from classroom.courses.rules import (
    LessonMode,
    PlannedLesson,
    PlanSummary,
    RuleViolation,
    SmartTrainingPolicy,
    describe,
    describe_policy,
    policy_basis,
    summarize_plan,
)


def lesson_minutes(row: Lesson) -> int:
    return int((row.ends_at - row.starts_at).total_seconds() // 60)


def planned(rows: list[Lesson]) -> list[PlannedLesson]:
    return [PlannedLesson(seoul_date(r.starts_at), LessonMode(r.mode), lesson_minutes(r)) for r in rows]


def course_lessons(session: Session, principal: Principal, course: Course) -> list[Lesson]:
    statement = scoped(select(Lesson), principal).where(Lesson.course_id == course.id)
    return list(session.exec(statement.order_by(Lesson.starts_at)))  # type: ignore[arg-type]


def lessons_by_course(
    session: Session, principal: Principal, courses: list[Course]
) -> dict[Any, list[Lesson]]:
    """Lessons of many courses in one query (course lists show every course's plan)."""
    grouped: dict[Any, list[Lesson]] = {c.id: [] for c in courses}
    if not courses:
        return grouped
    statement = scoped(select(Lesson), principal).where(Lesson.course_id.in_(list(grouped)))  # type: ignore[attr-defined]
    for row in session.exec(statement.order_by(Lesson.starts_at)):  # type: ignore[arg-type]
        grouped[row.course_id].append(row)
    return grouped


def summarize(rows: list[Lesson], policy: SmartTrainingPolicy) -> PlanSummary:
    return summarize_plan(planned(rows), policy)


def summarize_course(
    session: Session, principal: Principal, course: Course
) -> tuple[PlanSummary, SmartTrainingPolicy]:
    """The stored plan judged by the policy in force for the course."""
    policy = policy_for(session, course)
    return summarize(course_lessons(session, principal, course), policy), policy


def policy_payload(policy: SmartTrainingPolicy) -> dict[str, Any]:
    """The figures that decided, for API clients (and the texts people read)."""
    return {
        "programme_year": policy.programme_year,
        "source": "default" if policy.programme_year is None else "programme",
        "min_total_minutes": policy.min_total_minutes,
        "min_online_share": f"{policy.min_online_share.numerator}/{policy.min_online_share.denominator}",
        "min_online_share_percent": format_rate(policy.min_online_share),
        "max_online_share": f"{policy.max_online_share.numerator}/{policy.max_online_share.denominator}",
        "max_online_share_percent": format_rate(policy.max_online_share),
        "min_online_minutes": policy.min_online_minutes,
        "max_daily_minutes": policy.max_daily_minutes,
        "text_ko": describe_policy(policy, "ko"),
        "text_en": describe_policy(policy, "en"),
    }


def _figures(violation: RuleViolation) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in violation.params:
        if isinstance(value, Fraction):
            out[key] = f"{value.numerator}/{value.denominator}"
            out[f"{key}_percent"] = round(float(value * 100), 2)
        elif hasattr(value, "isoformat"):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def violation_payload(violation: RuleViolation, lang: str) -> dict[str, Any]:
    ko, en = describe(violation, "ko"), describe(violation, "en")
    return {
        "code": violation.code,
        "figures": _figures(violation),
        "message": en if lang == "en" else ko,
        "message_ko": ko,
        "message_en": en,
    }


def plan_payload(
    course: Course, rows: list[Lesson], lang: str, policy: SmartTrainingPolicy
) -> dict[str, Any]:
    summary = summarize(rows, policy)
    total = summary.total_minutes
    return {
        "course_id": course.id,
        "lessons": len(rows),
        "total_minutes": total,
        "total_hours": round(total / 60, 2),
        "minutes_by_mode": {mode: summary.minutes_by_mode[mode] for mode in LessonMode},
        "hours_by_mode": {mode: round(summary.minutes_by_mode[mode] / 60, 2) for mode in LessonMode},
        "online_minutes": summary.online_minutes,
        "online_share_percent": round(float(summary.online_share * 100), 2),
        "online_share_exact": f"{summary.online_share.numerator}/{summary.online_share.denominator}",
        "is_smart_training": summary.is_smart_training,
        "violations": [violation_payload(v, lang) for v in summary.violations],
        "policy": policy_payload(policy),
    }


def refusal(
    summary: PlanSummary, policy: SmartTrainingPolicy, message_key: str, code: str
) -> ValidationFailed:
    """One 422 naming every failed rule and whose rules they are (the programme year, or the
    defaults); the message itself lists them in the reader's language."""
    errors = []
    for violation in summary.violations:
        ko, en = describe(violation, "ko"), describe(violation, "en")
        errors.append(
            {
                "field": "plan",
                "code": violation.code,
                "figures": _figures(violation),
                "message_ko": ko,
                "message_en": en,
                "message_key": "plan.rule_failed",
                "params": {"ko": ko, "en": en},
            }
        )
    reasons_ko = "; ".join(describe(v, "ko") for v in summary.violations)
    reasons_en = "; ".join(describe(v, "en") for v in summary.violations)
    params = {
        "reasons_ko": reasons_ko,
        "reasons_en": reasons_en,
        "basis_ko": policy_basis(policy, "ko"),
        "basis_en": policy_basis(policy, "en"),
    }
    return ValidationFailed(message_key, code=code, params=params, errors=errors)


def share_text(summary: PlanSummary) -> str:
    """The online share as the plan card shows it, never contradicting the verdict: when a share
    rule fails, the same rendering as the failure message ("9.96%", not a rounded "10.0%")."""
    from classroom.courses.rules import (
        ONLINE_SHARE_TOO_HIGH,
        ONLINE_SHARE_TOO_LOW,
        _render_against,  # same package: the one truthful rounding rule
    )

    percent = summary.online_share * 100
    for violation in summary.violations:
        if violation.code in (ONLINE_SHARE_TOO_LOW, ONLINE_SHARE_TOO_HIGH):
            shown, _ = _render_against(
                percent,
                Fraction(violation.get("limit")) * 100,
                above=violation.code == ONLINE_SHARE_TOO_HIGH,
                always_decimal=True,
            )
            return f"{shown}%"
    tenths = (percent * 10 + Fraction(1, 2)).__floor__()
    return f"{tenths // 10}.{tenths % 10}%"
