"""API shapes of the content package."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from content.items import ItemView
from content.models import ContentVersion, ViewingProgress
from content.rules.kinds import ContentKind

FROM_OBJECT = ConfigDict(from_attributes=True)


class VersionOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    number: int
    size_bytes: int
    media_type: str
    filename: str
    sha256: str | None
    duration_seconds: float | None
    width: int | None
    height: int | None
    probe_status: str
    created_at: datetime
    purged_at: datetime | None


class ContentOut(BaseModel):
    id: uuid.UUID
    course_id: uuid.UUID
    title: str
    kind: ContentKind
    version: VersionOut | None
    versions: int
    lesson_ids: list[uuid.UUID]
    stream_url: str
    poster_url: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None

    @classmethod
    def of(cls, view: ItemView) -> ContentOut:
        item, version = view.item, view.version
        return cls(
            id=item.id,
            course_id=item.course_id,
            title=item.title,
            kind=item.kind,
            version=VersionOut.model_validate(version) if version else None,
            versions=view.versions,
            lesson_ids=view.lesson_ids,
            stream_url=f"/api/v1/contents/{item.id}/stream",
            poster_url=f"/api/v1/contents/{item.id}/poster" if version and version.poster_key else None,
            created_at=item.created_at,
            updated_at=item.updated_at,
            deleted_at=item.deleted_at,
        )


class ContentUpdate(BaseModel):
    title: str = Field(min_length=1, max_length=200, examples=["1주차: 머신러닝 기초 강의"])


class HeartbeatBody(BaseModel):
    """A viewing heartbeat (about every 15 s while the player is open, and on play, pause, seek
    and end). Times are media seconds; the server stamps the real time itself."""

    position: float = Field(ge=0, le=7 * 24 * 3600, examples=[120.5])
    segment_start: float | None = Field(
        default=None, ge=0, le=7 * 24 * 3600, description="where the playback that led to `position` began"
    )
    playing: bool = Field(examples=[True])
    visible: bool = True
    rate: float = Field(default=1.0, gt=0, le=16)
    playback: str = Field(
        default="api", min_length=1, max_length=64, description="one id per page load (player session)"
    )
    seq: int = Field(default=0, ge=0, description="increases with each heartbeat of one playback")
    version_id: uuid.UUID | None = None
    device_id: str | None = Field(default=None, max_length=64)


class ProgressOut(BaseModel):
    content_id: uuid.UUID
    version_id: uuid.UUID
    watched_seconds: float
    required_seconds: float | None
    percent: int
    position_seconds: float
    credited_seconds: float = 0
    outcome: str | None = None
    threshold_reached: bool

    @classmethod
    def of(
        cls,
        version: ContentVersion,
        row: ViewingProgress | None,
        required_ms: int | None,
        credited_ms: int = 0,
        outcome: str | None = None,
    ) -> ProgressOut:
        return cls(
            content_id=version.content_id,
            version_id=version.id,
            watched_seconds=(row.watched_ms if row else 0) / 1000,
            required_seconds=required_ms / 1000 if required_ms is not None else None,
            percent=row.percent if row else 0,
            position_seconds=(row.position_ms if row else 0) / 1000,
            credited_seconds=credited_ms / 1000,
            outcome=outcome,
            threshold_reached=bool(row and row.threshold_at),
        )
