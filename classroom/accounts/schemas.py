from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from classroom.core import i18n
from classroom.core.tenancy import Role
from classroom.jobs.schemas import JobOut

# A language the screens are written in (a user's setting, the language switch).
LOCALE_PATTERN = f"^({'|'.join(i18n.SUPPORTED)})$"


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    institution_id: uuid.UUID | None
    email: str
    name: str
    role: Role
    locale: str | None
    phone: str | None
    learning_card_no: str | None
    is_active: bool
    must_change_password: bool
    created_at: datetime


class UserCreate(BaseModel):
    email: str = Field(max_length=254)
    name: str = Field(min_length=1, max_length=100)
    role: Role
    password: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=20)
    learning_card_no: str | None = Field(default=None, max_length=24)
    locale: str | None = Field(default=None, pattern=LOCALE_PATTERN)


class UserUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    phone: str | None = Field(default=None, max_length=20)
    learning_card_no: str | None = Field(default=None, max_length=24)
    is_active: bool | None = None
    locale: str | None = Field(default=None, pattern=LOCALE_PATTERN)


class CreatedUser(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    user: UserOut
    # Shown once when the password was generated for the user; never stored in clear.
    temporary_password: str | None = None


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class MeUpdate(BaseModel):
    locale: str | None = Field(default=None, pattern=LOCALE_PATTERN)
    name: str | None = Field(default=None, min_length=1, max_length=100)


class Me(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    user: UserOut
    institution_code: str | None
    institution_name: str | None
    permissions: list[str]


class TokenOut(BaseModel):
    """The OAuth2 token answer, read from the login service's `Issued` (token, max_age)."""

    model_config = ConfigDict(from_attributes=True)

    access_token: str = Field(validation_alias="token")
    token_type: str = "bearer"
    expires_in: int = Field(validation_alias="max_age")


class RosterRowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    row: int
    name: str
    email: str
    phone: str | None
    learning_card_no: str | None


class RosterPreviewOut(BaseModel):
    """What the import would create (`preview=true`): nothing is saved."""

    filename: str
    rows: int = Field(description="trainee accounts the file would create")
    supplied_passwords: int = Field(description="rows with an initial password in the file")
    sample: list[RosterRowOut] = Field(description="the first rows, as they would be stored")


class RosterImportOut(BaseModel):
    """An accepted import: its job creates the accounts; follow `job.id` at /api/v1/jobs/{id}."""

    id: uuid.UUID
    status: str
    filename: str
    rows: int
    supplied_passwords: int
    imported: int
    generated_passwords: int
    created_at: datetime
    finished_at: datetime | None
    job: JobOut | None
    passwords_url: str | None = Field(
        description="XLSX of the generated temporary passwords; downloadable once, by you, once done"
    )
