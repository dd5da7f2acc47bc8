"""Tables of the completion assessment: the course's assessment and exam settings, the question
bank, attempts with their answers and evidence, retakes, exam signals, results and their changes.

Scores are exact: an exam result is points earned / points possible (× 100 when shown), an
offline score is a numerator/denominator pair with at most two decimals; never a float.
Evidence (attempt events) and result changes are append-only.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field

from classroom.core.db import EnumText, UTCDateTime
from classroom.core.tenancy import TenantOwned
from quality.rules.kinds import (
    AssessmentKind,
    AttemptStatus,
    ClosedBy,
    DrawMode,
    EvidenceKind,
    ExamSignalKind,
    QuestionKind,
    ResultSource,
)


def json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def json_dict() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Assessment(TenantOwned, table=True):
    """A course's completion assessment (이수자평가): an online exam or an offline assessment.
    The pass mark is the course's (`Course.pass_mark`, default 60)."""

    __tablename__ = "quality_assessments"
    __table_args__ = (
        CheckConstraint("time_limit_minutes IS NULL OR time_limit_minutes > 0", name="limit_positive"),
        CheckConstraint("question_count IS NULL OR question_count > 0", name="count_positive"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", unique=True)
    kind: AssessmentKind = Field(sa_type=EnumText(AssessmentKind, 16))
    title: str = Field(max_length=200)
    instructions: str = Field(default="", max_length=2000)
    # Online exam: the window [opens_at, closes_at), the limit, how questions are drawn.
    opens_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closes_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    time_limit_minutes: int | None = None
    draw: DrawMode = Field(default=DrawMode.FIXED, sa_type=EnumText(DrawMode, 16))
    question_count: int | None = None  # shuffled draws may take a subset of the bank
    results_published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    results_published_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_by: uuid.UUID = Field(foreign_key="users.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Question(TenantOwned, table=True):
    """A question of a course's bank. `correct` holds the indexes of the right choices;
    `accepted` the accepted short answers. Archived questions stay for attempts that drew them."""

    __tablename__ = "quality_questions"
    __table_args__ = (CheckConstraint("points > 0 AND points <= 100", name="points_range"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    kind: QuestionKind = Field(sa_type=EnumText(QuestionKind, 16))
    text: str = Field(max_length=4000)
    choices: list[str] = json_list()
    correct: list[int] = json_list()
    accepted: list[str] = json_list()
    points: int
    position: int = 0
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by: uuid.UUID = Field(foreign_key="users.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Attempt(TenantOwned, table=True):
    """One trainee's sitting of the exam. `items` is the snapshot of the questions drawn (with
    their keys: never sent to the trainee). `earned` is set once every item has points."""

    __tablename__ = "quality_attempts"
    __table_args__ = (
        UniqueConstraint("assessment_id", "trainee_id", "number"),
        CheckConstraint("number >= 1 AND number <= 2", name="number_range"),
        CheckConstraint("possible > 0", name="possible_positive"),
        CheckConstraint("earned IS NULL OR (earned >= 0 AND earned <= possible)", name="earned_range"),
        Index("ix_quality_attempts_course_trainee", "course_id", "trainee_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    assessment_id: uuid.UUID = Field(foreign_key="quality_assessments.id", index=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id")
    trainee_id: uuid.UUID = Field(foreign_key="users.id")
    number: int = 1
    status: AttemptStatus = Field(default=AttemptStatus.IN_PROGRESS, sa_type=EnumText(AttemptStatus, 16))
    started_at: datetime = Field(sa_type=UTCDateTime)
    deadline_at: datetime = Field(sa_type=UTCDateTime, index=True)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by: ClosedBy | None = Field(default=None, sa_type=EnumText(ClosedBy, 16))
    items: list[dict[str, Any]] = json_list()
    possible: int
    objective_earned: int | None = None
    earned: int | None = None
    graded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    graded_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")

    @property
    def score(self) -> Fraction | None:
        return None if self.earned is None else Fraction(100 * self.earned, self.possible)


class Answer(TenantOwned, table=True):
    """The latest saved response to one item of an attempt, and its points once graded."""

    __tablename__ = "quality_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    attempt_id: uuid.UUID = Field(foreign_key="quality_attempts.id", index=True)
    question_id: uuid.UUID = Field(foreign_key="quality_questions.id")
    choices: list[int] = json_list()
    text: str = Field(default="", max_length=10000)
    saves: int = 0
    saved_at: datetime = Field(sa_type=UTCDateTime)
    auto_points: int | None = None
    points: int | None = None
    comment: str = Field(default="", max_length=2000)
    graded_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    graded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AttemptEvent(TenantOwned, table=True):
    """Append-only evidence of an attempt: what happened, when (server clock), from where."""

    __tablename__ = "quality_attempt_events"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    attempt_id: uuid.UUID = Field(foreign_key="quality_attempts.id", index=True)
    kind: EvidenceKind = Field(sa_type=EnumText(EvidenceKind, 16))
    at: datetime = Field(sa_type=UTCDateTime)
    ip: str | None = Field(default=None, max_length=64)
    device_id: str | None = Field(default=None, max_length=64)
    detail: dict[str, Any] = json_dict()


class Retake(TenantOwned, table=True):
    """A retake the instructor granted one trainee (at most one: the second attempt)."""

    __tablename__ = "quality_retakes"
    __table_args__ = (UniqueConstraint("assessment_id", "trainee_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    assessment_id: uuid.UUID = Field(foreign_key="quality_assessments.id", index=True)
    trainee_id: uuid.UUID = Field(foreign_key="users.id")
    reason: str = Field(max_length=500)
    granted_by: uuid.UUID = Field(foreign_key="users.id")
    granted_at: datetime = Field(sa_type=UTCDateTime)


class ExamSignal(TenantOwned, table=True):
    """A suspicious pattern found in exam evidence; `key` makes detection idempotent."""

    __tablename__ = "quality_exam_signals"
    __table_args__ = (UniqueConstraint("institution_id", "key"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    kind: ExamSignalKind = Field(sa_type=EnumText(ExamSignalKind, 24))
    key: str = Field(max_length=300)
    attempt_ids: list[str] = json_list()
    trainee_ids: list[str] = json_list()
    detail: dict[str, Any] = json_dict()
    detected_at: datetime = Field(sa_type=UTCDateTime)


class AssessmentResult(TenantOwned, table=True):
    """A trainee's current assessment score (from the exam or entered offline)."""

    __tablename__ = "quality_results"
    __table_args__ = (
        UniqueConstraint("course_id", "trainee_id"),
        CheckConstraint(
            "score_den > 0 AND score_num >= 0 AND score_num <= 100 * score_den", name="score_range"
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    trainee_id: uuid.UUID = Field(foreign_key="users.id")
    source: ResultSource = Field(sa_type=EnumText(ResultSource, 16))
    attempt_id: uuid.UUID | None = Field(default=None, foreign_key="quality_attempts.id")
    score_num: int
    score_den: int = 1
    note: str = Field(default="", max_length=500)
    graded_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    graded_at: datetime = Field(sa_type=UTCDateTime)

    @property
    def score(self) -> Fraction:
        return Fraction(self.score_num, self.score_den)


class ResultChange(TenantOwned, table=True):
    """A change of a published result: old → new with the reason (append-only)."""

    __tablename__ = "quality_result_changes"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    result_id: uuid.UUID = Field(foreign_key="quality_results.id", index=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    trainee_id: uuid.UUID = Field(foreign_key="users.id")
    old_num: int
    old_den: int
    new_num: int
    new_den: int
    reason: str = Field(max_length=500)
    changed_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    changed_at: datetime = Field(sa_type=UTCDateTime)

    @property
    def old(self) -> Fraction:
        return Fraction(self.old_num, self.old_den)

    @property
    def new(self) -> Fraction:
        return Fraction(self.new_num, self.new_den)
