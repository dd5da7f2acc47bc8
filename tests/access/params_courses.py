"""Access-walker path parameters for the courses domain (see params.py).

The walker asks each allowed role for its own objects and expects neither 404 nor 403, so the
course is one every role of the tenant legitimately reaches: taught by the tenant's instructor,
published (trainees and supervisors never see drafts), with the tenant's trainee enrolled and
an on-site day supervised by the tenant's supervisor. It is built once per world and found
again by title, so `{course_id}` and `{lesson_id}` of one URL belong together.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from fastapi import FastAPI
from sqlmodel import Session, select

from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from tests.access.params import register
from tests.factories.accounts import World, principal_of
from tests.factories.leases import lease_classrooms

TITLE = "접근 점검용 스마트훈련 과정"


def _course(session: Session, app: FastAPI, world: World, tenant: str):  # type: ignore[no-untyped-def]
    from classroom.courses.enrolment import enrol
    from classroom.courses.lessons import add_lesson
    from classroom.courses.models import Course
    from classroom.courses.recurring import generate
    from classroom.courses.schemas import CourseCreate, LessonCreate, RecurringCreate
    from classroom.courses.service import create_course, publish_course

    users = getattr(world, tenant).users
    institution_id = getattr(world, tenant).institution.id
    found = session.exec(
        select(Course).where(Course.institution_id == institution_id, Course.title == TITLE)
    ).first()
    if found is not None:
        return found
    clock = app.state.clock
    admin = principal_of(users[Role.INSTITUTION_ADMIN])
    course = create_course(
        session,
        clock,
        admin,
        CourseCreate(
            title=TITLE,
            category="ict",
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 6, 30),
            capacity=10,
            instructor_ids=[users[Role.INSTRUCTOR].id],
        ),
    )
    generate(
        session,
        clock,
        admin,
        course,
        RecurringCreate(
            mode="live",
            weekdays=[0, 1],
            start=time(9),
            end=time(13),
            first_day=date(2026, 4, 6),
            last_day=date(2026, 5, 1),
        ),
    )
    generate(
        session,
        clock,
        admin,
        course,
        RecurringCreate(
            mode="classroom",
            room="301호",
            weekdays=[2, 3, 4],
            start=time(9),
            end=time(13),
            first_day=date(2026, 4, 1),
            last_day=date(2026, 6, 30),
        ),
    )
    add_lesson(
        session,
        clock,
        admin,
        course,
        LessonCreate(
            mode="onsite",
            starts_at=datetime(2026, 4, 6, 14, tzinfo=SEOUL),
            ends_at=datetime(2026, 4, 6, 17, tzinfo=SEOUL),
            host_company="(주)대성정밀",
            supervisor_id=users[Role.SUPERVISOR].id,
        ),
    )
    lease_classrooms(session, app, institution_id, course.starts_on, course.ends_on)
    publish_course(session, clock, admin, course)
    enrol(session, clock, admin, course, user_ids=[users[Role.TRAINEE].id])
    session.commit()
    return course


def _course_id(session: Session, app: FastAPI, world: World, tenant: str) -> uuid.UUID:
    return _course(session, app, world, tenant).id


def _lesson_id(session: Session, app: FastAPI, world: World, tenant: str) -> uuid.UUID:
    from classroom.courses.models import Lesson

    course = _course(session, app, world, tenant)
    row = session.exec(select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.starts_at)).first()  # type: ignore[arg-type]
    assert row is not None
    return row.id


def _series_id(session: Session, app: FastAPI, world: World, tenant: str) -> uuid.UUID:
    from classroom.courses.models import LessonSeries

    course = _course(session, app, world, tenant)
    row = session.exec(
        select(LessonSeries).where(LessonSeries.course_id == course.id).order_by(LessonSeries.created_at)  # type: ignore[arg-type]
    ).first()
    assert row is not None
    return row.id


def _feed_secret(session: Session, app: FastAPI, world: World, tenant: str) -> str:
    from classroom.courses.ical import ensure_feed

    trainee = principal_of(getattr(world, tenant).users[Role.TRAINEE])
    _, secret = ensure_feed(session, app.state.clock, app.state.settings.secret_key, trainee)
    session.commit()
    return secret


register("course_id", _course_id)
register("lesson_id", _lesson_id)
register("series_id", _series_id)
register("secret", _feed_secret, scoped=False)
