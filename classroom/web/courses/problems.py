"""Refusals with many lines (the recurring generator's clashes) grouped by their kind.

Nine on-site days without a supervisor read as one group — "현장교사 미지정 9건: 4/6(월),
4/7(화) …" — rather than a headline about overlaps and the same sentence nine times. A group
lists its days; where its lines say more than the day (which course, which room, which trainee)
they are kept under the group, each once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from classroom.core import i18n
from classroom.core.clock import seoul_date

# Kinds whose every line says only "this day has the problem": the days are the whole story.
DAYS_ONLY = frozenset({"onsite_without_supervisor"})
MAX_DAYS = 12


@dataclass
class Group:
    kind: str
    title: str
    days: str
    lines: list[str] = field(default_factory=list)


def _kind(error: dict[str, Any]) -> str | None:
    if isinstance(error.get("conflict"), dict):
        return str(error["conflict"].get("kind"))
    if isinstance(error.get("load"), dict):
        return f"load_{error['load'].get('kind')}"
    return None


def _day(error: dict[str, Any]) -> date | None:
    try:
        if isinstance(error.get("conflict"), dict):
            return seoul_date(datetime.fromisoformat(error["conflict"]["starts_at"]))
        if isinstance(error.get("load"), dict):
            return date.fromisoformat(error["load"]["day"])
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _short(day: date, lang: str) -> str:
    return i18n.t(
        "problems.day",
        lang,
        month=day.month,
        day=day.day,
        weekday=i18n.t(f"common.weekday.{day.weekday()}", lang),
    )


def group(errors: list[dict[str, Any]], lang: str) -> list[Group]:
    """Groups in the order their kinds first appear; [] when fewer than two lines have a kind
    (a single refusal reads best as its own sentence)."""
    kinds: dict[str, list[dict[str, Any]]] = {}
    for error in errors:
        kind = _kind(error)
        if kind is not None and "message_key" in error:
            kinds.setdefault(kind, []).append(error)
    if sum(len(v) for v in kinds.values()) < 2:
        return []
    groups = []
    for kind, items in kinds.items():
        days = sorted({d for d in (_day(e) for e in items) if d is not None})
        shown = ", ".join(_short(d, lang) for d in days[:MAX_DAYS])
        if len(days) > MAX_DAYS:
            shown += " " + i18n.t("problems.more_days", lang, count=len(days) - MAX_DAYS)
        lines: list[str] = []
        if kind not in DAYS_ONLY:
            for e in items:
                line = i18n.t(e["message_key"], lang, **e.get("params", {}))
                if line not in lines:
                    lines.append(line)
        label_key = f"problems.kind.{kind}"
        label = i18n.t(label_key, lang) if i18n.has(label_key) else i18n.t("problems.kind.other", lang)
        groups.append(
            Group(kind, i18n.t("problems.group", lang, label=label, count=len(items)), shown, lines)
        )
    return groups
