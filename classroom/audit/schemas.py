from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from classroom.core.roles import Role


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    action: str
    target_type: str
    target_id: str | None
    actor_id: uuid.UUID | None
    actor_name: str | None
    actor_role: Role | None
    institution_id: uuid.UUID | None
    institution_name: str | None
    detail: dict[str, Any]
