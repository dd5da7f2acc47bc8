"""Edits record old → new values, and the activity log shows them as pages format them."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from classroom.audit.models import AuditEvent
from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world, signed_in_browser
from tests.factories.courses import make_course
from tests.factories.leases import make_programme


def _last(session: Session, action: str) -> AuditEvent:
    row = session.exec(
        select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.at).desc())
    ).first()
    assert row is not None
    return row


def test_programme_user_institution_and_course_edits_keep_old_values(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    world = build_world(session, app)
    make_programme(session, app, 2026)
    operator = bearer(session, app, world.operator)
    patched = client.patch(
        "/api/v1/programmes/2026",
        headers=operator,
        json={"subsidy_rate": "40%", "storage_bytes_per_classroom": 100 * 1024**3},
    )
    assert patched.status_code == 200, patched.text
    assert _last(session, "programme.update").detail["changes"] == {
        "subsidy_rate": {"old": "1/2", "new": "2/5"},
        "storage_bytes_per_classroom": {"old": 50 * 1024**3, "new": 100 * 1024**3},
    }
    admin = bearer(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    trainee = world.a.users[Role.TRAINEE]
    assert (
        client.patch(
            f"/api/v1/users/{trainee.id}",
            headers=admin,
            json={"phone": "010-2222-3333", "is_active": False, "learning_card_no": "1234567812345678"},
        ).status_code
        == 200
    )
    user_row = _last(session, "user.update").detail
    assert user_row["changes"]["is_active"] == {"old": True, "new": False}
    assert user_row["changes"]["phone"]["new"] == "010-2222-3333"
    assert "1234567812345678" not in str(user_row) and user_row["learning_card_changed"] is True
    assert (
        client.patch(
            f"/api/v1/institutions/{world.a.institution.id}", headers=operator, json={"name": "한빛직업학교"}
        ).status_code
        == 200
    )
    assert _last(session, "institution.update").detail["changes"] == {
        "name": {"old": "한빛직업전문학교", "new": "한빛직업학교"}
    }
    course = make_course(session, app, world.a.users[Role.INSTITUTION_ADMIN], capacity=20)
    assert (
        client.patch(
            f"/api/v1/courses/{course.id}", headers=admin, json={"capacity": 25, "title": course.title}
        ).status_code
        == 200
    )
    assert _last(session, "course.update").detail["changes"] == {"capacity": {"old": 20, "new": 25}}

    browser = signed_in_browser(app, session, world.operator)[0]
    page = browser.get("/audit")
    assert '지원율</span> <span class="old">50%</span> → <strong class="new">40%</strong>' in page.text
    assert '<span class="old">50 GB</span> → <strong class="new">100 GB</strong>' in page.text
    assert '<span class="old">20</span> → <strong class="new">25</strong>' in page.text
    # the course is named and linked, not shown by id
    assert f'<a href="/courses/{course.id}">{course.title}</a>' in page.text

    english = browser.get("/audit", headers={"Accept-Language": "en"}, params={"action": "programme."})
    assert "Programme settings changed" in english.text and "subsidy rate" in english.text
    assert "1–2 of <strong>2</strong>" in english.text  # opened, then changed
