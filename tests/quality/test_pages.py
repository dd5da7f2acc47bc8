"""The quality pages as people use them (plain forms, no script): a trainee takes the exam, the
instructor grades, the lists show the results; every page renders for the roles it serves."""

from __future__ import annotations

import re
from datetime import timedelta
from fractions import Fraction

from classroom.core.tenancy import Role
from tests.factories.accounts import signed_in_browser
from tests.factories.quality import (
    at,
    confirm_as_completed,
    course_with_trainees,
    finished_course,
    online_exam,
)
from tests.quality.conftest import staff


def test_take_the_exam_with_plain_forms_then_grade_and_see_the_completion_list(app, session, clock, world):
    admin, teacher = staff(world)
    course, [trainee] = course_with_trainees(session, app, world.a)
    online_exam(session, app, course, teacher)
    browser, csrf = signed_in_browser(app, session, trainee)
    listing = browser.get("/exams")
    assert (
        listing.status_code == 200
        and course.title in listing.text
        and f"/courses/{course.id}/exam" in listing.text
    )
    assert browser.get(f"/courses/{course.id}/exam").status_code == 200
    started = browser.post(
        f"/courses/{course.id}/exam/start", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert started.status_code == 303
    attempt_url = started.headers["location"].split("?")[0]
    page = browser.get(attempt_url)
    assert page.status_code == 200 and 'id="countdown"' in page.text and 'data-remaining="3600"' in page.text
    assert browser.cookies.get("classroom_device")  # the browser's device id, set on its first exam page
    ids = re.findall(r'name="answered" value="([0-9a-f-]+)"', page.text)
    single, multiple, short, essay = ids
    form = {
        "csrf_token": csrf,
        "answered": ids,
        f"q-{single}": "0",
        f"q-{multiple}": ["0", "2"],
        f"q-{short}": "IQR",
        f"q-{essay}": "결측 구간이 짧으면 선형 보간, 길면 제외합니다.",
    }
    clock.advance(minutes=30)
    done = browser.post(f"{attempt_url}/submit", data=form, follow_redirects=True)
    assert done.status_code == 200 and 'id="attempt-done"' in done.text

    staff_browser, staff_csrf = signed_in_browser(app, session, teacher)
    overview = staff_browser.get(f"/courses/{course.id}/assessment")
    assert overview.status_code == 200 and trainee.name in overview.text
    attempt_id = attempt_url.rsplit("/", 1)[1]
    review = staff_browser.get(f"/courses/{course.id}/attempts/{attempt_id}")
    assert "결측 구간이 짧으면" in review.text and "(– / 40)" in review.text  # the essay waits
    graded = staff_browser.post(
        f"/courses/{course.id}/attempts/{attempt_id}/grade",
        data={
            "csrf_token": staff_csrf,
            "question_id": essay,
            "points": "16",
            "comment": "근거가 명확합니다.",
        },
        follow_redirects=True,
    )
    assert graded.status_code == 200 and "90" in graded.text  # 36 of 40
    completion = staff_browser.get(f"/courses/{course.id}/completion")
    assert completion.status_code == 200
    row = re.search(rf'<tr data-trainee="{trainee.id}".*?</tr>', completion.text, re.S)
    assert row is not None and "90" in row.group(0)
    admin_browser, admin_csrf = signed_in_browser(app, session, admin)
    assert admin_browser.get(f"/courses/{course.id}/completion.xlsx").status_code == 200
    published = admin_browser.post(
        f"/courses/{course.id}/results-publish", data={"csrf_token": admin_csrf}, follow_redirects=True
    )
    assert published.status_code == 200
    mine = browser.get(attempt_url)
    assert 'id="attempt-score">90<' in mine.text and "근거가 명확합니다." in mine.text


def test_a_late_form_submission_is_refused_on_the_page(app, session, clock, world):
    _, teacher = staff(world)
    course, [trainee] = course_with_trainees(session, app, world.a)
    online_exam(session, app, course, teacher)
    browser, csrf = signed_in_browser(app, session, trainee)
    started = browser.post(
        f"/courses/{course.id}/exam/start", data={"csrf_token": csrf}, follow_redirects=False
    )
    url = started.headers["location"].split("?")[0]
    clock.advance(minutes=60, seconds=1)
    late = browser.post(f"{url}/submit", data={"csrf_token": csrf})
    assert late.status_code == 409 and 'id="late-notice"' in late.text


def test_bank_settings_and_refusals_on_the_assessment_page(app, session, world):
    _, teacher = staff(world)
    course, _ = course_with_trainees(session, app, world.a)
    browser, csrf = signed_in_browser(app, session, teacher)
    wrong = browser.post(
        f"/courses/{course.id}/assessment",
        data={
            "csrf_token": csrf,
            "kind": "online",
            "title": "이수자평가",
            "opens_at": "2026-04-10T09:00",
            "closes_at": "2026-04-09T09:00",
            "time_limit_minutes": "60",
            "draw": "fixed",
        },
    )
    assert wrong.status_code == 422 and "form-error" in wrong.text
    saved = browser.post(
        f"/courses/{course.id}/assessment",
        data={
            "csrf_token": csrf,
            "kind": "online",
            "title": "이수자평가",
            "opens_at": "2026-04-10T09:00",
            "closes_at": "2026-04-17T18:00",
            "time_limit_minutes": "50",
            "draw": "shuffled",
            "question_count": "3",
        },
        follow_redirects=True,
    )
    assert saved.status_code == 200 and "50" in saved.text
    added = browser.post(
        f"/courses/{course.id}/questions",
        data={
            "csrf_token": csrf,
            "kind": "single",
            "text": "PLC의 역할은?",
            "points": "5",
            "choices": "제어\n인쇄\n",
            "correct": "1",
        },
        follow_redirects=True,
    )
    assert added.status_code == 200 and "PLC의 역할은?" in added.text
    bad = browser.post(
        f"/courses/{course.id}/questions",
        data={
            "csrf_token": csrf,
            "kind": "single",
            "text": "보기가 하나",
            "points": "5",
            "choices": "하나",
            "correct": "1",
        },
    )
    assert bad.status_code == 422 and "보기가 하나" in bad.text  # the form comes back with what was typed


def test_employment_and_rates_pages(app, session, world):
    admin, _ = staff(world)
    course, people = finished_course(session, app, world.a, 2)
    confirm_as_completed(session, app, course, admin, people, {people[1].id: Fraction(9, 10)})
    browser, csrf = signed_in_browser(app, session, admin)
    page = browser.get(f"/courses/{course.id}/employment")
    assert page.status_code == 200 and people[0].name in page.text
    saved = browser.post(
        f"/courses/{course.id}/employment/{people[0].id}",
        data={
            "csrf_token": csrf,
            "employed": "yes",
            "starts_on": "2026-01-12",
            "employer": "(주)대성정밀",
            "insured": "yes",
        },
        follow_redirects=True,
    )
    assert saved.status_code == 200 and "(주)대성정밀" in saved.text
    evidence = browser.post(
        f"/courses/{course.id}/employment/{people[0].id}/evidence",
        data={"csrf_token": csrf},
        files={"file": ("근로계약서.pdf", b"%PDF-1.7\n1 0 obj", "application/pdf")},
        follow_redirects=True,
    )
    assert evidence.status_code == 200 and "근로계약서.pdf" in evidence.text
    rates = browser.get("/employment")
    assert rates.status_code == 200 and "<svg" in rates.text and "50.0%" in rates.text
    operator, _ = signed_in_browser(app, session, world.operator)
    everyone = operator.get("/employment")
    assert everyone.status_code == 200 and world.a.institution.name in everyone.text
    assert operator.get("/employment/rates.xlsx").status_code == 200


def test_survey_pages(app, session, clock, world):
    _, teacher = staff(world)
    course, people = course_with_trainees(session, app, world.a, 5)
    clock.set(at(course.ends_on - timedelta(days=1)))
    for person in people:
        browser, csrf = signed_in_browser(app, session, person)
        assert "/survey" in browser.get("/exams").text
        answered = browser.post(
            f"/courses/{course.id}/survey",
            data={
                "csrf_token": csrf,
                "content": "4",
                "instructor": "5",
                "environment": "3",
                "usefulness": "4",
                "overall": "4",
                "comment": "좋았습니다",
            },
            follow_redirects=False,
        )
        assert answered.status_code == 303
    reader, _ = signed_in_browser(app, session, teacher)
    results = reader.get(f"/courses/{course.id}/survey/results")
    assert results.status_code == 200 and "4.00" in results.text and "좋았습니다" not in results.text
    assert reader.get("/satisfaction").status_code == 200
    operator, _ = signed_in_browser(app, session, world.operator)
    assert "좋았습니다" in operator.get(f"/courses/{course.id}/survey/results").text


def test_inspection_pages_from_the_list_to_a_closed_finding(app, session, world):
    admin, _ = staff(world)
    course, [trainee] = course_with_trainees(session, app, world.a)
    inspector, csrf = signed_in_browser(app, session, world.inspector)
    assert inspector.get("/quality/priorities").status_code == 200
    assert course.title in inspector.get("/inspections").text
    opened = inspector.post(
        "/inspections",
        data={
            "csrf_token": csrf,
            "title": "원격훈련 현장 점검",
            "scope": "course",
            "mode": "onsite",
            "course_id": str(course.id),
            "due_on": "2026-04-30",
        },
        follow_redirects=False,
    )
    assert opened.status_code == 303
    url = opened.headers["location"].split("?")[0]
    detail = inspector.get(url)
    link = f"attendance:{trainee.id}:{course.id}"
    assert link in detail.text
    added = inspector.post(
        f"{url}/findings",
        data={
            "csrf_token": csrf,
            "severity": "medium",
            "title": "출석부 서명 누락",
            "description": "4월 둘째 주 집체 훈련 출석부 서명이 없습니다.",
            "evidence": [link],
        },
        follow_redirects=True,
    )
    assert added.status_code == 200 and "출석부 서명 누락" in added.text
    finding = re.search(r'id="finding-([0-9a-f-]+)"', added.text).group(1)
    staff_browser, staff_csrf = signed_in_browser(app, session, admin)
    answered = staff_browser.post(
        f"/findings/{finding}/answer",
        data={"csrf_token": staff_csrf, "body": "서명본을 제출합니다."},
        follow_redirects=True,
    )
    assert answered.status_code == 200 and "서명본을 제출합니다." in answered.text
    closed = inspector.post(
        f"/findings/{finding}/close", data={"csrf_token": csrf, "body": ""}, follow_redirects=True
    )
    assert closed.status_code == 200
    done = inspector.post(
        f"{url}/close", data={"csrf_token": csrf, "conclusion": "시정 완료"}, follow_redirects=True
    )
    assert done.status_code == 200 and 'data-status="closed"' in done.text


def test_home_panels_and_navigation(app, session, world):
    _, teacher = staff(world)
    course, [trainee] = course_with_trainees(session, app, world.a)
    online_exam(session, app, course, teacher)
    browser, _ = signed_in_browser(app, session, trainee)
    home = browser.get("/home")
    assert 'id="panel-exams"' in home.text and 'href="/exams"' in home.text
    inspector, _ = signed_in_browser(app, session, world.inspector)
    assert 'id="panel-priorities"' in inspector.get("/home").text
    admin, _ = signed_in_browser(app, session, world.user(Role.INSTITUTION_ADMIN))
    assert 'href="/quality"' in admin.get("/home").text and admin.get("/quality").status_code == 200
