"""Tables of inspections (점검): the inspection, its findings, the conversation on each finding
(seen by both sides) and the inspector's own notes (never shown to the institution).

Everything is append-only except statuses; each change is also in the audit trail.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlmodel import Field

from classroom.core.db import EnumText, UTCDateTime
from classroom.core.tenancy import TenantOwned
from quality.models import json_list
from quality.rules.kinds import FindingStatus, InspectionMode, InspectionScope, InspectionStatus, Severity


class Inspection(TenantOwned, table=True):
    __tablename__ = "quality_inspections"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    scope: InspectionScope = Field(sa_type=EnumText(InspectionScope, 16))
    course_id: uuid.UUID | None = Field(default=None, foreign_key="courses.id", index=True)
    mode: InspectionMode = Field(sa_type=EnumText(InspectionMode, 16))
    title: str = Field(max_length=200)
    summary: str = Field(default="", max_length=4000)  # shown to the institution
    status: InspectionStatus = Field(
        default=InspectionStatus.OPEN, sa_type=EnumText(InspectionStatus, 16), index=True
    )
    due_on: date | None = None  # answers due
    opened_by: uuid.UUID = Field(foreign_key="users.id")
    opened_at: datetime = Field(sa_type=UTCDateTime)
    closed_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    conclusion: str = Field(default="", max_length=4000)  # shown to the institution


class Finding(TenantOwned, table=True):
    """One finding with its severity and evidence links ({kind, id, label})."""

    __tablename__ = "quality_findings"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    inspection_id: uuid.UUID = Field(foreign_key="quality_inspections.id", index=True)
    severity: Severity = Field(sa_type=EnumText(Severity, 16))
    title: str = Field(max_length=200)
    description: str = Field(max_length=4000)
    evidence: list[dict[str, Any]] = json_list()
    due_on: date | None = None
    status: FindingStatus = Field(default=FindingStatus.OPEN, sa_type=EnumText(FindingStatus, 16))
    created_by: uuid.UUID = Field(foreign_key="users.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class FindingMessage(TenantOwned, table=True):
    """The conversation on a finding: the institution's answers, the inspector's closing or
    sending back with a reason. Both sides see it."""

    __tablename__ = "quality_finding_messages"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    finding_id: uuid.UUID = Field(foreign_key="quality_findings.id", index=True)
    action: str = Field(max_length=16)  # answer | close | reopen
    body: str = Field(max_length=4000)
    author_id: uuid.UUID = Field(foreign_key="users.id")
    at: datetime = Field(sa_type=UTCDateTime)


class InspectorNote(TenantOwned, table=True):
    """The inspector's private working notes on an inspection (or one of its findings)."""

    __tablename__ = "quality_inspector_notes"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    inspection_id: uuid.UUID = Field(foreign_key="quality_inspections.id", index=True)
    finding_id: uuid.UUID | None = Field(default=None, foreign_key="quality_findings.id")
    body: str = Field(max_length=4000)
    author_id: uuid.UUID = Field(foreign_key="users.id")
    at: datetime = Field(sa_type=UTCDateTime)
