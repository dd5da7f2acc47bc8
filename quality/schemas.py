"""API shapes of the quality package.

Exact figures travel twice: as the fraction ("200/3", recomputable) and as shown on the pages
(truncated, see the rules: "66.66"); a missing rate is null (the pages show "–"). Naive input
times are Korean wall-clock times. A trainee's view of an attempt never carries the answer keys.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field

from quality.rules.employment import percent_text
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
from quality.rules.scoring import shown
from quality.rules.survey import mean_text

FROM_OBJECT = ConfigDict(from_attributes=True)


def fraction_text(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


class Figure(BaseModel):
    exact: str | None = Field(description="numerator/denominator, or null")
    shown: str | None = Field(description="as the pages show it (truncated), or null")

    @classmethod
    def score(cls, value: Fraction | None) -> Figure:
        return cls(exact=fraction_text(value), shown=None if value is None else shown(value))

    @classmethod
    def mean(cls, value: Fraction | None) -> Figure:
        """A survey mean on the 5-point scale, two decimals truncated."""
        return cls(exact=fraction_text(value), shown=None if value is None else mean_text(value))

    @classmethod
    def percent(cls, value: Fraction | None) -> Figure:
        """A rate as a percentage with one decimal, truncated (66.6 for two thirds)."""
        return cls(exact=fraction_text(value), shown=None if value is None else percent_text(value))


# --- assessment and bank -------------------------------------------------------------------


class AssessmentIn(BaseModel):
    kind: AssessmentKind
    title: str = Field(min_length=1, max_length=200, examples=["이수자평가"])
    instructions: str = Field(default="", max_length=2000)
    opens_at: datetime | None = Field(default=None, examples=["2026-04-06T09:00:00+09:00"])
    closes_at: datetime | None = Field(default=None, examples=["2026-04-30T18:00:00+09:00"])
    time_limit_minutes: int | None = Field(default=None, ge=1, le=600, examples=[60])
    draw: DrawMode = DrawMode.FIXED
    question_count: int | None = Field(default=None, ge=1, le=200)


class AssessmentOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    course_id: uuid.UUID
    kind: AssessmentKind
    title: str
    instructions: str
    opens_at: datetime | None
    closes_at: datetime | None
    time_limit_minutes: int | None
    draw: DrawMode
    question_count: int | None
    results_published_at: datetime | None


class QuestionIn(BaseModel):
    kind: QuestionKind
    text: str = Field(
        min_length=1,
        max_length=4000,
        examples=["스마트공장에서 수집한 센서 데이터의 결측치를 처리하는 방법을 서술하시오."],
    )
    points: int = Field(ge=1, le=100, examples=[10])
    choices: list[str] = Field(default_factory=list, max_length=10)
    correct: list[int] = Field(default_factory=list, max_length=10)
    accepted: list[str] = Field(default_factory=list, max_length=10)
    position: int | None = Field(default=None, ge=0, le=10_000)


class QuestionOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    kind: QuestionKind
    text: str
    points: int
    choices: list[str]
    correct: list[int]
    accepted: list[str]
    position: int
    archived_at: datetime | None


# --- taking the exam -----------------------------------------------------------------------


class ItemOut(BaseModel):
    """A question as the trainee sees it, with their saved response (no key)."""

    question_id: str
    kind: QuestionKind
    text: str
    points: int
    choices: list[str]
    response_choices: list[int] = Field(default_factory=list)
    response_text: str = ""
    points_awarded: int | None = None
    comment: str = ""


class AttemptOut(BaseModel):
    id: uuid.UUID
    number: int
    status: AttemptStatus
    started_at: datetime
    deadline_at: datetime
    remaining_seconds: int
    submitted_at: datetime | None
    closed_by: ClosedBy | None
    items: list[ItemOut]
    score: Figure | None = Field(default=None, description="once the results are published")


class ExamOut(BaseModel):
    assessment: AssessmentOut | None
    can_start: bool
    refusal: str | None
    current_attempt_id: uuid.UUID | None
    attempts: list[uuid.UUID]
    retake_granted: bool


class SaveIn(BaseModel):
    choices: list[int] = Field(default_factory=list, max_length=10)
    text: str = Field(default="", max_length=10_000)


class SaveOut(BaseModel):
    saved_at: datetime
    deadline_at: datetime
    remaining_seconds: int


class EventIn(BaseModel):
    kind: EvidenceKind = Field(examples=["focus_lost"])
    seconds: int | None = Field(default=None, ge=0, le=86_400)


# --- grading and results -------------------------------------------------------------------


class GradeIn(BaseModel):
    question_id: uuid.UUID
    points: int = Field(ge=0, le=100)
    comment: str = Field(default="", max_length=2000)
    reason: str = Field(default="", max_length=500)


class RetakeIn(BaseModel):
    trainee_id: uuid.UUID
    reason: str = Field(min_length=1, max_length=500, examples=["질병으로 인한 시험 중단(진단서 제출)"])


class EvidenceOut(BaseModel):
    model_config = FROM_OBJECT

    kind: EvidenceKind
    at: datetime
    ip: str | None
    device_id: str | None


class GradedItemOut(ItemOut):
    correct: list[int] = Field(default_factory=list)
    accepted: list[str] = Field(default_factory=list)
    auto_points: int | None = None


class AttemptDetailOut(BaseModel):
    id: uuid.UUID
    trainee_id: uuid.UUID
    trainee_name: str
    number: int
    status: AttemptStatus
    started_at: datetime
    deadline_at: datetime
    submitted_at: datetime | None
    closed_by: ClosedBy | None
    earned: int | None
    possible: int
    score: Figure
    items: list[GradedItemOut]
    evidence: list[EvidenceOut]


class SignalOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    course_id: uuid.UUID
    kind: ExamSignalKind
    attempt_ids: list[str]
    trainee_ids: list[str]
    detail: dict[str, object]
    detected_at: datetime


class ResultOut(BaseModel):
    trainee_id: uuid.UUID
    name: str
    email: str
    enrolled: bool
    score: Figure
    passed: bool | None
    source: ResultSource | None
    graded_at: datetime | None
    attempts: int


class ResultsOut(BaseModel):
    pass_mark: int
    published_at: datetime | None
    results: list[ResultOut]


class ResultIn(BaseModel):
    score: str = Field(pattern=r"^\s*\d{1,3}([.,]\d{1,2})?\s*$", examples=["87.5"])
    note: str = Field(default="", max_length=500)
    reason: str = Field(default="", max_length=500)


class ResultChangeOut(BaseModel):
    trainee_id: uuid.UUID
    old: Figure
    new: Figure
    reason: str
    changed_by: uuid.UUID | None
    changed_at: datetime


class ImportOut(BaseModel):
    imported: int


# --- completion ----------------------------------------------------------------------------


class ReasonOut(BaseModel):
    code: str
    text: str


class CompletionLineOut(BaseModel):
    trainee_id: uuid.UUID
    name: str
    email: str
    enrolled: bool
    attendance_rate: Figure
    attendance_pending: bool  # nothing recorded for the course (or no training day counted yet)
    training_days: int
    absent_days: int  # absent days and absences converted from lates, early leaves, goings-out
    score: Figure
    state: str
    reasons: list[ReasonOut]
    confirmed_completed: bool | None


class CompletionOut(BaseModel):
    course_id: uuid.UUID
    pass_mark: int
    attendance_threshold: Figure  # the course policy's completion rate (80% by default)
    attendance_recorded: bool  # any attendance evidence stored for the course
    provisional: bool  # the course has not ended: decisions on attendance so far
    completed: int
    pending: int
    confirmed_at: datetime | None
    lines: list[CompletionLineOut]


# --- employment ----------------------------------------------------------------------------


class EmploymentIn(BaseModel):
    employed: bool
    starts_on: date | None = Field(default=None, examples=["2026-03-02"])
    employer: str = Field(default="", max_length=200, examples=["(주)대성정밀"])
    insured: bool = False
    note: str = Field(default="", max_length=500)


class EmploymentOut(BaseModel):
    trainee_id: uuid.UUID
    name: str
    email: str
    recorded: bool
    employed: bool | None
    starts_on: date | None
    employer: str
    insured: bool | None
    evidence_name: str | None
    evidence_size: int | None


class RateOut(BaseModel):
    months: int
    horizon: date | None
    final: bool | None
    employed_insured: int
    employed_all: int
    insured: Figure
    all: Figure


class CourseRatesOut(BaseModel):
    course_id: uuid.UUID | None
    title: str
    institution_id: uuid.UUID | None
    institution_name: str
    ends_on: date | None
    completion_confirmed: bool | None
    completers: int
    rates: list[RateOut]
    high_performing: bool | None
    courses: int = 1
    high_performing_courses: int | None = None


class RatesOut(BaseModel):
    courses: list[CourseRatesOut]
    institutions: list[CourseRatesOut]
    end_months: list[CourseRatesOut]
    total: CourseRatesOut


# --- survey --------------------------------------------------------------------------------


class SurveyIn(BaseModel):
    content: int = Field(ge=1, le=5)
    instructor: int = Field(ge=1, le=5)
    environment: int = Field(ge=1, le=5)
    usefulness: int = Field(ge=1, le=5)
    overall: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=1000)


class SurveyStateOut(BaseModel):
    open: bool
    refusal: str | None
    opens_on: date
    closes_on: date


class QuestionSummaryOut(BaseModel):
    question: str
    mean: Figure
    distribution: list[int]


class SurveyOut(BaseModel):
    course_id: uuid.UUID | None
    title: str
    answers: int
    shown: bool
    minimum: int
    overall: Figure | None
    questions: list[QuestionSummaryOut]
    comments: list[str] = Field(default_factory=list, description="operator and inspectors only")
