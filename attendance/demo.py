"""Demo attendance for the weeks the demo course has already held (through the same log every
source writes): mostly on time, a few lates and an early leave, an excused day with its
evidence, one trainee at risk of not completing, and two fraud signals for the inspector (two
accounts on one phone, several trainees on one home IP in a live lesson).

Times are drawn from a seeded generator, so the demo is the same every time it is built on the
same day; records and signals are then derived exactly as in production.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from attendance import records
from attendance.detection import detect_course
from attendance.ingest import NewEvent, store
from attendance.models import AttendanceNetwork
from attendance.rules.kinds import EventKind, Source
from classroom.accounts.demo import DemoResult
from classroom.accounts.models import User
from classroom.core.clock import Clock, seoul_date
from classroom.core.security import Passwords
from classroom.courses.models import Course, Lesson

COURSE_TITLE = "AI 기반 스마트팩토리 데이터 분석 실무"
AT_RISK = "sua@hanbit.example"  # 임수아: misses many days
ALWAYS_LATE = "minjae@hanbit.example"  # 조민재: several lates (converted into an absence)
EXCUSED = "yerin@hanbit.example"  # 한예린: 공가 (예비군 훈련) one day
PHONE_SHARERS = ("daeun@hanbit.example", "yujin@hanbit.example")  # one phone, two accounts
HOME_IP = "211.36.142.77"


def _event(
    course: Course,
    trainee: uuid.UUID,
    lesson: Lesson,
    kind: EventKind,
    source: Source,
    at: datetime,
    **extra: object,
) -> NewEvent:
    return NewEvent(
        institution_id=course.institution_id,
        course_id=course.id,
        trainee_id=trainee,
        kind=kind,
        source=source,
        at=at,
        idempotency_key=f"demo:{lesson.id}:{trainee}:{kind}:{at.isoformat()}",
        lesson_id=lesson.id,
        day=seoul_date(lesson.starts_at),
        **extra,  # type: ignore[arg-type]
    )


def _day_events(
    rng: random.Random,
    course: Course,
    lesson: Lesson,
    trainee: uuid.UUID,
    email: str,
    lateness: int,
    early: int,
) -> list[NewEvent]:
    arrive = lesson.starts_at + timedelta(minutes=lateness, seconds=rng.randint(0, 50))
    leave = lesson.ends_at - timedelta(minutes=early) + timedelta(minutes=rng.randint(0, 4))
    device = f"demo-{email.split('@')[0]}"
    ip = f"10.20.1.{rng.randint(10, 200)}"
    if lesson.mode == "vod":
        watched = int((lesson.ends_at - lesson.starts_at).total_seconds())
        return [
            _event(
                course,
                trainee,
                lesson,
                EventKind.VOD_PROGRESS,
                Source.CONTENT,
                lesson.starts_at + timedelta(hours=1),
                seconds=watched,
                required_seconds=watched,
                device_id=device,
            )
        ]
    if lesson.mode == "live":
        ip = f"121.{rng.randint(100, 190)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        conn = f"demo-{uuid.uuid4().hex[:8]}"
        return [
            _event(
                course,
                trainee,
                lesson,
                EventKind.LIVE_JOIN,
                Source.LIVE,
                arrive,
                ref=conn,
                ip=ip,
                device_id=device,
            ),
            _event(
                course,
                trainee,
                lesson,
                EventKind.LIVE_LEAVE,
                Source.LIVE,
                leave,
                ref=conn,
                ip=ip,
                device_id=device,
            ),
        ]
    source = Source.SUPERVISOR if lesson.mode == "onsite" else Source.QR
    return [
        _event(course, trainee, lesson, EventKind.CHECK_IN, source, arrive, ip=ip, device_id=device),
        _event(course, trainee, lesson, EventKind.CHECK_OUT, source, leave, ip=ip, device_id=device),
    ]


def seed_attendance(session: Session, clock: Clock, passwords: Passwords, result: DemoResult) -> None:
    course = session.exec(
        select(Course).where(Course.title == COURSE_TITLE)
    ).first()  # tenancy: the demo's own course
    if course is None:
        return
    # tenancy: the demo's own course
    statement = select(Lesson).where(Lesson.course_id == course.id).order_by(col(Lesson.starts_at))
    lessons = [row for row in session.exec(statement) if row.ends_at <= clock.now()]
    rng = random.Random(20260406)
    trainees = result.trainees.get("hanbit", [])
    events: list[NewEvent] = []
    days = sorted({seoul_date(row.starts_at) for row in lessons})
    for trainee in trainees:
        for lesson in lessons:
            day_index = days.index(seoul_date(lesson.starts_at))
            lateness, early = rng.choice([-8, -5, -3, 0, 2, 5]), 0
            if trainee.email == AT_RISK and day_index % 3 == 1:
                continue  # absent
            if trainee.email == ALWAYS_LATE and day_index in (1, 4, 6, 9):
                lateness = rng.randint(12, 25)
            if trainee.email == "seunghyun@hanbit.example" and day_index == 5:
                early = 40
            if trainee.email == EXCUSED and day_index == 3:
                events.append(
                    _event(
                        course,
                        trainee.id,
                        lesson,
                        EventKind.EXCUSED,
                        Source.STAFF,
                        lesson.starts_at,
                        reason="예비군 훈련 소집",
                        evidence="예비군 훈련 소집 통지서 사본 (2부)",
                    )
                )
                continue
            events.extend(_day_events(rng, course, lesson, trainee.id, trainee.email, lateness, early))
    _fraud(course, lessons, trainees, events)
    # The classroom Wi-Fi: many trainees share it legitimately (no same-IP flag); QR check-in is
    # not limited to it (the list of allowed networks stays empty).
    session.add(
        AttendanceNetwork(
            institution_id=course.institution_id,
            cidr="10.20.0.0/16",
            label="B동 강의실 와이파이",
            checkin_allowed=False,
            shared=True,
            created_at=clock.now(),
        )
    )
    store(session, clock.now(), events)
    records.recompute_course(session, course, clock.now())
    detect_course(session, clock, course)
    result.notes.append(
        f"attendance: {len(events)} demo events over {len(days)} training days held; signals for the inspector"
    )


def _fraud(course: Course, lessons: list[Lesson], trainees: list[User], events: list[NewEvent]) -> None:
    """Two accounts checked in from one phone three minutes apart; three trainees joined a live
    lesson from one home IP."""
    by_email = {t.email: t for t in trainees}
    classroom = [row for row in lessons if row.mode == "classroom"]
    live = [row for row in lessons if row.mode == "live"]
    if classroom and all(e in by_email for e in PHONE_SHARERS):
        lesson = classroom[-1]
        for offset, email in enumerate(PHONE_SHARERS):
            trainee = by_email[email].id
            events[:] = [e for e in events if not (e.trainee_id == trainee and e.lesson_id == lesson.id)]
            at = lesson.starts_at - timedelta(minutes=4) + timedelta(minutes=3 * offset)
            events.append(
                _event(
                    course,
                    trainee,
                    lesson,
                    EventKind.CHECK_IN,
                    Source.QR,
                    at,
                    ip="10.20.1.55",
                    device_id="demo-shared-galaxy",
                )
            )
            events.append(
                _event(
                    course,
                    trainee,
                    lesson,
                    EventKind.CHECK_OUT,
                    Source.QR,
                    lesson.ends_at + timedelta(minutes=offset),
                    ip="10.20.1.55",
                    device_id="demo-shared-galaxy",
                )
            )
    if live and len(trainees) >= 4:
        lesson = live[-1]
        for person in trainees[1:4]:
            for e in events:
                if e.trainee_id == person.id and e.lesson_id == lesson.id:
                    events[events.index(e)] = NewEvent(**{**e.__dict__, "ip": HOME_IP})
