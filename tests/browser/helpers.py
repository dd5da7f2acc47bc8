"""Steps shared by the browser flows."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any

from sqlmodel import select

from classroom.accounts.auth import principal_for
from classroom.core.clock import SEOUL
from classroom.core.errors import ClassroomError
from classroom.core.roles import Role
from classroom.courses.lessons import add_lesson
from classroom.courses.models import Course, Lesson
from classroom.courses.schemas import LessonCreate
from classroom.demo import DEMO_PASSWORD
from classroom.live.demo import TITLE


def login(
    page: Any, base_url: str, institution_code: str | None, email: str, password: str = DEMO_PASSWORD
) -> None:
    """Sign in through the login form, as a person would, and wait for the home page."""
    page.goto(f"{base_url}/login")
    if institution_code:
        page.fill("input[name=institution]", institution_code)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base_url}/home")


def logout(page: Any) -> None:
    page.click("form[action='/logout'] button")
    page.wait_for_url("**/login**")


def confirm(page: Any, expect: str = "") -> str:
    """Accept the shared confirmation dialog (templates/_confirm.html); return what it asked."""
    dialog = page.locator("dialog.confirm-dialog[open]")
    dialog.wait_for()
    text: str = dialog.locator(".confirm-message").inner_text()
    assert expect in text, text
    dialog.locator("button.confirm-ok").click()
    return text


def fresh_live_lesson(live_server: Any) -> Any:
    """A live lesson of the demo course of its own: an evening on one of the course's last
    days that has room for it (each call takes the next such evening).

    Not the demo's lesson of today: the browser tests share one server, and another test that
    moves the server's clock past that lesson's end (the lease flow goes to next month) lets
    the room's sweeper end it, as it should."""
    app = live_server.app
    admin = principal_for(live_server.demo.users[f"hanbit:{Role.INSTITUTION_ADMIN}"])
    teacher = live_server.demo.users[f"hanbit:{Role.INSTRUCTOR}"]
    refusals = []
    for back in range(14):
        with app.state.db.session() as session:
            demo_lesson = session.exec(select(Lesson).where(Lesson.title == TITLE)).one()
            course = session.get(Course, demo_lesson.course_id)
            assert course is not None
            starts = datetime.combine(course.ends_on - timedelta(days=back), time(19), tzinfo=SEOUL)
            try:
                lesson = add_lesson(
                    session,
                    app.state.clock,
                    admin,
                    course,
                    LessonCreate(
                        mode="live",
                        title=f"브라우저 시험 강의 {uuid.uuid4().hex[:6]}",
                        instructor_id=teacher.id,
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                    ),
                )
            except ClassroomError as refused:  # that evening is taken (an earlier test, the plan)
                refusals.append(refused)
                session.rollback()
                continue
            session.commit()
            session.refresh(lesson)
            session.expunge(lesson)
            return lesson
    raise AssertionError(f"no free evening for a test lesson: {refusals}")
