"""Shared set-up of the attendance benchmarks: a migrated SQLite database with an institution, a
finished course of 35 training days × 4 h (140 h), 30 enrolled trainees, built through the
services, and evidence of 20 events per trainee-day."""

from __future__ import annotations

import sys
import tempfile
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi import FastAPI

from attendance.ingest import NewEvent
from attendance.rules.kinds import EventKind, Source
from classroom.accounts.auth import principal_for
from classroom.accounts.service import insert_user
from classroom.app import create_app
from classroom.core.clock import SEOUL, FrozenClock
from classroom.core.migrate import upgrade
from classroom.core.settings import Settings
from classroom.core.tenancy import Role
from classroom.courses.enrolment import enrol
from classroom.courses.lessons import add_lesson
from classroom.courses.schemas import CourseCreate, LessonCreate
from classroom.courses.service import create_course
from classroom.institutions.schemas import InstitutionCreate
from classroom.institutions.service import create_institution

TRAINEES, DAYS, EVENTS_PER_DAY = 30, 35, 20
FIRST = date(2026, 3, 2)
NOW = datetime(2026, 6, 1, 12, tzinfo=SEOUL)


@dataclass
class Bench:
    app: FastAPI
    institution_id: uuid.UUID
    admin: object
    courses: list[object]
    trainees: list[list[uuid.UUID]]


def make_app(base: Path | None = None) -> FastAPI:
    data = base or Path(tempfile.mkdtemp(prefix="bench-attendance-"))
    settings = Settings(
        environment="test",
        data_dir=data,
        secret_key="bench-secret-key-0123456789",
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )
    app = create_app(settings, clock=FrozenClock(NOW))
    upgrade(app.state.db.engine)
    return app


def training_days() -> list[date]:
    days, d = [], FIRST
    while len(days) < DAYS:
        if d.weekday() < 5:
            days.append(d)
        d += timedelta(days=1)
    return days


def build(app: FastAPI, courses: int = 1) -> Bench:
    clock = app.state.clock
    with app.state.db.session() as session:
        made = create_institution(
            session,
            clock,
            app.state.passwords,
            None,
            InstitutionCreate(
                code=f"bench{uuid.uuid4().hex[:6]}",
                name="벤치마크훈련원",
                admin_email="admin@bench.example",
                admin_name="관리자",
                admin_password="bench-pass-123",
            ),
        )
        admin = principal_for(made.admin.user)
        built, people = [], []
        for c in range(courses):
            course = create_course(
                session,
                clock,
                admin,
                CourseCreate(
                    title=f"벤치마크 과정 {c + 1}",
                    category="ict",
                    starts_on=FIRST,
                    ends_on=training_days()[-1],
                    capacity=TRAINEES,
                ),
            )
            for i, day in enumerate(training_days()):
                mode = "live" if i % 3 == 0 else "classroom"
                add_lesson(
                    session,
                    clock,
                    admin,
                    course,
                    LessonCreate(
                        mode=mode,
                        starts_at=datetime.combine(day, time(9), tzinfo=SEOUL),
                        ends_at=datetime.combine(day, time(13), tzinfo=SEOUL),
                        room=f"벤치 {c}호" if mode == "classroom" else None,
                    ),
                )
            ids = []
            for t in range(TRAINEES):
                user = insert_user(
                    session,
                    clock,
                    app.state.passwords,
                    institution_id=made.institution.id,
                    email=f"t{c}-{t}@bench.example",
                    name=f"훈련생{c}-{t}",
                    role=Role.TRAINEE,
                    password="bench-pass-123",
                ).user
                ids.append(user.id)
            enrol(session, clock, admin, course, user_ids=ids)
            built.append(course)
            people.append(ids)
        session.commit()
    return Bench(app, made.institution.id, admin, built, people)


def day_events(course: object, trainee: uuid.UUID, day: date, lesson_mode: str, seed: int) -> list[NewEvent]:
    """20 events for one trainee-day: 10 check-in/out (or join/leave) pairs through the morning."""
    out = []
    start = datetime.combine(day, time(8, 55), tzinfo=SEOUL) + timedelta(minutes=seed % 17)
    kinds = (
        (EventKind.LIVE_JOIN, EventKind.LIVE_LEAVE)
        if lesson_mode == "live"
        else (EventKind.CHECK_IN, EventKind.CHECK_OUT)
    )
    for n in range(EVENTS_PER_DAY):
        at = start + timedelta(minutes=12 * n + (1 if n % 2 else 0))
        out.append(
            NewEvent(
                institution_id=course.institution_id,  # type: ignore[attr-defined]
                course_id=course.id,  # type: ignore[attr-defined]
                trainee_id=trainee,
                kind=kinds[n % 2],
                source=Source.API,
                at=at,
                idempotency_key=f"bench:{course.id}:{trainee}:{day}:{n}",  # type: ignore[attr-defined]
                day=day,
                ref=f"c{n // 2}",
                ip=f"10.0.{seed % 250}.{n}",
                device_id=f"dev-{trainee}",
            )
        )
    return out
