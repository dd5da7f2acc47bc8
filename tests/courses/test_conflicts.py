"""Schedule conflicts are refused with 409 and name what collides."""

from __future__ import annotations

from datetime import date

import pytest

from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world, make_user
from tests.factories.courses import add_lesson, make_course

DAY = date(2026, 4, 8)


def _post(client, headers, course, mode, start, end, day=DAY, **fields):
    body = {"mode": mode, "starts_at": f"{day}T{start}:00", "ends_at": f"{day}T{end}:00", **fields}
    return client.post(f"/api/v1/courses/{course.id}/lessons", json=body, headers=headers)


@pytest.fixture
def setup(app, session):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    teacher = w.user(Role.INSTRUCTOR)
    first = make_course(session, app, admin, title="스마트팩토리", instructors=[teacher])
    second = make_course(session, app, admin, title="빅데이터 분석", instructors=[teacher])
    return w, admin, teacher, first, second


def test_lesson_times_are_seoul_wall_clock_stored_utc(app, session, client, setup):
    _w, admin, teacher, first, _ = setup
    made = _post(client, bearer(session, app, admin), first, "live", "09:00", "13:00")
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["starts_at"].startswith("2026-04-08T00:00:00") and body["local_start"] == "09:00"
    assert body["minutes"] == 240 and body["instructor_id"] == str(
        teacher.id
    )  # the only instructor by default
    aware = _post(client, bearer(session, app, admin), first, "live", "14:00", "15:00")
    assert aware.json()["local_start"] == "14:00"
    offset = client.post(
        f"/api/v1/courses/{first.id}/lessons",
        headers=bearer(session, app, admin),
        json={"mode": "live", "starts_at": "2026-04-09T00:00:00Z", "ends_at": "2026-04-09T02:00:00Z"},
    )
    assert offset.json()["local_day"] == "2026-04-09" and offset.json()["local_start"] == "09:00"


def test_instructor_double_booked_across_courses(app, session, client, setup):
    _w, admin, teacher, first, second = setup
    headers = {**bearer(session, app, admin), "Accept-Language": "en"}
    assert _post(client, headers, first, "live", "09:00", "13:00").status_code == 201
    clash = _post(client, headers, second, "classroom", "12:00", "15:00", room="201호")
    assert clash.status_code == 409
    body = clash.json()
    assert body["code"] == "schedule_conflict"
    [error] = body["errors"]
    assert error["conflict"]["kind"] == "instructor" and error["conflict"]["course_id"] == str(first.id)
    assert error["message"] == (
        f"2026-04-08 12:00–15:00: instructor {teacher.name} already teaches "
        "'스마트팩토리' at that time (2026-04-08 09:00–13:00)."
    )
    # Back to back is fine; a recorded lesson keeps nobody busy.
    assert _post(client, headers, second, "classroom", "13:00", "15:00", room="201호").status_code == 201
    assert (
        _post(client, headers, second, "vod", "09:00", "11:00", instructor_id=str(teacher.id)).status_code
        == 201
    )


def test_room_booked_twice_even_when_typed_differently(app, session, client, setup):
    w, admin, _teacher, first, second = setup
    other_teacher = make_user(session, app, w.a.institution, Role.INSTRUCTOR)
    client.patch(
        f"/api/v1/courses/{second.id}",
        json={"instructor_ids": [str(other_teacher.id)]},
        headers=bearer(session, app, admin),
    )
    headers = bearer(session, app, admin)
    assert _post(client, headers, first, "classroom", "09:00", "13:00", room="B동 301호").status_code == 201
    clash = _post(client, headers, second, "classroom", "10:00", "11:00", room="b동301호")
    assert clash.status_code == 409
    [error] = clash.json()["errors"]
    assert error["field"] == "room" and error["conflict"]["kind"] == "room"
    assert "B동 301호" in error["message"] and "스마트팩토리" in error["message"]
    # Another institution's room of the same name is not ours.
    b_admin = w.user(Role.INSTITUTION_ADMIN, "b")
    b_course = make_course(session, app, b_admin, instructors=[w.user(Role.INSTRUCTOR, "b")])
    assert (
        _post(
            client, bearer(session, app, b_admin), b_course, "classroom", "09:00", "13:00", room="B동 301호"
        ).status_code
        == 201
    )


def test_course_lessons_may_not_overlap_each_other(app, session, client, setup):
    _w, admin, _teacher, first, _ = setup
    headers = bearer(session, app, admin)
    assert _post(client, headers, first, "live", "09:00", "12:00").status_code == 201
    clash = _post(client, headers, first, "vod", "11:00", "12:30")
    assert clash.status_code == 409
    kinds = [e["conflict"]["kind"] for e in clash.json()["errors"]]
    assert kinds == ["course_overlap"]
    assert "실시간 원격" in clash.json()["errors"][0]["message"]


def test_onsite_lesson_needs_a_supervisor(app, session, client, setup):
    w, admin, _teacher, first, _ = setup
    headers = bearer(session, app, admin)
    missing = _post(client, headers, first, "onsite", "09:00", "17:00", host_company="(주)대성정밀")
    assert missing.status_code == 409
    assert missing.json()["errors"][0]["conflict"]["kind"] == "onsite_without_supervisor"
    assert "현장교사" in missing.json()["errors"][0]["message"]
    supervisor = w.user(Role.SUPERVISOR)
    ok = _post(
        client,
        headers,
        first,
        "onsite",
        "09:00",
        "17:00",
        host_company="(주)대성정밀",
        supervisor_id=str(supervisor.id),
    )
    assert ok.status_code == 201
    wrong = _post(
        client,
        headers,
        first,
        "onsite",
        "09:00",
        "17:00",
        day=date(2026, 4, 9),
        host_company="(주)대성정밀",
        supervisor_id=str(w.user(Role.SUPERVISOR, "b").id),
    )
    assert wrong.status_code == 422


def test_editing_a_lesson_does_not_collide_with_itself(app, session, client, setup):
    _w, admin, _teacher, first, _ = setup
    headers = bearer(session, app, admin)
    made = _post(client, headers, first, "live", "09:00", "12:00").json()
    url = f"/api/v1/courses/{first.id}/lessons/{made['id']}"
    moved = client.patch(url, json={"ends_at": "2026-04-08T13:00:00"}, headers=headers)
    assert moved.status_code == 200 and moved.json()["minutes"] == 240
    other = _post(client, headers, first, "live", "14:00", "16:00").json()
    clash = client.patch(
        f"/api/v1/courses/{first.id}/lessons/{other['id']}",
        json={"starts_at": "2026-04-08T12:00:00"},
        headers=headers,
    )
    assert clash.status_code == 409


@pytest.mark.parametrize(
    ("start", "end", "day", "field"),
    [
        ("13:00", "09:00", DAY, "ends_at"),
        ("09:00", "13:00", date(2026, 10, 5), "starts_at"),  # outside the training period
    ],
)
def test_lesson_field_rules(app, session, client, setup, start, end, day, field):
    _w, admin, _teacher, first, _ = setup
    response = _post(client, bearer(session, app, admin), first, "live", start, end, day=day)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field


def test_classroom_needs_room_and_crossing_midnight_is_refused(app, session, client, setup):
    _w, admin, _teacher, first, _ = setup
    headers = bearer(session, app, admin)
    assert _post(client, headers, first, "classroom", "09:00", "13:00").json()["errors"][0]["field"] == "room"
    late = client.post(
        f"/api/v1/courses/{first.id}/lessons",
        headers=headers,
        json={"mode": "live", "starts_at": "2026-04-08T22:00:00", "ends_at": "2026-04-09T01:00:00"},
    )
    assert late.status_code == 422


def test_foreign_lesson_ids_answer_404(app, session, client, setup):
    w, admin, _teacher, first, second = setup
    row = add_lesson(session, app, admin, first, "live", DAY, "09:00", "10:00")
    headers = bearer(session, app, admin)
    # A lesson reached through another course of the same institution is not found either.
    assert (
        client.patch(f"/api/v1/courses/{second.id}/lessons/{row.id}", json={}, headers=headers).status_code
        == 404
    )
    b_admin = bearer(session, app, w.user(Role.INSTITUTION_ADMIN, "b"))
    assert client.delete(f"/api/v1/courses/{first.id}/lessons/{row.id}", headers=b_admin).status_code == 404
    assert (
        client.patch(f"/api/v1/courses/{first.id}/lessons/{row.id}", content=b"", headers=b_admin).status_code
        == 404
    )


@pytest.mark.postgres_only
def test_concurrent_bookings_of_one_room_leave_one_winner(app, session, setup):
    import threading

    from fastapi.testclient import TestClient

    _w, admin, _teacher, _first, _ = setup
    courses = [
        make_course(session, app, admin, title=f"과정 {i}") for i in range(8)
    ]  # no instructors: room only
    headers = bearer(session, app, admin)
    barrier = threading.Barrier(len(courses))
    statuses: list[int] = []

    def book(course) -> None:  # type: ignore[no-untyped-def]
        client = TestClient(app, base_url="http://testserver")
        barrier.wait()
        statuses.append(
            _post(client, headers, course, "classroom", "09:00", "13:00", room="대강당").status_code
        )

    threads = [threading.Thread(target=book, args=(c,)) for c in courses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [201] + [409] * 7
