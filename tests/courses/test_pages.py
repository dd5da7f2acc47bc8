"""Course pages through the browser's door: forms with CSRF, the builder, enrolment, calendars."""

from __future__ import annotations

import re
from datetime import date

import pytest

from classroom.core.tenancy import Role
from tests.factories.accounts import build_world, signed_in_browser
from tests.factories.courses import add_lesson, make_course, make_valid_plan
from tests.factories.leases import lease_classrooms


@pytest.fixture
def world(app, session):
    return build_world(session, app)


def test_instructor_builds_and_publishes_a_course_with_forms(app, session, world):
    teacher = world.user(Role.INSTRUCTOR)
    supervisor = world.user(Role.SUPERVISOR)
    client, csrf = signed_in_browser(app, session, teacher)
    assert client.get("/courses").status_code == 200
    created = client.post(
        "/courses",
        data={
            "csrf_token": csrf,
            "title": "스마트팩토리 데이터 분석",
            "category": "new_tech",
            "starts_on": "2026-04-06",
            "ends_on": "2026-06-30",
            "capacity": "20",
            "pass_mark": "60",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    url = created.headers["location"].split("?")[0]
    page = client.get(url)
    assert 'data-valid="false"' in page.text and "계획된 차시가 없습니다" in page.text

    # Live Mon/Tue 09–13 for four weeks (32 h), classroom Wed–Fri 09–13 April–June, one on-site afternoon.
    live = client.post(
        f"{url}/lessons/recurring",
        data={
            "csrf_token": csrf,
            "mode": "live",
            "weekdays": ["0", "1"],
            "start": "09:00",
            "end": "13:00",
            "first_day": "2026-04-06",
            "last_day": "2026-05-01",
            "skip_holidays": "1",
        },
        follow_redirects=False,
    )
    assert live.status_code == 303, live.text
    assert "msg=series.created" in live.headers["location"]
    classroom = client.post(
        f"{url}/lessons/recurring",
        data={
            "csrf_token": csrf,
            "mode": "classroom",
            "room": "B동 301호",
            "weekdays": ["2", "3", "4"],
            "start": "09:00",
            "end": "13:00",
            "first_day": "2026-04-06",
            "last_day": "2026-06-30",
            "skip_holidays": "1",
        },
        follow_redirects=False,
    )
    assert classroom.status_code == 303
    assert "차시" in client.get(classroom.headers["location"]).text
    onsite = client.post(
        f"{url}/lessons",
        data={
            "csrf_token": csrf,
            "mode": "onsite",
            "day": "2026-04-06",
            "start": "14:00",
            "end": "17:00",
            "host_company": "(주)대성정밀",
            "supervisor_id": str(supervisor.id),
        },
        follow_redirects=False,
    )
    assert onsite.status_code == 303
    page = client.get(url)
    assert 'data-valid="true"' in page.text and "(주)대성정밀" in page.text
    unleased = client.post(f"{url}/publish", data={"csrf_token": csrf}, follow_redirects=True)
    assert unleased.status_code == 409 and "강의실을 임대해 주세요" in unleased.text
    lease_classrooms(session, app, world.a.institution.id, date(2026, 4, 6), date(2026, 6, 30))
    published = client.post(f"{url}/publish", data={"csrf_token": csrf}, follow_redirects=True)
    assert published.status_code == 200 and 'data-status="published"' in published.text


def test_conflict_and_invalid_publish_are_shown_on_the_page(app, session, world):
    admin = world.user(Role.INSTITUTION_ADMIN)
    teacher = world.user(Role.INSTRUCTOR)
    course = make_course(session, app, admin, instructors=[teacher])
    add_lesson(session, app, admin, course, "classroom", date(2026, 4, 7), "09:00", "13:00", room="301호")
    client, csrf = signed_in_browser(app, session, admin)
    clash = client.post(
        f"/courses/{course.id}/lessons",
        data={
            "csrf_token": csrf,
            "mode": "classroom",
            "day": "2026-04-07",
            "start": "10:00",
            "end": "12:00",
            "room": "301호",
        },
    )
    assert clash.status_code == 409
    assert "일정이 겹쳐" in clash.text and "강의실 301호" in clash.text
    refused = client.post(f"/courses/{course.id}/publish", data={"csrf_token": csrf})
    assert refused.status_code == 422
    assert "전체 4시간 (140시간 미만)" in refused.text
    assert 'data-status="draft"' in refused.text
    missing_csrf = client.post(f"/courses/{course.id}/publish", data={})
    assert missing_csrf.status_code == 403


def test_lesson_edit_and_delete_pages(app, session, world):
    admin = world.user(Role.INSTITUTION_ADMIN)
    course = make_course(session, app, admin, instructors=[world.user(Role.INSTRUCTOR)])
    row = add_lesson(session, app, admin, course, "live", date(2026, 4, 7), "09:00", "12:00")
    client, csrf = signed_in_browser(app, session, admin)
    edit = client.get(f"/courses/{course.id}/lessons/{row.id}/edit")
    assert edit.status_code == 200 and 'value="09:00"' in edit.text
    saved = client.post(
        f"/courses/{course.id}/lessons/{row.id}",
        data={
            "csrf_token": csrf,
            "mode": "live",
            "day": "2026-04-08",
            "start": "10:00",
            "end": "12:00",
            "title": "OT",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert "2026-04-08 (수)" in client.get(f"/courses/{course.id}").text
    bad = client.post(
        f"/courses/{course.id}/lessons/{row.id}",
        data={"csrf_token": csrf, "mode": "live", "day": "2026-04-08", "start": "12:00", "end": "10:00"},
    )
    assert bad.status_code == 422
    assert (
        client.post(
            f"/courses/{course.id}/lessons/{row.id}/delete",
            data={"csrf_token": csrf},
            follow_redirects=False,
        ).status_code
        == 303
    )


def test_enrolment_page_enrol_all_and_drop(app, session, world):
    admin = world.user(Role.INSTITUTION_ADMIN)
    trainee = world.user(Role.TRAINEE)
    course = make_course(session, app, admin, capacity=3)
    client, csrf = signed_in_browser(app, session, admin)
    page = client.get(f"/courses/{course.id}/enrollments")
    assert page.status_code == 200 and trainee.name in page.text
    done = client.post(
        f"/courses/{course.id}/enrollments",
        data={"csrf_token": csrf, "all_unenrolled": "1"},
        follow_redirects=True,
    )
    assert "1명을 등록했습니다" in done.text
    dropped = client.post(
        f"/courses/{course.id}/enrollments/{trainee.id}/drop",
        data={"csrf_token": csrf, "reason": "취업"},
        follow_redirects=True,
    )
    assert "수강을 취소했습니다" in dropped.text and "취업" in dropped.text
    no_reason = client.post(f"/courses/{course.id}/enrollments/{trainee.id}/drop", data={"csrf_token": csrf})
    assert no_reason.status_code == 422 and "사유를 입력" in no_reason.text
    again = client.post(
        f"/courses/{course.id}/enrollments/{trainee.id}/drop", data={"csrf_token": csrf, "reason": "x"}
    )
    assert again.status_code == 409  # already dropped


def test_trainee_my_courses_today_calendar_and_home(app, session, world):
    admin = world.user(Role.INSTITUTION_ADMIN)
    trainee = world.user(Role.TRAINEE)
    course = make_course(session, app, admin, instructors=[world.user(Role.INSTRUCTOR)])
    make_valid_plan(session, app, admin, course, supervisor=world.user(Role.SUPERVISOR))
    admin_client, csrf = signed_in_browser(app, session, admin)
    admin_client.post(
        f"/courses/{course.id}/enrollments", data={"csrf_token": csrf, "user_ids": [str(trainee.id)]}
    )
    admin_client.post(f"/courses/{course.id}/publish", data={"csrf_token": csrf})
    client, csrf = signed_in_browser(app, session, trainee)
    mine = client.get("/my/courses")
    assert mine.status_code == 200 and course.title in mine.text and "다음 차시" in mine.text
    today = client.get("/today")  # START is Monday 2026-04-06 09:00: the first live lesson
    assert "실시간 원격" in today.text and "09:00–13:00" in today.text
    home = client.get("/home")
    assert 'id="panel-today"' in home.text and course.title in home.text
    week = client.get("/calendar")
    assert week.status_code == 200 and 'data-day="2026-04-06"' in week.text and ".ics" in week.text
    month = client.get("/calendar?view=month&date=2026-05-10")
    assert 'data-day="2026-04-27"' in month.text and "강의실 B동 301호" in month.text
    feed = re.search(r'id="feed-url" readonly value="([^"]+)"', week.text).group(1)
    old_path = "/" + feed.split("/", 3)[3]
    assert client.get(old_path).status_code == 200
    client.post("/calendar/feed", data={"csrf_token": csrf})
    assert client.get(old_path).status_code == 404
    # The trainee reads the course page but has no builder controls.
    page = client.get(f"/courses/{course.id}")
    assert page.status_code == 200 and 'id="lesson-form"' not in page.text
    assert client.post(f"/courses/{course.id}/lessons", data={"csrf_token": csrf}).status_code == 403


def test_admin_home_panel_and_course_list(app, session, world):
    admin = world.user(Role.INSTITUTION_ADMIN)
    make_course(session, app, admin, title="빅데이터 분석 과정")
    client, _ = signed_in_browser(app, session, admin)
    assert 'id="panel-courses"' in client.get("/home").text
    listing = client.get("/courses")
    assert "빅데이터 분석 과정" in listing.text and "스마트훈련 기준 미충족" in listing.text
    english = client.get("/courses", headers={"Accept-Language": "en"})
    assert english.status_code == 200


def test_a_course_period_that_is_surely_a_typo_is_refused_beside_its_field(app, session, world):
    from datetime import timedelta

    from classroom.core.clock import seoul_date

    today = seoul_date(app.state.clock.now())
    client, csrf = signed_in_browser(app, session, world.user(Role.INSTRUCTOR))
    form = {
        "csrf_token": csrf,
        "title": "용접 자동화",
        "category": "new_tech",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=3650)).isoformat(),  # ten years: a mistyped year
        "capacity": "20",
        "pass_mark": "60",
    }
    long = client.post("/courses", data=form)
    assert long.status_code == 422
    assert "종료일: 훈련기간이 3651일입니다. 과정은 최대 2년(730일)까지" in long.text
    assert '<span class="field-error" id="error-ends_on">훈련기간이 3651일입니다.' in long.text
    assert 'value="용접 자동화"' in long.text and long.text.count("훈련기간이 3651일입니다.") == 2
    old = client.post(
        "/courses",
        data={**form, "starts_on": (today - timedelta(days=400)).isoformat(), "ends_on": today.isoformat()},
    )
    assert (
        old.status_code == 422
        and 'id="error-starts_on"' in old.text
        and "1년 이상 지난 날짜입니다" in old.text
    )
    backwards = client.post("/courses", data={**form, "ends_on": (today - timedelta(days=1)).isoformat()})
    assert backwards.status_code == 422 and "종료일: 훈련 종료일이 시작일보다 빠릅니다." in backwards.text
    fine = client.post(
        "/courses",
        data={**form, "ends_on": (today + timedelta(days=180)).isoformat()},
        follow_redirects=False,
    )
    assert fine.status_code == 303


def test_onsite_lessons_without_a_supervisor_are_titled_as_such_and_said_once(app, session, world):
    teacher = world.user(Role.INSTRUCTOR)
    client, csrf = signed_in_browser(app, session, teacher)
    created = client.post(
        "/courses",
        data={
            "csrf_token": csrf,
            "title": "현장실습 과정",
            "category": "new_tech",
            "starts_on": "2026-04-06",
            "ends_on": "2026-06-30",
            "capacity": "20",
            "pass_mark": "60",
        },
        follow_redirects=False,
    )
    url = created.headers["location"].split("?")[0]
    refused = client.post(
        f"{url}/lessons/recurring",
        data={
            "csrf_token": csrf,
            "mode": "onsite",
            "weekdays": ["0", "2", "4"],
            "start": "09:00",
            "end": "13:00",
            "first_day": "2026-04-06",
            "last_day": "2026-04-24",
            "host_company": "(주)대성정밀",
        },
    )
    assert refused.status_code == 409
    page = refused.text
    assert "현장교사가 지정되지 않은 현장실습 차시가 있어 저장하지 않았습니다 (9건)." in page
    assert "일정이 겹쳐" not in page
    # One group titled by its kind with the days, not the same line nine times.
    assert "현장교사 미지정 9건" in page
    assert page.count("현장실습 차시에는 현장교사를 지정해야 합니다.") <= 1  # beside the field at most
