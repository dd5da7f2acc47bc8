"""Demo content: the 한빛 smart-factory course's e-learning lessons get a real lesson video (a
short clip the project generated, see demo_assets/make-assets.sh) and a PDF handout, and the
first demo trainee is part-way through the video.

Everything goes through the services: files are stored in the app's object store, become
versions, are probed as the processing job would (duration, poster), are attached to the VOD
lessons, and the trainee's progress comes from real heartbeats credited at real time.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from classroom.accounts.auth import principal_for
from classroom.accounts.demo import DemoResult
from classroom.core.clock import Clock, FrozenClock
from classroom.core.events import EventBus
from classroom.core.security import Passwords
from classroom.core.tenancy import Role, scoped, tenant_system_principal
from classroom.courses.models import Course
from classroom.courses.rules.kinds import LessonMode
from classroom.courses.timetable import course_lessons
from content import items, processing, progress
from content.rules.kinds import ContentKind
from content.settings import ContentSettings
from content.wiring import store_for

ASSETS = Path(__file__).parent / "demo_assets"
COURSE_TITLE = "AI 기반 스마트팩토리 데이터 분석 실무"
VIDEO = ("ml-basics-1.mp4", "머신러닝 기초 1강: 데이터와 모델", "video/mp4", ContentKind.VIDEO)
HANDOUT = ("handout-1.pdf", "1강 강의 자료 (PDF)", "application/pdf", ContentKind.DOCUMENT)
WATCHED_BEATS = 2  # heartbeats of 15 s each: the trainee is part-way through


def _store(
    session: Session,
    institution_id: uuid.UUID,
    course: Course,
    asset: tuple[str, str, str, ContentKind],
    clock: Clock,
    teacher_id: uuid.UUID,
) -> items.Added:
    filename, title, media_type, kind = asset
    store = store_for(session)
    content_id, version_id = uuid.uuid4(), uuid.uuid4()
    key = f"{institution_id}/{content_id}/{version_id}"
    path = ASSETS / filename
    with path.open("rb") as handle:
        size = store.put(key, handle, path.stat().st_size)
    added = items.add_version(
        session,
        clock,
        EventBus(),  # nothing listens while seeding; the job below runs in place
        tenant_system_principal(institution_id),
        course_id=course.id,
        content_id=content_id,
        version_id=version_id,
        title=title,
        created_by=teacher_id,
        storage_key=key,
        size=size,
        media_type=media_type,
        kind=kind,
        filename=filename,
        sha256=None,
    )
    processing.process_version(session, store, ContentSettings(), added.version.id)
    return added


def seed_content(session: Session, clock: Clock, passwords: Passwords, result: DemoResult) -> None:
    admin = principal_for(result.users[f"hanbit:{Role.INSTITUTION_ADMIN}"])
    teacher = result.users[f"hanbit:{Role.INSTRUCTOR}"]
    course = session.exec(scoped(select(Course), admin).where(Course.title == COURSE_TITLE)).first()
    if course is None:
        return
    institution_id = course.institution_id
    video = _store(session, institution_id, course, VIDEO, clock, teacher.id)
    handout = _store(session, institution_id, course, HANDOUT, clock, teacher.id)
    vod = [lesson for lesson in course_lessons(session, admin, course) if lesson.mode is LessonMode.VOD]
    for lesson in vod[:2]:
        items.attach(session, admin, video.item, lesson)
        items.attach(session, admin, handout.item, lesson)
    trainees = result.trainees.get("hanbit", [])
    if not trainees:
        return
    trainee = principal_for(trainees[0])
    # Real heartbeats on a clock of their own, an hour ago: play, then two 15-second stretches.
    watch = FrozenClock(clock.now() - timedelta(hours=1))
    playback = "demo-" + uuid.uuid4().hex[:8]
    position = 0.0
    for seq in range(WATCHED_BEATS + 1):
        beat = progress.HeartbeatIn(
            version_id=video.version.id,
            playback=playback,
            seq=seq,
            position=position,
            segment_start=max(position - 15.0, 0.0),
            playing=True,
            visible=True,
            rate=1.0,
            device_id="demo-phone",
        )
        progress.heartbeat(
            session, watch, EventBus(), trainee, video.item, beat, ip="203.0.113.24", user_agent="demo"
        )
        watch.advance(seconds=15)
        position += 15.0
    result.notes.append(
        f"content: {video.item.title} and {handout.item.title} on {len(vod[:2])} e-learning lessons"
    )
