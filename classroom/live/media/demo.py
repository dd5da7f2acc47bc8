"""Demo: the media evidence of the demo's live discussion (classroom/live/demo.py) — who had
the camera on and for how long, one trainee with the camera off for six minutes, one who only
watched — as Janus's events would have left it, so the presence log and attendance show
camera minutes without a Janus running."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from sqlmodel import Session, col, select

from classroom.accounts.demo import DemoResult
from classroom.core.clock import Clock
from classroom.core.events import EventBus
from classroom.core.security import Passwords
from classroom.core.tenancy import Role, scoped, tenant_system_principal
from classroom.courses.models import Lesson
from classroom.live.demo import TITLE
from classroom.live.evidence import record_presence
from classroom.live.media.models import MediaGrant
from classroom.live.media.rooms import janus_id
from classroom.live.models import LiveConnection, PresenceEntry

# Minutes after each person's join: (kind, minute, stream).
TEACHER = [
    ("publisher_up", 0.5, "camera"),
    ("camera_on", 0.5, "camera"),
    ("camera_off", 11.8, "camera"),
    ("publisher_down", 11.8, "camera"),
]
ON_CAMERA = [
    ("publisher_up", 0.7, "camera"),
    ("camera_on", 0.7, "camera"),
    ("receiving_up", 0.8, "subscriber"),
    ("camera_off", 11.9, "camera"),
    ("publisher_down", 11.9, "camera"),
    ("receiving_down", 11.9, "subscriber"),
]
CAMERA_GAP = [
    ("publisher_up", 0.9, "camera"),
    ("camera_on", 0.9, "camera"),
    ("receiving_up", 1.0, "subscriber"),
    ("camera_off", 4.0, "camera"),
    ("camera_on", 10.0, "camera"),
    ("camera_off", 11.9, "camera"),
    ("publisher_down", 11.9, "camera"),
    ("receiving_down", 11.9, "subscriber"),
]
WATCH_ONLY = [("receiving_up", 1.2, "subscriber"), ("receiving_down", 11.9, "subscriber")]


def seed_media(session: Session, clock: Clock, passwords: Passwords, result: DemoResult) -> None:
    del passwords
    institution = result.users[f"hanbit:{Role.INSTITUTION_ADMIN}"].institution_id
    assert institution is not None
    system = tenant_system_principal(institution)
    lesson = session.exec(scoped(select(Lesson), system).where(Lesson.title == TITLE)).first()
    if lesson is None:
        return
    connections = session.exec(
        scoped(select(LiveConnection), system)
        .where(LiveConnection.lesson_id == lesson.id)
        .order_by(col(LiveConnection.opened_at))
    ).all()
    teacher = result.users[f"hanbit:{Role.INSTRUCTOR}"].id
    trainees = [t.id for t in result.trainees["hanbit"][:4]]
    plans = {
        teacher: TEACHER,
        **dict(zip(trainees, [ON_CAMERA, ON_CAMERA, CAMERA_GAP, WATCH_ONLY], strict=False)),
    }
    bus = EventBus()
    for connection in connections:
        plan = plans.get(connection.user_id)
        if plan is None:
            continue
        grant = MediaGrant(
            institution_id=institution,
            lesson_id=lesson.id,
            course_id=lesson.course_id,
            user_id=connection.user_id,
            role=connection.role,
            token=secrets.token_urlsafe(32),
            camera_feed=janus_id(),
            screen_feed=janus_id() if connection.role is Role.INSTRUCTOR else None,
            connection_id=connection.id,
            issued_at=connection.opened_at,
            revoked_at=connection.closed_at,
            revoked_kind="leave",
        )
        session.add(grant)
        for kind, minute, stream in plan:
            at = connection.opened_at + timedelta(minutes=minute)
            record_presence(
                session,
                bus,
                PresenceEntry(
                    institution_id=institution,
                    lesson_id=lesson.id,
                    course_id=lesson.course_id,
                    user_id=connection.user_id,
                    role=connection.role,
                    source="media",
                    kind=kind,
                    at=at,
                    recorded_at=at,
                    connection_id=connection.id,
                    detail=json.dumps(
                        {"stream": stream, "feed": grant.camera_feed if stream == "camera" else None}
                    ),
                ),
            )
    session.flush()
    del clock
    result.notes.append(
        "live lesson media: camera presence of the discussion in its presence log (one camera off 6 min)"
    )
