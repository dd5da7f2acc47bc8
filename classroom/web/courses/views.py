"""View helpers shared by the course pages: plan badge and bar, labels, form parsing."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from classroom.core.errors import ValidationFailed
from classroom.courses import plan
from classroom.courses.models import Lesson
from classroom.courses.rules import (
    CATEGORY_LABELS,
    CourseCategory,
    LessonMode,
    SmartTrainingPolicy,
    describe,
    describe_policy,
    format_hours,
)

MODE_COLORS = {
    LessonMode.LIVE: "#1f5eff",
    LessonMode.VOD: "#7c3aed",
    LessonMode.CLASSROOM: "#0f8a4b",
    LessonMode.ONSITE: "#b7791f",
}
WEEKDAYS = {
    "ko": ["월", "화", "수", "목", "금", "토", "일"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}


def plan_view(rows: list[Lesson], lang: str, policy: SmartTrainingPolicy) -> dict[str, Any]:
    """Everything the plan card shows: verdict, figures, the hours-by-mode bar, the reasons and
    the rules (with their programme year) that decided."""
    summary = plan.summarize(rows, policy)
    total = summary.total_minutes
    segments = []
    for mode in LessonMode:
        minutes = summary.minutes_by_mode[mode]
        segments.append(
            {
                "mode": mode.value,
                "label": mode.label(lang),
                "hours": format_hours(minutes, lang),
                "minutes": minutes,
                "percent": round(100 * minutes / total, 2) if total else 0,
                "color": MODE_COLORS[mode],
            }
        )
    return {
        "valid": summary.is_smart_training,
        "lessons": len(rows),
        "total": format_hours(total, lang),
        "total_minutes": total,
        "online": format_hours(summary.online_minutes, lang),
        "share": plan.share_text(summary),
        "segments": segments,
        "reasons": [describe(v, lang) for v in summary.violations],
        "rules": describe_policy(policy, lang),
        "programme_year": policy.programme_year,
    }


def mode_options(lang: str) -> list[tuple[str, str]]:
    return [(m.value, m.label(lang)) for m in LessonMode]


def category_options(lang: str) -> list[tuple[str, str]]:
    return [(c.value, CATEGORY_LABELS[c][lang if lang == "en" else "ko"]) for c in CourseCategory]


def category_label(value: str, lang: str) -> str:
    try:
        return CourseCategory(value).label(lang)
    except ValueError:
        return value


def mode_label(value: str, lang: str) -> str:
    return LessonMode(value).label(lang)


def weekday(day: date, lang: str) -> str:
    return WEEKDAYS["en" if lang == "en" else "ko"][day.weekday()]


def parse_day(value: str | None, field: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise invalid(field) from None


def parse_time(value: str | None, field: str) -> time:
    try:
        return time.fromisoformat((value or "").strip())
    except ValueError:
        raise invalid(field) from None


def local(day: date, at: time) -> datetime:
    """Naive Korean wall-clock time; the lesson service reads naive input as Asia/Seoul."""
    return datetime.combine(day, at)


def invalid(field: str) -> ValidationFailed:
    return ValidationFailed(
        "error.validation",
        code="validation_failed",
        errors=[{"field": field, "message_key": "field.invalid"}],
    )


def build(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """Validate a form into an API schema; schema errors become field errors on the form."""
    try:
        return model.model_validate(data)
    except PydanticError as exc:
        errors = [
            {
                "field": ".".join(str(p) for p in err["loc"]) or "form",
                "message_key": "field.required" if err["type"] == "missing" else "field.invalid",
            }
            for err in exc.errors()
        ]
        raise ValidationFailed("error.validation", code="validation_failed", errors=errors) from None


def blank_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
