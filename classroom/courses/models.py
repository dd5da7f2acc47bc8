"""Courses, their blended schedule, instructors, enrolments and calendar feeds (all tenant-owned)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from classroom.core.clock import to_seoul
from classroom.core.db import EnumText, UTCDateTime
from classroom.core.tenancy import TenantOwned
from classroom.courses.rules.kinds import CourseCategory, CourseStatus, EnrollmentStatus, LessonMode

DEFAULT_PASS_MARK = 60


class Course(TenantOwned, table=True):
    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("pass_mark >= 0 AND pass_mark <= 100", name="pass_mark_range"),
        CheckConstraint("ends_on >= starts_on", name="period_order"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    title: str = Field(max_length=200)
    category: CourseCategory = Field(sa_type=EnumText(CourseCategory, 16))
    description: str = Field(default="", max_length=4000)
    starts_on: date  # training period, Asia/Seoul calendar days, both ends included
    ends_on: date
    capacity: int
    status: CourseStatus = Field(default=CourseStatus.DRAFT, sa_type=EnumText(CourseStatus, 16), index=True)
    # Completion assessment (이수자평가) pass mark out of 100.
    pass_mark: int = DEFAULT_PASS_MARK
    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CourseInstructor(TenantOwned, table=True):
    """An instructor of a course. One of them is the lead (책임강사): the author when an
    instructor made the course, else the first one an admin named; the lead may add and remove
    co-instructors, which otherwise only institution admins do."""

    __tablename__ = "course_instructors"
    __table_args__ = (
        Index(
            "uq_course_instructors_one_lead",
            "course_id",
            unique=True,
            sqlite_where=text("is_lead"),
            postgresql_where=text("is_lead"),
        ),
    )

    course_id: uuid.UUID = Field(foreign_key="courses.id", primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True, index=True)
    is_lead: bool = False


class LessonSeries(TenantOwned, table=True):
    """The lessons one recurring generator made together (`Lesson.series_id`), so they can be
    moved or deleted as a whole. What the series looks like (days, times, count) is read from
    its lessons, which stay the truth; lessons already held are never moved or deleted with it."""

    __tablename__ = "lesson_series"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    mode: LessonMode = Field(sa_type=EnumText(LessonMode, 16))
    created_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Lesson(TenantOwned, table=True):
    """One scheduled lesson (차시) of a course. Times are UTC instants; the timetable is read in
    Asia/Seoul. ("Session" means only a database or login session in this code base.)"""

    __tablename__ = "lessons"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="positive_length"),
        # Conflict checks scan by person/room and time; these keep them off full scans.
        Index("ix_lessons_instructor_time", "instructor_id", "starts_at"),
        Index("ix_lessons_institution_room_time", "institution_id", "room_key", "starts_at"),
        Index("ix_lessons_course_time", "course_id", "starts_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id")
    mode: LessonMode = Field(sa_type=EnumText(LessonMode, 16))
    title: str = Field(default="", max_length=200)
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    instructor_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    # classroom: the room as typed; room_key is its normalised form used for double-booking.
    room: str | None = Field(default=None, max_length=100)
    room_key: str | None = Field(default=None, max_length=100)
    # live online: an external meeting link when the built-in live room is not used.
    join_url: str | None = Field(default=None, max_length=500)
    # recorded (VOD): the content item, linked once the content package exists (no FK yet).
    content_id: uuid.UUID | None = Field(default=None)
    # on-site practice: host company and its mentor (현장교사).
    host_company: str | None = Field(default=None, max_length=200)
    supervisor_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", index=True)
    # Lessons made by one recurring generator share a series (`LessonSeries`; no foreign key:
    # series made before migration 0013 got their rows there, and a series row goes with its
    # last lesson).
    series_id: uuid.UUID | None = Field(default=None, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def local_day(self) -> date:
        return to_seoul(self.starts_at).date()

    @property
    def local_start(self) -> time:
        return to_seoul(self.starts_at).time().replace(tzinfo=None)

    @property
    def local_end(self) -> time:
        return to_seoul(self.ends_at).time().replace(tzinfo=None)


class Enrollment(TenantOwned, table=True):
    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("course_id", "trainee_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    course_id: uuid.UUID = Field(foreign_key="courses.id", index=True)
    trainee_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    status: EnrollmentStatus = Field(
        default=EnrollmentStatus.ENROLLED, sa_type=EnumText(EnrollmentStatus, 16)
    )
    enrolled_at: datetime = Field(sa_type=UTCDateTime)
    enrolled_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    dropped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    dropped_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    drop_reason: str | None = Field(default=None, max_length=500)


class CalendarFeed(SQLModel, table=True):
    """A user's secret iCal address. The secret is an HMAC of `nonce` under the app key, so the
    page can show it again while a leaked database alone cannot; lookups go by its hash.
    Like `AuthSession` it is a credential of one user, not tenant data, and is found by hash."""

    __tablename__ = "calendar_feeds"

    user_id: uuid.UUID = Field(foreign_key="users.id", primary_key=True)
    nonce: str = Field(max_length=64)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_fetched_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
