"""View helpers shared by the course pages: plan badge and bar, labels, form parsing."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from classroom.core import i18n
from classroom.core.clock import seoul_date, to_seoul
from classroom.core.dates import in_window
from classroom.core.errors import ValidationFailed
from classroom.courses import plan, texts
from classroom.courses.models import Lesson
from classroom.courses.rules.kinds import CourseCategory, LessonMode
from classroom.courses.rules.plan import SmartTrainingPolicy
from classroom.web.forms import build as build  # the page forms' schema validation, shared

MODE_COLORS = {
    LessonMode.LIVE: "#1f5eff",
    LessonMode.VOD: "#7c3aed",
    LessonMode.CLASSROOM: "#0f8a4b",
    LessonMode.ONSITE: "#b7791f",
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
                "label": i18n.render(texts.mode(mode), lang),
                "hours": i18n.render(texts.hours(minutes), lang),
                "minutes": minutes,
                "percent": round(100 * minutes / total, 2) if total else 0,
                "color": MODE_COLORS[mode],
            }
        )
    return {
        "valid": summary.is_smart_training,
        "lessons": len(rows),
        "total": i18n.render(texts.hours(total), lang),
        "total_minutes": total,
        "online": i18n.render(texts.hours(summary.online_minutes), lang),
        "share": i18n.render(texts.online_share(summary), lang),
        "segments": segments,
        "reasons": [i18n.render(texts.violation(v), lang) for v in summary.violations],
        "rules": texts.describe_policy(policy, lang),
        "programme_year": policy.programme_year,
    }


def mode_options(lang: str) -> list[tuple[str, str]]:
    return [(m.value, i18n.render(texts.mode(m), lang)) for m in LessonMode]


def category_options(lang: str) -> list[tuple[str, str]]:
    return [(c.value, i18n.render(texts.category(c), lang)) for c in CourseCategory]


def category_label(value: str, lang: str) -> str:
    return i18n.render(texts.category(value), lang) if value in set(CourseCategory) else value


def mode_label(value: str, lang: str) -> str:
    return i18n.render(texts.mode(value), lang)


def weekday_names(lang: str) -> list[str]:
    """Monday first, as `date.weekday()` counts."""
    return [i18n.t(f"common.weekday.{n}", lang) for n in range(7)]


def weekday(day: date, lang: str) -> str:
    return i18n.t(f"common.weekday.{day.weekday()}", lang)


def parse_day(value: str | None, field: str) -> date:
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        raise invalid(field) from None
    if not in_window(day):
        raise invalid(field)
    return day


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


def blank_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def local_day(at: datetime) -> date:
    return seoul_date(at)


def local_times(starts_at: datetime, ends_at: datetime) -> str:
    return f"{to_seoul(starts_at):%H:%M}–{to_seoul(ends_at):%H:%M}"


def error_line(error: dict[str, Any], lang: str) -> str:
    if "message_key" in error:
        return i18n.t(error["message_key"], lang, **error.get("params", {}))
    return str(error.get("message", ""))
