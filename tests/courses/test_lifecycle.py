from __future__ import annotations

from datetime import date, datetime

import pytest

from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from classroom.courses.cli import advance_calendar
from classroom.courses.rules.kinds import CourseStatus
from classroom.courses.rules.status import due_status
from classroom.courses.service import publish_course
from tests.factories.accounts import build_world, principal_of
from tests.factories.courses import make_course, make_valid_plan

START, END = date(2026, 4, 6), date(2026, 6, 30)
P, R, F, D = CourseStatus.PUBLISHED, CourseStatus.RUNNING, CourseStatus.FINISHED, CourseStatus.DRAFT


@pytest.mark.parametrize(
    ("status", "today", "expected"),
    [
        (P, date(2026, 4, 5), None),
        (P, START, R),
        (P, END, R),
        (P, date(2026, 7, 1), F),
        (R, END, None),
        (R, date(2026, 7, 1), F),
        (F, date(2027, 1, 1), None),
        (D, date(2026, 5, 1), None),
    ],
)
def test_due_status(status, today, expected):
    assert due_status(status, START, END, today) == expected


def _status(session, course) -> str:
    session.refresh(course)
    status = course.status
    session.commit()  # end the read: on SQLite an open transaction holds the write lock
    return status


def test_advance_moves_published_courses_by_the_seoul_calendar(app, session, clock):
    world = build_world(session, app)
    admin = world.user(Role.INSTITUTION_ADMIN)
    course = make_course(
        session, app, admin, instructors=[world.user(Role.INSTRUCTOR)], starts_on=START, ends_on=END
    )
    make_valid_plan(session, app, admin, course)
    clock.set(datetime(2026, 4, 1, 9, tzinfo=SEOUL))
    publish_course(session, clock, principal_of(admin), course)
    session.commit()
    clock.set(datetime(2026, 4, 5, 23, 59, tzinfo=SEOUL))
    assert advance_calendar(app) == 0
    clock.set(datetime(2026, 4, 6, 0, 0, tzinfo=SEOUL))  # still 5 April in UTC: Seoul's date decides
    assert advance_calendar(app) == 1
    assert advance_calendar(app) == 0  # idempotent
    assert _status(session, course) == R
    clock.set(datetime(2026, 7, 1, 0, 1, tzinfo=SEOUL))
    assert advance_calendar(app) == 1
    assert _status(session, course) == F


@pytest.mark.real_commits  # the lifespan runs the tick on a thread with its own connection
def test_the_server_ticks_the_calendar_on_start(app, session, clock):
    import time

    from fastapi.testclient import TestClient

    world = build_world(session, app)
    admin = world.user(Role.INSTITUTION_ADMIN)
    course = make_course(
        session, app, admin, instructors=[world.user(Role.INSTRUCTOR)], starts_on=START, ends_on=END
    )
    make_valid_plan(session, app, admin, course)
    clock.set(datetime(2026, 4, 1, 9, tzinfo=SEOUL))
    publish_course(session, clock, principal_of(admin), course)
    session.commit()
    clock.set(datetime(2026, 4, 6, 9, tzinfo=SEOUL))
    with TestClient(app):  # runs the lifespan, which starts the hourly tick
        deadline = time.monotonic() + 10
        while _status(session, course) != R and time.monotonic() < deadline:
            time.sleep(0.05)
    assert _status(session, course) == R
