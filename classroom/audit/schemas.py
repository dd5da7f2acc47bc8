from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditEventOut(BaseModel):
    id: uuid.UUID
    at: datetime
    action: str
    target_type: str
    target_id: str | None
    actor_id: uuid.UUID | None
    actor_name: str | None
    actor_role: str | None
    institution_id: uuid.UUID | None
    institution_name: str | None
    detail: dict[str, Any]
