from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from classroom.core.db import UTCDateTime


class Institution(SQLModel, table=True):
    __tablename__ = "institutions"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    # Short code people type on the login form and see in their login URL (/i/{code}/login).
    code: str = Field(max_length=32, unique=True, index=True)
    name: str = Field(max_length=200)
    business_number: str | None = Field(default=None, max_length=12)
    # Networks the institution declares as shared (a campus NAT), exempt from same-IP flags.
    shared_networks: str = Field(default="", max_length=2000)
    is_active: bool = True
    created_at: datetime = Field(sa_type=UTCDateTime)
