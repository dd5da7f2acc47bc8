"""In-process domain events, delivered only after the transaction that raised them commits."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

log = logging.getLogger(__name__)

_PENDING_KEY = "classroom.pending_events"


@dataclass(frozen=True)
class DomainEvent:
    name: str
    payload: dict[str, Any] = field(default_factory=dict)


Handler = Callable[[DomainEvent], None]


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = defaultdict(list)

    def subscribe(self, name: str, handler: Handler) -> None:
        self._handlers[name].append(handler)

    def deliver(self, event: DomainEvent) -> None:
        for handler in list(self._handlers.get(event.name, ())):
            try:
                handler(event)
            except Exception:  # a failing listener must not undo what was already committed
                log.exception("event handler failed for %s", event.name)


def publish_on_commit(session: Session, bus: EventBus, event: DomainEvent) -> None:
    session.info.setdefault(_PENDING_KEY, []).append((bus, event))


def flush_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING_KEY, [])
    for bus, event in pending:
        bus.deliver(event)


def has_pending(session: Session) -> bool:
    return bool(session.info.get(_PENDING_KEY))


def discard_pending(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)
