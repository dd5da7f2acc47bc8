"""Test factories for content: a published course with a VOD lesson, an instructor and an
enrolled trainee per institution, and stored content items (through the services)."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from fastapi import FastAPI
from sqlmodel import Session

from classroom.accounts.models import User
from classroom.core.clock import SEOUL
from classroom.core.events import EventBus
from classroom.core.tenancy import Role, tenant_system_principal
from classroom.courses.models import Course, Lesson
from content import items
from content.models import ContentItem, ContentVersion
from content.rules.kinds import ContentKind
from tests.factories.accounts import Tenant, make_user, principal_of
from tests.factories.leases import lease_classrooms

VOD_DAY = date(2026, 4, 11)  # a Saturday of the course


@dataclass
class Classroom:
    """One institution's published course as content sees it."""

    course: Course
    vod: Lesson
    admin: User
    teacher: User
    trainee: User
    outsider: User  # a trainee of the same institution, not enrolled
    other_teacher: User  # an instructor of the same institution who does not teach it


def published_course(
    session: Session, app: FastAPI, tenant: Tenant, title: str = "콘텐츠 시험 과정"
) -> Classroom:
    from classroom.courses.enrolment import enrol
    from classroom.courses.lessons import add_lesson
    from classroom.courses.recurring import generate
    from classroom.courses.schemas import CourseCreate, LessonCreate, RecurringCreate
    from classroom.courses.service import create_course, publish_course

    clock = app.state.clock
    users = tenant.users
    admin = principal_of(users[Role.INSTITUTION_ADMIN])
    course = create_course(
        session,
        clock,
        admin,
        CourseCreate(
            title=title,
            category="ict",
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 6, 30),
            capacity=10,
            instructor_ids=[users[Role.INSTRUCTOR].id],
        ),
    )
    for mode, weekdays, extra in (("live", [0, 1], {}), ("classroom", [2, 3, 4], {"room": "301호"})):
        generate(
            session,
            clock,
            admin,
            course,
            RecurringCreate(
                mode=mode,
                weekdays=weekdays,
                start=time(9),
                end=time(13),
                first_day=date(2026, 4, 1),
                last_day=date(2026, 6, 30),
                **extra,
            ),
        )
    vod = add_lesson(
        session,
        clock,
        admin,
        course,
        LessonCreate(
            mode="vod",
            title="이러닝: 머신러닝 기초",
            starts_at=datetime.combine(VOD_DAY, time(19), tzinfo=SEOUL),
            ends_at=datetime.combine(VOD_DAY, time(21), tzinfo=SEOUL),
        ),
    )
    lease_classrooms(session, app, course.institution_id, course.starts_on, course.ends_on)
    publish_course(session, clock, admin, course)
    enrol(session, clock, admin, course, user_ids=[users[Role.TRAINEE].id])
    session.commit()
    institution = tenant.institution
    outsider = make_user(session, app, institution, Role.TRAINEE, name="미수강생")
    other_teacher = make_user(session, app, institution, Role.INSTRUCTOR, name="다른강사")
    return Classroom(
        course,
        vod,
        users[Role.INSTITUTION_ADMIN],
        users[Role.INSTRUCTOR],
        users[Role.TRAINEE],
        outsider,
        other_teacher,
    )


def mp4_bytes(size: int = 64 * 1024, seed: int = 1) -> bytes:
    """Bytes an mp4 sniff accepts (an `ftyp` box), padded to `size` with a repeatable pattern."""
    head = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
    body = bytes((seed * 131 + i * 7) % 251 for i in range(max(size - len(head), 0)))
    return (head + body)[:size]


def stored_item(
    session: Session,
    app: FastAPI,
    room: Classroom,
    data: bytes | None = None,
    *,
    title: str = "1주차 강의 영상",
    filename: str = "week1.mp4",
    media_type: str = "video/mp4",
    kind: ContentKind = ContentKind.VIDEO,
    duration: float | None = 600.0,
    item: ContentItem | None = None,
) -> tuple[ContentItem, ContentVersion]:
    """A stored item (or a new version of `item`), as a finished upload would leave it; the
    duration is set as the processing job would have found it."""
    data = mp4_bytes() if data is None else data
    store = app.state.store
    content_id = item.id if item else uuid.uuid4()
    version_id = uuid.uuid4()
    key = f"{room.course.institution_id}/{content_id}/{version_id}"
    store.put(key, io.BytesIO(data), len(data))
    added = items.add_version(
        session,
        app.state.clock,
        EventBus(),
        tenant_system_principal(room.course.institution_id),
        course_id=room.course.id,
        content_id=content_id,
        version_id=version_id,
        title=title,
        created_by=room.teacher.id,
        storage_key=key,
        size=len(data),
        media_type=media_type,
        kind=kind,
        filename=filename,
        sha256=None,
    )
    added.version.duration_seconds = duration
    session.add(added.version)
    session.commit()
    return added.item, added.version
