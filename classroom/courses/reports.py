"""What the plan endpoint answers: a course's plan with its figures, the verdict and the rules
that decided, as typed results the API schemas are validated from."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from classroom.core import i18n
from classroom.core.money import format_rate
from classroom.courses import plan, texts
from classroom.courses.models import Lesson
from classroom.courses.rules.kinds import LessonMode
from classroom.courses.rules.plan import RuleViolation, SmartTrainingPolicy


def _exact(share: Fraction) -> str:
    return f"{share.numerator}/{share.denominator}"


@dataclass(frozen=True)
class ViolationReport:
    code: str
    figures: dict[str, int | float | str]
    message: str
    message_ko: str
    message_en: str

    @classmethod
    def of(cls, violation: RuleViolation, lang: str) -> ViolationReport:
        text = texts.violation(violation)
        return cls(
            code=violation.code,
            figures=plan.figures(violation),
            message=i18n.render(text, lang),
            message_ko=i18n.render(text, "ko"),
            message_en=i18n.render(text, "en"),
        )


@dataclass(frozen=True)
class PolicyReport:
    """The figures that decided, for API clients (and the line people read)."""

    programme_year: int | None
    source: str
    min_total_minutes: int
    min_online_share: str
    min_online_share_percent: str
    max_online_share: str
    max_online_share_percent: str
    min_online_minutes: int
    max_daily_minutes: int
    text_ko: str
    text_en: str

    @classmethod
    def of(cls, policy: SmartTrainingPolicy) -> PolicyReport:
        line = texts.rules_in_force(policy)
        return cls(
            programme_year=policy.programme_year,
            source="default" if policy.programme_year is None else "programme",
            min_total_minutes=policy.min_total_minutes,
            min_online_share=_exact(policy.min_online_share),
            min_online_share_percent=format_rate(policy.min_online_share),
            max_online_share=_exact(policy.max_online_share),
            max_online_share_percent=format_rate(policy.max_online_share),
            min_online_minutes=policy.min_online_minutes,
            max_daily_minutes=policy.max_daily_minutes,
            text_ko=i18n.render(line, "ko"),
            text_en=i18n.render(line, "en"),
        )


@dataclass(frozen=True)
class PlanReport:
    course_id: uuid.UUID
    lessons: int
    total_minutes: int
    total_hours: float
    minutes_by_mode: dict[LessonMode, int]
    hours_by_mode: dict[LessonMode, float]
    online_minutes: int
    online_share_percent: float
    online_share_exact: str
    is_smart_training: bool
    violations: list[ViolationReport]
    policy: PolicyReport

    @classmethod
    def of(
        cls, course_id: uuid.UUID, rows: Sequence[Lesson], policy: SmartTrainingPolicy, lang: str
    ) -> PlanReport:
        summary = plan.summarize(rows, policy)
        by_mode = summary.minutes_by_mode
        return cls(
            course_id=course_id,
            lessons=len(rows),
            total_minutes=summary.total_minutes,
            total_hours=round(summary.total_minutes / 60, 2),
            minutes_by_mode={mode: by_mode[mode] for mode in LessonMode},
            hours_by_mode={mode: round(by_mode[mode] / 60, 2) for mode in LessonMode},
            online_minutes=summary.online_minutes,
            online_share_percent=round(float(summary.online_share * 100), 2),
            online_share_exact=_exact(summary.online_share),
            is_smart_training=summary.is_smart_training,
            violations=[ViolationReport.of(v, lang) for v in summary.violations],
            policy=PolicyReport.of(policy),
        )
