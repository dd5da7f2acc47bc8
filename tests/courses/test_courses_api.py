"""Courses API: creation, row-level visibility, the plan endpoint, publishing with exact figures."""

from __future__ import annotations

from datetime import date

from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, build_world, make_user
from tests.factories.courses import add_lesson, make_course, make_valid_plan
from tests.factories.leases import lease_classrooms

NEW_COURSE = {
    "title": "AI 기반 스마트팩토리 데이터 분석 실무",
    "category": "new_tech",
    "starts_on": "2026-04-01",
    "ends_on": "2026-09-30",
    "capacity": 20,
}


def test_instructor_creates_course_and_teaches_it(app, session, client):
    w = build_world(session, app)
    teacher = w.user(Role.INSTRUCTOR)
    response = client.post("/api/v1/courses", json=NEW_COURSE, headers=bearer(session, app, teacher))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "draft" and body["pass_mark"] == 60
    assert body["instructor_ids"] == [str(teacher.id)]
    assert body["institution_id"] == str(w.a.institution.id)


def test_course_validation_messages(app, session, client):
    w = build_world(session, app)
    headers = {**bearer(session, app, w.user(Role.INSTITUTION_ADMIN)), "Accept-Language": "en"}
    bad_period = client.post("/api/v1/courses", json={**NEW_COURSE, "ends_on": "2026-03-01"}, headers=headers)
    assert bad_period.status_code == 422
    assert bad_period.json()["detail"] == "The training period ends before it starts."
    other_tenant_teacher = w.user(Role.INSTRUCTOR, "b")
    foreign = client.post(
        "/api/v1/courses",
        json={**NEW_COURSE, "instructor_ids": [str(other_tenant_teacher.id)]},
        headers=headers,
    )
    assert foreign.status_code == 422 and str(other_tenant_teacher.id) in foreign.json()["detail"]
    assert (
        client.post(
            "/api/v1/courses", json={**NEW_COURSE, "category": "cooking"}, headers=headers
        ).status_code
        == 422
    )


def test_visibility_per_role_and_tenant(app, session, client):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    course = make_course(session, app, admin, instructors=[w.user(Role.INSTRUCTOR)])
    url = f"/api/v1/courses/{course.id}"
    for role in (Role.INSTITUTION_ADMIN, Role.INSTRUCTOR, Role.OPERATOR, Role.INSPECTOR):
        assert client.get(url, headers=bearer(session, app, w.user(role))).status_code == 200, role
    # Not enrolled / not supervising / another institution: the same 404 as a missing course.
    for user in (
        w.user(Role.TRAINEE),
        w.user(Role.SUPERVISOR),
        w.user(Role.INSTITUTION_ADMIN, "b"),
        w.user(Role.TRAINEE, "b"),
    ):
        assert client.get(url, headers=bearer(session, app, user)).status_code == 404
    assert client.get("/api/v1/courses/not-a-uuid", headers=bearer(session, app, admin)).status_code == 404
    listed = client.get(
        "/api/v1/courses", headers=bearer(session, app, w.user(Role.INSTITUTION_ADMIN, "b"))
    ).json()
    assert listed == []


def test_only_course_instructors_and_admins_write(app, session, client):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    course = make_course(session, app, admin)  # nobody teaches it yet
    url = f"/api/v1/courses/{course.id}"
    teacher = w.user(Role.INSTRUCTOR)
    refused = client.patch(url, json={"title": "바꾼 제목"}, headers=bearer(session, app, teacher))
    assert refused.status_code == 403
    assert (
        client.patch(url, json={"title": "바꾼 제목"}, headers=bearer(session, app, w.inspector)).status_code
        == 403
    )
    assert (
        client.patch(
            url, json={"instructor_ids": [str(teacher.id)]}, headers=bearer(session, app, admin)
        ).status_code
        == 200
    )
    assert (
        client.patch(url, json={"title": "바꾼 제목"}, headers=bearer(session, app, teacher)).json()["title"]
        == "바꾼 제목"
    )
    # A foreign course answers 404 before the (invalid) body is looked at.
    foreign = make_course(session, app, w.user(Role.INSTITUTION_ADMIN, "b"))
    assert (
        client.patch(
            f"/api/v1/courses/{foreign.id}", json={"capacity": -5}, headers=bearer(session, app, admin)
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/courses/{foreign.id}/lessons", content=b"", headers=bearer(session, app, admin)
        ).status_code
        == 404
    )


def test_plan_figures_and_publish_refusal_in_both_languages(app, session, client):
    w = build_world(session, app)
    teacher = w.user(Role.INSTRUCTOR)
    course = make_course(session, app, teacher)
    # 12 h online of 150 h: 8% < 10%, and 12 h < 20 h.
    day = date(2026, 4, 6)
    from datetime import timedelta

    for i in range(3):
        add_lesson(session, app, teacher, course, "live", day + timedelta(days=i), "09:00", "13:00")
    for i in range(3, 37):
        d = day + timedelta(days=i)
        add_lesson(
            session,
            app,
            teacher,
            course,
            "classroom",
            d,
            "09:00",
            "13:00" if i < 36 else "15:00",
            room="301호",
        )
    headers = bearer(session, app, teacher)
    plan = client.get(
        f"/api/v1/courses/{course.id}/plan", headers={**headers, "Accept-Language": "en"}
    ).json()
    assert plan["total_minutes"] == 150 * 60 and plan["online_minutes"] == 12 * 60
    assert plan["online_share_percent"] == 8.0 and plan["online_share_exact"] == "2/25"
    assert plan["hours_by_mode"] == {"live": 12.0, "vod": 0.0, "classroom": 138.0, "onsite": 0.0}
    assert not plan["is_smart_training"]
    messages = [v["message"] for v in plan["violations"]]
    assert messages == ["online 12 h of 150 h = 8.0% < 10%", "online 12 h < 20 h"]

    ko = client.post(f"/api/v1/courses/{course.id}/publish", headers=headers)
    assert ko.status_code == 422
    assert "온라인 12시간 / 전체 150시간 = 8.0% (10% 미만)" in ko.json()["detail"]
    assert [e["code"] for e in ko.json()["errors"]] == ["online_share_too_low", "online_too_short"]
    assert ko.json()["errors"][0]["figures"]["online_minutes"] == 720
    assert ko.json()["errors"][0]["message_en"] == "online 12 h of 150 h = 8.0% < 10%"
    en = client.post(f"/api/v1/courses/{course.id}/publish", headers={**headers, "Accept-Language": "en"})
    assert "online 12 h of 150 h = 8.0% < 10%" in en.json()["detail"]
    assert client.get(f"/api/v1/courses/{course.id}", headers=headers).json()["status"] == "draft"


def test_publish_valid_course_then_edits_must_keep_it_valid(app, session, client):
    w = build_world(session, app)
    teacher = w.user(Role.INSTRUCTOR)
    course = make_course(session, app, teacher)
    make_valid_plan(session, app, teacher, course, supervisor=w.user(Role.SUPERVISOR))
    headers = bearer(session, app, teacher)
    plan = client.get(f"/api/v1/courses/{course.id}/plan", headers=headers).json()
    assert plan["is_smart_training"] and plan["total_hours"] == 144.0
    published = client.post(f"/api/v1/courses/{course.id}/publish", headers=headers)
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published" and published.json()["published_at"]
    assert client.post(f"/api/v1/courses/{course.id}/publish", headers=headers).status_code == 409

    lessons = client.get(f"/api/v1/courses/{course.id}/lessons", headers=headers).json()
    live = [s for s in lessons if s["mode"] == "live"]
    # Removing a 4 h live lesson leaves 28 h online of 140 h = 20%: still valid.
    assert (
        client.delete(f"/api/v1/courses/{course.id}/lessons/{live[0]['id']}", headers=headers).status_code
        == 204
    )
    # Removing another would drop the total to 136 h: refused, with the figures.
    refused = client.delete(
        f"/api/v1/courses/{course.id}/lessons/{live[1]['id']}", headers={**headers, "Accept-Language": "en"}
    )
    assert refused.status_code == 422
    assert "total 136 h < 140 h" in refused.json()["detail"]
    assert len(client.get(f"/api/v1/courses/{course.id}/lessons", headers=headers).json()) == len(lessons) - 1


def test_status_transitions(app, session, client, clock):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    teacher = w.user(Role.INSTRUCTOR)
    course = make_course(session, app, admin, instructors=[teacher], starts_on=date(2026, 4, 6))
    make_valid_plan(session, app, admin, course)
    headers = bearer(session, app, admin)
    url = f"/api/v1/courses/{course.id}/status"
    assert client.post(url, json={"status": "running"}, headers=headers).status_code == 409
    assert client.post(url, json={"status": "published"}, headers=headers).json()["status"] == "published"
    # Training started today (START is 2026-04-06): no way back to draft.
    assert client.post(url, json={"status": "draft"}, headers=headers).status_code == 409
    assert client.post(url, json={"status": "running"}, headers=headers).json()["status"] == "running"
    assert client.post(url, json={"status": "finished"}, headers=headers).json()["status"] == "finished"
    assert (
        client.patch(f"/api/v1/courses/{course.id}", json={"title": "x"}, headers=headers).status_code == 409
    )


def test_delete_only_drafts(app, session, client):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    course = make_course(session, app, admin, instructors=[w.user(Role.INSTRUCTOR)])
    add_lesson(session, app, admin, course, "live", date(2026, 4, 7), "09:00", "12:00")
    headers = bearer(session, app, admin)
    assert client.delete(f"/api/v1/courses/{course.id}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/courses/{course.id}", headers=headers).status_code == 404


def test_trainee_sees_enrolled_published_course_only(app, session, client):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    trainee = w.user(Role.TRAINEE)
    course = make_course(session, app, admin, instructors=[w.user(Role.INSTRUCTOR)])
    make_valid_plan(session, app, admin, course)
    headers = bearer(session, app, admin)
    client.post(
        f"/api/v1/courses/{course.id}/enrollments", json={"user_ids": [str(trainee.id)]}, headers=headers
    )
    mine = bearer(session, app, trainee)
    assert client.get(f"/api/v1/courses/{course.id}", headers=mine).status_code == 404  # still a draft
    client.post(f"/api/v1/courses/{course.id}/publish", headers=headers)
    assert client.get(f"/api/v1/courses/{course.id}", headers=mine).status_code == 200
    assert [c["id"] for c in client.get("/api/v1/courses", headers=mine).json()] == [str(course.id)]
    assert client.get(f"/api/v1/courses/{course.id}/enrollments", headers=mine).status_code == 403
    other = make_user(session, app, w.a.institution, Role.TRAINEE)
    assert client.get(f"/api/v1/courses/{course.id}", headers=bearer(session, app, other)).status_code == 404


def test_share_text_never_contradicts_the_verdict():
    from classroom.core import i18n
    from classroom.courses import texts
    from classroom.courses.rules.kinds import LessonMode
    from classroom.courses.rules.plan import PlannedLesson, summarize_plan

    def share(online: int, offline: int) -> str:
        summary = summarize_plan(
            [
                PlannedLesson(date(2026, 4, 6), LessonMode.LIVE, online),
                PlannedLesson(date(2026, 4, 7), LessonMode.CLASSROOM, offline),
            ]
        )
        return i18n.render(texts.online_share(summary))

    assert share(1999, 18001) == "9.995%"  # 9.995% < 10%: not "10.0%"
    assert share(2000, 18000) == "10.0%"
    assert share(1, 2) == "33.3%" and share(2, 1) == "66.7%"
    assert share(1, 7) == "12.5%"


def test_a_course_whose_period_is_over_cannot_be_published(app, session, client, clock):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    course = make_course(
        session, app, admin, instructors=[w.user(Role.INSTRUCTOR)], ends_on=date(2026, 9, 30)
    )
    make_valid_plan(session, app, admin, course)
    clock.set(clock.now().replace(year=2026, month=10, day=5))
    refused = client.post(f"/api/v1/courses/{course.id}/publish", headers=bearer(session, app, admin))
    assert refused.status_code == 422 and "2026-09-30" in refused.json()["detail"]


def test_live_course_periods_are_what_occupies_classrooms(app, session):
    from classroom.courses.queries import live_course_periods
    from tests.factories.accounts import principal_of

    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    spring = make_course(
        session, app, admin, instructors=[w.user(Role.INSTRUCTOR)], ends_on=date(2026, 6, 30)
    )
    make_valid_plan(session, app, admin, spring)
    make_course(session, app, admin, title="초안")  # drafts occupy nothing
    me = principal_of(admin)
    assert live_course_periods(session, me, date(2026, 4, 1), date(2026, 4, 30)) == []
    from classroom.courses.service import publish_course

    publish_course(session, app.state.clock, me, spring)
    session.commit()
    assert live_course_periods(session, me, date(2026, 6, 30), date(2026, 7, 31)) == [
        (spring.starts_on, spring.ends_on)
    ]
    assert live_course_periods(session, me, date(2026, 7, 1), date(2026, 7, 31)) == []
    assert live_course_periods(session, me, date(2026, 4, 1), date(2026, 4, 30), exclude=spring.id) == []
    assert (
        live_course_periods(
            session, principal_of(w.user(Role.INSTITUTION_ADMIN, "b")), date(2026, 4, 1), date(2026, 4, 30)
        )
        == []
    )


def test_publish_needs_a_free_leased_classroom(app, session, client):
    w = build_world(session, app)
    admin = w.user(Role.INSTITUTION_ADMIN)
    headers = bearer(session, app, admin)
    first = make_course(session, app, admin, instructors=[w.user(Role.INSTRUCTOR)], leased=False)
    make_valid_plan(session, app, admin, first)
    refused = client.post(f"/api/v1/courses/{first.id}/publish", headers=headers)
    assert refused.status_code == 409 and refused.json()["code"] == "quota_classrooms"
    assert "강의실을 임대해 주세요" in refused.json()["detail"]
    lease_classrooms(session, app, admin.institution_id, first.starts_on, first.ends_on)
    assert client.post(f"/api/v1/courses/{first.id}/publish", headers=headers).status_code == 200
    # A second course over the same weeks needs a second classroom.
    other_teacher = make_user(session, app, w.a.institution, Role.INSTRUCTOR)
    second = make_course(session, app, admin, title="두 번째 과정", instructors=[other_teacher], leased=False)
    make_valid_plan(session, app, admin, second, room="C동 101호")
    full = client.post(f"/api/v1/courses/{second.id}/publish", headers={**headers, "Accept-Language": "en"})
    assert full.status_code == 409 and "Lease 1 more classroom(s)" in full.json()["detail"]


def test_a_live_course_cannot_grow_past_its_leased_classroom(app, session, client):
    """A published course holds a leased classroom on every day: extending it needs a lease there."""
    w = build_world(session, app)
    teacher = w.user(Role.INSTRUCTOR)
    course = make_course(session, app, teacher)  # leased Apr–Sep 2026 for exactly this period
    make_valid_plan(session, app, teacher, course)
    headers = bearer(session, app, teacher)
    assert client.post(f"/api/v1/courses/{course.id}/publish", headers=headers).status_code == 200
    longer = client.patch(f"/api/v1/courses/{course.id}", json={"ends_on": "2026-10-15"}, headers=headers)
    assert longer.status_code == 409 and longer.json()["code"] == "quota_classrooms"
    assert "2026-10-01" in longer.json()["detail"]
    shorter = client.patch(f"/api/v1/courses/{course.id}", json={"ends_on": "2026-09-15"}, headers=headers)
    assert shorter.status_code == 200 and shorter.json()["ends_on"] == "2026-09-15"
