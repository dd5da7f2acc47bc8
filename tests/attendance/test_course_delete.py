"""A course still referenced by attendance records cannot be deleted: the courses domain does not
know attendance, so the database's foreign key refuses, and the answer is a 409 problem (not a
500) that stores nothing (core.errors' IntegrityError handler)."""

from __future__ import annotations

from sqlmodel import select

from attendance.models import AttendancePolicyRow
from classroom.core.tenancy import Role
from classroom.courses.models import Course
from tests.factories.accounts import bearer
from tests.factories.courses import make_course


def test_deleting_a_draft_course_with_an_attendance_policy_is_a_conflict(client, session, app, world) -> None:
    admin = world.a.users[Role.INSTITUTION_ADMIN]
    course = make_course(session, app, admin)
    session.commit()
    headers = {**bearer(session, app, admin), "Accept-Language": "ko"}
    put = client.put(
        f"/api/v1/courses/{course.id}/attendance-policy", json={"late_after_minutes": 15}, headers=headers
    )
    assert put.status_code == 200, put.text

    response = client.delete(f"/api/v1/courses/{course.id}", headers=headers)

    assert response.status_code == 409, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "conflict"
    assert "충돌" in response.json()["detail"]
    session.expire_all()
    assert session.get(Course, course.id) is not None
    assert session.exec(select(AttendancePolicyRow).where(AttendancePolicyRow.course_id == course.id)).one()
