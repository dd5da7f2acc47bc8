"""Enrolment: one, many, all not yet enrolled; capacity (also under concurrency); drop with a reason."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world, make_user
from tests.factories.courses import make_course


@pytest.fixture
def world(app, session):
    w = build_world(session, app)
    return w, w.user(Role.INSTITUTION_ADMIN)


def _enrol(client, headers, course, **body):
    return client.post(f"/api/v1/courses/{course.id}/enrollments", json=body, headers=headers)


def test_enrol_one_then_all_not_yet_enrolled(app, session, client, world):
    w, admin = world
    course = make_course(session, app, admin, capacity=5)
    extra = [make_user(session, app, w.a.institution, Role.TRAINEE) for _ in range(2)]
    headers = bearer(session, app, admin)
    one = _enrol(client, headers, course, user_ids=[str(extra[0].id)])
    assert one.status_code == 201 and one.json()["seats_left"] == 4
    everyone = _enrol(client, headers, course, all_unenrolled=True)
    assert everyone.status_code == 201
    enrolled = {e["trainee_id"] for e in everyone.json()["enrolled"]}
    assert enrolled == {str(w.user(Role.TRAINEE).id), str(extra[1].id)}
    # Repeating is harmless: already-enrolled trainees are reported, not duplicated.
    again = _enrol(client, headers, course, user_ids=[str(extra[0].id)])
    assert again.json()["enrolled"] == [] and again.json()["already_enrolled"] == [str(extra[0].id)]
    roster = client.get(f"/api/v1/courses/{course.id}/enrollments", headers=headers).json()
    assert len(roster) == 3 and all(r["trainee_name"] for r in roster)
    [listed] = client.get("/api/v1/courses", headers=headers).json()
    assert listed["enrolled"] == 3 and listed["capacity"] == 5 and listed["instructor_ids"] == []


def test_capacity_is_refused_with_figures(app, session, client, world):
    w, admin = world
    course = make_course(session, app, admin, capacity=2)
    trainees = [make_user(session, app, w.a.institution, Role.TRAINEE) for _ in range(3)]
    headers = {**bearer(session, app, admin), "Accept-Language": "en"}
    response = _enrol(client, headers, course, user_ids=[str(t.id) for t in trainees])
    assert response.status_code == 409
    assert response.json()["detail"] == "Over capacity: 0 of 2 seats taken, 2 left, 3 requested."
    assert client.get(f"/api/v1/courses/{course.id}/enrollments", headers=headers).json() == []


def test_only_active_trainees_of_the_institution(app, session, client, world):
    w, admin = world
    course = make_course(session, app, admin)
    headers = bearer(session, app, admin)
    for user in (w.user(Role.TRAINEE, "b"), w.user(Role.INSTRUCTOR)):
        response = _enrol(client, headers, course, user_ids=[str(user.id)])
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "user_ids"
    assert _enrol(client, headers, course).status_code == 422
    teacher = bearer(session, app, w.user(Role.INSTRUCTOR))
    assert _enrol(client, teacher, course, all_unenrolled=True).status_code == 403


def test_drop_with_reason_and_re_enrol(app, session, client, world):
    w, admin = world
    course = make_course(session, app, admin, capacity=1)
    trainee = w.user(Role.TRAINEE)
    headers = bearer(session, app, admin)
    _enrol(client, headers, course, user_ids=[str(trainee.id)])
    url = f"/api/v1/courses/{course.id}/enrollments/{trainee.id}/drop"
    assert client.post(url, json={"reason": "  "}, headers=headers).status_code == 422
    dropped = client.post(url, json={"reason": "조기 취업"}, headers=headers)
    assert dropped.status_code == 200
    assert dropped.json()["status"] == "dropped" and dropped.json()["drop_reason"] == "조기 취업"
    assert client.post(url, json={"reason": "again"}, headers=headers).status_code == 409
    # The seat is free again, and the same trainee can come back.
    back = _enrol(client, headers, course, user_ids=[str(trainee.id)])
    assert back.status_code == 201 and back.json()["seats_left"] == 0
    foreign = make_course(session, app, w.user(Role.INSTITUTION_ADMIN, "b"))
    assert (
        client.post(
            f"/api/v1/courses/{foreign.id}/enrollments/{trainee.id}/drop", json={}, headers=headers
        ).status_code
        == 404
    )


def test_capacity_cannot_shrink_below_enrolled(app, session, client, world):
    w, admin = world
    course = make_course(session, app, admin, capacity=3)
    headers = bearer(session, app, admin)
    _enrol(client, headers, course, user_ids=[str(w.user(Role.TRAINEE).id)])
    assert (
        client.patch(f"/api/v1/courses/{course.id}", json={"capacity": 0}, headers=headers).status_code == 422
    )
    assert (
        client.patch(f"/api/v1/courses/{course.id}", json={"capacity": 1}, headers=headers).status_code == 200
    )


@pytest.mark.postgres_only
def test_concurrent_enrolments_never_exceed_capacity(app, session, world):
    w, admin = world
    course = make_course(session, app, admin, capacity=5)
    trainees = [make_user(session, app, w.a.institution, Role.TRAINEE) for _ in range(20)]
    headers = bearer(session, app, admin)
    barrier = threading.Barrier(len(trainees))
    statuses: list[int] = []
    lock = threading.Lock()

    def enrol_one(trainee_id: str) -> None:
        client = TestClient(app, base_url="http://testserver")
        barrier.wait()
        response = client.post(
            f"/api/v1/courses/{course.id}/enrollments", json={"user_ids": [trainee_id]}, headers=headers
        )
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=enrol_one, args=(str(t.id),)) for t in trainees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [201] * 5 + [409] * 15
    roster = TestClient(app).get(f"/api/v1/courses/{course.id}/enrollments", headers=headers).json()
    assert len([r for r in roster if r["status"] == "enrolled"]) == 5


@pytest.mark.postgres_only
def test_concurrent_bulk_enrolments_never_exceed_capacity(app, session, world):
    w, admin = world
    course = make_course(session, app, admin, capacity=5)
    trainees = [make_user(session, app, w.a.institution, Role.TRAINEE) for _ in range(12)]
    headers = bearer(session, app, admin)
    groups = [trainees[i : i + 3] for i in range(0, 12, 3)]  # 4 requests of 3: only one fits
    results: list[int] = []
    barrier = threading.Barrier(len(groups))

    def enrol_group(ids: list[str]) -> None:
        client = TestClient(app, base_url="http://testserver")
        barrier.wait()
        results.append(
            client.post(
                f"/api/v1/courses/{course.id}/enrollments", json={"user_ids": ids}, headers=headers
            ).status_code
        )

    threads = [threading.Thread(target=enrol_group, args=([str(t.id) for t in g],)) for g in groups]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [201, 409, 409, 409]
