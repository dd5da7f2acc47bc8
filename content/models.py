"""Content items of a course, their stored versions, lesson links, uploads in flight and viewing
progress with its raw heartbeats (all tenant-owned).

An item is what people see ("1주차 강의 영상"); each replacement of its file is a new version, and
the item points at its current one. Versions are immutable once stored (their object key and
size never change), so an ETag names a version and progress stays with the version watched.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field

from classroom.core.db import EnumText, UTCDateTime
from classroom.core.tenancy import TenantOwned
from content.rules.kinds import ContentKind, ProbeStatus, UploadStatus


class ContentItem(TenantOwned, table=True):
    __tablename__ = "contents"
    __table_args__ = (Index("ix_contents_course_deleted", "course_id", "deleted_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id")
    title: str = Field(max_length=200)
    kind: ContentKind = Field(sa_type=EnumText(ContentKind, 16))
    # The version shown and streamed; None only while the first version is being stored.
    current_version_id: uuid.UUID | None = Field(default=None)
    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    # Soft delete: hidden at once, bytes kept until purged (by staff or after the retention).
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    deleted_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    purged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ContentVersion(TenantOwned, table=True):
    __tablename__ = "content_versions"
    __table_args__ = (
        UniqueConstraint("content_id", "number"),
        CheckConstraint("size_bytes >= 0", name="size_not_negative"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    content_id: uuid.UUID = Field(foreign_key="contents.id", index=True)
    number: int  # 1, 2, … per item
    storage_key: str = Field(max_length=300)
    size_bytes: int = Field(sa_type=BigInteger)
    media_type: str = Field(max_length=100)
    filename: str = Field(max_length=255)
    # Hex SHA-256 of the stored bytes (computed while receiving, or by the processing job).
    sha256: str | None = Field(default=None, max_length=64)
    duration_seconds: float | None = None
    width: int | None = None
    height: int | None = None
    poster_key: str | None = Field(default=None, max_length=300)
    probe_status: ProbeStatus = Field(default=ProbeStatus.PENDING, sa_type=EnumText(ProbeStatus, 16))
    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    # Set when the bytes were removed (the row stays: progress and evidence refer to it).
    purged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LessonContent(TenantOwned, table=True):
    """A VOD lesson's content items, in order (one lesson, one or more items)."""

    __tablename__ = "lesson_contents"

    lesson_id: uuid.UUID = Field(foreign_key="lessons.id", primary_key=True)
    content_id: uuid.UUID = Field(foreign_key="contents.id", primary_key=True, index=True)
    position: int = 0


class Upload(TenantOwned, table=True):
    """A tus upload in flight. Its bytes are reserved against the institution's storage quota
    from creation until it completes (they then count as a version), is cancelled or expires."""

    __tablename__ = "uploads"
    __table_args__ = (
        CheckConstraint("length >= 0", name="length_not_negative"),
        CheckConstraint("received >= 0 AND received <= length", name="received_within_length"),
        Index("ix_uploads_status_expires", "status", "expires_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id")
    # The item and version the bytes become, chosen at creation so the object key
    # ({institution}/{content}/{version}) is known before the first byte; the item exists
    # already when the upload replaces its file (`new_item` false).
    content_id: uuid.UUID
    version_id: uuid.UUID
    new_item: bool = True
    created_by: uuid.UUID = Field(foreign_key="users.id", index=True)
    filename: str = Field(max_length=255)
    title: str = Field(max_length=200)
    length: int = Field(sa_type=BigInteger)
    received: int = Field(default=0, sa_type=BigInteger)
    reserved_bytes: int = Field(default=0, sa_type=BigInteger)
    status: UploadStatus = Field(default=UploadStatus.ACTIVE, sa_type=EnumText(UploadStatus, 16))
    # Decided from the first bytes (magic numbers), before anything is stored.
    media_type: str | None = Field(default=None, max_length=100)
    kind: ContentKind | None = Field(default=None, sa_type=EnumText(ContentKind, 16))
    storage_key: str = Field(max_length=300)
    # The store's resumable state (multipart id, parts, tail), opaque to this package.
    store_state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    metadata_: dict[str, str] = Field(
        default_factory=dict, sa_column=Column("metadata", JSON, nullable=False)
    )
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sha256_pending: bool = False  # the running hash was lost (restart, other worker): the job computes it
    refusal: str | None = Field(default=None, max_length=100)


class ViewingProgress(TenantOwned, table=True):
    """What one trainee really watched of one content version: merged media intervals."""

    __tablename__ = "viewing_progress"
    __table_args__ = (UniqueConstraint("trainee_id", "version_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    trainee_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    content_id: uuid.UUID = Field(foreign_key="contents.id", index=True)
    version_id: uuid.UUID = Field(foreign_key="content_versions.id")
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    # [[start_ms, end_ms], …] sorted, disjoint, merged.
    intervals: list[list[int]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    watched_ms: int = 0
    position_ms: int = 0
    percent: int = 0
    last_heartbeat_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_playback: str | None = Field(default=None, max_length=64)
    last_seq: int = -1
    threshold_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class ViewingHeartbeat(TenantOwned, table=True):
    """Every heartbeat as received (append-only evidence for fraud signals and attendance)."""

    __tablename__ = "viewing_heartbeats"
    __table_args__ = (Index("ix_viewing_heartbeats_institution_at", "institution_id", "at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    progress_id: uuid.UUID = Field(foreign_key="viewing_progress.id", index=True)
    trainee_id: uuid.UUID = Field(foreign_key="users.id")
    content_id: uuid.UUID = Field(foreign_key="contents.id")
    version_id: uuid.UUID = Field(foreign_key="content_versions.id")
    course_id: uuid.UUID = Field(foreign_key="courses.id")
    at: datetime = Field(sa_type=UTCDateTime)
    playback: str = Field(max_length=64)
    seq: int
    position_ms: int
    segment_start_ms: int
    playing: bool
    visible: bool
    rate: float
    credited_ms: int = 0
    watched_ms: int = 0
    percent: int = 0
    required_ms: int | None = None
    outcome: str = Field(max_length=32)  # credited, idle, replayed, first
    ip: str | None = Field(default=None, max_length=64)
    device_id: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=300)
