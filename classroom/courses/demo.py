"""Demo courses: a running blended course at 한빛 around today, an invalid draft, one at 미래.

The schedule is laid out relative to today's date in Asia/Seoul (the demo runs on the real
clock), so "today", "this week" and the phone feed show lessons whatever day the demo starts.
Everything goes through the services, so the demo also proves the rules it shows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from classroom.accounts.auth import principal_for
from classroom.accounts.demo import DemoResult
from classroom.accounts.models import User
from classroom.core.clock import SEOUL, Clock, seoul_date
from classroom.core.security import Passwords
from classroom.core.tenancy import Principal, Role
from classroom.courses import enrolment, lessons, plan, queries, recurring, service
from classroom.courses.models import Course
from classroom.courses.rules import digits
from classroom.courses.rules.kinds import CourseStatus
from classroom.courses.schemas import CourseCreate, LessonCreate, RecurringCreate
from classroom.courses.timetable import course_lessons

HOST_COMPANY = "(주)대성정밀"


@dataclass(frozen=True)
class Weekly:
    mode: str
    weekday: int
    start: time
    end: time
    first_week: int = 0  # weeks counted from the course's first Monday
    last_week: int = 99
    room: str | None = None
    title: str = ""
    host: bool = False


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _build(
    session: Session,
    clock: Clock,
    admin: Principal,
    course: Course,
    pattern: list[Weekly],
    *,
    instructor_id: uuid.UUID | None = None,
    supervisor_id: uuid.UUID | None = None,
) -> None:
    weeks = (course.ends_on - course.starts_on).days // 7 + 1
    for item in pattern:
        first = course.starts_on + timedelta(weeks=item.first_week, days=item.weekday)
        last_week = min(item.last_week, weeks - 1)
        last = min(course.starts_on + timedelta(weeks=last_week, days=item.weekday), course.ends_on)
        if first > last:
            continue
        recurring.generate(
            session,
            clock,
            admin,
            course,
            RecurringCreate(
                mode=item.mode,
                weekdays=[item.weekday],
                start=item.start,
                end=item.end,
                first_day=first,
                last_day=last,
                title=item.title,
                room=item.room,
                instructor_id=instructor_id if item.mode in ("live", "classroom") else None,
                host_company=HOST_COMPANY if item.host else None,
                supervisor_id=supervisor_id if item.host else None,
            ),
        )


def _today_lesson(
    session: Session, clock: Clock, admin: Principal, course: Course, instructor_id: uuid.UUID
) -> None:
    """Weekends and holidays have no timetable lessons; a live special keeps 'today' populated."""
    today = seoul_date(clock.now())
    rows = course_lessons(session, admin, course)
    if any(seoul_date(r.starts_at) == today for r in rows):
        return
    lessons.add_lesson(
        session,
        clock,
        admin,
        course,
        LessonCreate(
            mode="live",
            title="실시간 특강: 현장 데이터 Q&A",
            instructor_id=instructor_id,
            starts_at=datetime.combine(today, time(14), tzinfo=SEOUL),
            ends_at=datetime.combine(today, time(16), tzinfo=SEOUL),
        ),
    )


def _start(session: Session, clock: Clock, admin: Principal, course: Course) -> None:
    service.publish_course(session, clock, admin, course)
    if seoul_date(clock.now()) >= course.starts_on:
        service.change_status(session, clock, admin, course, CourseStatus.RUNNING)


def _describe(session: Session, admin: Principal, course: Course) -> str:
    summary, _ = plan.summarize_course(session, admin, course)
    share = float(summary.online_share * 100)
    return (
        f"course [{course.status}] {course.title}: {digits.hours(summary.total_minutes)} h, "
        f"online {share:.1f}%"
    )


def seed_courses(session: Session, clock: Clock, passwords: Passwords, result: DemoResult) -> None:
    today = seoul_date(clock.now())
    hanbit_admin = principal_for(result.users[f"hanbit:{Role.INSTITUTION_ADMIN}"])
    teacher = result.users[f"hanbit:{Role.INSTRUCTOR}"]
    supervisor = result.users[f"hanbit:{Role.SUPERVISOR}"]
    second_teacher = next(u for u in _instructors(session, hanbit_admin) if u.id != teacher.id)

    # Running for four weeks already, six to go: past, today and upcoming lessons all exist.
    first_monday = _monday(today) - timedelta(weeks=4)
    smart = service.create_course(
        session,
        clock,
        hanbit_admin,
        CourseCreate(
            title="AI 기반 스마트팩토리 데이터 분석 실무",
            category="new_tech",
            capacity=20,
            description="제조 현장 데이터 수집부터 AI 품질 예측까지: 실시간 원격·이러닝·집체·현장실습을 결합한 스마트훈련 과정",
            starts_on=first_monday,
            ends_on=first_monday + timedelta(weeks=10, days=-1),
            instructor_ids=[teacher.id, second_teacher.id],
        ),
    )
    _build(
        session,
        clock,
        hanbit_admin,
        smart,
        [
            Weekly("live", 0, time(9), time(12), title="실시간 강의: 제조 데이터 분석"),
            Weekly("classroom", 1, time(9), time(13), room="B동 301호", title="파이썬 데이터 처리 실습"),
            Weekly("vod", 2, time(19), time(21), title="이러닝: 머신러닝 기초"),
            Weekly("classroom", 3, time(9), time(12), room="B동 301호", title="품질 예측 모델 실습"),
            Weekly("classroom", 4, time(9), time(13), room="B동 302호", title="프로젝트 설계", last_week=3),
            Weekly("onsite", 4, time(9), time(13), first_week=4, host=True, title="스마트공장 현장실습"),
        ],
        instructor_id=teacher.id,
        supervisor_id=supervisor.id,
    )
    _today_lesson(session, clock, hanbit_admin, smart, teacher.id)
    enrolment.enrol(session, clock, hanbit_admin, smart, user_ids=[u.id for u in result.trainees["hanbit"]])
    _start(session, clock, hanbit_admin, smart)
    result.notes.append(_describe(session, hanbit_admin, smart))

    # A draft whose plan fails the rules (online share under 10%), so the badge explains why.
    next_month = _monday(today) + timedelta(weeks=11)
    draft = service.create_course(
        session,
        clock,
        hanbit_admin,
        CourseCreate(
            title="뿌리산업 스마트 용접 자동화 과정",
            category="root",
            capacity=15,
            starts_on=next_month,
            ends_on=next_month + timedelta(weeks=10, days=-1),
            instructor_ids=[second_teacher.id],
        ),
    )
    _build(
        session,
        clock,
        hanbit_admin,
        draft,
        [
            Weekly("live", 4, time(9), time(13), last_week=2, title="실시간 이론: 용접 로봇 개요"),
            *[Weekly("classroom", wd, time(14), time(18), room="실습동 용접실") for wd in range(4)],
        ],
        instructor_id=second_teacher.id,
    )
    result.notes.append(_describe(session, hanbit_admin, draft))

    mirae_admin = principal_for(result.users[f"mirae:{Role.INSTITUTION_ADMIN}"])
    mirae_teacher = result.users[f"mirae:{Role.INSTRUCTOR}"]
    start = _monday(today) - timedelta(weeks=2)
    cloud = service.create_course(
        session,
        clock,
        mirae_admin,
        CourseCreate(
            title="클라우드 네이티브 풀스택 개발자 양성",
            category="ict",
            capacity=25,
            starts_on=start,
            ends_on=start + timedelta(weeks=9, days=-1),
            instructor_ids=[mirae_teacher.id],
        ),
    )
    _build(
        session,
        clock,
        mirae_admin,
        cloud,
        [
            Weekly("live", 0, time(19), time(22), title="실시간 라이브 코딩"),
            Weekly("live", 2, time(19), time(22), title="실시간 코드 리뷰"),
            Weekly("classroom", 5, time(9), time(17), room="강남캠퍼스 501호", title="주말 집중 실습"),
            Weekly("classroom", 1, time(19), time(22), room="강남캠퍼스 501호", title="팀 프로젝트"),
            Weekly("vod", 3, time(20), time(22), title="이러닝: 쿠버네티스 기초"),
        ],
        instructor_id=mirae_teacher.id,
    )
    enrolment.enrol(session, clock, mirae_admin, cloud, all_unenrolled=True)
    _start(session, clock, mirae_admin, cloud)
    result.notes.append(_describe(session, mirae_admin, cloud))


def _instructors(session: Session, admin: Principal) -> list[User]:
    return queries.instructors_of_institution(session, admin)
