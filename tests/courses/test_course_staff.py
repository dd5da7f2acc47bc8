"""Instructors of a course: the lesson forms offer only them, the lead adds co-instructors,
and the error of one lesson form stays with that form."""

from __future__ import annotations

import re

from sqlmodel import select

from classroom.audit.models import AuditEvent
from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world, make_user, signed_in_browser
from tests.factories.courses import make_course


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_the_lead_adds_co_instructors_and_a_co_instructor_cannot(app, session, client):
    w = build_world(session, app)
    institution = w.a.institution
    lead = w.user(Role.INSTRUCTOR)
    co = make_user(session, app, institution, Role.INSTRUCTOR, name="공동강사")
    third = make_user(session, app, institution, Role.INSTRUCTOR, name="세번째강사")
    course = make_course(session, app, lead)  # an instructor's own course: they lead it
    url = f"/api/v1/courses/{course.id}"
    added = client.patch(
        url, json={"instructor_ids": [str(lead.id), str(co.id)]}, headers=bearer(session, app, lead)
    )
    assert added.status_code == 200, added.text
    assert set(added.json()["instructor_ids"]) == {str(lead.id), str(co.id)}
    refused = client.patch(
        url,
        json={"instructor_ids": [str(lead.id), str(co.id), str(third.id)]},
        headers=bearer(session, app, co),
    )
    assert refused.status_code == 403 and refused.json()["code"] == "not_lead_instructor"
    assert "책임강사" in refused.json()["detail"]
    # The co-instructor still edits the course otherwise.
    assert (
        client.patch(url, json={"description": "설명"}, headers=bearer(session, app, co)).status_code == 200
    )
    admin = w.user(Role.INSTITUTION_ADMIN)
    by_admin = client.patch(
        url,
        json={"instructor_ids": [str(lead.id), str(co.id), str(third.id)]},
        headers=bearer(session, app, admin),
    )
    assert by_admin.status_code == 200
    # Removing the lead hands the lead to the first one named.
    moved = client.patch(
        url, json={"instructor_ids": [str(co.id), str(third.id)]}, headers=bearer(session, app, admin)
    )
    assert moved.status_code == 200
    assert (
        client.patch(url, json={"instructor_ids": [str(co.id)]}, headers=bearer(session, app, co)).status_code
        == 200
    )


def test_lead_sees_the_staff_picker_and_lesson_forms_offer_only_the_course_instructors(app, session):
    w = build_world(session, app)
    institution = w.a.institution
    lead = w.user(Role.INSTRUCTOR)
    co = make_user(session, app, institution, Role.INSTRUCTOR, name="공동강사")
    outsider = make_user(session, app, institution, Role.INSTRUCTOR, name="다른과정강사")
    course = make_course(session, app, lead, instructors=[co])
    client, csrf = signed_in_browser(app, session, lead)
    page = client.get(f"/courses/{course.id}").text
    lesson_form = _section(page, "add-lesson")
    assert str(co.id) in lesson_form and str(lead.id) in lesson_form and str(outsider.id) not in lesson_form
    assert str(outsider.id) not in _section(page, "recurring")
    assert 'name="instructor_ids"' in page and "(책임강사)" in page
    saved = client.post(
        f"/courses/{course.id}",
        data={"csrf_token": csrf, "instructor_ids": [str(lead.id), str(co.id), str(outsider.id)]},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    co_client, _ = signed_in_browser(app, session, co)
    assert 'name="instructor_ids"' not in co_client.get(f"/courses/{course.id}").text


def test_an_admin_picks_another_lead_and_the_lead_may_hand_it_over(app, session, client):
    w = build_world(session, app)
    institution = w.a.institution
    lead = w.user(Role.INSTRUCTOR)
    co = make_user(session, app, institution, Role.INSTRUCTOR, name="공동강사")
    outsider = make_user(session, app, institution, Role.INSTRUCTOR, name="다른과정강사")
    admin = w.user(Role.INSTITUTION_ADMIN)
    course = make_course(session, app, lead, instructors=[co])
    url = f"/api/v1/courses/{course.id}"
    assert client.get(url, headers=bearer(session, app, admin)).json()["lead_instructor_id"] == str(lead.id)

    # A co-instructor cannot take the lead; nobody can give it to someone off the course.
    taken = client.patch(url, json={"lead_instructor_id": str(co.id)}, headers=bearer(session, app, co))
    assert taken.status_code == 403 and taken.json()["code"] == "not_lead_instructor"
    outside = client.patch(
        url, json={"lead_instructor_id": str(outsider.id)}, headers=bearer(session, app, admin)
    )
    assert outside.status_code == 422 and outside.json()["errors"][0]["field"] == "lead_instructor_id"
    assert "담당 강사 중에서" in outside.json()["detail"]

    picked = client.patch(url, json={"lead_instructor_id": str(co.id)}, headers=bearer(session, app, admin))
    assert picked.status_code == 200, picked.text
    assert picked.json()["lead_instructor_id"] == str(co.id)
    # The new lead staffs the course; the former one no longer does.
    former = client.patch(
        url,
        json={"instructor_ids": [str(lead.id), str(co.id), str(outsider.id)]},
        headers=bearer(session, app, lead),
    )
    assert former.status_code == 403
    handed = client.patch(url, json={"lead_instructor_id": str(lead.id)}, headers=bearer(session, app, co))
    assert handed.status_code == 200 and handed.json()["lead_instructor_id"] == str(lead.id)
    listed = client.get("/api/v1/courses", headers=bearer(session, app, admin)).json()
    [row] = [
        c for c in (listed["items"] if isinstance(listed, dict) else listed) if c["id"] == str(course.id)
    ]
    assert row["lead_instructor_id"] == str(lead.id)
    [audited] = [
        e.detail["changes"]["lead_instructor_id"]
        for e in session.exec(select(AuditEvent).where(AuditEvent.action == "course.update")).all()
        if "lead_instructor_id" in e.detail.get("changes", {})
        and e.detail["changes"]["lead_instructor_id"]["new"] == "공동강사"
    ]
    assert audited["old"] == lead.name


def test_an_admin_changes_the_lead_on_the_builder(app, session):
    w = build_world(session, app)
    institution = w.a.institution
    lead = w.user(Role.INSTRUCTOR)
    co = make_user(session, app, institution, Role.INSTRUCTOR, name="공동강사")
    course = make_course(session, app, lead, instructors=[co])
    client, csrf = signed_in_browser(app, session, w.user(Role.INSTITUTION_ADMIN))
    page = client.get(f"/courses/{course.id}").text
    assert 'name="lead_instructor_id"' in page
    form = {
        "csrf_token": csrf,
        "instructor_ids": [str(lead.id), str(co.id)],
        "lead_instructor_id": str(co.id),
    }
    assert client.post(f"/courses/{course.id}", data=form, follow_redirects=False).status_code == 303
    assert "공동강사(책임강사)" in client.get(f"/courses/{course.id}").text
    # Taking the lead off the course in the same form: the first instructor named leads.
    form = {"csrf_token": csrf, "instructor_ids": [str(lead.id)], "lead_instructor_id": str(co.id)}
    assert client.post(f"/courses/{course.id}", data=form, follow_redirects=False).status_code == 303
    assert f"{lead.name}(책임강사)" in client.get(f"/courses/{course.id}").text


def test_a_lesson_form_error_shows_under_that_form_only(app, session):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    course = make_course(session, app, admin, instructors=[w.user(Role.INSTRUCTOR)])
    client, csrf = signed_in_browser(app, session, admin)
    refused = client.post(
        f"/courses/{course.id}/lessons",
        data={"csrf_token": csrf, "mode": "classroom", "day": "2026-04-08", "start": "09:00", "end": "12:00"},
    )
    assert refused.status_code == 422
    message = "강의실을 입력해 주세요"
    assert message in _section(refused.text, "add-lesson")
    assert message not in _section(refused.text, "recurring")
    assert len(re.findall('class="field-error"', refused.text)) == 1
