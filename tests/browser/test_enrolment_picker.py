"""An institution admin with many trainees finds the ones to enrol by searching, sees how many
match, confirms that count, and enrols them all at once; the roster then pages and searches."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, update
from sqlmodel import col, select

from classroom.accounts.auth import principal_for
from classroom.accounts.models import User
from classroom.core.tenancy import Role
from classroom.courses.schemas import CourseCreate
from classroom.courses.service import create_course
from classroom.institutions.models import Institution
from tests.browser.helpers import login, logout

pytestmark = pytest.mark.browser

COUNT = 120
TITLE = "대량 등록 검색 과정"


def _seed(live_server) -> str:  # type: ignore[no-untyped-def]
    """120 trainees named 박검색NNN in 한빛 (one INSERT) and an empty draft course for them."""
    with live_server.app.state.db.session() as session:
        hanbit = session.exec(select(Institution).where(Institution.code == "hanbit")).one()
        admin = session.exec(select(User).where(User.email == "admin@hanbit.example")).one()
        now = datetime.now(UTC)
        session.execute(
            insert(User),
            [
                {
                    "id": uuid.uuid4(),
                    "institution_id": hanbit.id,
                    "email": f"picker{n:03d}@hanbit.example",
                    "name": f"박검색{n:03d}",
                    "role": Role.TRAINEE,
                    "password_hash": "x",
                    "is_active": True,
                    "must_change_password": False,
                    "created_at": now + timedelta(seconds=n),
                }
                for n in range(1, COUNT + 1)
            ],
        )
        today = now.date()
        course = create_course(
            session,
            live_server.app.state.clock,
            principal_for(admin),
            CourseCreate(
                title=TITLE,
                category="ict",
                capacity=500,
                starts_on=today + timedelta(days=120),
                ends_on=today + timedelta(days=180),
                instructor_ids=[],
            ),
        )
        session.commit()
        return str(course.id)


def _retire(live_server) -> None:  # type: ignore[no-untyped-def]
    """The server is shared with the other flows: its extra trainees leave the candidates."""
    with live_server.app.state.db.session() as session:
        session.execute(update(User).where(col(User.email).startswith("picker")).values(is_active=False))
        session.commit()


def test_search_and_enrol_everyone_matching(page, live_server):  # type: ignore[no-untyped-def]
    course_id = _seed(live_server)
    try:
        _flow(page, live_server, course_id)
    finally:
        _retire(live_server)


def _flow(page, live_server, course_id: str) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server.url, "hanbit", "admin@hanbit.example")
    page.goto(f"{live_server.url}/courses/{course_id}/enrollments")
    assert page.locator("#enrol input[name=user_ids]").count() == 50  # a page, not everyone

    page.fill("#picker-filters input[name=cq]", "박검색")
    page.click("#picker-filters button[type=submit]")
    page.wait_for_url("**cq=*")
    assert page.locator("#enrol .list-summary").inner_text() == f"1–50 / {COUNT}명"
    page.click("#enrol .pager a[rel=next]")
    assert page.locator("#enrol .list-summary").inner_text() == f"51–100 / {COUNT}명"
    assert page.locator("#picker-filters input[name=cq]").input_value() == "박검색"

    page.click("#enrol-matching")
    confirm = page.locator("#enrol-confirm")
    assert f"{COUNT}명을 등록할까요?" in confirm.inner_text() and "박검색" in confirm.inner_text()
    page.click("#enrol-matching-confirm")
    page.wait_for_selector(f"text={COUNT}명을 등록했습니다.")
    assert page.locator("#roster-section .list-summary").inner_text() == f"1–50 / {COUNT}명"

    page.fill("#roster-filters input[name=q]", "박검색007")
    page.click("#roster-filters button[type=submit]")
    page.wait_for_url("**q=*")
    assert page.locator("#roster tbody tr").count() == 1
    assert "박검색007" in page.locator("#roster").inner_text()
    # nobody matching is left to enrol
    page.goto(f"{live_server.url}/courses/{course_id}/enrollments?cq=박검색")
    assert "검색 조건에 맞는 미등록 훈련생이 없습니다" in page.locator("#enrol").inner_text()
    logout(page)
