"""One row per accepted job: the source of truth for its state, progress and result.

The queue (huey) only carries job ids; a job is accepted once this row is committed, so a
restart that loses the queue's copy loses nothing (`runner.recover` enqueues the row again).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field

from classroom.core.db import EnumText, UTCDateTime
from classroom.core.tenancy import TenantOptional


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


class Job(TenantOptional, table=True):
    __tablename__ = "jobs"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    kind: str = Field(max_length=64, index=True)
    status: JobStatus = Field(default=JobStatus.QUEUED, sa_type=EnumText(JobStatus, 16), index=True)
    # Who asked: the only person who may read the job and its result (it may hold secrets).
    requested_by: uuid.UUID | None = Field(default=None, foreign_key="users.id", index=True)
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # Progress in the job's own units (rows, bytes…): done of total, total 0 while unknown.
    done: int = 0
    total: int = 0
    attempts: int = 0
    error: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # A running job touches this while it works; a stale one was orphaned by a dead process.
    heartbeat_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
