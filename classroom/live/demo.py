"""Demo: the 한빛 smart-factory course has a live lesson in progress today (or as soon as the
timetable allows), with chat history, a raised hand's worth of discussion and a past
attendance check that three trainees answered and one missed, so `make run` shows a room."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlmodel import Session, col, select

from classroom.accounts.auth import principal_for
from classroom.accounts.demo import DemoResult
from classroom.core.clock import SEOUL, Clock, seoul_date
from classroom.core.errors import ClassroomError
from classroom.core.events import EventBus
from classroom.core.security import Passwords
from classroom.core.tenancy import Principal, Role
from classroom.courses import lessons
from classroom.courses.models import Course, Lesson
from classroom.courses.rules.kinds import LessonMode
from classroom.courses.schemas import LessonCreate
from classroom.live import chat, checks, presence
from classroom.live.actor import Actor
from classroom.live.models import LiveConnection
from classroom.live.room import lock_room
from classroom.live.settings import LiveSettings

TITLE = "실시간 특강: AI 품질 예측 사례 토론"
CHAT = [
    ("teacher", "안녕하세요, 오늘은 사출 공정 불량 예측 사례를 함께 보겠습니다."),
    (0, "안녕하세요! 화면 잘 보입니다."),
    (1, "지난주 실습 데이터도 오늘 쓰나요?"),
    ("teacher", "네, 지난주에 정리한 센서 데이터를 그대로 사용합니다."),
    (2, "질문이 있는데 설명 끝나고 여쭤봐도 될까요?"),
    ("teacher", "잠시 후 출석 확인을 하겠습니다. 화면의 버튼을 눌러 주세요."),
    (0, "확인했습니다."),
]


def _live_lesson(
    session: Session, clock: Clock, admin: Principal, course: Course, teacher_id: object
) -> Lesson:
    """A live lesson in progress now when the timetable has room, otherwise the next free slot."""
    now = clock.now()
    start = now.replace(minute=(now.minute // 10) * 10, second=0, microsecond=0) - timedelta(minutes=30)
    day = seoul_date(now)
    candidates = [start + timedelta(hours=h) for h in range(10)]
    candidates += [
        datetime.combine(day + timedelta(days=d), time(h), tzinfo=SEOUL) for d in (1, 2, 3) for h in (14, 19)
    ]
    for starts_at in candidates:
        try:
            with session.begin_nested():
                return lessons.add_lesson(
                    session,
                    clock,
                    admin,
                    course,
                    LessonCreate(
                        mode="live",
                        title=TITLE,
                        instructor_id=teacher_id,
                        starts_at=starts_at,
                        ends_at=starts_at + timedelta(hours=2),
                        join_url="https://meet.example.com/hanbit-smart-factory",
                    ),
                )
        except ClassroomError:
            continue
    raise RuntimeError("no free slot for the demo live lesson in the next days")


def seed_live(session: Session, clock: Clock, passwords: Passwords, result: DemoResult) -> None:
    del passwords
    admin = principal_for(result.users[f"hanbit:{Role.INSTITUTION_ADMIN}"])
    teacher = result.users[f"hanbit:{Role.INSTRUCTOR}"]
    course = session.exec(
        select(Course).where(  # tenancy: the demo's own institution, by the admin it just made
            Course.institution_id == admin.institution_id, col(Course.title).startswith("AI 기반")
        )
    ).first()
    if course is None:
        return
    lesson = _live_lesson(session, clock, admin, course, teacher.id)
    trainees = result.trainees["hanbit"][:4]
    settings, bus = LiveSettings(), EventBus()
    now = clock.now()
    base = min(now, lesson.starts_at + timedelta(minutes=40)) - timedelta(minutes=25)
    people: dict[object, Principal] = {"teacher": principal_for(teacher)}
    people.update({i: principal_for(t) for i, t in enumerate(trainees)})
    connections: dict[object, LiveConnection] = {}
    for key, principal in people.items():
        room = lock_room(session, lesson, base)
        joined = presence.join(
            session,
            bus,
            room,
            lesson,
            principal,
            base,
            timedelta(seconds=settings.grace_seconds),
            takes_seat=True,
            ip="203.0.113.10" if key == "teacher" else f"198.51.100.{20 + len(connections)}",
            device_id=f"demo-{principal.user_id.hex[:8]}",
            worker="demo",
        )
        connections[key] = joined.connection

    def actor(key: object, minutes: float) -> Actor:
        at = base + timedelta(minutes=minutes)
        return Actor(
            session,
            bus,
            settings,
            people[key],
            lesson,
            lock_room(session, lesson, at),
            instructor=key == "teacher",
            observer=False,
            now=at,
        )

    for n, (key, text) in enumerate(CHAT[:5]):
        chat.send_chat(actor(key, 1 + n), text)
    chat.set_hand(actor(2, 5.5), True)
    chat.send_chat(actor("teacher", 8), CHAT[5][1])
    check = checks.open_by_instructor(actor("teacher", 9))
    for key in (0, 1, 2):
        checks.answer(actor(key, 9.3 + key * 0.1), check.id)
    chat.send_chat(actor(0, 9.6), CHAT[6][1])
    closing = actor("teacher", 10.5)
    checks.close(session, bus, closing.room, check, closing.now)
    # The demo people are not really connected: they left after the discussion.
    for key, connection in connections.items():
        out = actor(key, 12)
        presence.depart(session, bus, out.room, connection, "leave", out.now, out.now, reason="left")
    result.notes.append(
        f"live lesson [{LessonMode.LIVE}] {TITLE} {lesson.starts_at.astimezone(SEOUL):%m-%d %H:%M}: /lessons/{lesson.id}/live"
    )
