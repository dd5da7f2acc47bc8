"""Tables of what a course leads to: confirmed completion, employment outcomes, the survey.

Survey answers are anonymous by construction: a response row has no trainee and no time; the
receipt that stops a second answer has the trainee and nothing of the answer. Nothing links one
to the other.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field

from classroom.core.db import UTCDateTime
from classroom.core.tenancy import TenantOwned
from quality.models import json_list


class CompletionRecord(TenantOwned, table=True):
    """A trainee's completion as confirmed by the institution once the course ended, with the
    figures it was decided on (what employment rates count from)."""

    __tablename__ = "quality_completions"
    __table_args__ = (UniqueConstraint("course_id", "trainee_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    trainee_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    completed: bool
    attendance_num: int | None = None
    attendance_den: int | None = None
    score_num: int | None = None
    score_den: int | None = None
    reasons: list[dict[str, Any]] = json_list()
    confirmed_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    confirmed_at: datetime = Field(sa_type=UTCDateTime)

    @property
    def attendance_rate(self) -> Fraction | None:
        if self.attendance_num is None or not self.attendance_den:
            return None
        return Fraction(self.attendance_num, self.attendance_den)

    @property
    def score(self) -> Fraction | None:
        if self.score_num is None or not self.score_den:
            return None
        return Fraction(self.score_num, self.score_den)


class EmploymentOutcome(TenantOwned, table=True):
    """A completer's employment (취업성과): employed or not, start date, employer, insured."""

    __tablename__ = "quality_employment"
    __table_args__ = (
        UniqueConstraint("course_id", "trainee_id"),
        CheckConstraint("employed OR starts_on IS NULL", name="start_only_when_employed"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    trainee_id: uuid.UUID = Field(foreign_key="users.id")
    employed: bool
    starts_on: date | None = None
    employer: str = Field(default="", max_length=200)
    insured: bool = False
    note: str = Field(default="", max_length=500)
    evidence_key: str | None = Field(default=None, max_length=300)
    evidence_name: str | None = Field(default=None, max_length=200)
    evidence_type: str | None = Field(default=None, max_length=100)
    evidence_size: int | None = None
    recorded_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    updated_at: datetime = Field(sa_type=UTCDateTime)


class SurveyResponse(TenantOwned, table=True):
    """One anonymous answer to a course's satisfaction survey (no trainee, no time)."""

    __tablename__ = "quality_survey_responses"
    __table_args__ = tuple(
        CheckConstraint(f"{column} >= 1 AND {column} <= 5", name=f"{column}_scale")
        for column in ("content", "instructor", "environment", "usefulness", "overall")
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    content: int
    instructor: int
    environment: int
    usefulness: int
    overall: int
    comment: str = Field(default="", max_length=1000)


class SurveyReceipt(TenantOwned, table=True):
    """That a trainee answered (so they cannot answer twice), and nothing of what."""

    __tablename__ = "quality_survey_receipts"

    course_id: uuid.UUID = Field(foreign_key="courses.id", primary_key=True)
    trainee_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
