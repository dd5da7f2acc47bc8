"""Seams for what builds on the room (the Janus media issue): called inside the transaction
that admits a person or sees them go, so a media token is issued or revoked with the seat.

`on_admit(hook)`: `hook(session, principal, lesson, connection)` returns a JSON-able dict that
the welcome message carries as `media` (e.g. a participant's own Janus token and room), or
None. `on_depart(hook)`: `hook(session, connection, kind)` when a seated connection closes for
good (`leave`, `removed`, `ended`). Hooks run in worker threads; they must not block for long.
Without hooks the welcome's `media` is null and the page says audio/video is not available.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from classroom.core.tenancy import Principal
from classroom.courses.models import Lesson
from classroom.live.models import LiveConnection

AdmitHook = Callable[[Session, Principal, Lesson, LiveConnection | None], dict[str, Any] | None]
DepartHook = Callable[[Session, LiveConnection, str], None]

_admit: list[AdmitHook] = []
_depart: list[DepartHook] = []


def on_admit(hook: AdmitHook) -> None:
    if hook not in _admit:
        _admit.append(hook)


def on_depart(hook: DepartHook) -> None:
    if hook not in _depart:
        _depart.append(hook)


def admitted(
    session: Session, principal: Principal, lesson: Lesson, connection: LiveConnection | None
) -> dict[str, Any] | None:
    media: dict[str, Any] = {}
    for hook in _admit:
        media.update(hook(session, principal, lesson, connection) or {})
    return media or None


def departed(session: Session, connection: LiveConnection, kind: str) -> None:
    for hook in _depart:
        hook(session, connection, kind)
