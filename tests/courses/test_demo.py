"""The demo seeds a running blended course around "today", an invalid draft and a mirae course."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from classroom.accounts.auth import principal_for
from classroom.core.tenancy import Role
from classroom.courses import calendar, plan, queries
from classroom.courses.rules.kinds import LessonMode
from classroom.courses.timetable import course_lessons
from classroom.demo import seed

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(
    "when",
    [
        datetime(2026, 4, 6, 9, tzinfo=SEOUL),  # a Monday
        datetime(2026, 11, 28, 10, tzinfo=SEOUL),  # a Saturday
        datetime(2026, 9, 25, 8, tzinfo=SEOUL),  # 추석, a Friday
        datetime(2026, 12, 31, 23, tzinfo=SEOUL),  # year end: the schedule spans two years
        datetime(2026, 1, 5, 9, tzinfo=SEOUL),  # early January: leases reach back into last year
    ],
)
def test_demo_courses(app, session, clock, when):
    clock.set(when)
    result = seed(session, clock, app.state.passwords)
    session.commit()
    admin = principal_for(result.users[f"hanbit:{Role.INSTITUTION_ADMIN}"])
    courses = {c.title: c for c in queries.list_courses(session, admin)}
    smart = courses["AI 기반 스마트팩토리 데이터 분석 실무"]
    draft = courses["뿌리산업 스마트 용접 자동화 과정"]
    assert smart.status == "running" and draft.status == "draft"
    summary, _ = plan.summarize_course(session, admin, smart)
    assert summary.is_smart_training
    assert 140 * 60 <= summary.total_minutes <= 175 * 60
    used = {m.value for m, minutes in summary.minutes_by_mode.items() if minutes}
    assert used == {"live", "vod", "classroom", "onsite"}
    bad, _ = plan.summarize_course(session, admin, draft)
    assert [v.code for v in bad.violations] == ["online_share_too_low", "online_too_short"]
    assert queries.count_enrolled(session, admin, smart) == len(result.trainees["hanbit"])
    trainee = principal_for(result.trainees["hanbit"][0])
    today = when.date()
    assert calendar.on_day(session, trainee, today), "the trainee's 'today' is never empty in the demo"
    # The supervisor sees exactly the course's on-site days, and the next one is at most two
    # weeks away whatever the date (the month view used to be allowed to be empty after the 20th).
    supervisor = principal_for(result.users[f"hanbit:{Role.SUPERVISOR}"])
    onsite = [r.id for r in course_lessons(session, admin, smart) if r.mode == LessonMode.ONSITE]
    supervised = calendar.between(session, supervisor, smart.starts_on, smart.ends_on)
    assert len(onsite) >= 4 and [e.lesson.id for e in supervised] == onsite
    assert {e.as_role for e in supervised} == {"supervisor"}
    assert calendar.between(session, supervisor, today, today + timedelta(days=13))
    mirae = principal_for(result.users[f"mirae:{Role.INSTITUTION_ADMIN}"])
    running = [c for c in queries.list_courses(session, mirae) if c.status == "running"]
    [cloud] = running  # (the quality demo adds a finished cohort: past courses are not counted here)
    assert (
        cloud.title == "클라우드 네이티브 풀스택 개발자 양성"
        and queries.count_enrolled(session, mirae, cloud) == 3
    )


def test_the_readme_states_the_hours_the_demo_prints(app, session, clock):
    """The README quotes the demo's own summary line for a start in December (the ten weeks hold
    Christmas and New Year's Day, two Fridays without lessons): 16 h a week × 10 − 2 × 4 h."""
    clock.set(datetime(2026, 12, 2, 9, tzinfo=SEOUL))
    result = seed(session, clock, app.state.passwords)
    [line] = [note for note in result.notes if note.startswith("course [running] AI 기반 스마트팩토리")]
    printed = line.split(": ", 1)[1]
    assert printed == "152 h, online 32.9%"
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"`{printed}`" in readme
