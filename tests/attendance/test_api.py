"""Ingestion, staff entries and the course/trainee figures through the JSON API."""

from __future__ import annotations

from datetime import datetime, timedelta

from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from tests.factories.accounts import bearer


def _event(klass, trainee, kind, at, **extra):
    return {
        "course_id": str(klass.course.id),
        "trainee_id": str(trainee.id),
        "kind": kind,
        "at": at.isoformat(),
        **extra,
    }


def test_ingested_check_ins_become_day_statuses(client, session, app, clock, world, klass):
    clock.set(datetime(2026, 4, 8, 18, tzinfo=SEOUL))  # Mon 6 and Tue 7 live, Wed 8 live (09-13)
    t1, t2 = klass.trainees
    day6 = datetime(2026, 4, 6, tzinfo=SEOUL)
    events = [
        _event(klass, t1, "live_join", day6.replace(hour=9, minute=5), connection="c1"),
        _event(klass, t1, "live_leave", day6.replace(hour=13), connection="c1"),
        _event(klass, t2, "live_join", day6.replace(hour=9, minute=25), connection="c9"),
        _event(klass, t2, "live_leave", day6.replace(hour=13), connection="c9"),
    ]
    headers = bearer(session, app, klass.instructor)
    response = client.post("/api/v1/attendance/events", json={"events": events}, headers=headers)
    assert response.status_code == 202, response.text
    assert response.json()["accepted"] == 4 and response.json()["duplicates"] == 0
    again = client.post("/api/v1/attendance/events", json={"events": events}, headers=headers)
    assert again.json()["accepted"] == 0 and again.json()["duplicates"] == 4

    summary = client.get(f"/api/v1/courses/{klass.course.id}/attendance", headers=headers).json()
    by_name = {line["name"]: line for line in summary}
    first = by_name[t1.name]
    assert first["training_days"] == 3 and first["absent_days"] == 2 and first["lates"] == 0
    second = by_name[t2.name]
    assert second["lates"] == 1

    mine = client.get(
        f"/api/v1/courses/{klass.course.id}/attendance/{t2.id}", headers=bearer(session, app, t2)
    )
    assert mine.status_code == 200
    days = mine.json()["days"]
    assert [d["status"] for d in days[:4]] == ["late", "absent", "absent", "pending"]
    assert mine.json()["periods"][0]["rate_exact"] == "1/3"
    other = client.get(
        f"/api/v1/courses/{klass.course.id}/attendance/{t1.id}", headers=bearer(session, app, t2)
    )
    assert other.status_code == 404


def test_a_batch_with_one_bad_event_stores_nothing(client, session, app, clock, world, klass):
    outsider = world.b.users[Role.TRAINEE]
    at = datetime(2026, 4, 6, 9, tzinfo=SEOUL)
    events = [_event(klass, klass.trainees[0], "check_in", at), _event(klass, outsider, "check_in", at)]
    response = client.post(
        "/api/v1/attendance/events", json={"events": events}, headers=bearer(session, app, klass.admin)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "events.1.trainee_id"
    summary = client.get(
        f"/api/v1/courses/{klass.course.id}/attendance", headers=bearer(session, app, klass.admin)
    )
    assert all(line["absent_days"] == 0 and line["training_days"] == 0 for line in summary.json())


def test_staff_entry_by_hand_with_reason(client, session, app, clock, world, klass):
    from sqlmodel import select

    from classroom.courses.models import Lesson

    lesson = session.exec(
        select(Lesson)
        .where(Lesson.course_id == klass.course.id, Lesson.mode == "classroom")
        .order_by(Lesson.starts_at)
    ).first()
    day = lesson.starts_at.astimezone(SEOUL)
    clock.set(day + timedelta(hours=6))
    body = {
        "trainee_id": str(klass.trainees[0].id),
        "check_in": day.replace(hour=9, minute=3).isoformat(),
        "check_out": day.replace(hour=13).isoformat(),
        "reason": "QR 단말 고장으로 출석부 수기 기록",
    }
    headers = bearer(session, app, klass.instructor)
    response = client.post(f"/api/v1/lessons/{lesson.id}/attendance", json=body, headers=headers)
    assert response.status_code == 201, response.text
    assert [e["kind"] for e in response.json()] == ["check_in", "check_out"]
    assert response.json()[0]["reason"] == body["reason"]
    retry = client.post(f"/api/v1/lessons/{lesson.id}/attendance", json=body, headers=headers)
    assert retry.status_code == 201 and retry.json() == []  # recorded once
    roster = client.get(f"/api/v1/lessons/{lesson.id}/attendance", headers=headers).json()
    line = next(x for x in roster["lines"] if x["trainee_id"] == str(klass.trainees[0].id))
    assert line["status"] == "present"
    wrong_day = {**body, "check_in": (day + timedelta(days=1)).isoformat()}
    refused = client.post(f"/api/v1/lessons/{lesson.id}/attendance", json=wrong_day, headers=headers)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "check_in"
