"""Own calendars (week/month) per role, and the iCal feed parsed back with `icalendar`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from classroom.core.tenancy import Role
from classroom.courses.timetable import course_lessons
from tests.factories.accounts import bearer, build_world, principal_of
from tests.factories.courses import add_lesson, make_course

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def scene(app, session):
    """A published course with live, classroom and on-site days in the week of START (Mon 2026-04-06)."""
    w = build_world(session, app)
    admin, teacher = w.user(Role.INSTITUTION_ADMIN), w.user(Role.INSTRUCTOR)
    trainee, supervisor = w.user(Role.TRAINEE), w.user(Role.SUPERVISOR)
    course = make_course(session, app, admin, instructors=[teacher])
    add_lesson(
        session,
        app,
        admin,
        course,
        "live",
        date(2026, 4, 6),
        "09:00",
        "12:00",
        title="오리엔테이션",
        join_url="https://meet.example/abc",
    )
    add_lesson(session, app, admin, course, "classroom", date(2026, 4, 8), "13:00", "18:00", room="B동 301호")
    add_lesson(
        session,
        app,
        admin,
        course,
        "onsite",
        date(2026, 4, 10),
        "09:00",
        "17:00",
        host_company="(주)대성정밀",
        supervisor_id=supervisor.id,
    )
    add_lesson(session, app, admin, course, "vod", date(2026, 4, 21), "19:00", "21:00")
    client_headers = bearer(session, app, admin)
    from fastapi.testclient import TestClient

    admin_client = TestClient(app)
    admin_client.post(
        f"/api/v1/courses/{course.id}/enrollments",
        json={"user_ids": [str(trainee.id)]},
        headers=client_headers,
    )
    # Publishing is not needed for the calendar itself; status set directly keeps this fixture small.
    course.status = "running"
    session.add(course)
    session.commit()
    return w, course, teacher, trainee, supervisor


def test_week_view_per_role(app, session, client, scene):
    _w, _course, teacher, trainee, supervisor = scene
    week = client.get("/api/v1/calendar?view=week", headers=bearer(session, app, trainee)).json()
    assert week["first_day"] == "2026-04-06" and week["last_day"] == "2026-04-12"
    modes = [(e["local_day"], e["mode"], e["local_start"]) for e in week["entries"]]
    assert modes == [
        ("2026-04-06", "live", "09:00"),
        ("2026-04-08", "classroom", "13:00"),
        ("2026-04-10", "onsite", "09:00"),
    ]
    where = [e["where"] for e in week["entries"]]
    assert where[0] == "온라인 접속: https://meet.example/abc" and where[1] == "강의실 B동 301호"
    assert "(주)대성정밀" in where[2] and supervisor.name in where[2]
    taught = client.get("/api/v1/calendar?view=week", headers=bearer(session, app, teacher)).json()["entries"]
    assert [e["mode"] for e in taught] == ["live", "classroom"]  # on-site days have no instructor
    supervised = client.get("/api/v1/calendar", headers=bearer(session, app, supervisor)).json()["entries"]
    assert [e["mode"] for e in supervised] == ["onsite"] and supervised[0]["as_role"] == "supervisor"


def test_month_view_and_day_view(app, session, client, scene):
    w, _course, _teacher, trainee, _supervisor = scene
    month = client.get(
        "/api/v1/calendar?view=month&date=2026-04-15", headers=bearer(session, app, trainee)
    ).json()
    assert month["first_day"] == "2026-03-30" and month["last_day"] == "2026-05-03"
    assert len(month["entries"]) == 4
    day = client.get(
        "/api/v1/calendar?view=day&date=2026-04-08", headers=bearer(session, app, trainee)
    ).json()
    assert [e["mode"] for e in day["entries"]] == ["classroom"]
    other_trainee = w.user(Role.TRAINEE, "b")
    assert client.get("/api/v1/calendar", headers=bearer(session, app, other_trainee)).json()["entries"] == []
    assert (
        client.get("/api/v1/calendar", headers=bearer(session, app, w.user(Role.INSPECTOR))).status_code
        == 403
    )


def test_draft_courses_stay_off_trainee_calendars(app, session, client, scene):
    _w, course, teacher, trainee, _supervisor = scene
    course.status = "draft"
    session.add(course)
    session.commit()
    assert client.get("/api/v1/calendar", headers=bearer(session, app, trainee)).json()["entries"] == []
    assert len(client.get("/api/v1/calendar", headers=bearer(session, app, teacher)).json()["entries"]) == 2


def _feed(client, session, app, user):
    url = client.get("/api/v1/calendar/feed", headers=bearer(session, app, user)).json()["url"]
    return url, "/" + url.split("/", 3)[3]


def test_ical_feed_parses_back_in_seoul_time(app, session, client, scene):
    w, course, _teacher, trainee, _supervisor = scene
    url, path = _feed(client, session, app, trainee)
    assert url.endswith(".ics") and len(path) > 40
    response = client.get(path)  # no login: the secret address is the credential
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Seoul"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Seoul"]
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert len(events) == 4
    first = events[0]
    start = first.decoded("DTSTART")
    assert start == datetime(2026, 4, 6, 9, 0, tzinfo=SEOUL)
    assert start.astimezone(UTC) == datetime(2026, 4, 6, 0, 0, tzinfo=UTC)
    assert first["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert first.decoded("DTEND") == datetime(2026, 4, 6, 12, 0, tzinfo=SEOUL)
    assert str(first["SUMMARY"]) == f"[실시간 원격] {course.title} – 오리엔테이션"
    assert str(first["URL"]) == "https://meet.example/abc"
    assert str(events[1]["LOCATION"]) == "강의실 B동 301호"
    lessons = course_lessons(session, principal_of(w.user(Role.INSTITUTION_ADMIN)), course)
    assert [str(e["UID"]) for e in events] == [f"{r.id}@127.0.0.1:8000" for r in lessons]


def test_regenerating_revokes_the_old_address(app, session, client, scene):
    _w, _course, _teacher, trainee, _supervisor = scene
    _, old = _feed(client, session, app, trainee)
    assert _feed(client, session, app, trainee)[1] == old  # stable until regenerated
    fresh = client.post("/api/v1/calendar/feed", headers=bearer(session, app, trainee)).json()["url"]
    new = "/" + fresh.split("/", 3)[3]
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get("/calendar/nonsense.ics").status_code == 404


def test_feed_of_supervisor_and_deactivated_user(app, session, client, scene):
    _w, _course, _teacher, _trainee, supervisor = scene
    _, path = _feed(client, session, app, supervisor)
    events = Calendar.from_ical(client.get(path).content).walk("VEVENT")
    assert [str(e["LOCATION"]).split(" · ")[0] for e in events] == ["(주)대성정밀"]
    supervisor.is_active = False
    session.add(supervisor)
    session.commit()
    assert client.get(path).status_code == 404
