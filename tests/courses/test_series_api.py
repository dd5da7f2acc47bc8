"""The generator's preview and series moves/deletes through the API."""

from __future__ import annotations

from datetime import date, datetime

from classroom.core.clock import SEOUL
from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world
from tests.factories.courses import make_course

BODY = {
    "mode": "classroom",
    "room": "B동 301호",
    "start": "09:00",
    "end": "13:00",
    "first_day": "2026-04-06",
    "last_day": "2026-05-10",
}


def test_preview_writes_nothing_and_saturday_means_saturday(app, session, client):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    course = make_course(session, app, admin, instructors=[w.user(Role.INSTRUCTOR)])
    headers = bearer(session, app, admin)
    preview = client.post(
        f"/api/v1/courses/{course.id}/lessons/recurring/preview",
        json={**BODY, "weekdays": [5]},
        headers=headers,
    )
    assert preview.status_code == 200, preview.text
    days = [date.fromisoformat(d["day"]) for d in preview.json()["days"]]
    assert days == [
        date(2026, 4, 11),
        date(2026, 4, 18),
        date(2026, 4, 25),
        date(2026, 5, 2),
        date(2026, 5, 9),
    ]
    assert preview.json()["clashes"] == []
    assert client.get(f"/api/v1/courses/{course.id}/lessons", headers=headers).json() == []
    onsite = client.post(
        f"/api/v1/courses/{course.id}/lessons/recurring/preview",
        json={**BODY, "weekdays": [1], "mode": "onsite", "host_company": "(주)대성정밀"},
        headers=headers,
    ).json()
    assert [s["name"] for s in onsite["skipped"]] == ["어린이날"]
    assert {c["conflict"]["kind"] for c in onsite["clashes"]} == {"onsite_without_supervisor"}
    assert len(onsite["clashes"]) == 4


def test_series_move_and_delete_keep_held_lessons(app, session, client, clock):
    w = build_world(session, app)
    admin, teacher = w.user(Role.INSTITUTION_ADMIN), w.user(Role.INSTRUCTOR)
    course = make_course(session, app, admin, instructors=[teacher])
    made = client.post(
        f"/api/v1/courses/{course.id}/lessons/recurring",
        json={**BODY, "weekdays": [1]},
        headers=bearer(session, app, teacher),
    )
    assert made.status_code == 201
    series_id = made.json()["series_id"]
    clock.set(datetime(2026, 4, 15, 9, 0, tzinfo=SEOUL))
    headers = bearer(session, app, teacher)
    url = f"/api/v1/courses/{course.id}/series/{series_id}"
    moved = client.post(f"{url}/move", json={"shift_days": 2}, headers=headers)
    assert moved.status_code == 200 and moved.json() == {"changed": 2, "kept": 2}
    days = [
        r["local_day"] for r in client.get(f"/api/v1/courses/{course.id}/lessons", headers=headers).json()
    ]
    assert days == ["2026-04-07", "2026-04-14", "2026-04-23", "2026-04-30"]
    assert client.post(f"{url}/move", json={}, headers=headers).status_code == 422
    other = bearer(session, app, w.user(Role.INSTITUTION_ADMIN, "b"))
    assert client.delete(url, headers=other).status_code == 404
    assert (
        client.delete(f"/api/v1/courses/{course.id}/series/not-a-series", headers=headers).status_code == 404
    )
    deleted = client.delete(url, headers=headers)
    assert deleted.status_code == 200 and deleted.json() == {"changed": 2, "kept": 2}
    days = [
        r["local_day"] for r in client.get(f"/api/v1/courses/{course.id}/lessons", headers=headers).json()
    ]
    assert days == ["2026-04-07", "2026-04-14"]
    assert client.post(f"{url}/move", json={"shift_days": 1}, headers=headers).status_code == 422  # all held
