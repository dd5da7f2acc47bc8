"""The recurring generator through the API: Korean holidays skipped and listed, all or nothing."""

from __future__ import annotations

from datetime import date

from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world
from tests.factories.courses import add_lesson, make_course

MWF = [0, 2, 4]


def _generate(client, headers, course, **overrides):
    body = {
        "mode": "classroom",
        "room": "B동 301호",
        "weekdays": MWF,
        "start": "09:00",
        "end": "13:00",
        "first_day": "2026-09-14",
        "last_day": "2026-10-09",
        **overrides,
    }
    return client.post(f"/api/v1/courses/{course.id}/lessons/recurring", json=body, headers=headers)


def test_mon_wed_fri_skips_chuseok_and_hangul_day(app, session, client):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    course = make_course(
        session,
        app,
        admin,
        instructors=[w.user(Role.INSTRUCTOR)],
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 31),
    )
    response = _generate(client, bearer(session, app, admin), course)
    assert response.status_code == 201, response.text
    body = response.json()
    skipped = {s["day"]: s["name"] for s in body["skipped"]}
    # 2026: 추석 Fri 25 Sep; 개천절 Sat 3 Oct → substitute Mon 5 Oct; 한글날 Fri 9 Oct.
    assert skipped == {"2026-09-25": "추석", "2026-10-05": "개천절 대체 휴일", "2026-10-09": "한글날"}
    days = [s["local_day"] for s in body["created"]]
    assert len(days) == 12 - 3 and not set(days) & set(skipped)
    first = body["created"][0]
    assert first["starts_at"].startswith("2026-09-14T00:00:00") and first["local_start"] == "09:00"
    assert {s["series_id"] for s in body["created"]} == {body["series_id"]}
    english = _generate(
        client,
        {**bearer(session, app, admin), "Accept-Language": "en"},
        course,
        first_day="2026-09-21",
        last_day="2026-09-25",
        start="14:00",
        end="17:00",
    )
    assert english.json()["skipped"] == [{"day": "2026-09-25", "name": "Chuseok"}]
    plan = client.get(f"/api/v1/courses/{course.id}/plan", headers=bearer(session, app, admin)).json()
    assert plan["minutes_by_mode"]["classroom"] == 9 * 240 + 2 * 180


def test_generator_is_all_or_nothing_on_conflict(app, session, client):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    teacher = w.user(Role.INSTRUCTOR)
    course = make_course(
        session, app, admin, instructors=[teacher], starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 31)
    )
    other = make_course(
        session,
        app,
        admin,
        title="다른 과정",
        instructors=[teacher],
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 31),
    )
    add_lesson(session, app, admin, other, "live", date(2026, 9, 16), "10:00", "11:00")
    response = _generate(client, bearer(session, app, admin), course)
    assert response.status_code == 409
    [error] = response.json()["errors"]
    assert error["conflict"]["kind"] == "instructor" and error["message"].startswith("2026-09-16 09:00–13:00")
    listed = client.get(f"/api/v1/courses/{course.id}/lessons", headers=bearer(session, app, admin)).json()
    assert listed == []


def test_generator_validation(app, session, client):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    course = make_course(
        session,
        app,
        admin,
        instructors=[w.user(Role.INSTRUCTOR)],
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 12, 31),
    )
    headers = {**bearer(session, app, admin), "Accept-Language": "en"}
    outside = _generate(client, headers, course, first_day="2026-08-31")
    assert outside.status_code == 422 and "2026-09-01 to 2026-12-31" in outside.json()["detail"]
    assert _generate(client, headers, course, end="08:00").status_code == 422
    assert _generate(client, headers, course, weekdays=[7]).status_code == 422
    assert _generate(client, headers, course, last_day="2026-09-01").status_code == 422
    # Only a holiday matches: nothing to create, and the reason says so.
    none = _generate(client, headers, course, weekdays=[4], first_day="2026-09-25", last_day="2026-09-25")
    assert none.status_code == 422 and "1 skipped" in none.json()["detail"]
    kept = _generate(
        client,
        headers,
        course,
        weekdays=[4],
        first_day="2026-09-25",
        last_day="2026-09-25",
        skip_holidays=False,
    )
    assert kept.status_code == 201 and kept.json()["skipped"] == []
