"""Tables of the live room. Everything a room must keep when a worker dies is here: the room's
event log (resume), chat, hands, mutes, removals, polls, attendance checks, the connections
holding seats and the append-only presence log that attendance consumes."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field

from classroom.core.db import EnumText, UTCDateTime
from classroom.core.roles import Role
from classroom.core.tenancy import TenantOwned


class ConnectionState(StrEnum):
    OPEN = "open"  # connected to a worker
    LOST = "lost"  # gone without a goodbye: within the grace period it still holds its seat
    CLOSED = "closed"  # left, replaced, removed, ended, or the grace ran out


class CheckStatus(StrEnum):
    PENDING = "pending"
    ANSWERED = "answered"
    MISSED = "missed"


class LiveRoom(TenantOwned, table=True):
    """One per live lesson, created when the first person enters; `seq` is the last event id."""

    __tablename__ = "live_rooms"

    lesson_id: uuid.UUID = Field(foreign_key="lessons.id", primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    seq: int = 0
    chat_muted: bool = False
    random_checks: bool = False
    random_min_minutes: int = 10
    random_max_minutes: int = 20
    next_check_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(sa_type=UTCDateTime)


class LiveEvent(TenantOwned, table=True):
    """The room's event log: what was sent to whom, by event id (resume reads it)."""

    __tablename__ = "live_events"
    __table_args__ = (UniqueConstraint("lesson_id", "seq"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    lesson_id: uuid.UUID = Field(foreign_key="lessons.id")
    seq: int
    kind: str = Field(max_length=32)
    # "all", "staff" (instructors and observers) or one user's id.
    audience: str = Field(max_length=40)
    body: str = Field(sa_type=Text)  # the event's `data`, JSON
    at: datetime = Field(sa_type=UTCDateTime)


class LiveConnection(TenantOwned, table=True):
    """A connection that holds (or held) a seat; seats are counted from here, under the lock."""

    __tablename__ = "live_connections"
    __table_args__ = (
        Index("ix_live_connections_lesson_state", "lesson_id", "state"),
        Index("ix_live_connections_institution_state", "institution_id", "state"),
        Index("ix_live_connections_lesson_user", "lesson_id", "user_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    lesson_id: uuid.UUID = Field(foreign_key="lessons.id")
    course_id: uuid.UUID = Field(foreign_key="courses.id")
    user_id: uuid.UUID = Field(foreign_key="users.id")
    role: Role = Field(sa_type=EnumText(Role, 32))
    state: ConnectionState = Field(sa_type=EnumText(ConnectionState, 8))
    worker: str = Field(max_length=40)
    ip: str | None = Field(default=None, max_length=64)
    device_id: str | None = Field(default=None, max_length=64)
    opened_at: datetime = Field(sa_type=UTCDateTime)
    seen_at: datetime = Field(sa_type=UTCDateTime)
    lost_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PresenceEntry(TenantOwned, table=True):
    """The durable presence log (append-only): written before a join or leave is acknowledged.

    `source` is "room" for the WebSocket room; the media issue adds "media" rows (publisher,
    camera and receiving intervals) to the same log. `recorded_at` is when the row became
    durable (a leave is recorded up to the grace period after the moment it happened, `at`)."""

    __tablename__ = "live_presence"
    __table_args__ = (
        Index("ix_live_presence_lesson_user", "lesson_id", "user_id", "at"),
        Index("ix_live_presence_institution_recorded", "institution_id", "recorded_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    lesson_id: uuid.UUID = Field(foreign_key="lessons.id")
    course_id: uuid.UUID = Field(foreign_key="courses.id")
    user_id: uuid.UUID = Field(foreign_key="users.id")
    role: Role = Field(sa_type=EnumText(Role, 32))
    source: str = Field(default="room", max_length=16)
    kind: str = Field(max_length=24)
    at: datetime = Field(sa_type=UTCDateTime)
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    ip: str | None = Field(default=None, max_length=64)
    device_id: str | None = Field(default=None, max_length=64)
    connection_id: uuid.UUID | None = None
    detail: str = Field(default="{}", sa_type=Text)  # JSON object


class ChatMessage(TenantOwned, table=True):
    __tablename__ = "live_chat"
    __table_args__ = (
        Index("ix_live_chat_lesson_seq", "lesson_id", "seq"),
        Index("ix_live_chat_lesson_user_at", "lesson_id", "user_id", "at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    lesson_id: uuid.UUID = Field(foreign_key="lessons.id")
    user_id: uuid.UUID = Field(foreign_key="users.id")
    seq: int
    text: str = Field(max_length=2000)
    at: datetime = Field(sa_type=UTCDateTime)


class RaisedHand(TenantOwned, table=True):
    __tablename__ = "live_hands"

    lesson_id: uuid.UUID = Field(foreign_key="lessons.id", primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
    seq: int
    raised_at: datetime = Field(sa_type=UTCDateTime)


class ChatMute(TenantOwned, table=True):
    __tablename__ = "live_mutes"

    lesson_id: uuid.UUID = Field(foreign_key="lessons.id", primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
    muted_by: uuid.UUID = Field(foreign_key="users.id")
    muted_at: datetime = Field(sa_type=UTCDateTime)


class Removal(TenantOwned, table=True):
    """A participant the instructor removed: refused at the door until readmitted."""

    __tablename__ = "live_removals"

    lesson_id: uuid.UUID = Field(foreign_key="lessons.id", primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
    removed_by: uuid.UUID = Field(foreign_key="users.id")
    removed_at: datetime = Field(sa_type=UTCDateTime)


class Poll(TenantOwned, table=True):
    __tablename__ = "live_polls"
    __table_args__ = (Index("ix_live_polls_lesson_opened", "lesson_id", "opened_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    lesson_id: uuid.UUID = Field(foreign_key="lessons.id")
    question: str = Field(max_length=300)
    options: str = Field(sa_type=Text)  # JSON list of strings
    opened_by: uuid.UUID = Field(foreign_key="users.id")
    opened_at: datetime = Field(sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PollVote(TenantOwned, table=True):
    __tablename__ = "live_poll_votes"

    poll_id: uuid.UUID = Field(foreign_key="live_polls.id", primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
    option: int
    voted_at: datetime = Field(sa_type=UTCDateTime)


class AttendanceCheck(TenantOwned, table=True):
    """An attendance check (출석 확인): trainees present answer within the window."""

    __tablename__ = "live_checks"
    __table_args__ = (Index("ix_live_checks_lesson_opened", "lesson_id", "opened_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    lesson_id: uuid.UUID = Field(foreign_key="lessons.id")
    course_id: uuid.UUID = Field(foreign_key="courses.id")
    opened_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")  # None: random
    opened_at: datetime = Field(sa_type=UTCDateTime)
    deadline_at: datetime = Field(sa_type=UTCDateTime, index=True)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CheckResponse(TenantOwned, table=True):
    """One trainee's part in a check: pending while open, then answered or missed (final).
    Its id is the `evidence_id` of the `live.check` event."""

    __tablename__ = "live_check_responses"
    __table_args__ = (
        UniqueConstraint("check_id", "user_id"),
        Index("ix_live_check_responses_institution_recorded", "institution_id", "recorded_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    check_id: uuid.UUID = Field(foreign_key="live_checks.id")
    lesson_id: uuid.UUID = Field(foreign_key="lessons.id")
    course_id: uuid.UUID = Field(foreign_key="courses.id")
    user_id: uuid.UUID = Field(foreign_key="users.id")
    status: CheckStatus = Field(sa_type=EnumText(CheckStatus, 8))
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    recorded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


MODELS = (
    LiveRoom,
    LiveEvent,
    LiveConnection,
    PresenceEntry,
    ChatMessage,
    RaisedHand,
    ChatMute,
    Removal,
    Poll,
    PollVote,
    AttendanceCheck,
    CheckResponse,
)
