"""Test factories for the quality package, built through the services as people would.

- `course_with_trainees`: a published smart-training course (April–June 2026, the tests' clock
  starts on 6 April) taught by the tenant's instructor, with trainees enrolled;
- `online_exam`: its exam (window from the tests' start for a week, 60 minutes) and a bank of
  four questions worth 40 points (single 5, multiple 10, short 5, essay 20);
- `finished_course`: a course that ran in autumn 2025 (made on a clock set back, then moved
  to finished by the calendar), for completion and employment;
- `confirm_as_completed`: its completion confirmed on real attendance and offline scores.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session

from classroom.accounts.models import User
from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from tests.factories.accounts import Tenant, make_user, principal_of
from tests.factories.courses import make_course
from tests.factories.leases import lease_classrooms

BANK = (
    dict(
        kind="single",
        text="스마트공장의 핵심 데이터 수집 장치는?",
        points=5,
        choices=("PLC", "복사기", "프린터"),
        correct=(0,),
    ),
    dict(
        kind="multiple",
        text="지도학습 알고리즘을 모두 고르시오.",
        points=10,
        choices=("선형회귀", "K-평균", "랜덤 포레스트", "PCA"),
        correct=(0, 2),
    ),
    dict(
        kind="short", text="이상치 탐지에 쓰는 통계량(영문 약어)은?", points=5, accepted=("IQR", "사분위범위")
    ),
    dict(kind="essay", text="센서 데이터의 결측치 처리 방법을 서술하시오.", points=20),
)


def plan(
    session: Session, app: FastAPI, admin: User, course: Any, first_monday: date, weeks: int, hour: int = 9
) -> None:
    """A blended week: live Monday, classroom Tuesday–Thursday, VOD Friday, 4 hours each from `hour`."""
    from classroom.courses.recurring import generate
    from classroom.courses.schemas import RecurringCreate

    last = first_monday + timedelta(weeks=weeks, days=-3)
    for mode, days, room in (("live", [0], None), ("classroom", [1, 2, 3], "B동 301호"), ("vod", [4], None)):
        generate(
            session,
            app.state.clock,
            principal_of(admin),
            course,
            RecurringCreate(
                mode=mode,
                weekdays=days,
                start=time(hour),
                end=time(hour + 4),
                first_day=first_monday,
                last_day=last,
                room=room,
            ),
        )
    session.commit()


def course_with_trainees(
    session: Session,
    app: FastAPI,
    tenant: Tenant,
    trainees: int = 1,
    *,
    title: str = "AI 기반 스마트팩토리 데이터 분석 실무",
    starts_on: date = date(2026, 4, 6),
    weeks: int = 12,
    pass_mark: int | None = None,
    hour: int = 9,
    people: list[User] | None = None,
) -> tuple[Any, list[User]]:
    from classroom.courses.enrolment import enrol
    from classroom.courses.schemas import CourseUpdate
    from classroom.courses.service import publish_course, update_course

    admin = tenant.users[Role.INSTITUTION_ADMIN]
    course = make_course(
        session,
        app,
        admin,
        title=title,
        instructors=[tenant.users[Role.INSTRUCTOR]],
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=weeks, days=-1),
    )
    if pass_mark is not None:
        update_course(
            session, app.state.clock, principal_of(admin), course, CourseUpdate(pass_mark=pass_mark)
        )
    plan(session, app, admin, course, starts_on - timedelta(days=starts_on.weekday()), weeks, hour)
    publish_course(session, app.state.clock, principal_of(admin), course)
    people = list(people) if people is not None else [tenant.users[Role.TRAINEE]]
    while len(people) < trainees:
        people.append(make_user(session, app, tenant.institution, Role.TRAINEE))
    enrol(session, app.state.clock, principal_of(admin), course, user_ids=[u.id for u in people[:trainees]])
    session.commit()
    return course, people[:trainees]


def online_exam(
    session: Session,
    app: FastAPI,
    course: Any,
    author: User,
    *,
    opens: datetime | None = None,
    closes: datetime | None = None,
    minutes: int = 60,
    bank: tuple[dict[str, Any], ...] = BANK,
    draw: str = "fixed",
    count: int | None = None,
) -> Any:
    from quality import assessments
    from quality.rules.kinds import AssessmentKind, DrawMode, QuestionKind

    now = app.state.clock.now()
    settings = assessments.Settings(
        AssessmentKind.ONLINE,
        "이수자평가",
        "문항을 모두 풀고 제출하세요.",
        opens or now,
        closes or now + timedelta(days=7),
        minutes,
        DrawMode(draw),
        count,
    )
    assessment = assessments.put(session, app.state.clock, principal_of(author), course, settings)
    for item in bank:
        data = assessments.QuestionData(
            QuestionKind(item["kind"]),
            item["text"],
            item["points"],
            tuple(item.get("choices", ())),
            tuple(item.get("correct", ())),
            tuple(item.get("accepted", ())),
        )
        assessments.add_question(session, app.state.clock, principal_of(author), course, data)
    session.commit()
    return assessment


def offline_assessment(session: Session, app: FastAPI, course: Any, author: User) -> Any:
    from quality import assessments
    from quality.rules.kinds import AssessmentKind

    settings = assessments.Settings(AssessmentKind.OFFLINE, "이수자평가(실기)")
    assessment = assessments.put(session, app.state.clock, principal_of(author), course, settings)
    session.commit()
    return assessment


def finished_course(
    session: Session,
    app: FastAPI,
    tenant: Tenant,
    trainees: int = 1,
    *,
    title: str = "스마트 제조 데이터 엔지니어 양성",
    people: list[User] | None = None,
) -> tuple[Any, list[User]]:
    """Autumn 2025 (1 Sep – 23 Nov, 12 weeks), finished by the calendar on the tests' clock."""
    from classroom.courses.lifecycle import advance

    clock = app.state.clock
    saved = clock.now()
    clock.set(datetime(2025, 8, 20, 9, tzinfo=SEOUL))
    try:
        lease_classrooms(session, app, tenant.institution.id, date(2025, 9, 1), date(2025, 11, 23))
        clock.set(datetime(2025, 8, 20, 9, tzinfo=SEOUL))
        course, people = course_with_trainees(
            session, app, tenant, trainees, title=title, starts_on=date(2025, 9, 1), weeks=12, people=people
        )
    finally:
        clock.set(saved)
    advance(session, clock)
    session.commit()
    return course, people


def confirm_as_completed(
    session: Session,
    app: FastAPI,
    course: Any,
    admin: User,
    people: list[User],
    rates: dict[Any, Any] | None = None,
) -> None:
    """Completion confirmed as an institution does it, on real attendance: each of `people`
    attends the finished course (at least the share `rates` gives of its training days, all of
    them by default; `attendance.attend`), scores 80 in its offline assessment unless a score is
    there, results are published and completion is confirmed. Enrolled trainees not in `people`
    have neither attendance nor a score: not completed."""
    import math

    from quality import assessments, completion, results
    from tests.factories.attendance import attend, lesson_days

    clock = app.state.clock
    manager = principal_of(admin)
    held = len(lesson_days(session, course, clock.now()))
    days = {p.id: math.ceil((rates or {}).get(p.id, 1) * held) for p in people}
    attend(session, app, course, admin, people, days=days)
    if assessments.find(session, manager, course) is None:
        offline_assessment(session, app, course, admin)
    scored = results.course_results(session, manager, course)
    for person in people:
        if person.id not in scored:
            results.set_offline(session, clock, manager, course, person.id, "80")
    assessment = assessments.find(session, manager, course)
    if assessment is not None and assessment.results_published_at is None:
        results.publish(session, clock, manager, course)
    completion.confirm(session, clock, manager, course)
    session.commit()


def trainee_principal(user: User) -> Any:
    return principal_of(user)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SEOUL)
