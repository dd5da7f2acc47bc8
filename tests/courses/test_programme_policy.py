"""The smart-training policy is the operator's, per programme year: stored and validated with the
year's settings, and the one every verdict uses (plan, publishing, edits, a trainee's day)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from classroom.core.tenancy import Role
from classroom.courses import load_guard
from classroom.courses.policy import policies_for, policy_for
from classroom.courses.rules.plan import DEFAULT_POLICY
from tests.factories.accounts import bearer, build_world, make_user, signed_in_browser
from tests.factories.courses import add_lesson, make_course
from tests.factories.leases import make_programme

EN = {"Accept-Language": "en"}
PROGRAMME = "/api/v1/programmes/2026"


@pytest.fixture
def world(app, session):
    w = build_world(session, app)
    make_programme(session, app, 2026)
    return w


def _lay(session, app, author, course, *, live: int, classroom: int, start: date = date(2026, 4, 6)) -> None:
    """`live` then `classroom` lessons of 4 h, one per weekday from `start`."""
    day = start
    for mode in ["live"] * live + ["classroom"] * classroom:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        extra = {"room": "301호"} if mode == "classroom" else {}
        add_lesson(session, app, author, course, mode, day, "09:00", "13:00", **extra)
        day += timedelta(days=1)


def _short_online_heavy(session, app, world):
    """120 h with 68 h online (56.7%): fails the defaults on the total and the share maximum."""
    teacher = world.user(Role.INSTRUCTOR)
    course = make_course(session, app, teacher)
    _lay(session, app, teacher, course, live=17, classroom=13)
    return teacher, course


def test_programme_carries_the_domain_policy_by_default(app, session, client, world):
    body = client.get(PROGRAMME, headers=bearer(session, app, world.operator)).json()
    assert body["min_total_hours"] == 140 and body["min_online_hours"] == 20 and body["max_daily_hours"] == 8
    assert body["online_share_min"] == "1/10" and body["online_share_min_percent"] == "10%"
    assert body["online_share_max"] == "1/2" and body["online_share_max_percent"] == "50%"


def test_operator_relaxes_the_policy_and_a_refused_course_publishes(app, session, client, world):
    teacher, course = _short_online_heavy(session, app, world)
    headers = bearer(session, app, teacher)
    publish = f"/api/v1/courses/{course.id}/publish"
    refused = client.post(publish, headers={**headers, **EN})
    assert refused.status_code == 422, refused.text
    assert [e["message_en"] for e in refused.json()["errors"]] == [
        "total 120 h < 140 h",
        "online 68 h of 120 h = 56.7% > 50%",
    ]
    assert "(2026 programme year)" in refused.json()["detail"]

    op = bearer(session, app, world.operator)
    tighter = client.patch(PROGRAMME, json={"min_total_hours": 125, "online_share_max": "55%"}, headers=op)
    assert tighter.status_code == 200, tighter.text
    assert tighter.json()["online_share_max"] == "11/20" and tighter.json()["min_total_hours"] == 125
    # The refusal quotes the limits now in force, in both languages.
    again = client.post(publish, headers=headers)
    assert again.status_code == 422
    assert [e["message_ko"] for e in again.json()["errors"]] == [
        "전체 120시간 (125시간 미만)",
        "온라인 68시간 / 전체 120시간 = 56.7% (55% 초과)",
    ]
    assert "스마트훈련 기준(2026 사업연도)" in again.json()["detail"]
    en = client.post(publish, headers={**headers, **EN}).json()
    assert "total 120 h < 125 h" in en["detail"] and "56.7% > 55%" in en["detail"]

    plan = client.get(f"/api/v1/courses/{course.id}/plan", headers=headers).json()
    assert plan["policy"]["programme_year"] == 2026 and plan["policy"]["source"] == "programme"
    assert plan["policy"]["min_total_minutes"] == 125 * 60 and plan["policy"]["max_online_share"] == "11/20"

    assert (
        client.patch(
            PROGRAMME, json={"min_total_hours": 120, "online_share_max": "60%"}, headers=op
        ).status_code
        == 200
    )
    plan = client.get(f"/api/v1/courses/{course.id}/plan", headers=headers).json()
    assert plan["is_smart_training"] and plan["violations"] == []
    assert plan["policy"]["text_ko"] == (
        "기준: 총 120시간 이상, 온라인 10~60% 그리고 20시간 이상, 하루 8시간 이하 (2026 사업연도)"
    )
    published = client.post(publish, headers=headers)
    assert published.status_code == 200, published.text

    # Edits of the published course are held to the same (relaxed) policy.
    rows = client.get(f"/api/v1/courses/{course.id}/lessons", headers=headers).json()
    classroom = [r for r in rows if r["mode"] == "classroom"]
    dropped = client.delete(
        f"/api/v1/courses/{course.id}/lessons/{classroom[0]['id']}", headers={**headers, **EN}
    )
    assert dropped.status_code == 422
    assert (
        "total 116 h < 120 h" in dropped.json()["detail"]
        and "(2026 programme year)" in dropped.json()["detail"]
    )
    # Moving its start into a year nobody opened brings back the defaults, which it fails.
    moved = client.patch(
        f"/api/v1/courses/{course.id}", json={"starts_on": "2025-12-01"}, headers={**headers, **EN}
    )
    assert moved.status_code == 422 and "total 120 h < 140 h" in moved.json()["detail"]
    assert client.get(f"/api/v1/courses/{course.id}", headers=headers).json()["starts_on"] == "2026-04-01"


@pytest.mark.parametrize("role", [Role.INSTITUTION_ADMIN, Role.INSTRUCTOR, Role.INSPECTOR])
def test_only_the_operator_sets_the_policy(app, session, client, world, role):
    headers = bearer(session, app, world.user(role))
    assert client.patch(PROGRAMME, json={"min_total_hours": 100}, headers=headers).status_code == 403
    assert client.put(PROGRAMME, json={"min_total_hours": 100}, headers=headers).status_code == 403
    assert (
        client.get(PROGRAMME, headers=bearer(session, app, world.operator)).json()["min_total_hours"] == 140
    )


@pytest.mark.parametrize(
    ("change", "field", "ko", "en"),
    [
        (
            {"online_share_min": "60%", "online_share_max": "50%"},
            "online_share_min",
            "온라인 비율 하한 60%가 상한 50%보다 클 수 없습니다.",
            "The minimum online share 60% cannot exceed the maximum 50%.",
        ),
        # Only the maximum sent, below the stored 10% minimum.
        (
            {"online_share_max": "5%"},
            "online_share_min",
            "온라인 비율 하한 10%가 상한 5%보다 클 수 없습니다.",
            "The minimum online share 10% cannot exceed the maximum 5%.",
        ),
        (
            {"online_share_max": "150%"},
            "online_share_max",
            "온라인 비율 상한은 0~100% 사이로 입력해 주세요 (예: 50%, 1/2): 150%",
            "Enter a maximum online share between 0 and 100% (e.g. 50%, 1/2): 150%",
        ),
        (
            {"online_share_min": "-1/10"},
            "online_share_min",
            "온라인 비율 하한은 0~100% 사이로 입력해 주세요 (예: 10%, 1/10): -1/10",
            "Enter a minimum online share between 0 and 100% (e.g. 10%, 1/10): -1/10",
        ),
        (
            {"min_total_hours": -1},
            "min_total_hours",
            "최소 총 훈련시간은 0~10000시간 사이의 정수여야 합니다 (입력: -1).",
            "The minimum total hours must be a whole number from 0 to 10000 (got -1).",
        ),
        (
            {"min_online_hours": -20},
            "min_online_hours",
            "최소 온라인 훈련시간은 0~10000시간 사이의 정수여야 합니다 (입력: -20).",
            "The minimum online hours must be a whole number from 0 to 10000 (got -20).",
        ),
        (
            {"max_daily_hours": 0},
            "max_daily_hours",
            "하루 최대 훈련시간은 1~24시간 사이의 정수여야 합니다 (입력: 0).",
            "The maximum training hours a day must be a whole number from 1 to 24 (got 0).",
        ),
        (
            {"max_daily_hours": 25},
            "max_daily_hours",
            "하루 최대 훈련시간은 1~24시간 사이의 정수여야 합니다 (입력: 25).",
            "The maximum training hours a day must be a whole number from 1 to 24 (got 25).",
        ),
    ],
)
def test_invalid_policy_is_refused_in_both_languages_and_changes_nothing(
    app, session, client, world, change, field, ko, en
):
    op = bearer(session, app, world.operator)
    before = client.get(PROGRAMME, headers=op).json()
    # A valid setting alongside: the whole request is refused, not just the bad part.
    body = {"lease_cap": 7, **change}
    korean = client.patch(PROGRAMME, json=body, headers=op)
    assert korean.status_code == 422, korean.text
    assert korean.json()["detail"] == ko and korean.json()["errors"][0]["field"] == field
    english = client.patch(PROGRAMME, json=body, headers={**op, **EN})
    assert english.status_code == 422 and english.json()["detail"] == en
    put = client.put(PROGRAMME, json=body, headers=op)
    assert put.status_code == 422 and put.json()["detail"] == ko
    assert client.get(PROGRAMME, headers=op).json() == before


def test_several_bad_values_are_all_named(app, session, client, world):
    op = {**bearer(session, app, world.operator), **EN}
    refused = client.patch(
        PROGRAMME, json={"min_total_hours": -5, "max_daily_hours": 30, "online_share_max": "x"}, headers=op
    )
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == [
        "min_total_hours",
        "max_daily_hours",
        "online_share_max",
    ]


def test_exact_fractions_are_kept(app, session, client, world):
    op = bearer(session, app, world.operator)
    body = client.patch(
        PROGRAMME, json={"online_share_min": "1/3", "online_share_max": "2/3"}, headers=op
    ).json()
    assert body["online_share_min"] == "1/3" and body["online_share_min_percent"] == "33.33%"
    assert body["online_share_max"] == "2/3"
    # Both ends equal is allowed: exactly one share passes.
    assert client.patch(PROGRAMME, json={"online_share_min": "2/3"}, headers=op).status_code == 200


def test_a_course_in_a_year_without_a_programme_uses_the_defaults(app, session, client, world):
    op = bearer(session, app, world.operator)
    assert (
        client.patch(
            PROGRAMME, json={"min_total_hours": 100, "online_share_max": "90%"}, headers=op
        ).status_code
        == 200
    )
    teacher = world.user(Role.INSTRUCTOR)
    later = make_course(
        session, app, teacher, starts_on=date(2028, 3, 1), ends_on=date(2028, 8, 31), leased=False
    )
    _lay(session, app, teacher, later, live=17, classroom=13, start=date(2028, 3, 6))
    this_year = make_course(session, app, teacher)
    assert policy_for(session, later) == DEFAULT_POLICY
    assert policy_for(session, this_year).min_total_minutes == 100 * 60
    assert policies_for(session, [later, this_year]) == {
        later.id: DEFAULT_POLICY,
        this_year.id: policy_for(session, this_year),
    }
    session.commit()

    headers = bearer(session, app, teacher)
    plan = client.get(f"/api/v1/courses/{later.id}/plan", headers={**headers, **EN}).json()
    assert plan["policy"]["programme_year"] is None and plan["policy"]["source"] == "default"
    assert plan["policy"]["text_en"] == (
        "Rules: at least 140 h in total; online 10–50% and at least 20 h; "
        "at most 8 h a day (defaults; no programme year opened)"
    )
    assert [v["code"] for v in plan["violations"]] == ["total_too_short", "online_share_too_high"]
    refused = client.post(f"/api/v1/courses/{later.id}/publish", headers=headers)
    assert refused.status_code == 422 and "기본값, 사업연도 미개설" in refused.json()["detail"]


def test_the_daily_maximum_is_the_programmes(app, session, client, world):
    admin = world.user(Role.INSTITUTION_ADMIN)
    op = bearer(session, app, world.operator)
    day = date(2026, 5, 4)
    x = make_course(session, app, admin, title="X")
    y = make_course(session, app, admin, title="Y", leased=False)
    add_lesson(session, app, admin, x, "live", day, "09:00", "14:00")
    add_lesson(session, app, admin, y, "live", day, "14:00", "18:00")
    trainee = make_user(session, app, world.a.institution, Role.TRAINEE, name="최지우")
    headers = bearer(session, app, admin)

    def enrol(course):
        return client.post(
            f"/api/v1/courses/{course.id}/enrollments", json={"user_ids": [str(trainee.id)]}, headers=headers
        )

    assert enrol(x).status_code == 201
    assert load_guard.daily_limit(session, y) == 8 * 60
    # End the read: SQLite's write lock is taken at BEGIN (commit, not rollback, keeps objects loaded).
    session.commit()
    assert enrol(y).status_code == 409  # 5 h + 4 h > 8 h
    assert client.patch(PROGRAMME, json={"max_daily_hours": 9}, headers=op).status_code == 200
    assert load_guard.daily_limit(session, y) == 9 * 60
    session.commit()
    assert enrol(y).status_code == 201  # 9 h is within 9 h

    # A lower maximum is quoted in the refusal of a lesson that would overload the trainee.
    assert client.patch(PROGRAMME, json={"max_daily_hours": 6}, headers=op).status_code == 200
    added = client.post(
        f"/api/v1/courses/{y.id}/lessons",
        headers={**headers, **EN},
        json={
            "mode": "vod",
            "starts_at": "2026-05-06T09:00:00+09:00",
            "ends_at": "2026-05-06T13:00:00+09:00",
        },
    )
    assert added.status_code == 201, added.text  # 4 h alone that day: fine
    over = client.post(
        f"/api/v1/courses/{x.id}/lessons",
        headers={**headers, **EN},
        json={
            "mode": "live",
            "starts_at": "2026-05-06T14:00:00+09:00",
            "ends_at": "2026-05-06T17:00:00+09:00",
        },
    )
    assert over.status_code == 409 and "6 h" in over.json()["detail"]
    # The course's own plan judges its days by the same maximum.
    add_lesson(session, app, admin, x, "live", date(2026, 5, 8), "09:00", "16:00")
    plan = client.get(f"/api/v1/courses/{x.id}/plan", headers={**headers, **EN}).json()
    assert plan["policy"]["max_daily_minutes"] == 360
    assert [v["message"] for v in plan["violations"] if v["code"] == "day_too_long"] == [
        "2026-05-08: 7 h of training in one day > 6 h a day"
    ]


def test_builder_page_shows_the_rules_that_decide(app, session, world):
    teacher, course = _short_online_heavy(session, app, world)
    browser, _ = signed_in_browser(app, session, teacher)
    page = browser.get(f"/courses/{course.id}")
    assert 'data-valid="false"' in page.text
    assert (
        "기준: 총 140시간 이상, 온라인 10~50% 그리고 20시간 이상, 하루 8시간 이하 (2026 사업연도)"
        in page.text
    )
    operator, token = signed_in_browser(app, session, world.operator)
    saved = operator.post(
        "/programme/2026",
        data={
            "csrf_token": token,
            "lease_cap": "300",
            "subsidy_rate": "1/2",
            "budget": "5200000000",
            "monthly_fee": "300000",
            "storage_gb": "50",
            "live_seats_per_classroom": "30",
            "min_total_hours": "120",
            "online_share_min": "10%",
            "online_share_max": "60%",
            "min_online_hours": "20",
            "max_daily_hours": "8",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    page = browser.get(f"/courses/{course.id}")
    assert 'data-valid="true"' in page.text
    assert (
        "기준: 총 120시간 이상, 온라인 10~60% 그리고 20시간 이상, 하루 8시간 이하 (2026 사업연도)"
        in page.text
    )
    browser.cookies.set("lang", "en")
    english = browser.get(f"/courses/{course.id}")
    assert (
        "Rules: at least 120 h in total; online 10–60% and at least 20 h; at most 8 h a day "
        "(2026 programme year)"
    ) in english.text
    listing = browser.get("/courses")
    assert (
        'title="Rules: at least 120 h in total;' in listing.text
        and "Meets smart-training rules" in listing.text
    )


def test_programme_form_shows_explains_and_keeps_the_policy(app, session, client, world):
    operator, token = signed_in_browser(app, session, world.operator)
    page = operator.get("/programme?year=2026")
    assert page.status_code == 200 and "스마트훈련 기준" in page.text
    assert 'name="online_share_min" maxlength="20" required value="10%"' in page.text
    form = {
        "csrf_token": token,
        "lease_cap": "300",
        "subsidy_rate": "1/2",
        "budget": "5200000000",
        "monthly_fee": "300000",
        "storage_gb": "50",
        "live_seats_per_classroom": "30",
        "min_total_hours": "140",
        "online_share_min": "30%",
        "online_share_max": "20%",
        "min_online_hours": "20",
        "max_daily_hours": "8",
    }
    refused = operator.post("/programme/2026", data=form)
    assert refused.status_code == 422, refused.text
    assert "온라인 비율 하한 30%가 상한 20%보다 클 수 없습니다." in refused.text
    assert 'name="online_share_min" maxlength="20" required value="30%"' in refused.text  # what was typed
    body = client.get(PROGRAMME, headers=bearer(session, app, world.operator)).json()
    assert body["online_share_min"] == "1/10" and body["online_share_max"] == "1/2"
    # An institution admin cannot reach the settings form's action.
    admin, admin_token = signed_in_browser(app, session, world.user(Role.INSTITUTION_ADMIN))
    assert (
        admin.post(
            "/programme/2026",
            data={**form, "csrf_token": admin_token, "online_share_min": "10%"},
            follow_redirects=False,
        ).status_code
        == 403
    )
    assert (
        client.get(PROGRAMME, headers=bearer(session, app, world.operator)).json()["online_share_min"]
        == "1/10"
    )
