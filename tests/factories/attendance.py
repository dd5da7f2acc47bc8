"""Test factories for attendance: a published blended course with trainees enrolled, built
through the services (make_valid_plan: April–May 2026 weekdays, 09:00–13:00 lessons), and
`attend`: trainees' evidence for a course's held lessons through attendance's own paths."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from sqlmodel import Session

from classroom.accounts.models import User
from classroom.core.tenancy import Role
from tests.factories.accounts import World, make_user, principal_of
from tests.factories.courses import make_course, make_valid_plan

if TYPE_CHECKING:
    from classroom.courses.models import Lesson


@dataclass
class Class:
    course: Any
    admin: User
    instructor: User
    supervisor: User
    trainees: list[User]


def make_class(
    session: Session, app: FastAPI, world: World, *, trainees: int = 2, tenant: str = "a"
) -> Class:
    from classroom.courses.enrolment import enrol
    from classroom.courses.service import publish_course

    users = getattr(world, tenant).users
    admin, instructor, supervisor = (
        users[Role.INSTITUTION_ADMIN],
        users[Role.INSTRUCTOR],
        users[Role.SUPERVISOR],
    )
    course = make_course(session, app, admin, instructors=[instructor])
    make_valid_plan(session, app, admin, course, supervisor=supervisor)
    publish_course(session, app.state.clock, principal_of(admin), course)
    people = [users[Role.TRAINEE]] + [
        make_user(session, app, getattr(world, tenant).institution, Role.TRAINEE, name=f"훈련생{i}")
        for i in range(1, trainees)
    ]
    enrol(session, app.state.clock, principal_of(admin), course, user_ids=[u.id for u in people])
    session.commit()
    return Class(course, admin, instructor, supervisor, people)


def lesson_days(session: Session, course: Any, until: datetime) -> dict[date, list[Lesson]]:
    """The course's lessons that ended by `until`, by Seoul training day."""
    from sqlmodel import col, select

    from classroom.core.clock import seoul_date
    from classroom.courses.models import Lesson

    statement = select(Lesson).where(Lesson.course_id == course.id).order_by(col(Lesson.starts_at))
    days: dict[date, list[Lesson]] = {}
    for lesson in session.exec(statement):  # tenancy: the test's own course
        if lesson.ends_at <= until:
            days.setdefault(seoul_date(lesson.starts_at), []).append(lesson)
    return days


def attend(
    session: Session,
    app: FastAPI,
    course: Any,
    by: User,
    trainees: Sequence[User],
    *,
    days: Mapping[uuid.UUID, int] | None = None,
    device: str | None = None,
) -> int:
    """Trainees attend the course's held lessons in full, through attendance's own paths: check-in
    and check-out (classroom, on-site) and live join/leave through the ingestion service as the
    institution's system (`by` may take attendance), VOD lessons through the content contract's
    `content.viewing` evidence. `days[trainee.id]` limits a trainee to their first that many
    training days (absent afterwards). Returns how many training days have been held."""
    from attendance import service, subscribers
    from attendance.schemas import EventIn

    clock = app.state.clock
    held = lesson_days(session, course, clock.now())
    batch: list[EventIn] = []
    viewings: list[dict[str, Any]] = []
    for number, trainee in enumerate(trainees):
        limit = (days or {}).get(trainee.id, len(held))
        for day in sorted(held)[:limit]:
            for lesson in held[day]:
                if lesson.mode == "vod":
                    seconds = int((lesson.ends_at - lesson.starts_at).total_seconds())
                    viewings.append(
                        {
                            "evidence_id": str(uuid.uuid4()),
                            "institution_id": str(course.institution_id),
                            "course_id": str(course.id),
                            "lesson_ids": [str(lesson.id)],
                            "trainee_id": str(trainee.id),
                            "at": (lesson.ends_at - timedelta(minutes=5)).isoformat(),
                            "watched_seconds": seconds,
                            "required_seconds": seconds,
                            "percent": 100,
                            "version_id": str(uuid.uuid4()),
                            "device_id": device,
                        }
                    )
                    continue
                live = lesson.mode == "live"
                for kind, at in (
                    ("live_join" if live else "check_in", lesson.starts_at - timedelta(minutes=3)),
                    ("live_leave" if live else "check_out", lesson.ends_at),
                ):
                    batch.append(
                        EventIn(
                            course_id=course.id,
                            trainee_id=trainee.id,
                            lesson_id=lesson.id,
                            kind=kind,  # type: ignore[arg-type]
                            at=at,
                            ip=f"121.134.{number // 200}.{number % 200 + 10}",  # each at home
                            device_id=device or f"phone-{trainee.id.hex[:8]}",
                            connection=f"conn-{lesson.id.hex[:8]}-{trainee.id.hex[:8]}" if live else "",
                        )
                    )
    principal = principal_of(by)
    if batch:
        service.ingest(session, clock, app.state.events, principal, batch, "10.20.1.15")
    if viewings:
        subscribers.record(session, clock, subscribers.CONTENT_VIEWING, viewings)
    session.commit()
    return len(held)


def first_lesson(session: Session, klass: Class, mode: str) -> Lesson:
    """The class's first lesson of `mode` (live, vod, classroom, onsite)."""
    from sqlmodel import select

    from classroom.courses.models import Lesson

    statement = (
        select(Lesson)
        .where(Lesson.course_id == klass.course.id, Lesson.mode == mode)
        .order_by(Lesson.starts_at)
    )
    row = session.exec(statement).first()
    assert row is not None, f"the class has no {mode} lesson"
    return row


def live_join(klass: Class, lesson: Lesson, trainee: User, minute: int, key: str, **where: str) -> Any:
    """A live-room join `minute` minutes into `lesson`, from `where` (ip=…, device_id=…)."""
    from attendance.ingest import NewEvent
    from attendance.rules.kinds import EventKind, Source
    from classroom.core.clock import seoul_date

    return NewEvent(
        klass.course.institution_id,
        klass.course.id,
        trainee.id,
        EventKind.LIVE_JOIN,
        Source.LIVE,
        lesson.starts_at + timedelta(minutes=minute),
        key,
        lesson_id=lesson.id,
        day=seoul_date(lesson.starts_at),
        ref=key,
        **where,
    )
