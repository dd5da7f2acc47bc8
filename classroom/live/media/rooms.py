"""Each live lesson's VideoRoom: placed on a Janus instance on first use (the least busy one
that answers), created on Janus with a random secret and the lesson's publisher limit,
re-created with its participants' tokens when Janus lost it (a restart), destroyed after the
lesson ends. The database is the truth; `reconcile` makes every Janus agree with it."""

from __future__ import annotations

import logging
import secrets
import uuid
from collections import Counter
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from classroom.core.tenancy import scoped, tenant_system_principal
from classroom.courses.models import Course, Lesson
from classroom.leases.quotas import institution_quota
from classroom.live.media.janus import Janus, JanusError, JanusUnavailable
from classroom.live.media.models import MediaGrant, MediaRoom
from classroom.live.media.rules.presence import publishers_limit
from classroom.live.media.runtime import MediaRuntime
from classroom.live.models import LiveRoom

log = logging.getLogger(__name__)


def janus_id() -> int:
    """Room and feed ids: random, below 2^53 (exact in browsers' numbers), never small."""
    return (1 << 40) | secrets.randbits(52)


def find_room(session: Session, institution_id: uuid.UUID, lesson_id: uuid.UUID) -> MediaRoom | None:
    statement = scoped(select(MediaRoom), tenant_system_principal(institution_id)).where(
        MediaRoom.lesson_id == lesson_id
    )
    return session.exec(statement).first()


def _instructors(course: Course, lesson: Lesson) -> int:
    del course, lesson
    return 1


def _publishers(session: Session, lesson: Lesson, now: datetime) -> int:
    course = session.get(Course, lesson.course_id)  # tenancy: the lesson's own course
    assert course is not None
    quota = institution_quota(session, lesson.institution_id, now.date())
    return publishers_limit(course.capacity, quota.live_seats, _instructors(course, lesson))


def _pick_instance(session: Session, runtime: MediaRuntime) -> str:
    """The instance with the fewest open rooms among those answering (any, when none does)."""
    # tenancy: placement counts every institution's rooms per Janus instance
    counts = Counter(
        dict(
            session.exec(
                select(MediaRoom.instance, func.count())
                .where(col(MediaRoom.destroyed_at).is_(None))
                .group_by(col(MediaRoom.instance))
            ).all()
        )
    )
    urls = [i.url for i in runtime.instances]
    answering = [u for u in urls if runtime.up(u)] or urls
    return min(answering, key=lambda url: (counts[url], urls.index(url)))


def place(session: Session, runtime: MediaRuntime, lesson: Lesson, now: datetime) -> MediaRoom:
    """The lesson's room row (created on first use), locked for this transaction."""
    room = find_room(session, lesson.institution_id, lesson.id)
    if room is None:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(
            insert(MediaRoom)
            .values(
                lesson_id=lesson.id,
                institution_id=lesson.institution_id,
                course_id=lesson.course_id,
                instance=_pick_instance(session, runtime),
                room=janus_id(),
                secret=secrets.token_urlsafe(24),
                publishers=_publishers(session, lesson, now),
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["lesson_id"])
        )
    statement = (
        scoped(select(MediaRoom), tenant_system_principal(lesson.institution_id))
        .where(MediaRoom.lesson_id == lesson.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.exec(statement).one()


def active_grants(session: Session, room: MediaRoom) -> list[MediaGrant]:
    statement = scoped(select(MediaGrant), tenant_system_principal(room.institution_id)).where(
        MediaGrant.lesson_id == room.lesson_id, col(MediaGrant.revoked_at).is_(None)
    )
    return list(session.exec(statement))


def open_on_janus(janus: Janus, room: MediaRoom, tokens: list[str]) -> bool:
    """Make sure Janus has the room; when it had to be created (first use, or Janus forgot it
    in a restart) every token in `tokens` is given to Janus again. True when created."""
    created = janus.create_room(
        room.room,
        secret=room.secret,
        publishers=room.publishers,
        allowed=tokens,
        description=f"lesson {room.lesson_id}",
    )
    if created:
        for token in tokens:
            janus.add_token(token)
    return created


def forget_handles(session: Session, runtime: MediaRuntime, room: MediaRoom, now: datetime) -> None:
    """The room was (re)created on Janus: handles the app still thought open are gone."""
    from classroom.live.media.presence import lost_with_janus

    at = runtime.down_since.get(room.instance) or now
    lost_with_janus(session, runtime, runtime.app.state.events, room, at, now)


def close_room(session: Session, runtime: MediaRuntime, room: MediaRoom, now: datetime) -> None:
    """The lesson ended: revoke what is left and destroy the room (reconciliation finishes the
    job when Janus does not answer now)."""
    grants = active_grants(session, room)
    for grant in grants:
        grant.revoked_at, grant.revoked_kind = now, "ended"
        session.add(grant)
    room.destroyed_at = now
    session.add(room)
    try:
        janus = runtime.client(room.instance)
        janus.destroy_room(room.room, room.secret)
        for grant in grants:
            janus.remove_token(grant.token)
    except JanusError as error:
        runtime.failed(room.instance) if isinstance(error, JanusUnavailable) else None
        log.warning("media: destroying room %s deferred: %s", room.room, error)


def reconcile(session: Session, runtime: MediaRuntime, now: datetime) -> dict[str, int]:
    """Make every Janus agree with the database: rooms of lessons that ended are closed, rooms
    Janus lost come back with their tokens, rooms and tokens the app does not know (left over
    after a crash) are removed. Returns counts of what changed."""
    changed: Counter[str] = Counter()
    # tenancy: housekeeping over every institution's rooms on the configured instances
    rooms = list(session.exec(select(MediaRoom).where(col(MediaRoom.destroyed_at).is_(None))))
    for room in rooms:
        lesson = session.get(Lesson, room.lesson_id)  # tenancy: the room's own lesson
        live = session.get(LiveRoom, room.lesson_id)  # tenancy: the lesson's own live room
        if lesson is None or lesson.ends_at <= now or (live is not None and live.ended_at is not None):
            close_room(session, runtime, room, now)
            changed["closed"] += 1
    grants = list(
        session.exec(
            select(MediaGrant, MediaRoom)  # tenancy: housekeeping over every institution's grants
            .join(MediaRoom, col(MediaRoom.lesson_id) == col(MediaGrant.lesson_id))
            .where(col(MediaGrant.revoked_at).is_(None), col(MediaRoom.destroyed_at).is_(None))
        ).all()
    )
    for instance in runtime.instances:
        try:
            janus = runtime.client(instance.url)
            mine = [r for r in rooms if r.instance == instance.url and r.destroyed_at is None]
            tokens = {g.token: r.lesson_id for g, r in grants if r.instance == instance.url}
            for room in mine:
                wanted = [t for t, lesson_id in tokens.items() if lesson_id == room.lesson_id]
                if open_on_janus(janus, room, wanted):
                    changed["recreated"] += 1
                    forget_handles(session, runtime, room, now)
            known_rooms = {r.room for r in mine}
            for listed in janus.list_rooms():
                if listed["room"] in known_rooms:
                    continue
                # tenancy: by Janus room id, any institution's
                stale = session.exec(select(MediaRoom).where(MediaRoom.room == listed["room"])).first()
                if stale is None:  # not ours: another app shares this Janus, or rows were lost
                    log.warning("media: room %s on %s is unknown; left alone", listed["room"], instance.url)
                    continue
                janus.destroy_room(stale.room, stale.secret)
                changed["destroyed"] += 1
            for token in janus.list_tokens():
                if token != runtime.service_token and token not in tokens:
                    janus.remove_token(token)
                    changed["tokens_removed"] += 1
            runtime.recovered(instance.url)
        except JanusUnavailable as error:
            runtime.failed(instance.url)
            log.info("media: %s is not answering: %s", instance.url, error)
        except JanusError as error:
            log.warning("media: reconciling %s: %s", instance.url, error)
    session.flush()
    return dict(changed)
