"""Janus's events (its HTTP event handler posts them in batches) become media presence
evidence: rows of the live presence log with source "media", published as `media.presence`
after the commit (CONTRACTS.md). The person behind a handle is known by the token Janus
reports when the handle is attached — a token is one participant's grant — never by what
the browser says; a publisher claiming another feed id than its grant's is kicked."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from classroom.core.events import EventBus
from classroom.live.evidence import record_presence
from classroom.live.media.janus import JanusError
from classroom.live.media.models import MediaGrant, MediaHandle, MediaRoom
from classroom.live.media.rooms import find_room
from classroom.live.media.rules.presence import HandleState, Signal, step
from classroom.live.media.runtime import MediaRuntime
from classroom.live.models import PresenceEntry

log = logging.getLogger(__name__)
SOURCE = "media"
HANDLE, WEBRTC, MEDIA, PLUGIN = 2, 16, 32, 64
VIDEOROOM = "janus.plugin.videoroom"


def _time(event: dict[str, Any], fallback: datetime) -> datetime:
    stamp = event.get("timestamp")
    return datetime.fromtimestamp(stamp / 1_000_000, UTC) if isinstance(stamp, int) else fallback


class Ingest:
    """One batch of events in one transaction."""

    def __init__(self, session: Session, runtime: MediaRuntime, bus: EventBus, now: datetime) -> None:
        self.session, self.runtime, self.bus, self.now = session, runtime, bus, now
        self.recorded: list[PresenceEntry] = []

    def handle_row(self, emitter: str, handle_id: Any) -> MediaHandle | None:
        if not isinstance(handle_id, int):
            return None
        # tenancy: Janus identifies handles, not institutions; the row carries its own
        statement = select(MediaHandle).where(
            MediaHandle.instance == emitter, MediaHandle.handle_id == handle_id
        )
        return self.session.exec(statement).first()

    def run(self, events: list[dict[str, Any]]) -> int:
        for event in events:
            try:
                self.one(event)
            except (KeyError, TypeError, ValueError) as error:
                log.warning("media: event not understood (%s): %s", error, str(event)[:300])
        self.session.flush()
        return len(self.recorded)

    def one(self, event: dict[str, Any]) -> None:
        kind, body = event.get("type"), event.get("event") or {}
        emitter = str(event.get("emitter", ""))
        at = _time(event, self.now)
        if kind == HANDLE and body.get("plugin") == VIDEOROOM:
            if body.get("name") == "attached":
                self.attached(emitter, event, body)
            elif body.get("name") == "detached":
                self.signal(self.handle_row(emitter, event.get("handle_id")), Signal.GONE, at)
        elif kind == WEBRTC and body.get("connection") == "hangup":
            self.signal(self.handle_row(emitter, event.get("handle_id")), Signal.GONE, at)
        elif kind == MEDIA:
            row = self.handle_row(emitter, event.get("handle_id"))
            if row is None or body.get("media") != "video":
                return
            if "receiving" in body:
                self.signal(row, Signal.VIDEO_IN if body["receiving"] else Signal.VIDEO_GONE, at)
            elif "bytes-sent-lastsec" in body and not row.publisher:
                self.signal(row, Signal.SENDING if body["bytes-sent-lastsec"] > 0 else Signal.IDLE, at)
        elif kind == PLUGIN and body.get("plugin") == VIDEOROOM:
            self.plugin(emitter, event, body.get("data") or {}, at)

    def attached(self, emitter: str, event: dict[str, Any], body: dict[str, Any]) -> None:
        token = body.get("token")
        if not token or self.handle_row(emitter, event.get("handle_id")) is not None:
            return
        # tenancy: the token Janus accepted names one grant, of whichever institution
        grant = self.session.exec(select(MediaGrant).where(MediaGrant.token == token)).first()
        if grant is None:
            return  # the app's own service token, or a grant already forgotten
        self.session.add(
            MediaHandle(
                institution_id=grant.institution_id,
                instance=emitter,
                handle_id=int(event["handle_id"]),
                grant_id=grant.id,
                lesson_id=grant.lesson_id,
                changed_at=self.now,
            )
        )
        self.session.flush()

    def plugin(self, emitter: str, event: dict[str, Any], data: dict[str, Any], at: datetime) -> None:
        name = data.get("event")
        if name in ("unpublished", "leaving") and isinstance(data.get("id"), int):
            for gone in self._by_feed(int(data["id"])):
                self.signal(gone, Signal.UNPUBLISHED if name == "unpublished" else Signal.GONE, at)
            return
        row = self.handle_row(emitter, event.get("handle_id"))
        if row is None:
            return
        grant = self.session.get(MediaGrant, row.grant_id)  # tenancy: the handle's own grant
        assert grant is not None
        if name == "joined" and isinstance(data.get("id"), int):
            self.joined(row, grant, int(data["id"]), str(data.get("display", "")))
        elif name == "published":
            from classroom.live.media.grants import PUBLISHES

            if row.stream not in PUBLISHES.get(grant.role, ()):
                log.warning("media: %s may not publish in lesson %s: kicked", grant.role, grant.lesson_id)
                self.kick(grant, int(data.get("id", row.feed or 0)))
                return
            for stream in data.get("streams") or []:
                if stream.get("type") == "audio":
                    row.audio_mid = str(stream.get("mid"))
                elif stream.get("type") == "video":
                    row.video_mid = str(stream.get("mid"))
            self.signal(row, Signal.PUBLISHED, at)
            self.enforce(row, grant)

    def _by_feed(self, feed: int) -> list[MediaHandle]:
        # tenancy: feed ids are random per grant; the rows carry their institution
        statement = select(MediaHandle).where(MediaHandle.feed == feed, col(MediaHandle.closed_at).is_(None))
        return list(self.session.exec(statement))

    def joined(self, row: MediaHandle, grant: MediaGrant, feed: int, display: str) -> None:
        from classroom.live.media.grants import display as expected

        stream = "camera" if feed == grant.camera_feed else "screen" if feed == grant.screen_feed else None
        if stream is None or display != expected(grant, stream):
            log.warning(
                "media: handle %s joined as feed %s (%r), not its grant's: kicked",
                row.handle_id,
                feed,
                display,
            )
            self.kick(grant, feed)
            return
        row.feed, row.stream, row.publisher = feed, stream, True
        self.session.add(row)

    def _room(self, grant: MediaGrant) -> MediaRoom | None:
        return find_room(self.session, grant.institution_id, grant.lesson_id)

    def kick(self, grant: MediaGrant, feed: int) -> None:
        room = self._room(grant)
        if room is None:
            return
        try:
            self.runtime.client(room.instance).kick(room.room, room.secret, feed)
        except JanusError as error:
            log.warning("media: kick of feed %s failed: %s", feed, error)

    def enforce(self, row: MediaHandle, grant: MediaGrant) -> None:
        """A trainee's microphone stays muted in Janus until the instructor gives the floor;
        the instructor's mutes hold when a feed is published again."""
        from classroom.live.media.moderation import apply_to_handle

        room = self._room(grant)
        if room is not None:
            apply_to_handle(self.runtime, room, grant, row)

    def signal(self, row: MediaHandle | None, signal: Signal, at: datetime) -> None:
        if row is None or row.closed_at is not None:
            return
        state = HandleState(row.publisher, row.publishing, row.camera, row.receiving)
        new, kinds = step(state, signal)
        row.publisher, row.publishing, row.camera, row.receiving = (
            new.publisher,
            new.publishing,
            new.camera,
            new.receiving,
        )
        if kinds:
            row.changed_at = at
        if signal is Signal.GONE:
            row.closed_at = self.now
        self.session.add(row)
        if kinds:
            grant = self.session.get(MediaGrant, row.grant_id)  # tenancy: the handle's own grant
            assert grant is not None
            for kind in kinds:
                self.record(grant, row, kind, at)

    def record(self, grant: MediaGrant, row: MediaHandle, kind: str, at: datetime) -> None:
        detail = {"stream": row.stream or "subscriber", "feed": row.feed, "handle": row.handle_id}
        entry = PresenceEntry(
            institution_id=grant.institution_id,
            lesson_id=grant.lesson_id,
            course_id=grant.course_id,
            user_id=grant.user_id,
            role=grant.role,
            source=SOURCE,
            kind=kind,
            at=at,
            recorded_at=self.now,
            connection_id=grant.connection_id,
            detail=json.dumps(detail),
        )
        record_presence(self.session, self.bus, entry)
        self.recorded.append(entry)


def ingest(
    session: Session, runtime: MediaRuntime, bus: EventBus, events: list[dict[str, Any]], now: datetime
) -> int:
    return Ingest(session, runtime, bus, now).run(events)


def camera_status(
    session: Session, institution_id: uuid.UUID, lesson_id: uuid.UUID
) -> dict[uuid.UUID, dict[str, Any]]:
    """Per participant holding a grant: camera on/off (or never published) and since when,
    whether they receive the lesson's media (the instructor's live view)."""
    from classroom.core.tenancy import scoped, tenant_system_principal

    principal = tenant_system_principal(institution_id)
    grants = session.exec(
        scoped(select(MediaGrant), principal).where(
            MediaGrant.lesson_id == lesson_id, col(MediaGrant.revoked_at).is_(None)
        )
    ).all()
    status: dict[uuid.UUID, dict[str, Any]] = {}
    for grant in grants:
        rows = session.exec(
            scoped(select(MediaHandle), principal, MediaHandle).where(MediaHandle.grant_id == grant.id)
        ).all()
        camera = [r for r in rows if r.stream == "camera"]
        live_camera = [r for r in camera if r.closed_at is None and r.publishing]
        last = max(camera, key=lambda r: r.changed_at, default=None)
        status[grant.user_id] = {
            "user_id": str(grant.user_id),
            "role": str(grant.role),
            "camera": "on" if any(r.camera for r in live_camera) else ("off" if camera else "none"),
            "since": None if last is None else last.changed_at.astimezone(UTC).isoformat(),
            "receiving": any(r.receiving and r.closed_at is None for r in rows),
            "feed": grant.camera_feed,
            "screen_feed": grant.screen_feed,
            "floor": grant.floor,
            "audio_muted": grant.audio_muted,
            "video_muted": grant.video_muted,
        }
    return status


def lost_with_janus(
    session: Session, runtime: MediaRuntime, bus: EventBus, room: MediaRoom, at: datetime, now: datetime
) -> int:
    """Janus had lost the room (it restarted): every handle of it is gone, as of `at` (when
    Janus was first seen down, or now). Returns how many handles were closed."""
    from classroom.core.tenancy import scoped, tenant_system_principal

    rows = session.exec(
        scoped(select(MediaHandle), tenant_system_principal(room.institution_id)).where(
            MediaHandle.lesson_id == room.lesson_id, col(MediaHandle.closed_at).is_(None)
        )
    ).all()
    ingest = Ingest(session, runtime, bus, now)
    for row in rows:
        ingest.signal(row, Signal.GONE, at)
    return len(rows)
