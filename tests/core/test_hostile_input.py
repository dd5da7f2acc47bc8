"""Hostile values answer a clear 4xx on both databases and store nothing: NUL and other control
characters (core.text_input), out-of-window and impossible dates (core.dates), malformed ids."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from classroom.accounts.models import User
from classroom.core.dates import EARLIEST, LATEST
from classroom.core.security import CSRF_HEADER
from classroom.core.tenancy import Role
from classroom.core.text_input import problem_in
from classroom.courses.models import Course
from tests.access.routes import collect
from tests.factories.accounts import PASSWORD, bearer, build_world, make_institution, make_user
from tests.factories.courses import make_course

NUL_NAMES = ["a\x00b", "tab\tinside", "bell\x07", "del\x7f", "c1\x85", "line\nbreak"]


@pytest.mark.parametrize("text", ["plain", "한국어 이름", "emoji 🎓", "a\u2028b", "tab-free"])
def test_ordinary_text_passes(text: str) -> None:
    assert not problem_in(text)


@pytest.mark.parametrize("text", [*NUL_NAMES, "\ud800"])
def test_control_characters_are_found(text: str) -> None:
    assert problem_in(text)


def test_line_breaks_and_tabs_only_in_multiline_fields() -> None:
    assert not problem_in("첫 줄\r\n둘째 줄\t들여쓰기", multiline=True)
    assert problem_in("첫 줄\x00", multiline=True)
    assert problem_in("첫 줄\n둘째 줄")


def test_sign_in_with_nul_is_a_422_not_a_server_error(app: FastAPI, client: TestClient) -> None:
    for field in ("username", "password", "institution"):
        form = {"username": "a@b.c", "password": "whatever-123", "institution": "hanbit", field: "a\x00@b.c"}
        response = client.post("/api/v1/auth/token", data=form, headers={"Accept-Language": "ko"})
        assert response.status_code == 422, (field, response.text)
        body = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert body["code"] == "validation_failed"
        assert body["errors"][0]["field"] == field
        assert "제어 문자" in body["detail"]


@pytest.mark.parametrize("bad", NUL_NAMES)
def test_json_text_fields_refuse_control_characters_and_store_nothing(
    app: FastAPI, session: Session, client: TestClient, bad: str
) -> None:
    institution, _ = make_institution(session, app)
    trainee = make_user(session, app, institution, Role.TRAINEE, name="최지우")
    response = client.patch("/api/v1/me", json={"name": bad}, headers=bearer(session, app, trainee))
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {"field": "name", "message": response.json()["errors"][0]["message"]}
    ]
    session.expire_all()
    assert session.get(User, trainee.id).name == "최지우"  # type: ignore[union-attr]


def test_multiline_fields_keep_line_breaks_but_refuse_nul(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    world = build_world(session, app)
    admin = world.a.users[Role.INSTITUTION_ADMIN]
    course = make_course(session, app, admin)
    headers = bearer(session, app, admin)
    kept = client.patch(
        f"/api/v1/courses/{course.id}", json={"description": "1주차: 개요\r\n2주차:\t실습"}, headers=headers
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["description"] == "1주차: 개요\r\n2주차:\t실습"
    refused = client.patch(f"/api/v1/courses/{course.id}", json={"description": "개요\x00"}, headers=headers)
    assert refused.status_code == 422
    titled = client.patch(f"/api/v1/courses/{course.id}", json={"title": "제목\n둘째 줄"}, headers=headers)
    assert titled.status_code == 422
    assert titled.json()["errors"][0]["field"] == "title"
    # Nested values and keys are checked too.
    nested = client.patch(f"/api/v1/courses/{course.id}", json={"title\x00": "x"}, headers=headers)
    assert nested.status_code == 422
    session.expire_all()
    assert session.get(Course, course.id).description == "1주차: 개요\r\n2주차:\t실습"  # type: ignore[union-attr]


def test_query_filters_and_path_values_with_nul(app: FastAPI, session: Session, client: TestClient) -> None:
    world = build_world(session, app)
    headers = bearer(session, app, world.a.users[Role.INSTITUTION_ADMIN])
    listed = client.get("/api/v1/users", params={"q": "김\x00"}, headers=headers)
    assert listed.status_code == 422 and listed.json()["errors"][0]["field"] == "q"
    # A path value with a control character names nothing: 404, like any unknown id or secret.
    assert client.get("/api/v1/courses/%00", headers=headers).status_code == 404
    assert client.get("/calendar/abc%00def.ics").status_code == 404
    assert client.get("/i/han%00bit/login").status_code == 404


def test_page_forms_refuse_nul_too(app: FastAPI, session: Session, client: TestClient) -> None:
    client.get("/login")
    response = client.post(
        "/login",
        data={"email": "a\x00@b.c", "password": PASSWORD, "institution": "", "csrf_token": "x"},
        headers={CSRF_HEADER: "x"},
    )
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]


@pytest.mark.parametrize(
    "day", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01", "2026-02-30", "2026-13-01"]
)
def test_calendar_dates_outside_the_window_or_impossible_are_422(
    app: FastAPI, session: Session, client: TestClient, day: str
) -> None:
    institution, _ = make_institution(session, app)
    trainee = make_user(session, app, institution, Role.TRAINEE)
    response = client.get("/api/v1/calendar", params={"date": day}, headers=bearer(session, app, trainee))
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "date"
    page = TestClient(app, base_url="http://testserver")
    from tests.factories.accounts import signed_in_browser

    browser, _ = signed_in_browser(app, session, trainee)
    assert browser.get("/calendar", params={"date": day}).status_code == 422
    assert page.get("/healthz").status_code == 200


def test_window_edges_are_accepted(app: FastAPI, session: Session, client: TestClient) -> None:
    institution, _ = make_institution(session, app)
    trainee = make_user(session, app, institution, Role.TRAINEE)
    headers = bearer(session, app, trainee)
    for day in (EARLIEST, LATEST):
        response = client.get(
            "/api/v1/calendar", params={"date": day.isoformat(), "view": "month"}, headers=headers
        )
        assert response.status_code == 200, response.text


def test_lessons_courses_and_months_outside_the_window_are_422(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    world = build_world(session, app)
    admin = world.a.users[Role.INSTITUTION_ADMIN]
    course = make_course(session, app, admin)
    headers = bearer(session, app, admin)
    lesson = client.post(
        f"/api/v1/courses/{course.id}/lessons",
        json={"mode": "classroom", "starts_at": "0001-01-01T00:00:00", "ends_at": "0001-01-01T03:00:00"},
        headers=headers,
    )
    assert lesson.status_code == 422, lesson.text
    created = client.post(
        "/api/v1/courses",
        json={
            "title": "기간 시험",
            "category": "new_tech",
            "starts_on": "0001-01-01",
            "ends_on": "9999-12-31",
            "capacity": 10,
        },
        headers=headers,
    )
    assert created.status_code == 422
    assert {e["field"] for e in created.json()["errors"]} == {"starts_on", "ends_on"}
    schema = client.get("/openapi.json").json()["components"]["schemas"]["CourseCreate"]["properties"]
    assert "2000-01-01" in str(schema["starts_on"]) and "2100-12-31" in str(schema["starts_on"])
    operator_headers = bearer(session, app, world.operator)
    assert (
        client.get("/api/v1/invoices", params={"month": "0000-01"}, headers=operator_headers).status_code
        == 422
    )
    assert (
        client.post("/api/v1/billing/close", json={"month": "0000-01"}, headers=operator_headers).status_code
        == 422
    )
    assert len(session.exec(select(Course)).all()) == 1


def test_every_route_answers_a_malformed_id_with_404(
    app: FastAPI, session: Session, client: TestClient
) -> None:
    """Signed in with every permission a role has, a malformed id is 404 (or 403 for a route the
    role may not use) — never 422 or 500."""
    world = build_world(session, app)
    callers = [
        world.operator,
        world.inspector,
        *(world.a.users[role] for role in Role if role in world.a.users),
    ]
    tokens = [bearer(session, app, user) for user in callers]
    checked = 0
    for route in collect(app):
        ids = [param for param in route.params if param.endswith("_id")]
        if not ids or route.page or route.method == "WS" or route.public:
            continue
        path = route.path
        for param in route.params:
            path = path.replace(f"{{{param}}}", "not-a-uuid" if param in ids else "2026")
        statuses = {
            client.request(route.method, path, headers=headers, json={}).status_code for headers in tokens
        }
        assert statuses <= {403, 404}, (route.key, statuses)
        assert 404 in statuses, (route.key, statuses)
        checked += 1
    assert checked > 20
