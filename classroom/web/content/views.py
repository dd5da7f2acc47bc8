"""Formatting shared by the content pages: sizes, durations, progress lines, table rows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from classroom.core import i18n
from classroom.core.tenancy import Principal
from content import items
from content.items import ItemView
from content.models import ViewingProgress


def size(value: int | None) -> str:
    if value is None:
        return "–"
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if value >= scale:
            return f"{value / scale:,.1f} {unit}"
    return f"{value:,} B"


def clock_time(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def progress_by_version(
    session: Session, principal: Principal, shown: Sequence[ItemView]
) -> dict[uuid.UUID, ViewingProgress]:
    ids = [v.version.id for v in shown if v.version is not None]
    return items.progress_of(session, principal, principal.user_id, ids)


def row(view: ItemView, lang: str, watched: ViewingProgress | None) -> dict[str, Any]:
    version = view.version
    duration = version.duration_seconds if version else None
    return {
        "id": view.item.id,
        "title": view.item.title,
        "kind": i18n.t(f"content.kind.{view.item.kind.value}", lang),
        "kind_value": view.item.kind.value,
        "size": size(version.size_bytes if version else None),
        "duration": clock_time(duration) if duration else i18n.t("content.duration_unknown", lang),
        "versions": view.versions,
        "lessons": len(view.lesson_ids),
        "deleted": view.item.deleted_at is not None,
        "percent": watched.percent if watched else 0,
        "version_id": version.id if version else None,
        "media_type": version.media_type if version else "",
        "poster": bool(version and version.poster_key),
    }


def progress_line(mine: ViewingProgress | None, required_ms: int | None, lang: str) -> dict[str, Any]:
    percent = mine.percent if mine else 0
    watched = (mine.watched_ms if mine else 0) / 1000
    return {
        "percent": percent,
        "text": i18n.t(
            "content.progress_line",
            lang,
            percent=percent,
            watched=clock_time(watched),
            required=clock_time(required_ms / 1000) if required_ms else "–",
        ),
        "done": percent >= 80,
    }
