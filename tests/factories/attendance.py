"""Test factories for attendance: a published blended course with trainees enrolled, built
through the services (make_valid_plan: April–May 2026 weekdays, 09:00–13:00 lessons)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session

from classroom.accounts.models import User
from classroom.core.tenancy import Role
from tests.factories.accounts import World, make_user, principal_of
from tests.factories.courses import make_course, make_valid_plan


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
