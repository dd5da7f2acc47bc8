"""The recovery path: reading the producers' evidence again (CONTRACTS.md `evidence_since`).

Domain events are delivered after the producer's commit, in the same process; a crash between
the two loses the event but not the evidence, which the producer keeps. A periodic job asks each
producer for its evidence since the last point read (per institution, with an overlap) and
records it through the same path as the events (`subscribers.record`): the idempotency keys
make everything read twice a duplicate.

Sources are named by import path and resolved when the job runs, so a producer is wired as soon
as its package is installed and offers `evidence_since(session, institution_id, since)`; one
that is not there yet is skipped.
"""

from __future__ import annotations

import importlib
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from attendance.models import SourceCheckpoint
from attendance.subscribers import CONTENT_VIEWING, record
from classroom.core.clock import Clock
from classroom.institutions.models import Institution

log = logging.getLogger(__name__)

CATCH_UP_JOB = "attendance.catch_up"
CATCH_UP_SECONDS = 600
OVERLAP = timedelta(minutes=10)  # evidence committed late is read again, not missed
FIRST_LOOK = timedelta(days=2)

EvidenceSince = Callable[[Session, uuid.UUID, datetime], list[dict[str, Any]]]


@dataclass(frozen=True)
class EvidenceSource:
    name: str
    target: str  # "module:function"
    default_event: str  # the event name of payloads without a `name` field

    def load(self) -> EvidenceSince | None:
        module_name, _, attribute = self.target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return None
        found = getattr(module, attribute, None)
        return found if callable(found) else None


SOURCES: tuple[EvidenceSource, ...] = (
    EvidenceSource("content", "content.service:evidence_since", CONTENT_VIEWING),
    EvidenceSource("live", "classroom.live.service:evidence_since", "live.presence"),
)


def _checkpoint(session: Session, source: str, institution_id: uuid.UUID) -> SourceCheckpoint | None:
    # tenancy: the platform's recovery job keeps one checkpoint per source and institution
    statement = select(SourceCheckpoint).where(
        SourceCheckpoint.source == source, SourceCheckpoint.institution_id == institution_id
    )
    return session.exec(statement).first()


def catch_up(session: Session, clock: Clock, sources: Sequence[EvidenceSource] = SOURCES) -> dict[str, int]:
    """Read every available source for every institution since its checkpoint; returns how many
    new rows each source added."""
    now = clock.now()
    added: dict[str, int] = defaultdict(int)
    institutions = list(
        session.exec(select(Institution.id))
    )  # tenancy: platform housekeeping over every institution
    for source in sources:
        since_fn = source.load()
        if since_fn is None:
            log.debug("evidence source %s (%s) is not installed yet", source.name, source.target)
            continue
        for institution_id in institutions:
            mark = _checkpoint(session, source.name, institution_id)
            since = mark.read_until if mark is not None else now - FIRST_LOOK
            payloads = since_fn(session, institution_id, since)
            by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for payload in payloads:
                by_name[str(payload.get("name") or source.default_event)].append(payload)
            for name, items in by_name.items():
                added[source.name] += record(session, clock, name, items)
            if mark is None:
                mark = SourceCheckpoint(source=source.name, institution_id=institution_id, read_until=now)
            mark.read_until = max(since, now - OVERLAP)
            session.add(mark)
    session.flush()
    return dict(added)


def catch_up_job(ctx: Any) -> dict[str, Any]:
    with ctx.session() as session:
        added = catch_up(session, ctx.clock)
        session.commit()
    return {"added": added}
