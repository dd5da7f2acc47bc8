"""Tables of the media layer: where each lesson's VideoRoom lives, the participants' grants
(Janus token and feed ids) and the Janus handles media presence follows."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index, UniqueConstraint
from sqlmodel import Field

from classroom.core.db import EnumText, UTCDateTime
from classroom.core.roles import Role
from classroom.core.tenancy import TenantOwned


class MediaRoom(TenantOwned, table=True):
    """A live lesson's VideoRoom: placed on one Janus instance (by its API address) for good;
    `destroyed_at` once the lesson ended and Janus let it go."""

    __tablename__ = "media_rooms"

    lesson_id: uuid.UUID = Field(foreign_key="lessons.id", primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    instance: str = Field(max_length=300, index=True)
    room: int = Field(sa_type=BigInteger, unique=True)
    secret: str = Field(max_length=64)  # the room's secret: never leaves the server
    publishers: int
    created_at: datetime = Field(sa_type=UTCDateTime)
    destroyed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class MediaGrant(TenantOwned, table=True):
    """One participant's access to a lesson's room: a Janus token (core token and the room's
    `allowed` entry) and the feed ids they may publish as. Revoked on leave, removal and the
    lesson's end; a revoked token is removed from Janus."""

    __tablename__ = "media_grants"
    __table_args__ = (Index("ix_media_grants_lesson_user", "lesson_id", "user_id", "revoked_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    lesson_id: uuid.UUID = Field(foreign_key="lessons.id")
    course_id: uuid.UUID = Field(foreign_key="courses.id")
    user_id: uuid.UUID = Field(foreign_key="users.id")
    role: Role = Field(sa_type=EnumText(Role, 32))
    token: str = Field(max_length=64, unique=True)
    camera_feed: int | None = Field(default=None, sa_type=BigInteger)
    screen_feed: int | None = Field(default=None, sa_type=BigInteger)
    connection_id: uuid.UUID | None = None
    # The instructor's moderation: the trainee may speak (the floor) / is muted.
    floor: bool = False
    audio_muted: bool = False
    video_muted: bool = False
    issued_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_kind: str | None = Field(default=None, max_length=16)


class MediaHandle(TenantOwned, table=True):
    """A Janus plugin handle of a grant's holder, with the media state its events showed."""

    __tablename__ = "media_handles"
    __table_args__ = (
        UniqueConstraint("instance", "handle_id"),
        Index("ix_media_handles_grant", "grant_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    instance: str = Field(max_length=300)
    handle_id: int = Field(sa_type=BigInteger)
    grant_id: uuid.UUID = Field(foreign_key="media_grants.id")
    lesson_id: uuid.UUID = Field(foreign_key="lessons.id")
    feed: int | None = Field(default=None, sa_type=BigInteger)
    stream: str | None = Field(default=None, max_length=8)  # camera | screen (publishers)
    publisher: bool = False
    publishing: bool = False
    camera: bool = False
    receiving: bool = False
    audio_mid: str | None = Field(default=None, max_length=8)
    video_mid: str | None = Field(default=None, max_length=8)
    changed_at: datetime = Field(sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


MODELS = (MediaRoom, MediaGrant, MediaHandle)
