from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class InstitutionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    business_number: str | None
    shared_networks: str
    is_active: bool
    created_at: datetime


class InstitutionCreate(BaseModel):
    code: str = Field(max_length=32)
    name: str = Field(min_length=1, max_length=200)
    business_number: str | None = Field(default=None, max_length=12)
    admin_email: str = Field(max_length=254)
    admin_name: str = Field(min_length=1, max_length=100)
    admin_password: str | None = Field(default=None, max_length=200)


class InstitutionUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    business_number: str | None = Field(default=None, max_length=12)
    shared_networks: str | None = Field(default=None, max_length=2000)
    is_active: bool | None = None


class InstitutionCreated(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    institution: InstitutionOut
    admin_id: uuid.UUID
    admin_email: str
    temporary_password: str | None = None
