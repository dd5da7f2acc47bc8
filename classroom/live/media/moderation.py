"""The instructor's control of participants' media, enforced by Janus (VideoRoom `moderate`):
the floor (a trainee's microphone is muted in Janus until they are given it), muting a
participant's audio or video. The participant's page hears about it as a room event
(`media`, to them alone) and shows it."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlmodel import Session, col, select

from classroom.core.errors import NotFound
from classroom.core.events import EventBus
from classroom.core.roles import Role
from classroom.core.tenancy import scoped, tenant_system_principal
from classroom.courses.models import Lesson
from classroom.live.media.grants import grant_of
from classroom.live.media.janus import JanusError, JanusUnavailable
from classroom.live.media.models import MediaGrant, MediaHandle, MediaRoom
from classroom.live.media.rooms import find_room
from classroom.live.media.runtime import MediaRuntime
from classroom.live.room import emit, lock_existing_room

log = logging.getLogger(__name__)


def mic_muted(grant: MediaGrant) -> bool:
    return grant.audio_muted or (grant.role is Role.TRAINEE and not grant.floor)


def apply_to_handle(runtime: MediaRuntime, room: MediaRoom, grant: MediaGrant, row: MediaHandle) -> None:
    if row.feed is None:
        return
    try:
        janus = runtime.client(room.instance)
        if row.audio_mid is not None:
            janus.moderate(room.room, room.secret, row.feed, row.audio_mid, mic_muted(grant))
        if row.video_mid is not None:
            janus.moderate(room.room, room.secret, row.feed, row.video_mid, grant.video_muted)
    except JanusError as error:
        if isinstance(error, JanusUnavailable):
            runtime.failed(room.instance)
        log.warning("media: moderating feed %s failed: %s", row.feed, error)


def moderate(
    session: Session,
    runtime: MediaRuntime,
    bus: EventBus,
    lesson: Lesson,
    user_id: uuid.UUID,
    now: datetime,
    *,
    floor: bool | None = None,
    audio_muted: bool | None = None,
    video_muted: bool | None = None,
) -> MediaGrant:
    grant = grant_of(session, lesson.institution_id, lesson.id, user_id)
    room = find_room(session, lesson.institution_id, lesson.id)
    if grant is None or room is None:
        raise NotFound()
    if floor is not None:
        grant.floor = floor
    if audio_muted is not None:
        grant.audio_muted = audio_muted
    if video_muted is not None:
        grant.video_muted = video_muted
    session.add(grant)
    handles = session.exec(
        scoped(select(MediaHandle), tenant_system_principal(lesson.institution_id)).where(
            MediaHandle.grant_id == grant.id, col(MediaHandle.closed_at).is_(None), col(MediaHandle.publisher)
        )
    ).all()
    for row in handles:
        apply_to_handle(runtime, room, grant, row)
    live_room = lock_existing_room(session, lesson.institution_id, lesson.id)
    data = {
        "user_id": str(user_id),
        "floor": grant.floor,
        "audio_muted": grant.audio_muted,
        "video_muted": grant.video_muted,
        "audio": not mic_muted(grant),
    }
    emit(session, bus, live_room, "media", data, now, audience=str(user_id))
    session.flush()
    return grant
