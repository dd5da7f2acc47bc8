"""Test factories for courses, their lessons and a valid blended plan."""

from __future__ import annotations

from fastapi import FastAPI
from sqlmodel import Session

from classroom.accounts.models import User
from tests.factories.accounts import principal_of
from tests.factories.leases import lease_classrooms


def make_course(
    session: Session,
    app: FastAPI,
    author: User,
    *,
    title: str = "AI 기반 스마트팩토리 데이터 분석 실무",
    instructors: list[User] | None = None,
    capacity: int = 20,
    starts_on=None,
    ends_on=None,
    category: str = "new_tech",
    leased: bool = True,
):  # type: ignore[no-untyped-def]
    """A draft course made by `author` (an institution admin or instructor) through the service.

    With `leased`, the institution also gets an approved one-classroom lease for the course's
    period, so publishing it passes the lease quota as it would for a real institution."""
    from datetime import date

    from classroom.courses.schemas import CourseCreate
    from classroom.courses.service import create_course

    course = create_course(
        session,
        app.state.clock,
        principal_of(author),
        CourseCreate(
            title=title,
            category=category,
            starts_on=starts_on or date(2026, 4, 1),
            ends_on=ends_on or date(2026, 9, 30),
            capacity=capacity,
            instructor_ids=[u.id for u in (instructors or [])],
        ),
    )
    session.commit()
    if leased:
        lease_classrooms(session, app, course.institution_id, course.starts_on, course.ends_on)
    return course


def add_lesson(
    session: Session,
    app: FastAPI,
    author: User,
    course,
    mode: str,
    day,
    start: str,
    end: str,
    **fields: object,
):  # type: ignore[no-untyped-def]
    """One lesson on a Korean calendar day, times as 'HH:MM' wall-clock."""
    from datetime import datetime, time

    from classroom.core.clock import SEOUL
    from classroom.courses.lessons import add_lesson
    from classroom.courses.schemas import LessonCreate

    starts = datetime.combine(day, time.fromisoformat(start), tzinfo=SEOUL)
    ends = datetime.combine(day, time.fromisoformat(end), tzinfo=SEOUL)
    row = add_lesson(
        session,
        app.state.clock,
        principal_of(author),
        course,
        LessonCreate(mode=mode, starts_at=starts, ends_at=ends, **fields),
    )  # type: ignore[arg-type]
    session.commit()
    return row


def make_valid_plan(
    session: Session,
    app: FastAPI,
    author: User,
    course,
    *,
    supervisor: User | None = None,
    room: str = "B동 301호",
):  # type: ignore[no-untyped-def]
    """A 144 h blended plan on April–May 2026 weekdays: 24 h live + 8 h VOD (22.2% online), 64 h classroom,
    48 h on-site (when a supervisor is given; otherwise classroom)."""
    from datetime import date, timedelta

    day = date(2026, 4, 6)  # Monday
    made = 0
    plan = (
        ["live"] * 6
        + ["vod"] * 2
        + ["classroom"] * 16
        + (["onsite"] * 12 if supervisor else ["classroom"] * 12)
    )
    for mode in plan:
        while day.weekday() >= 5 or day in (date(2026, 5, 1), date(2026, 5, 5), date(2026, 5, 25)):
            day += timedelta(days=1)
        extra: dict[str, object] = {}
        if mode == "classroom":
            extra["room"] = room
        if mode == "onsite":
            extra.update(host_company="(주)대성정밀", supervisor_id=supervisor.id)  # type: ignore[union-attr]
        add_lesson(session, app, author, course, mode, day, "09:00", "13:00", **extra)
        made += 1
        day += timedelta(days=1)
    return made
