"""Participants' access to a lesson's VideoRoom, enforced by Janus itself.

When the live room admits someone (`classroom.live.hooks.on_admit`, inside the admitting
transaction) they get a grant: a random token that Janus's core accepts (`add_token`, Admin
API) and the room lists as `allowed`, plus the feed ids they may publish as. The token is
useless for another room, and it is removed from both when they leave, are removed (their
feeds are kicked too) or the lesson ends. Nothing else secret reaches the browser."""

from __future__ import annotations

import logging
import secrets
import time
import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from classroom.core.roles import Role
from classroom.core.tenancy import Principal, scoped, tenant_system_principal
from classroom.courses.models import Lesson
from classroom.live.media.janus import JanusError, JanusUnavailable
from classroom.live.media.models import MediaGrant, MediaRoom
from classroom.live.media.rooms import (
    active_grants,
    close_room,
    find_room,
    forget_handles,
    janus_id,
    open_on_janus,
    place,
)
from classroom.live.media.runtime import MediaRuntime
from classroom.live.models import LiveConnection

log = logging.getLogger(__name__)
PUBLISHES = {Role.INSTRUCTOR: ("camera", "screen"), Role.TRAINEE: ("camera",)}


def display(grant: MediaGrant, stream: str) -> str:
    """The feed's display in the room: who and which stream (checked against the grant)."""
    return f"{grant.role}:{grant.user_id}:{stream}"


def grant_of(
    session: Session, institution_id: uuid.UUID, lesson_id: uuid.UUID, user_id: uuid.UUID
) -> MediaGrant | None:
    statement = scoped(select(MediaGrant), tenant_system_principal(institution_id)).where(
        MediaGrant.lesson_id == lesson_id,
        MediaGrant.user_id == user_id,
        col(MediaGrant.revoked_at).is_(None),
    )
    return session.exec(statement).first()


def _new_grant(lesson: Lesson, principal: Principal, now: datetime) -> MediaGrant:
    streams = PUBLISHES.get(principal.role, ())
    return MediaGrant(
        institution_id=lesson.institution_id,
        lesson_id=lesson.id,
        course_id=lesson.course_id,
        user_id=principal.user_id,
        role=principal.role,
        token=secrets.token_urlsafe(32),
        # Everyone joins the room with an id of their own (subscriptions need the private id of
        # a joined handle); only those whose role publishes may send media on it.
        camera_feed=janus_id(),
        screen_feed=janus_id() if "screen" in streams else None,
        issued_at=now,
    )


def view(
    runtime: MediaRuntime, room: MediaRoom, grant: MediaGrant, available: bool, reason: str | None = None
) -> dict[str, Any]:
    """What the participant's page needs: their own token, the room, their feeds."""
    instance = runtime.instance(room.instance)
    return {
        "available": available,
        "reason": reason,
        "server": instance.public_url if instance else None,
        "ice_servers": runtime.settings.ice(str(grant.user_id), time.time()),
        "room": room.room,
        "token": grant.token,
        "role": str(grant.role),
        "user_id": str(grant.user_id),
        "feeds": {"camera": grant.camera_feed, "screen": grant.screen_feed},
        "publishes": list(PUBLISHES.get(grant.role, ())),
        "displays": {s: display(grant, s) for s in ("camera", "screen")},
        "audio": grant.role is Role.INSTRUCTOR or (grant.floor and not grant.audio_muted),
        "floor": grant.floor,
        "audio_muted": grant.audio_muted,
        "video_muted": grant.video_muted,
        "grant_url": f"/api/v1/lessons/{room.lesson_id}/live/media",
        "status_url": None
        if grant.role is Role.TRAINEE
        else f"/api/v1/lessons/{room.lesson_id}/live/media/status",
    }


def issue(
    session: Session,
    runtime: MediaRuntime,
    principal: Principal,
    lesson: Lesson,
    connection_id: uuid.UUID,
    now: datetime,
) -> dict[str, Any]:
    """The participant's grant (kept across reconnects), given to Janus; the page's view."""
    room = place(session, runtime, lesson, now)
    grant = grant_of(session, lesson.institution_id, lesson.id, principal.user_id)
    if grant is None:
        grant = _new_grant(lesson, principal, now)
    grant.connection_id = connection_id
    session.add(grant)
    session.flush()
    if room.destroyed_at is not None:
        return view(runtime, room, grant, False, "ended")
    try:
        janus = runtime.client(room.instance)
        if open_on_janus(janus, room, [g.token for g in active_grants(session, room)]):
            forget_handles(session, runtime, room, now)
        else:
            janus.add_token(grant.token)
            janus.allow(room.room, room.secret, [grant.token])
        runtime.recovered(room.instance)
    except JanusError as error:
        if isinstance(error, JanusUnavailable):
            runtime.failed(room.instance)
        log.warning("media: no media for %s in lesson %s: %s", principal.user_id, lesson.id, error)
        return view(runtime, room, grant, False, "unavailable")
    return view(runtime, room, grant, True)


def revoke(session: Session, runtime: MediaRuntime, grant: MediaGrant, kind: str, now: datetime) -> None:
    """Take the grant back: Janus forgets the token and, on removal, kicks the feeds."""
    grant.revoked_at, grant.revoked_kind = now, kind
    session.add(grant)
    room = find_room(session, grant.institution_id, grant.lesson_id)
    if room is None or room.destroyed_at is not None:
        return
    try:
        janus = runtime.client(room.instance)
        janus.remove_token(grant.token)
        janus.allow(room.room, room.secret, [grant.token], add=False)
        for feed in (grant.camera_feed, grant.screen_feed):
            if feed is not None:
                janus.kick(room.room, room.secret, feed)
    except JanusError as error:  # reconciliation removes the token when Janus answers again
        if isinstance(error, JanusUnavailable):
            runtime.failed(room.instance)
        log.warning("media: revoking a token of lesson %s deferred: %s", grant.lesson_id, error)


# --- the live room's hooks ----------------------------------------------------------------------
def on_admit(
    session: Session, principal: Principal, lesson: Lesson, connection: LiveConnection | None
) -> dict[str, Any] | None:
    runtime = MediaRuntime.for_engine(session.get_bind())
    if runtime is None or connection is None:
        return None
    return issue(session, runtime, principal, lesson, connection.id, runtime.app.state.clock.now())


def on_depart(session: Session, connection: LiveConnection, kind: str) -> None:
    runtime = MediaRuntime.for_engine(session.get_bind())
    if runtime is None:
        return
    now = runtime.app.state.clock.now()
    if kind == "ended":
        room = find_room(session, connection.institution_id, connection.lesson_id)
        if room is not None and room.destroyed_at is None:
            close_room(session, runtime, room, now)
        return
    grant = grant_of(session, connection.institution_id, connection.lesson_id, connection.user_id)
    if grant is not None and grant.connection_id in (None, connection.id):
        revoke(session, runtime, grant, kind, now)
