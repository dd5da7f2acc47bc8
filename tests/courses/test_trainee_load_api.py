"""A trainee's day across courses through the API: enrolment and lesson changes refuse 8 h+
days and two lessons at once with the other course, the day and the hours named."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from fastapi.testclient import TestClient

from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world, make_user
from tests.factories.courses import add_lesson, make_course

DAY = date(2026, 5, 4)  # a Monday
NEXT = date(2026, 5, 6)


@pytest.fixture
def setup(app, session, client):
    """Two courses of one institution with no instructors (no teacher double-booking in the
    way) and a trainee named 최지우 already enrolled in 'X' (live 09:00–14:00 on DAY)."""
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    x = make_course(session, app, admin, title="X")
    y = make_course(session, app, admin, title="Y", leased=False)
    add_lesson(session, app, admin, x, "live", DAY, "09:00", "14:00")
    trainee = make_user(session, app, w.a.institution, Role.TRAINEE, name="최지우")
    headers = bearer(session, app, admin)
    assert _enrol(client, headers, x, trainee).status_code == 201
    return w, admin, x, y, trainee, headers


def _enrol(client, headers, course, *trainees, **body):
    if trainees:
        body["user_ids"] = [str(t.id) for t in trainees]
    return client.post(f"/api/v1/courses/{course.id}/enrollments", json=body, headers=headers)


def _roster(client, headers, course):
    rows = client.get(f"/api/v1/courses/{course.id}/enrollments", headers=headers).json()
    return {r["trainee_name"] for r in rows if r["status"] == "enrolled"}


def _en(headers):
    return {**headers, "Accept-Language": "en"}


def test_enrolment_over_eight_hours_is_refused_naming_day_hours_and_course(app, session, client, setup):
    _w, admin, x, y, trainee, headers = setup
    add_lesson(session, app, admin, y, "live", DAY, "14:00", "18:00")
    refused = _enrol(client, headers, y, trainee)
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "trainee_schedule_clash"
    assert body["detail"] == (
        "최지우: 2026-05-04에 이미 'X' 과정 5시간이 있어 이 과정 4시간을 더하면 "
        "하루 9시간으로 8시간을 넘습니다"
    )
    [error] = body["errors"]
    assert error["trainee_id"] == str(trainee.id) and error["field"] == "user_ids"
    assert error["load"]["kind"] == "day_over" and error["load"]["total_minutes"] == 540
    assert error["load"]["others"] == [{"course_id": str(x.id), "course": "X", "minutes": 300}]
    english = _enrol(client, _en(headers), y, trainee).json()["detail"]
    assert english == (
        "최지우 already has 5 h of 'X' on 2026-05-04; adding this course's 4 h makes 9 h, "
        "over the 8 h daily limit"
    )
    assert _roster(client, headers, y) == set()


def test_exactly_eight_hours_across_courses_is_allowed(app, session, client, setup):
    _w, admin, _x, y, trainee, headers = setup
    add_lesson(session, app, admin, y, "live", DAY, "14:00", "17:00")
    assert _enrol(client, headers, y, trainee).status_code == 201


def test_eight_hours_and_a_minute_is_refused(app, session, client, setup):
    _w, admin, _x, y, trainee, headers = setup
    add_lesson(session, app, admin, y, "live", DAY, "14:00", "17:01")
    refused = _enrol(client, _en(headers), y, trainee)
    assert refused.status_code == 409 and "makes 8.02 h, over the 8 h daily limit" in refused.json()["detail"]


def test_overlapping_lessons_are_refused_back_to_back_is_fine(app, session, client, setup):
    _w, admin, x, y, trainee, headers = setup
    clash = add_lesson(session, app, admin, y, "live", DAY, "13:00", "14:00")
    refused = _enrol(client, _en(headers), y, trainee)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "최지우 already has 'X' 09:00–14:00 at the same time (this course: 2026-05-04 13:00–14:00)"
    )
    assert refused.json()["errors"][0]["load"]["other_course_id"] == str(x.id)
    client.delete(f"/api/v1/courses/{y.id}/lessons/{clash.id}", headers=headers)
    add_lesson(session, app, admin, y, "live", DAY, "14:00", "15:00")
    assert _enrol(client, headers, y, trainee).status_code == 201


def test_vod_counts_hours_but_never_overlaps(app, session, client, setup):
    _w, admin, _x, y, trainee, headers = setup
    add_lesson(session, app, admin, y, "vod", DAY, "10:00", "13:00")
    assert _enrol(client, headers, y, trainee).status_code == 201  # 5 h + 3 h self-paced
    other = make_course(session, app, admin, title="Z", leased=False)
    add_lesson(session, app, admin, other, "vod", DAY, "15:00", "16:00")
    refused = _enrol(client, _en(headers), other, trainee)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "최지우 already has 5 h of 'X' and 3 h of 'Y' on 2026-05-04; adding this "
        "course's 1 h makes 9 h, over the 8 h daily limit"
    )


def test_dropped_enrolments_do_not_count(app, session, client, setup):
    _w, admin, x, y, trainee, headers = setup
    add_lesson(session, app, admin, y, "live", DAY, "10:00", "12:00")
    drop = client.post(
        f"/api/v1/courses/{x.id}/enrollments/{trainee.id}/drop", json={"reason": "반 변경"}, headers=headers
    )
    assert drop.status_code == 200
    assert _enrol(client, headers, y, trainee).status_code == 201
    # Coming back to X now clashes with Y, which is the course they are in.
    back = _enrol(client, _en(headers), x, trainee)
    assert back.status_code == 409 and "already has 'Y' 10:00–12:00" in back.json()["detail"]


def test_bulk_list_is_all_or_nothing_and_names_each_trainee(app, session, client, setup):
    w, admin, x, y, trainee, headers = setup
    free = make_user(session, app, w.a.institution, Role.TRAINEE, name="강하늘")
    busy = make_user(session, app, w.a.institution, Role.TRAINEE, name="윤서준")
    assert _enrol(client, headers, x, busy).status_code == 201
    add_lesson(session, app, admin, y, "live", DAY, "13:00", "18:00")
    refused = _enrol(client, _en(headers), y, free, trainee, busy)
    assert refused.status_code == 409
    body = refused.json()
    assert body["detail"].startswith(
        "Nobody was enrolled: 2 trainee(s) clash with their other courses (4 problem(s)), e.g. "
    )
    named = {(e["trainee_id"], e["load"]["kind"]) for e in body["errors"]}
    assert named == {(str(t.id), kind) for t in (trainee, busy) for kind in ("day_over", "overlap")}
    assert all(e["message"].startswith(("최지우", "윤서준")) for e in body["errors"])
    korean = _enrol(client, headers, y, free, trainee, busy).json()["detail"]
    assert korean.startswith("훈련생 2명이 다른 과정 일정과 맞지 않아(4건) 아무도 등록하지 않았습니다. 예: ")
    assert _roster(client, headers, y) == set()
    assert _enrol(client, headers, y, free).status_code == 201


def test_all_unenrolled_refuses_everyone_when_one_does_not_fit(app, session, client, setup):
    _w, admin, x, y, trainee, headers = setup
    add_lesson(session, app, admin, y, "live", DAY, "12:00", "13:00")
    refused = _enrol(client, headers, y, all_unenrolled=True)
    assert refused.status_code == 409
    assert {e["trainee_id"] for e in refused.json()["errors"]} == {str(trainee.id)}
    assert _roster(client, headers, y) == set()
    client.post(
        f"/api/v1/courses/{x.id}/enrollments/{trainee.id}/drop", json={"reason": "이동"}, headers=headers
    )
    done = _enrol(client, headers, y, all_unenrolled=True)
    assert done.status_code == 201 and str(trainee.id) in {e["trainee_id"] for e in done.json()["enrolled"]}


def test_other_institutions_trainees_and_courses_are_not_involved(app, session, client, setup):
    w, _admin, _x, _y, _trainee, _headers = setup
    b_admin = w.user(Role.INSTITUTION_ADMIN, "b")
    foreign = make_course(session, app, b_admin, title="X", leased=False)
    add_lesson(session, app, b_admin, foreign, "live", DAY, "09:00", "18:00")
    b_trainee = w.user(Role.TRAINEE, "b")
    assert _enrol(client, bearer(session, app, b_admin), foreign, b_trainee).status_code == 201


# --- lesson changes of a course with enrolled trainees -----------------------------------


def _post(client, headers, course, mode, day, start, end, **fields):
    body = {"mode": mode, "starts_at": f"{day}T{start}:00", "ends_at": f"{day}T{end}:00", **fields}
    return client.post(f"/api/v1/courses/{course.id}/lessons", json=body, headers=headers)


@pytest.fixture
def both(app, session, client, setup):
    """최지우 is in X (live 09–14 on DAY) and in Y (one lesson on NEXT)."""
    w, admin, x, y, trainee, headers = setup
    lesson = add_lesson(session, app, admin, y, "live", NEXT, "09:00", "13:00")
    assert _enrol(client, headers, y, trainee).status_code == 201
    return w, admin, x, y, trainee, headers, lesson


def test_adding_a_lesson_that_overloads_an_enrolled_trainee_is_refused(app, session, client, both):
    _w, _admin, _x, y, _trainee, headers, _ = both
    refused = _post(client, _en(headers), y, "classroom", DAY, "14:00", "18:00", room="B동 301호")
    assert refused.status_code == 409
    assert refused.json()["code"] == "trainee_schedule_clash"
    assert refused.json()["detail"] == (
        "최지우 already has 5 h of 'X' on 2026-05-04; adding this course's 4 h "
        "makes 9 h, over the 8 h daily limit"
    )
    assert refused.json()["errors"][0]["field"] == "starts_at"
    assert _post(client, headers, y, "classroom", DAY, "14:00", "17:00", room="B동 301호").status_code == 201
    # The day is now full: even a self-paced hour more is refused.
    assert _post(client, headers, y, "vod", DAY, "19:00", "20:00").status_code == 409


def test_moving_a_lesson_into_an_overlap_is_refused(app, session, client, both):
    _w, _admin, _x, y, _trainee, headers, lesson = both
    url = f"/api/v1/courses/{y.id}/lessons/{lesson.id}"
    moved = client.patch(
        url, json={"starts_at": f"{DAY}T13:00:00", "ends_at": f"{DAY}T15:00:00"}, headers=_en(headers)
    )
    assert moved.status_code == 409
    assert moved.json()["detail"] == (
        "최지우 already has 'X' 09:00–14:00 at the same time (this course: 2026-05-04 13:00–15:00)"
    )
    assert client.get(url, headers=headers).json()["local_day"] == str(NEXT)
    fine = client.patch(
        url, json={"starts_at": f"{DAY}T14:00:00", "ends_at": f"{DAY}T17:00:00"}, headers=headers
    )
    assert fine.status_code == 200, fine.text
    # Retitling on the now-full day is no move and stays possible.
    assert client.patch(url, json={"title": "복습"}, headers=headers).status_code == 200


def test_turning_a_vod_lesson_live_can_create_an_overlap(app, session, client, both):
    _w, admin, _x, y, _trainee, headers, _ = both
    vod = add_lesson(session, app, admin, y, "vod", DAY, "10:00", "12:00")
    refused = client.patch(f"/api/v1/courses/{y.id}/lessons/{vod.id}", json={"mode": "live"}, headers=headers)
    assert refused.status_code == 409 and refused.json()["errors"][0]["load"]["kind"] == "overlap"


def test_recurring_lessons_name_every_trainee_and_day(app, session, client, both):
    w, admin, x, y, trainee, headers, _ = both
    other = make_user(session, app, w.a.institution, Role.TRAINEE, name="강하늘")
    assert _enrol(client, headers, y, other).status_code == 201
    add_lesson(session, app, admin, x, "live", date(2026, 5, 11), "09:00", "14:00")
    body = {
        "mode": "live",
        "weekdays": [0],
        "start": "12:00",
        "end": "15:00",
        "first_day": "2026-05-04",
        "last_day": "2026-05-11",
    }
    refused = client.post(f"/api/v1/courses/{y.id}/lessons/recurring", json=body, headers=_en(headers))
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith(
        "Not saved: it clashes with other courses of 1 enrolled trainee(s) "
        "(2 problem(s)), e.g. 최지우 already has 'X' 09:00–14:00"
    )
    assert [e["load"]["day"] for e in refused.json()["errors"]] == ["2026-05-04", "2026-05-11"]
    assert all(e["trainee_id"] == str(trainee.id) for e in refused.json()["errors"])
    assert len(client.get(f"/api/v1/courses/{y.id}/lessons", headers=headers).json()) == 1


def test_a_course_without_enrolled_trainees_is_not_held_back(app, session, client, setup):
    _w, _admin, _x, y, _trainee, headers = setup
    assert _post(client, headers, y, "live", DAY, "09:00", "18:00").status_code == 201


@pytest.mark.postgres_only
def test_concurrent_enrolments_in_clashing_courses_let_one_through(app, session, setup):
    """Two admins enrol the same trainee in two clashing courses at once: the schedule lock
    makes the second see the first, so the trainee never ends up in both."""
    _w, admin, x, y, trainee, headers = setup
    client = TestClient(app, base_url="http://testserver")
    client.post(
        f"/api/v1/courses/{x.id}/enrollments/{trainee.id}/drop", json={"reason": "이동"}, headers=headers
    )
    z = make_course(session, app, admin, title="Z", leased=False)
    add_lesson(session, app, admin, y, "live", DAY, "10:00", "12:00")
    add_lesson(session, app, admin, z, "live", DAY, "11:00", "13:00")
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def enrol(course) -> None:
        own = TestClient(app, base_url="http://testserver")
        barrier.wait()
        statuses.append(
            own.post(
                f"/api/v1/courses/{course.id}/enrollments",
                json={"user_ids": [str(trainee.id)]},
                headers=headers,
            ).status_code
        )

    threads = [threading.Thread(target=enrol, args=(c,)) for c in (y, z)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [201, 409]
    assert len(_roster(client, headers, y)) + len(_roster(client, headers, z)) == 1
