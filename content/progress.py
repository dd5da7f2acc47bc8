"""Viewing heartbeats → merged watched intervals per trainee and version (`rules.progress`).

Every heartbeat is stored as evidence (IP, device id, what was claimed, what was credited).
One that credited time publishes `content.viewing` after the commit; the first one that takes
the trainee's progress of a version to 80% also publishes `content.threshold` (see
../CONTRACTS.md). `evidence_since` gives a consumer that missed events the same payloads.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from classroom.core.clock import Clock
from classroom.core.errors import Conflict
from classroom.core.events import DomainEvent, EventBus, publish_on_commit
from classroom.core.tenancy import Principal, scoped, tenant_system_principal
from classroom.courses.models import Lesson
from content import items
from content.models import ContentItem, ContentVersion, LessonContent, ViewingHeartbeat, ViewingProgress
from content.rules import progress as rules

VIEWING = "content.viewing"
THRESHOLD = "content.threshold"


@dataclass(frozen=True)
class HeartbeatIn:
    version_id: uuid.UUID | None
    playback: str
    seq: int
    position: float
    segment_start: float
    playing: bool
    visible: bool
    rate: float
    device_id: str | None


@dataclass(frozen=True)
class Answer:
    progress: ViewingProgress
    version: ContentVersion
    credited_ms: int
    outcome: str
    required_ms: int | None


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))


def lesson_ids(session: Session, principal: Principal, content_id: uuid.UUID) -> list[uuid.UUID]:
    statement = (
        scoped(select(LessonContent.lesson_id), principal, LessonContent)
        .where(LessonContent.content_id == content_id)
        .order_by(col(LessonContent.position))
    )
    return list(session.exec(statement))


def required_ms(session: Session, principal: Principal, version: ContentVersion) -> int | None:
    """The version's duration, or the first linked lesson's scheduled length when unknown."""
    if version.duration_seconds:
        return _ms(version.duration_seconds)
    ids = lesson_ids(session, principal, version.content_id)
    if not ids:
        return None
    lesson = session.exec(scoped(select(Lesson), principal).where(Lesson.id == ids[0])).first()
    return lesson.minutes * 60_000 if lesson is not None else None


def progress_row(
    session: Session,
    principal: Principal,
    trainee_id: uuid.UUID,
    version: ContentVersion,
    course_id: uuid.UUID,
    now: datetime,
    *,
    for_update: bool = False,
) -> ViewingProgress:
    statement = scoped(select(ViewingProgress), principal).where(
        ViewingProgress.trainee_id == trainee_id, ViewingProgress.version_id == version.id
    )
    if for_update:
        statement = statement.with_for_update()
    row = session.exec(statement).first()
    if row is not None:
        return row
    row = ViewingProgress(
        institution_id=version.institution_id,
        trainee_id=trainee_id,
        content_id=version.content_id,
        version_id=version.id,
        course_id=course_id,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def heartbeat(
    session: Session,
    clock: Clock,
    events: EventBus,
    principal: Principal,
    item: ContentItem,
    beat: HeartbeatIn,
    *,
    ip: str | None,
    user_agent: str | None,
) -> Answer:
    version = items.current_version(session, principal, item)
    if beat.version_id is not None and beat.version_id != version.id:
        # The page plays an older version; its progress is that version's (kept by id).
        older = session.exec(
            scoped(select(ContentVersion), principal).where(
                ContentVersion.id == beat.version_id, ContentVersion.content_id == item.id
            )
        ).first()
        if older is None:
            raise Conflict("progress.version_changed", code="version_changed")
        version = older
    now = clock.now()
    row = progress_row(session, principal, principal.user_id, version, item.course_id, now, for_update=True)
    duration = _ms(version.duration_seconds) if version.duration_seconds else None
    required = required_ms(session, principal, version)
    state = rules.State(
        tuple((int(a), int(b)) for a, b in row.intervals),
        int(row.last_heartbeat_at.timestamp() * 1000) if row.last_heartbeat_at else None,
        row.last_playback,
        row.last_seq,
        row.position_ms,
    )
    claim = rules.Beat(
        at_ms=int(now.timestamp() * 1000),
        playback=beat.playback,
        seq=beat.seq,
        position_ms=_ms(beat.position),
        segment_start_ms=_ms(beat.segment_start),
        playing=beat.playing,
        visible=beat.visible,
    )
    outcome = rules.credit(state, claim, duration)
    if outcome.outcome != "replayed":
        row.intervals = [[a, b] for a, b in outcome.state.intervals]
        row.watched_ms = outcome.state.watched_ms
        row.position_ms = outcome.state.position_ms
        row.last_heartbeat_at = now
        row.last_playback = beat.playback
        row.last_seq = beat.seq
    row.percent = rules.percent(row.watched_ms, required)
    row.updated_at = now
    crossed = row.threshold_at is None and row.percent >= rules.THRESHOLD
    if crossed:
        row.threshold_at = now
    session.add(row)
    evidence = ViewingHeartbeat(
        institution_id=version.institution_id,
        progress_id=row.id,
        trainee_id=principal.user_id,
        content_id=item.id,
        version_id=version.id,
        course_id=item.course_id,
        at=now,
        playback=beat.playback[:64],
        seq=beat.seq,
        position_ms=claim.position_ms,
        segment_start_ms=claim.segment_start_ms,
        playing=beat.playing,
        visible=beat.visible,
        rate=beat.rate,
        credited_ms=outcome.credited_ms,
        watched_ms=row.watched_ms,
        percent=row.percent,
        required_ms=required,
        outcome=outcome.outcome,
        ip=(ip or None) and ip[:64],
        device_id=(beat.device_id or None) and beat.device_id[:64],
        user_agent=(user_agent or None) and user_agent[:300],
    )
    session.add(evidence)
    session.flush()
    if outcome.credited_ms > 0:
        payload = payload_of(evidence, lesson_ids(session, principal, item.id))
        publish_on_commit(session, events, DomainEvent(VIEWING, payload))
        if crossed:
            publish_on_commit(session, events, DomainEvent(THRESHOLD, payload))
    return Answer(row, version, outcome.credited_ms, outcome.outcome, required)


def payload_of(beat: ViewingHeartbeat, lessons: list[uuid.UUID]) -> dict[str, Any]:
    return {
        "evidence_id": str(beat.id),
        "institution_id": str(beat.institution_id),
        "course_id": str(beat.course_id),
        "lesson_ids": [str(i) for i in lessons],
        "content_id": str(beat.content_id),
        "version_id": str(beat.version_id),
        "trainee_id": str(beat.trainee_id),
        "at": beat.at.isoformat(),
        "credited_seconds": beat.credited_ms / 1000,
        "watched_seconds": beat.watched_ms / 1000,
        "required_seconds": beat.required_ms / 1000 if beat.required_ms is not None else None,
        "percent": beat.percent,
        "position_seconds": beat.position_ms / 1000,
        "playback_rate": beat.rate,
        "ip": beat.ip,
        "device_id": beat.device_id,
    }


def evidence_since(session: Session, institution_id: uuid.UUID, since: datetime) -> list[dict[str, Any]]:
    """The `content.viewing` payloads of heartbeats that credited time after `since`, oldest
    first (for a consumer that missed events)."""
    system = tenant_system_principal(institution_id)
    statement = (
        scoped(select(ViewingHeartbeat), system)
        .where(col(ViewingHeartbeat.at) > since, col(ViewingHeartbeat.credited_ms) > 0)
        .order_by(col(ViewingHeartbeat.at), col(ViewingHeartbeat.id))
    )
    beats = list(session.exec(statement))
    links: dict[uuid.UUID, list[uuid.UUID]] = {}
    for content_id in {b.content_id for b in beats}:
        links[content_id] = lesson_ids(session, system, content_id)
    return [payload_of(b, links[b.content_id]) for b in beats]


def my_progress(
    session: Session, principal: Principal, item: ContentItem, version: ContentVersion
) -> ViewingProgress | None:
    statement = scoped(select(ViewingProgress), principal).where(
        ViewingProgress.trainee_id == principal.user_id, ViewingProgress.version_id == version.id
    )
    return session.exec(statement).first()
