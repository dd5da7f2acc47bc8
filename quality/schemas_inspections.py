"""API shapes of the quality package's inspections: the inspector's file on an institution or a
course, its findings with the institution's answers, notes, and the priority list of courses
to look at. Naive input dates are Korean calendar days."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from quality.rules.kinds import (
    EvidenceLinkKind,
    FindingStatus,
    InspectionMode,
    InspectionScope,
    InspectionStatus,
    Severity,
)
from quality.schemas import FROM_OBJECT


class LinkIn(BaseModel):
    kind: EvidenceLinkKind
    id: uuid.UUID | None = None
    course_id: uuid.UUID | None = None
    trainee_id: uuid.UUID | None = None


class InspectionIn(BaseModel):
    scope: InspectionScope
    mode: InspectionMode
    title: str = Field(min_length=1, max_length=200, examples=["2026년 상반기 원격훈련 점검"])
    institution_id: uuid.UUID | None = None
    course_id: uuid.UUID | None = None
    summary: str = Field(default="", max_length=4000)
    due_on: date | None = None


class FindingIn(BaseModel):
    severity: Severity
    title: str = Field(min_length=1, max_length=200, examples=["출결 증빙 미흡"])
    description: str = Field(
        min_length=1,
        max_length=4000,
        examples=["실시간 원격 차시의 접속 기록이 출석 인정 시간보다 짧습니다."],
    )
    evidence: list[LinkIn] = Field(default_factory=list, max_length=20)
    due_on: date | None = None


class MessageIn(BaseModel):
    body: str = Field(
        default="", max_length=4000, examples=["해당 차시 접속 로그와 출석부 사본을 첨부합니다."]
    )


class NoteIn(BaseModel):
    body: str = Field(min_length=1, max_length=4000, examples=["현장 방문 시 출석부 원본 대조 필요"])
    finding_id: uuid.UUID | None = None


class CloseIn(BaseModel):
    conclusion: str = Field(min_length=1, max_length=4000, examples=["지적 사항 모두 시정 완료"])


class MessageOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    action: str
    body: str
    author_id: uuid.UUID
    at: datetime


class FindingOut(BaseModel):
    id: uuid.UUID
    severity: Severity
    title: str
    description: str
    evidence: list[dict[str, str]]
    due_on: date | None
    overdue: bool
    status: FindingStatus
    created_at: datetime
    messages: list[MessageOut]


class NoteOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    finding_id: uuid.UUID | None
    body: str
    author_id: uuid.UUID
    at: datetime


class InspectionOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    institution_id: uuid.UUID
    scope: InspectionScope
    course_id: uuid.UUID | None
    mode: InspectionMode
    title: str
    summary: str
    status: InspectionStatus
    due_on: date | None
    opened_at: datetime
    closed_at: datetime | None
    conclusion: str


class InspectionDetailOut(InspectionOut):
    institution_name: str = ""
    findings: list[FindingOut] = Field(default_factory=list)
    notes: list[NoteOut] | None = Field(default=None, description="the inspector's notes: platform side only")


class PriorityReasonOut(BaseModel):
    code: str
    points: int
    text: str


class PriorityOut(BaseModel):
    course_id: uuid.UUID
    title: str
    institution_id: uuid.UUID
    institution_name: str
    ends_on: date
    score: int
    reasons: list[PriorityReasonOut]
