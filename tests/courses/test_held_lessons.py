"""Lessons already held: closed to instructors, corrected by admins with a reason, and every
change leaves old → new values in the audit trail (attendance relies on them)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import col, select

from classroom.audit.models import AuditEvent
from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world
from tests.factories.courses import add_lesson, make_course

DAY = date(2026, 4, 7)  # the day after the clock's start (Mon 6 Apr 2026, 09:00 KST)
AFTER = datetime(2026, 4, 7, 12, 0, tzinfo=SEOUL)  # the lesson (10:00–11:00) is over


@pytest.fixture
def setup(app, session):
    w = build_world(session, app)
    admin, teacher = w.user(Role.INSTITUTION_ADMIN), w.user(Role.INSTRUCTOR)
    course = make_course(session, app, admin, instructors=[teacher])
    lesson = add_lesson(session, app, admin, course, "live", DAY, "10:00", "11:00", title="1차시")
    session.commit()
    return w, admin, teacher, course, lesson


def _url(course, lesson):
    return f"/api/v1/courses/{course.id}/lessons/{lesson.id}"


def _events(session, action, lesson):
    statement = select(AuditEvent).where(AuditEvent.action == action, AuditEvent.target_id == str(lesson.id))
    return list(session.exec(statement.order_by(col(AuditEvent.at))))


def test_an_instructor_edits_a_lesson_ahead_and_the_audit_keeps_old_and_new(app, session, client, setup):
    _w, _admin, teacher, course, lesson = setup
    moved = client.patch(
        _url(course, lesson),
        json={"starts_at": f"{DAY}T13:00:00", "ends_at": f"{DAY}T14:30:00", "title": "1차시 (변경)"},
        headers=bearer(session, app, teacher),
    )
    assert moved.status_code == 200, moved.text
    [event] = _events(session, "course.lesson_update", lesson)
    changes = event.detail["changes"]
    assert changes["starts_at"] == {"old": "2026-04-07T01:00:00+00:00", "new": "2026-04-07T04:00:00+00:00"}
    assert changes["ends_at"] == {"old": "2026-04-07T02:00:00+00:00", "new": "2026-04-07T05:30:00+00:00"}
    assert changes["title"] == {"old": "1차시", "new": "1차시 (변경)"}
    assert set(changes) == {"starts_at", "ends_at", "title"} and "reason" not in event.detail


def test_a_held_lesson_is_closed_to_its_instructor(app, session, client, clock, setup):
    _w, _admin, teacher, course, lesson = setup
    clock.set(AFTER)
    headers = bearer(session, app, teacher)
    edit = client.patch(_url(course, lesson), json={"title": "고침"}, headers=headers)
    assert edit.status_code == 409 and edit.json()["code"] == "lesson_held"
    assert "이미 진행된 차시" in edit.json()["detail"] and "기관 관리자" in edit.json()["detail"]
    english = client.delete(_url(course, lesson), headers={**headers, "Accept-Language": "en"})
    assert english.status_code == 409 and "already been held" in english.json()["detail"]
    # Even with a reason: the reason opens a correction to admins only.
    with_reason = client.patch(
        _url(course, lesson), json={"title": "고침", "reason": "착오"}, headers=headers
    )
    assert with_reason.status_code == 409
    assert client.get(_url(course, lesson), headers=headers).json()["title"] == "1차시"
    assert not _events(session, "course.lesson_update", lesson)


def test_the_end_instant_already_counts_as_held(app, session, client, clock, setup):
    _w, _admin, teacher, course, lesson = setup
    clock.set(datetime(2026, 4, 7, 10, 59, 59, tzinfo=SEOUL))
    headers = bearer(session, app, teacher)
    assert (
        client.patch(_url(course, lesson), json={"title": "진행 중 수정"}, headers=headers).status_code == 200
    )
    clock.set(datetime(2026, 4, 7, 11, 0, tzinfo=SEOUL))
    assert client.patch(_url(course, lesson), json={"title": "끝"}, headers=headers).status_code == 409


def test_an_instructor_cannot_move_a_lesson_into_the_past(app, session, client, clock, setup):
    _w, admin, teacher, course, _lesson = setup
    later = add_lesson(session, app, admin, course, "live", date(2026, 4, 9), "10:00", "11:00")
    session.commit()
    clock.set(AFTER)
    refused = client.patch(
        _url(course, later),
        json={"starts_at": "2026-04-07T08:00:00", "ends_at": "2026-04-07T09:00:00"},
        headers=bearer(session, app, teacher),
    )
    assert refused.status_code == 422 and refused.json()["code"] == "lesson_into_past"


def test_an_admin_corrects_a_held_lesson_only_with_a_reason(app, session, client, clock, setup):
    _w, admin, _teacher, course, lesson = setup
    clock.set(AFTER)
    headers = bearer(session, app, admin)
    bare = client.patch(
        _url(course, lesson), json={"starts_at": f"{DAY}T10:10:00", "reason": "  "}, headers=headers
    )
    assert bare.status_code == 422 and bare.json()["code"] == "reason_required"
    assert [e["field"] for e in bare.json()["errors"]] == ["reason"]
    fixed = client.patch(
        _url(course, lesson),
        json={"starts_at": f"{DAY}T10:10:00", "reason": "실제 시작이 10분 늦었음"},
        headers=headers,
    )
    assert fixed.status_code == 200, fixed.text
    [event] = _events(session, "course.lesson_update", lesson)
    assert event.detail["reason"] == "실제 시작이 10분 늦었음"
    assert event.detail["changes"] == {
        "starts_at": {"old": "2026-04-07T01:00:00+00:00", "new": "2026-04-07T01:10:00+00:00"}
    }
    assert event.actor_role == Role.INSTITUTION_ADMIN


def test_deleting_a_held_lesson_by_role(app, session, client, clock, setup):
    w, admin, teacher, course, lesson = setup
    clock.set(AFTER)
    assert client.delete(_url(course, lesson), headers=bearer(session, app, teacher)).status_code == 409
    for other in (w.user(Role.SUPERVISOR), w.user(Role.TRAINEE), w.user(Role.INSTITUTION_ADMIN, "b")):
        assert client.delete(_url(course, lesson), headers=bearer(session, app, other)).status_code in (
            403,
            404,
        )
    admin_headers = bearer(session, app, admin)
    assert client.delete(_url(course, lesson), headers=admin_headers).status_code == 422
    gone = client.delete(_url(course, lesson), params={"reason": "중복 등록된 차시"}, headers=admin_headers)
    assert gone.status_code == 204
    [event] = _events(session, "course.lesson_delete", lesson)
    assert event.detail["reason"] == "중복 등록된 차시"
    assert event.detail["changes"]["title"] == {"old": "1차시", "new": None}
    assert event.detail["changes"]["starts_at"]["old"] == "2026-04-07T01:00:00+00:00"


def test_adding_a_lesson_records_its_values(app, session, setup):
    _w, _admin, _teacher, _course, lesson = setup
    [event] = _events(session, "course.lesson_add", lesson)
    assert event.detail["changes"]["mode"] == {"old": None, "new": "live"}
    assert event.detail["changes"]["title"] == {"old": None, "new": "1차시"}


def _new_lesson(course, day, start, end):
    return {
        "mode": "classroom",
        "title": "보강",
        "starts_at": f"{day}T{start}:00",
        "ends_at": f"{day}T{end}:00",
        "room": "301호",
    }


def test_an_instructor_cannot_add_a_lesson_that_is_already_over(app, session, client, clock, setup):
    _w, admin, teacher, course, _lesson = setup
    clock.set(AFTER)  # 12:00 on DAY
    url = f"/api/v1/courses/{course.id}/lessons"
    over = client.post(
        url, json=_new_lesson(course, DAY, "10:00", "12:00"), headers=bearer(session, app, teacher)
    )
    assert over.status_code == 422, over.text
    body = over.json()
    assert body["code"] == "lesson_added_in_past" and body["errors"][0]["field"] == "starts_at"
    assert "2026-04-07" in body["detail"] and "기관 관리자" in body["detail"]
    # Still running at noon: an instructor may add it (it is not yet held).
    running = client.post(
        url, json=_new_lesson(course, DAY, "11:30", "12:30"), headers=bearer(session, app, teacher)
    )
    assert running.status_code == 201, running.text
    # The admin enters the past lesson; the addition is audited like any other.
    entered = client.post(
        url, json=_new_lesson(course, DAY, "09:00", "09:50"), headers=bearer(session, app, admin)
    )
    assert entered.status_code == 201, entered.text
    titles = [row["title"] for row in client.get(url, headers=bearer(session, app, admin)).json()]
    assert titles.count("보강") == 2
    added = session.exec(select(AuditEvent).where(AuditEvent.target_id == entered.json()["id"])).all()
    assert [event.action for event in added] == ["course.lesson_add"]


def test_an_instructor_cannot_generate_a_series_reaching_into_the_past(app, session, client, clock, setup):
    _w, admin, teacher, course, _lesson = setup
    clock.set(datetime(2026, 4, 15, 9, 0, tzinfo=SEOUL))  # a Wednesday
    body = {
        "mode": "classroom",
        "weekdays": [0, 2],
        "start": "10:00",
        "end": "12:00",
        "first_day": "2026-04-13",
        "last_day": "2026-04-24",
        "title": "정규",
        "room": "301호",
    }
    url = f"/api/v1/courses/{course.id}/lessons/recurring"
    refused = client.post(url, json=body, headers={**bearer(session, app, teacher), "Accept-Language": "en"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "lesson_added_in_past"
    assert refused.json()["errors"][0]["field"] == "first_day" and "2026-04-13" in refused.json()["detail"]
    assert "instructors cannot add past lessons" in refused.json()["detail"]
    ahead = client.post(url, json={**body, "first_day": "2026-04-15"}, headers=bearer(session, app, teacher))
    assert ahead.status_code == 201, ahead.text
    corrected = client.post(url, json={**body, "last_day": "2026-04-14"}, headers=bearer(session, app, admin))
    assert corrected.status_code == 201, corrected.text
