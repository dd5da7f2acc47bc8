"""An audit event in words: its name, its object's kind, and its detail as labelled values
formatted the way pages format them (₩ amounts, rates as %, storage in GB, Seoul times).

Pure functions: no database. Values that are ids of other objects come back as references
(`Line.refs`) for the page to turn into names and links; services record changed fields as
`{"changes": {field: {"old": …, "new": …}}}` (see `audit.service.changes`), older rows used
`from`/`to` or top-level `old`/`new`, and every shape reads as "label: old → new".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from classroom.core import i18n
from classroom.core.clock import to_seoul
from classroom.core.money import format_won
from classroom.core.roles import Role

MONEY = frozenset({"amount", "subsidy", "total", "budget", "monthly_fee", "fee", "paid", "due"})
RATES = frozenset({"subsidy_rate", "online_share_min", "online_share_max"})
BYTES = frozenset({"storage_bytes_per_classroom", "size", "bytes"})
# Fields whose values are ids of other objects: the page shows their names, linked.
REFS = {
    "course_id": "course",
    "trainee_id": "user",
    "trainees": "user",
    "instructor_ids": "user",
    "instructor_id": "user",
    "supervisor_id": "user",
    "inspection_id": "inspection",
    "question_id": "question",
    "renewed_from": "lease",
}
HIDDEN = frozenset({"series_id", "note_id"})  # internal links with nothing to read
# Enumerated values with their own labels elsewhere in the catalogue.
VALUE_KEYS = {
    "mode": "lesson.mode.{}",
    "category": "course.category.{}",
    "status": "course.status.{}",
    "from": "course.status.{}",
    "to": "course.status.{}",
}
OLD_NEW = ("old", "new")


@dataclass(frozen=True)
class Line:
    """One labelled part of an event's detail: a value, or a change from `old` to `new`."""

    label: str
    value: str = ""
    old: str | None = None
    new: str | None = None
    refs: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return self.old is not None or self.new is not None

    def text(self) -> str:
        """The line as plain text (CSV): "지원율: 50% → 40%"."""
        body = f"{self.old or '—'} → {self.new or '—'}" if self.changed else self.value
        return f"{self.label}: {body}" if self.label else body


def event_name(action: str, lang: str) -> str:
    key = f"audit.event.{action}"
    return i18n.t(key, lang) if i18n.has(key) else action


def kind_name(target_type: str, lang: str) -> str:
    key = f"audit.kind.{target_type}"
    return i18n.t(key, lang) if i18n.has(key) else target_type


def field_label(name: str, lang: str) -> str:
    key = f"audit.field.{name}"
    return i18n.t(key, lang) if i18n.has(key) else name.replace("_", " ")


def role_name(role: str | None, lang: str) -> str:
    if role is None:
        return ""
    return i18n.t(Role(role).label_key, lang) if role in set(Role) else role


def percent(rate: Fraction) -> str:
    """50% · 33.3% (one decimal when not whole)."""
    value = rate * 100
    if value.denominator == 1:
        return f"{value.numerator}%"
    return f"{float(value):.1f}%"


def gigabytes(size: int) -> str:
    """Storage as pages show it: 53687091200 → "50 GB"; small sizes in MB or KB."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if abs(size) >= factor:
            amount = Decimal(size) / factor
            text = f"{amount:.1f}".rstrip("0").rstrip(".")
            return f"{text} {unit}"
    return f"{size} B"


def _as_rate(value: Any) -> Fraction | None:
    try:
        if isinstance(value, str) and value.endswith("%"):
            return Fraction(value[:-1].strip()) / 100
        return Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return None


def _as_instant(text: str) -> datetime | None:
    if len(text) < 16 or "T" not in text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def value_text(name: str, value: Any, lang: str) -> str:
    """A detail value as the pages would print it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return i18n.t("audit.value.yes" if value else "audit.value.no", lang)
    if name in MONEY and isinstance(value, int):
        return format_won(value, lang)
    if name in RATES:
        rate = _as_rate(value)
        return percent(rate) if rate is not None else str(value)
    if name in BYTES and isinstance(value, int):
        return gigabytes(value)
    if name == "role" and isinstance(value, str):
        return role_name(value, lang)
    if name == "fields" and isinstance(value, list):
        return ", ".join(field_label(str(v), lang) for v in value)
    if isinstance(value, list):
        return ", ".join(value_text(name, v, lang) for v in value) if value else "—"
    if isinstance(value, dict):
        return ", ".join(f"{field_label(k, lang)} {value_text(k, v, lang)}" for k, v in value.items())
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if name not in {"year", "policy_year", "number"} else str(value)
    text = str(value)
    own = f"audit.value.{name}.{text}"  # values named for the log itself (e.g. a sign-in's kind)
    if i18n.has(own):
        return i18n.t(own, lang)
    if name in VALUE_KEYS:
        key = VALUE_KEYS[name].format(text)
        if i18n.has(key):
            return i18n.t(key, lang)
    instant = _as_instant(text)
    if instant is not None:
        return to_seoul(instant).strftime("%Y-%m-%d %H:%M")
    return text


def _ids(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        try:
            out.append(str(uuid.UUID(str(v))))
        except ValueError:
            continue
    return tuple(out)


def _change(name: str, old: Any, new: Any, lang: str) -> Line:
    return Line(field_label(name, lang), old=value_text(name, old, lang), new=value_text(name, new, lang))


def _is_pair(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == set(OLD_NEW)


def lines(detail: dict[str, Any], lang: str) -> list[Line]:
    """The detail of one event as labelled lines, changes first."""
    out: list[Line] = []
    rest = dict(detail)
    changes = rest.pop("changes", None)
    if isinstance(changes, dict):
        for name, pair in changes.items():
            if _is_pair(pair):
                out.append(_change(name, pair["old"], pair["new"], lang))
            elif isinstance(pair, list | tuple) and len(pair) == 2:
                out.append(_change(name, pair[0], pair[1], lang))
            else:
                out.append(Line(field_label(name, lang), value_text(name, pair, lang)))
    if "from" in rest and "to" in rest:
        out.append(
            Line(
                field_label("status", lang),
                old=value_text("from", rest.pop("from"), lang),
                new=value_text("to", rest.pop("to"), lang),
            )
        )
    if "old" in rest and "new" in rest:
        old, new = rest.pop("old"), rest.pop("new")
        out.append(Line("", old=value_text("old", old, lang), new=value_text("new", new, lang)))
    for name, value in rest.items():
        if name in HIDDEN:
            continue
        if _is_pair(value):
            out.append(_change(name, value["old"], value["new"], lang))
        elif name in REFS:
            refs = tuple((REFS[name], i) for i in _ids(value))
            if refs:
                shown = (
                    i18n.t("audit.value.people", lang, count=len(refs))
                    if REFS[name] == "user" and len(refs) > 1
                    else ""
                )
                out.append(Line(field_label(name, lang), shown, refs=refs))
        else:
            out.append(Line(field_label(name, lang), value_text(name, value, lang)))
    return out


def json_safe(value: Any) -> Any:
    """A value as the trail stores it (JSON): ids, dates and fractions become text."""
    if isinstance(value, uuid.UUID | date | datetime | Decimal):
        return value.isoformat() if isinstance(value, date | datetime) else str(value)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if hasattr(value, "value") and isinstance(getattr(value, "value", None), str):
        return value.value  # enums
    return value


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`{"field": {"old": …, "new": …}}` for each field whose value differs."""
    out = {}
    for name, new in after.items():
        old = before.get(name)
        if json_safe(old) != json_safe(new):
            out[name] = {"old": json_safe(old), "new": json_safe(new)}
    return out
