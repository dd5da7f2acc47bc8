"""Times typed into the attendance pages: a wrong one comes back as the page with a message in
the reader's language, and nothing is recorded."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from attendance.models import AttendanceEvent
from classroom.core.clock import seoul_date
from tests.factories.accounts import signed_in_browser
from tests.factories.attendance import first_lesson


def _events(session):
    return session.exec(select(func.count()).select_from(AttendanceEvent)).one()


def test_a_supervisor_typing_a_wrong_time_gets_the_page_back(app, session, clock, klass):
    lesson = first_lesson(session, klass, "onsite")
    trainee = klass.trainees[0]
    clock.set(lesson.ends_at + timedelta(minutes=30))
    client, csrf = signed_in_browser(app, session, klass.supervisor)
    before = _events(session)
    form = {"csrf_token": csrf, "trainee_id": str(trainee.id), "present": "true"}
    refused = client.post(
        f"/attendance/onsite/{lesson.id}", data={**form, "check_in": "9시", "check_out": "25:00"}
    )
    assert refused.status_code == 422
    assert "09:30처럼" in refused.text and "입실 시각" in refused.text and "퇴실 시각" in refused.text
    english = client.post(
        f"/attendance/onsite/{lesson.id}",
        data={**form, "check_in": "9 am", "check_out": "12:00"},
        headers={"Accept-Language": "en"},
    )
    assert english.status_code == 422 and "e.g. 09:30" in english.text
    assert _events(session) == before
    saved = client.post(
        f"/attendance/onsite/{lesson.id}",
        data={**form, "check_in": "09:00", "check_out": "12:00"},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and _events(session) == before + 2


def test_a_correction_with_a_wrong_time_is_refused_with_the_reason(app, session, clock, klass):
    lesson = first_lesson(session, klass, "classroom")
    trainee = klass.trainees[0]
    clock.set(lesson.ends_at + timedelta(hours=1))
    client, csrf = signed_in_browser(app, session, trainee)
    before = _events(session)
    form = {
        "csrf_token": csrf,
        "trainee_id": str(trainee.id),
        "day": seoul_date(lesson.starts_at).isoformat(),
        "reason": "단말기 오류로 입실 기록 누락",
        "evidence": "출석부 사진",
    }
    refused = client.post(
        f"/courses/{klass.course.id}/attendance/corrections", data={**form, "check_in": "9시"}
    )
    assert refused.status_code == 422, refused.text
    assert "09:30처럼" in refused.text and "입실 시각" in refused.text
    assert _events(session) == before
