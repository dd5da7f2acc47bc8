"""Uploads in flight (the tus protocol's resources), from creation to a stored content version.

Contract:
- Creation checks everything that can be checked before a byte arrives: who may add content to
  the course, the size limit, and the institution's storage quota, which is reserved for the
  whole declared length through the lock-then-check quota API (`leases.quotas.ensure_storage`).
- Each PATCH first re-checks (`begin_patch`): the upload is still active and not expired, the
  offset is the one stored, and the reservation still fits the quota (leases can end during a
  long upload; if it no longer fits, the upload is cancelled and the reservation released).
- The first bytes decide the type (`rules.magic.sniff`) before anything is written.
- `record` stores the new offset and the store's resumable state after the bytes are durable.
- `finish` turns a complete upload into a content version (a new item or a new version of an
  existing one) in one transaction, releases the reservation (the version's size now counts)
  and queues the processing job (hash if needed, duration, poster frame).
- Cancelled, refused and expired uploads release their reservation; their partial bytes are
  deleted after the commit (`DROPPED`). Nothing of an unfinished upload ever shows as content.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from classroom.core.clock import Clock, seoul_date
from classroom.core.errors import ClassroomError, Conflict, NotFound, PayloadTooLarge, ValidationFailed
from classroom.core.events import DomainEvent, EventBus, publish_on_commit
from classroom.core.tenancy import Principal, parse_id, scoped, tenant_system_principal
from classroom.courses import access as course_access
from classroom.leases import quotas
from content import access, items
from content.models import ContentItem, Upload
from content.rules.kinds import ContentKind, UploadStatus
from content.rules.magic import Sniffed
from content.settings import GIB, ContentSettings
from content.storage import State

DROPPED = "content.upload_dropped"  # after commit: abort the multipart state and delete the key


def parse_metadata(header: str | None) -> dict[str, str]:
    """tus Upload-Metadata: comma-separated `key base64value` pairs (a value may be absent)."""
    found: dict[str, str] = {}
    for pair in (header or "").split(","):
        pair = pair.strip()
        if not pair:
            continue
        key, _, value = pair.partition(" ")
        try:
            found[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError):
            raise _metadata_error(key) from None
    return found


def _metadata_error(field: str) -> ValidationFailed:
    return ValidationFailed("upload.metadata", code="upload_metadata", params={"field": field})


def _clean_name(value: str) -> str:
    # Browsers send bare names; keep only the last path segment and no control characters.
    name = value.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip()[:255]


def create(
    session: Session,
    clock: Clock,
    principal: Principal,
    settings: ContentSettings,
    *,
    length: int,
    metadata: dict[str, str],
) -> Upload:
    filename = _clean_name(metadata.get("filename", ""))
    if not filename:
        raise _metadata_error("filename")
    if "course_id" not in metadata:
        raise _metadata_error("course_id")
    course = course_access.get_course(session, principal, metadata["course_id"])
    access.require_writer(session, principal, course)
    replaces: ContentItem | None = None
    if metadata.get("content_id"):
        replaces = access.get_item(session, principal, metadata["content_id"])
        if replaces.course_id != course.id:
            raise NotFound()
    if length > settings.max_upload_bytes:
        raise PayloadTooLarge(
            "upload.too_large", code="upload_too_large", params={"limit_gb": settings.max_upload_bytes / GIB}
        )
    now = clock.now()
    institution_id = course.institution_id
    quotas.ensure_storage(
        session,
        institution_id,
        length,
        used=lambda: items.stored_bytes(session, institution_id),
        on=seoul_date(now),
    )
    content_id = replaces.id if replaces else uuid.uuid4()
    version_id = uuid.uuid4()
    title = (metadata.get("title") or "").strip()[:200] or (replaces.title if replaces else filename[:200])
    upload = Upload(
        institution_id=institution_id,
        course_id=course.id,
        content_id=content_id,
        version_id=version_id,
        new_item=replaces is None,
        created_by=principal.user_id,
        filename=filename,
        title=title,
        length=length,
        reserved_bytes=length,
        storage_key=f"{institution_id}/{content_id}/{version_id}",
        metadata_={
            k: v for k, v in metadata.items() if k in ("filename", "course_id", "content_id", "title")
        },
        created_at=now,
        updated_at=now,
        expires_at=now + timedelta(hours=settings.upload_expiry_hours),
    )
    session.add(upload)
    session.flush()
    return upload


def get_upload(session: Session, principal: Principal, upload_id: object) -> Upload:
    """Only the person who started an upload may see or continue it (others: 404)."""
    statement = scoped(select(Upload), principal).where(
        Upload.id == parse_id(upload_id), Upload.created_by == principal.user_id
    )
    upload = session.exec(statement).first()
    if upload is None:
        raise NotFound()
    return upload


def _drop(session: Session, events: EventBus, upload: Upload, status: UploadStatus, clock: Clock) -> None:
    upload.status = status
    upload.reserved_bytes = 0
    upload.finished_at = clock.now()
    upload.updated_at = upload.finished_at
    session.add(upload)
    session.flush()
    publish_on_commit(
        session,
        events,
        DomainEvent(DROPPED, {"key": upload.storage_key, "state": dict(upload.store_state)}),
    )


class Gone(ClassroomError):
    status, code, message_key = 410, "upload_gone", "upload.finished"


def refuse(
    session: Session, clock: Clock, events: EventBus, upload: Upload, reason: str, status: int = 415
) -> ClassroomError:
    """Refuse the upload for good (type, container, quota): reservation released, bytes dropped."""
    upload.refusal = reason
    _drop(session, events, upload, UploadStatus.REFUSED, clock)
    return ClassroomError(reason, code=reason.replace(".", "_"), status=status)


def begin_patch(
    session: Session, clock: Clock, events: EventBus, upload: Upload, offset: int
) -> ClassroomError | None:
    """The checks before a PATCH's bytes are accepted; a refusal that changed the upload
    (expired, quota lost) is returned rather than raised so the change is committed."""
    session.refresh(upload, with_for_update=True)
    now = clock.now()
    if upload.status is not UploadStatus.ACTIVE:
        raise Gone()
    if upload.expires_at <= now:
        _drop(session, events, upload, UploadStatus.EXPIRED, clock)
        return Gone()
    if offset != upload.received:
        raise Conflict("upload.offset_mismatch", code="offset_mismatch", params={"offset": upload.received})
    institution_id = upload.institution_id
    try:
        quotas.ensure_storage(
            session,
            institution_id,
            0,
            used=lambda: items.stored_bytes(session, institution_id),
            on=seoul_date(now),
        )
    except PayloadTooLarge:
        return refuse(session, clock, events, upload, "upload.quota_lost", status=413)
    return None


def save_state(session: Session, upload: Upload, state: State) -> None:
    upload.store_state = dict(state)
    session.add(upload)
    session.flush()


def record(
    session: Session,
    clock: Clock,
    settings: ContentSettings,
    upload: Upload,
    *,
    state: State,
    received: int,
    sniffed: Sniffed | None,
    hash_lost: bool,
) -> Upload:
    session.refresh(upload, with_for_update=True)
    now = clock.now()
    upload.store_state = dict(state)
    upload.received = received
    if sniffed is not None:
        upload.kind = sniffed.kind
        upload.media_type = sniffed.media_type
    upload.sha256_pending = upload.sha256_pending or hash_lost
    upload.updated_at = now
    upload.expires_at = now + timedelta(hours=settings.upload_expiry_hours)
    session.add(upload)
    session.flush()
    return upload


def finish(
    session: Session,
    clock: Clock,
    events: EventBus,
    upload: Upload,
    *,
    size: int,
    media_type: str,
    kind: ContentKind,
    sha256: str | None,
) -> items.Added:
    session.refresh(upload, with_for_update=True)
    added = items.add_version(
        session,
        clock,
        events,
        tenant_system_principal(upload.institution_id),
        course_id=upload.course_id,
        content_id=upload.content_id,
        version_id=upload.version_id,
        title=upload.title,
        created_by=upload.created_by,
        storage_key=upload.storage_key,
        size=size,
        media_type=media_type,
        kind=kind,
        filename=upload.filename,
        sha256=sha256,
    )
    upload.status = UploadStatus.COMPLETE
    upload.reserved_bytes = 0
    upload.finished_at = clock.now()
    upload.updated_at = upload.finished_at
    session.add(upload)
    session.flush()
    return added


def terminate(session: Session, clock: Clock, events: EventBus, upload: Upload) -> None:
    session.refresh(upload, with_for_update=True)
    if upload.status is not UploadStatus.ACTIVE:
        raise Gone()
    _drop(session, events, upload, UploadStatus.ABORTED, clock)


def expire_stale(session: Session, clock: Clock) -> list[tuple[str, dict[str, Any]]]:
    """Expire every active upload past its time (all institutions); returns (key, store state)
    of each, for the caller to clean the store after committing."""
    now = clock.now()
    # tenancy: housekeeping over every institution's uploads (gc job / command)
    statement = (
        select(Upload)
        .where(Upload.status == UploadStatus.ACTIVE, col(Upload.expires_at) <= now)
        .with_for_update(skip_locked=True)
    )
    dropped = []
    for upload in session.exec(statement):
        upload.status = UploadStatus.EXPIRED
        upload.reserved_bytes = 0
        upload.finished_at = now
        upload.updated_at = now
        session.add(upload)
        dropped.append((upload.storage_key, dict(upload.store_state)))
    session.flush()
    return dropped
