"""API shape of a job: state, progress and (for its requester) the result."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field

from classroom.jobs.models import JobStatus


class JobOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    status: JobStatus
    done: int
    total: int
    attempts: int
    error: str | None
    result: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def percent(self) -> int | None:
        """Whole percent done (rounded down), or null while the total is unknown."""
        if self.status is JobStatus.DONE:
            return 100
        return self.done * 100 // self.total if self.total else None
