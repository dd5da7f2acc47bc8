"""API shapes for courses, lessons, plans, enrolments and calendars.

Naive datetimes given to the API are Korean wall-clock times (the timetable people read);
aware ones are converted. Every time that goes out is UTC, with its Asia/Seoul reading beside it.
Every answer is validated from a row or a typed result (`Out.model_validate(obj)`), never
assembled from a dict.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from classroom.core.dates import Day, Moment, WallClock
from classroom.courses.models import DEFAULT_PASS_MARK
from classroom.courses.rules.kinds import CourseCategory, CourseStatus, EnrollmentStatus, LessonMode

FROM_OBJECT = ConfigDict(from_attributes=True)


class CourseCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    category: CourseCategory
    description: str = Field(default="", max_length=4000)
    starts_on: Day
    ends_on: Day
    capacity: int = Field(ge=1, le=1000)
    pass_mark: int = Field(default=DEFAULT_PASS_MARK, ge=0, le=100)
    instructor_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)


class CourseUpdate(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    category: CourseCategory | None = None
    description: str | None = Field(default=None, max_length=4000)
    starts_on: Day | None = None
    ends_on: Day | None = None
    capacity: int | None = Field(default=None, ge=1, le=1000)
    pass_mark: int | None = Field(default=None, ge=0, le=100)
    instructor_ids: list[uuid.UUID] | None = Field(default=None, max_length=20)
    lead_instructor_id: uuid.UUID | None = Field(
        default=None,
        description="Hand the lead (책임강사) to another of the course's instructors (after "
        "`instructor_ids` is applied): institution admins and the current lead only.",
    )


class CourseOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    institution_id: uuid.UUID
    title: str
    category: CourseCategory
    description: str
    starts_on: date
    ends_on: date
    capacity: int
    status: CourseStatus
    pass_mark: int
    instructor_ids: list[uuid.UUID] = Field(default_factory=list)
    lead_instructor_id: uuid.UUID | None = None
    enrolled: int = 0
    created_at: datetime
    published_at: datetime | None


class StatusChange(BaseModel):
    status: CourseStatus


class LessonFields(BaseModel):
    title: str = Field(default="", max_length=200)
    instructor_id: uuid.UUID | None = None
    room: str | None = Field(default=None, max_length=100)
    join_url: str | None = Field(default=None, max_length=500, pattern=r"^https://\S+$")
    content_id: uuid.UUID | None = None
    host_company: str | None = Field(default=None, max_length=200)
    supervisor_id: uuid.UUID | None = None


class LessonCreate(LessonFields):
    mode: LessonMode
    starts_at: Moment
    ends_at: Moment


class LessonUpdate(BaseModel):
    mode: LessonMode | None = None
    starts_at: Moment | None = None
    ends_at: Moment | None = None
    title: str | None = Field(default=None, max_length=200)
    instructor_id: uuid.UUID | None = None
    room: str | None = Field(default=None, max_length=100)
    join_url: str | None = Field(default=None, max_length=500, pattern=r"^https://\S+$")
    content_id: uuid.UUID | None = None
    host_company: str | None = Field(default=None, max_length=200)
    supervisor_id: uuid.UUID | None = None
    reason: str | None = Field(
        default=None,
        max_length=500,
        description="Why a lesson already held is corrected (institution admins only; required then)",
    )


class RecurringCreate(LessonFields):
    mode: LessonMode
    weekdays: list[int] = Field(min_length=1, max_length=7, description="0 = Monday … 6 = Sunday")
    start: time = Field(description="Korean wall-clock start, e.g. 09:00")
    end: time
    first_day: Day
    last_day: Day
    skip_holidays: bool = True


class LessonOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    course_id: uuid.UUID
    mode: LessonMode
    title: str
    starts_at: datetime
    ends_at: datetime
    local_day: date
    local_start: WallClock
    local_end: WallClock
    minutes: int
    instructor_id: uuid.UUID | None
    room: str | None
    join_url: str | None
    content_id: uuid.UUID | None
    host_company: str | None
    supervisor_id: uuid.UUID | None
    series_id: uuid.UUID | None


class SkippedDayOut(BaseModel):
    model_config = FROM_OBJECT

    day: date
    name: str


class RecurringOut(BaseModel):
    model_config = FROM_OBJECT

    series_id: uuid.UUID
    created: list[LessonOut]
    skipped: list[SkippedDayOut]


class PreviewDayOut(BaseModel):
    day: date
    starts_at: datetime
    ends_at: datetime


class ClashOut(BaseModel):
    field: str | None = None
    message: str
    conflict: dict[str, Any] | None = None
    load: dict[str, Any] | None = None


class RecurringPreviewOut(BaseModel):
    """What `POST …/lessons/recurring` would do with the same body; nothing is written."""

    days: list[PreviewDayOut]
    skipped: list[SkippedDayOut]
    clashes: list[ClashOut] = Field(
        description="Each reason saving would be refused for; empty when it would succeed"
    )


class SeriesMove(BaseModel):
    shift_days: int = Field(default=0, ge=-366, le=366, description="Days to move each lesson still to come")
    start: time | None = Field(
        default=None, description="New Korean wall-clock start; each lesson keeps its length"
    )


class SeriesOutcomeOut(BaseModel):
    model_config = FROM_OBJECT

    changed: int = Field(description="Lessons moved or deleted")
    kept: int = Field(description="Lessons already held, left as they were")


class ViolationOut(BaseModel):
    model_config = FROM_OBJECT

    code: str
    figures: dict[str, int | float | str]
    message: str
    message_ko: str
    message_en: str


class PolicyOut(BaseModel):
    """The smart-training rules the verdict was judged by."""

    model_config = FROM_OBJECT

    programme_year: int | None  # None: no programme year opened, DOMAIN.md defaults apply
    source: str  # "programme" or "default"
    min_total_minutes: int
    min_online_share: str  # exact "numerator/denominator"
    min_online_share_percent: str
    max_online_share: str
    max_online_share_percent: str
    min_online_minutes: int
    max_daily_minutes: int
    text_ko: str
    text_en: str


class PlanOut(BaseModel):
    model_config = FROM_OBJECT

    course_id: uuid.UUID
    lessons: int
    total_minutes: int
    total_hours: float
    minutes_by_mode: dict[LessonMode, int]
    hours_by_mode: dict[LessonMode, float]
    online_minutes: int
    online_share_percent: float
    online_share_exact: str  # "numerator/denominator", for auditors
    is_smart_training: bool
    violations: list[ViolationOut]
    policy: PolicyOut


class EnrolRequest(BaseModel):
    """Either explicit trainee ids (one or many) or every trainee not enrolled yet."""

    user_ids: list[uuid.UUID] = Field(default_factory=list, max_length=1000)
    all_unenrolled: bool = False


class EnrollmentOut(BaseModel):
    model_config = FROM_OBJECT

    id: uuid.UUID
    course_id: uuid.UUID
    trainee_id: uuid.UUID
    trainee_name: str = ""
    trainee_email: str = ""
    status: EnrollmentStatus
    enrolled_at: datetime
    dropped_at: datetime | None
    drop_reason: str | None


class EnrolResult(BaseModel):
    model_config = FROM_OBJECT

    enrolled: list[EnrollmentOut]
    already_enrolled: list[uuid.UUID]
    capacity: int
    seats_left: int


class DropRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class CalendarEntryOut(BaseModel):
    model_config = FROM_OBJECT

    lesson_id: uuid.UUID
    course_id: uuid.UUID
    course_title: str
    course_status: CourseStatus
    mode: LessonMode
    mode_label: str
    title: str
    starts_at: datetime
    ends_at: datetime
    local_day: date
    local_start: WallClock
    local_end: WallClock
    where: str
    join_url: str | None
    as_role: str  # trainee | instructor | supervisor


class CalendarOut(BaseModel):
    model_config = FROM_OBJECT

    first_day: date
    last_day: date
    entries: list[CalendarEntryOut]


class FeedOut(BaseModel):
    model_config = FROM_OBJECT

    url: str
    created_at: datetime
