"""Content items and their versions: listing, renaming, soft delete, restore, purge, and the
links between VOD lessons and items.

Versions are created only by a finished upload (`uploads.finish`) or the demo; replacing a
file adds a version and moves the item's pointer, so progress stays with the version watched.
Soft delete hides the item at once; its bytes stay (and count against the quota) until it is
purged, by staff or by `classroom content gc` after `purge_after_days`. A purge deletes the
objects after the commit and keeps the rows: viewing evidence refers to them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from classroom.core.clock import Clock
from classroom.core.errors import Conflict, NotFound
from classroom.core.events import DomainEvent, EventBus, publish_on_commit
from classroom.core.tenancy import Principal, scoped, tenant_system_principal
from classroom.courses.models import Course, Lesson
from classroom.courses.rules.kinds import LessonMode
from classroom.jobs import service as jobs
from content import access
from content.models import ContentItem, ContentVersion, LessonContent, Upload, ViewingProgress
from content.rules.kinds import ContentKind, ProbeStatus, UploadStatus

PROCESS_JOB = "content.process"
PURGED = "content.purged"  # after commit: delete the objects named in the payload
CHANGED = "content.changed"  # after commit: forget cached stream grants of the item


@dataclass(frozen=True)
class ItemView:
    item: ContentItem
    version: ContentVersion | None
    lesson_ids: list[uuid.UUID]
    versions: int


def _versions_of(
    session: Session, principal: Principal, content_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    if not content_ids:
        return {}
    statement = (
        scoped(select(ContentVersion.content_id, func.count()), principal, ContentVersion)
        .where(col(ContentVersion.content_id).in_(content_ids))
        .group_by(col(ContentVersion.content_id))
    )
    return {content_id: int(count) for content_id, count in session.exec(statement)}


def lesson_links(
    session: Session, principal: Principal, content_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    found: dict[uuid.UUID, list[uuid.UUID]] = {}
    if not content_ids:
        return found
    statement = (
        scoped(select(LessonContent), principal)
        .where(col(LessonContent.content_id).in_(content_ids))
        .order_by(col(LessonContent.position))
    )
    for link in session.exec(statement):
        found.setdefault(link.content_id, []).append(link.lesson_id)
    return found


def views(session: Session, principal: Principal, items: Sequence[ContentItem]) -> list[ItemView]:
    ids = [item.id for item in items]
    version_ids = [item.current_version_id for item in items if item.current_version_id]
    current: dict[uuid.UUID, ContentVersion] = {}
    if version_ids:
        statement = scoped(select(ContentVersion), principal).where(col(ContentVersion.id).in_(version_ids))
        current = {v.id: v for v in session.exec(statement)}
    counts = _versions_of(session, principal, ids)
    links = lesson_links(session, principal, ids)
    return [
        ItemView(
            item,
            current.get(item.current_version_id) if item.current_version_id else None,
            links.get(item.id, []),
            counts.get(item.id, 0),
        )
        for item in items
    ]


def course_items(
    session: Session, principal: Principal, course: Course, *, include_deleted: bool = False
) -> list[ItemView]:
    statement = (
        access.readable(
            select(ContentItem), principal, include_deleted=include_deleted
        )  # tenancy: scoped inside
        .where(ContentItem.course_id == course.id, col(ContentItem.purged_at).is_(None))
        .order_by(col(ContentItem.created_at), col(ContentItem.title))
    )
    return views(session, principal, list(session.exec(statement)))


def view(session: Session, principal: Principal, item: ContentItem) -> ItemView:
    return views(session, principal, [item])[0]


def current_version(session: Session, principal: Principal, item: ContentItem) -> ContentVersion:
    if item.current_version_id is None:
        raise NotFound("content.no_version", code="no_version")
    version = session.exec(
        scoped(select(ContentVersion), principal).where(ContentVersion.id == item.current_version_id)
    ).first()
    if version is None or version.purged_at is not None:
        raise NotFound("content.purged", code="purged")
    return version


def versions(session: Session, principal: Principal, item: ContentItem) -> list[ContentVersion]:
    statement = (
        scoped(select(ContentVersion), principal)
        .where(ContentVersion.content_id == item.id)
        .order_by(col(ContentVersion.number).desc())
    )
    return list(session.exec(statement))


def _writable(session: Session, principal: Principal, item: ContentItem) -> Course:
    course = access.course_of(session, principal, item)
    access.require_writer(session, principal, course)
    return course


def _changed(session: Session, events: EventBus, item: ContentItem) -> None:
    publish_on_commit(session, events, DomainEvent(CHANGED, {"content_id": str(item.id)}))


def rename(
    session: Session, clock: Clock, events: EventBus, principal: Principal, item: ContentItem, title: str
) -> ContentItem:
    _writable(session, principal, item)
    item.title = title
    item.updated_at = clock.now()
    session.add(item)
    session.flush()
    return item


def soft_delete(
    session: Session, clock: Clock, events: EventBus, principal: Principal, item: ContentItem
) -> ContentItem:
    _writable(session, principal, item)
    if item.deleted_at is None:
        item.deleted_at = clock.now()
        item.deleted_by = principal.user_id
        item.updated_at = item.deleted_at
        session.add(item)
        session.flush()
        _changed(session, events, item)
    return item


def restore(
    session: Session, clock: Clock, events: EventBus, principal: Principal, item: ContentItem
) -> ContentItem:
    _writable(session, principal, item)
    if item.purged_at is not None:
        raise Conflict("content.purged", code="purged")
    item.deleted_at = None
    item.deleted_by = None
    item.updated_at = clock.now()
    session.add(item)
    session.flush()
    _changed(session, events, item)
    return item


def purge_rows(session: Session, clock: Clock, events: EventBus, item: ContentItem, system: Principal) -> int:
    """Mark the item and its versions purged; the objects go after the commit. Returns bytes freed."""
    now = clock.now()
    keys: list[str] = []
    freed = 0
    for version in versions(session, system, item):
        if version.purged_at is None:
            version.purged_at = now
            keys.append(version.storage_key)
            if version.poster_key:
                keys.append(version.poster_key)
            freed += version.size_bytes
            session.add(version)
    item.purged_at = now
    item.updated_at = now
    session.add(item)
    session.flush()
    publish_on_commit(session, events, DomainEvent(PURGED, {"content_id": str(item.id), "keys": keys}))
    _changed(session, events, item)
    return freed


def purge(session: Session, clock: Clock, events: EventBus, principal: Principal, item: ContentItem) -> int:
    _writable(session, principal, item)
    if item.deleted_at is None:
        raise Conflict("content.not_deleted", code="not_deleted")
    return purge_rows(session, clock, events, item, principal)


@dataclass(frozen=True)
class Added:
    item: ContentItem
    version: ContentVersion


def add_version(
    session: Session,
    clock: Clock,
    events: EventBus,
    system: Principal,
    *,
    course_id: uuid.UUID,
    content_id: uuid.UUID,
    version_id: uuid.UUID,
    title: str,
    created_by: uuid.UUID | None,
    storage_key: str,
    size: int,
    media_type: str,
    kind: ContentKind,
    filename: str,
    sha256: str | None,
) -> Added:
    """Stored bytes become the current version of an item (created when `content_id` is new);
    the processing job is queued for the hash (when unknown) and the media facts."""
    now = clock.now()
    institution_id = system.require_institution()
    item = session.exec(scoped(select(ContentItem), system).where(ContentItem.id == content_id)).first()
    if item is None:
        item = ContentItem(
            id=content_id,
            institution_id=institution_id,
            course_id=course_id,
            title=title,
            kind=kind,
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )
        session.add(item)
        session.flush()
    last = session.exec(
        scoped(select(func.max(ContentVersion.number)), system, ContentVersion).where(
            ContentVersion.content_id == item.id
        )
    ).one()
    version = ContentVersion(
        id=version_id,
        institution_id=institution_id,
        content_id=item.id,
        number=(last or 0) + 1,
        storage_key=storage_key,
        size_bytes=size,
        media_type=media_type,
        filename=filename,
        sha256=sha256,
        probe_status=ProbeStatus.PENDING if kind.playable else ProbeStatus.SKIPPED,
        created_by=created_by,
        created_at=now,
    )
    session.add(version)
    session.flush()
    item.current_version_id = version.id
    item.kind = kind
    item.updated_at = now
    session.add(item)
    session.flush()
    if sha256 is None or kind.playable:
        jobs.submit(
            session,
            clock,
            events,
            None,
            PROCESS_JOB,
            {"version_id": str(version.id)},
            institution_id=institution_id,
        )
    _changed(session, events, item)
    return Added(item, version)


# --- lessons -------------------------------------------------------------------------------


def attach(session: Session, principal: Principal, item: ContentItem, lesson: Lesson) -> LessonContent:
    _writable(session, principal, item)
    if lesson.mode is not LessonMode.VOD or lesson.course_id != item.course_id:
        raise Conflict("content.lesson_not_vod", code="lesson_not_vod")
    existing = session.exec(
        scoped(select(LessonContent), principal).where(
            LessonContent.lesson_id == lesson.id, LessonContent.content_id == item.id
        )
    ).first()
    if existing is not None:
        return existing
    last = session.exec(
        scoped(select(func.max(LessonContent.position)), principal, LessonContent).where(
            LessonContent.lesson_id == lesson.id
        )
    ).one()
    link = LessonContent(
        institution_id=item.institution_id,
        lesson_id=lesson.id,
        content_id=item.id,
        position=(last + 1) if last is not None else 0,
    )
    session.add(link)
    session.flush()
    return link


def detach(session: Session, principal: Principal, item: ContentItem, lesson: Lesson) -> None:
    _writable(session, principal, item)
    link = session.exec(
        scoped(select(LessonContent), principal).where(
            LessonContent.lesson_id == lesson.id, LessonContent.content_id == item.id
        )
    ).first()
    if link is not None:
        session.delete(link)
        session.flush()


def lesson_items(
    session: Session, principal: Principal, lesson_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ContentItem]]:
    """Readable, not deleted items of each lesson, in order."""
    found: dict[uuid.UUID, list[ContentItem]] = {}
    if not lesson_ids:
        return found
    statement = (
        access.readable(select(LessonContent, ContentItem), principal)  # tenancy: scoped inside
        .join(LessonContent, col(LessonContent.content_id) == col(ContentItem.id))
        .where(col(LessonContent.lesson_id).in_(lesson_ids))
        .order_by(col(LessonContent.position))
    )
    for link, item in session.exec(statement):
        found.setdefault(link.lesson_id, []).append(item)
    return found


# --- quota ---------------------------------------------------------------------------------


def stored_bytes(session: Session, institution_id: uuid.UUID) -> int:
    """Bytes that count against the storage quota: every version not purged (soft-deleted items
    included) plus the reservations of uploads in flight."""
    system = tenant_system_principal(institution_id)
    versions_total = session.exec(
        scoped(select(func.coalesce(func.sum(ContentVersion.size_bytes), 0)), system, ContentVersion).where(
            col(ContentVersion.purged_at).is_(None)
        )
    ).one()
    reserved = session.exec(
        scoped(select(func.coalesce(func.sum(Upload.reserved_bytes), 0)), system, Upload).where(
            Upload.status == UploadStatus.ACTIVE
        )
    ).one()
    return int(versions_total) + int(reserved)


def progress_of(
    session: Session, principal: Principal, trainee_id: uuid.UUID, version_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ViewingProgress]:
    if not version_ids:
        return {}
    statement = scoped(select(ViewingProgress), principal).where(
        ViewingProgress.trainee_id == trainee_id, col(ViewingProgress.version_id).in_(version_ids)
    )
    return {p.version_id: p for p in session.exec(statement)}


def due_for_purge(session: Session, before: datetime) -> list[ContentItem]:
    # tenancy: housekeeping over every institution's deleted items (gc job / command)
    statement = select(ContentItem).where(
        col(ContentItem.deleted_at).is_not(None),
        col(ContentItem.deleted_at) < before,
        col(ContentItem.purged_at).is_(None),
    )
    return list(session.exec(statement))
