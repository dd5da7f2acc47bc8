"""QR check-in: rotation, grace, expiry, future codes and lessons, replay, not enrolled, shared
device (refused and flagged), allowed networks, idempotent retries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from attendance.checkin import DEVICE_COOKIE, qr_key
from attendance.models import AttendanceEvent, AttendanceNetwork, FraudSignal
from attendance.rules import qr
from classroom.core.tenancy import Role
from classroom.courses.models import Lesson
from tests.factories.accounts import bearer, make_user, signed_in_browser


@pytest.fixture
def lesson(session, klass, clock):
    row = session.exec(
        select(Lesson)
        .where(Lesson.course_id == klass.course.id, Lesson.mode == "classroom")
        .order_by(Lesson.starts_at)
    ).first()
    clock.set(row.starts_at + timedelta(minutes=2))
    return row


def _code(client, session, app, klass, lesson) -> str:
    response = client.get(
        f"/api/v1/lessons/{lesson.id}/checkin-code", headers=bearer(session, app, klass.instructor)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["url"].endswith(body["code"]) and "<svg" in body["svg"] and body["open_now"]
    return body["code"]


def _phone(app, session, user, device="phone-of-" + "x" * 8):
    client, csrf = signed_in_browser(app, session, user)
    client.cookies.set(DEVICE_COOKIE, device)
    return client, csrf


def _ticket(page) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', page.text).group(1)


def _qr_events(session, trainee):
    return list(session.exec(select(AttendanceEvent).where(AttendanceEvent.trainee_id == trainee.id)))


def test_scan_confirm_and_retry_record_once(client, session, app, clock, klass, lesson):
    code = _code(client, session, app, klass, lesson)
    trainee = klass.trainees[0]
    phone, csrf = _phone(app, session, trainee)
    page = phone.get(f"/checkin/{code}")
    assert page.status_code == 200 and "입실 확인" in page.text
    ticket = _ticket(page)
    clock.advance(seconds=30)  # tapping later than the code's life is fine: the scan counted
    done = phone.post("/checkin", data={"ticket": ticket, "csrf_token": csrf})
    assert done.status_code == 200 and "입실 체크 완료" in done.text
    again = phone.post("/checkin", data={"ticket": ticket, "csrf_token": csrf})
    assert again.status_code == 200
    rows = _qr_events(session, trainee)
    assert len(rows) == 1 and rows[0].kind == "check_in" and rows[0].device_id.startswith("phone-of-")
    assert rows[0].at == lesson.starts_at + timedelta(minutes=2)
    roster = client.get(
        f"/api/v1/lessons/{lesson.id}/attendance", headers=bearer(session, app, klass.instructor)
    ).json()
    line = next(x for x in roster["lines"] if x["trainee_id"] == str(trainee.id))
    assert line["status"] == "present" and line["inside"]


def test_the_same_code_twice_is_a_replay_and_the_next_code_checks_out(
    client, session, app, clock, klass, lesson
):
    code = _code(client, session, app, klass, lesson)
    phone, csrf = _phone(app, session, klass.trainees[0])
    phone.post("/checkin", data={"ticket": _ticket(phone.get(f"/checkin/{code}")), "csrf_token": csrf})
    replay = phone.get(f"/checkin/{code}")
    assert replay.status_code == 409 and "이미 사용한 QR 코드" in replay.text
    clock.advance(seconds=15)
    following = _code(client, session, app, klass, lesson)
    assert following != code
    page = phone.get(f"/checkin/{following}")
    assert page.status_code == 200 and "퇴실 확인" in page.text


def test_rotation_grace_and_expiry(client, session, app, clock, klass, lesson):
    key = qr_key(app.state.settings.secret_key)
    now = clock.now().timestamp()
    window = qr.window_of(now, 15)
    code = qr.make_code(key, lesson.id, window)
    clock.advance(seconds=(window + 1) * 15 - now + 2)  # 2 s after rotation: still accepted
    phone, _ = _phone(app, session, klass.trainees[0])
    assert phone.get(f"/checkin/{code}").status_code == 200
    clock.advance(seconds=0.5)
    expired = phone.get(f"/checkin/{code}")
    assert expired.status_code == 410 and "유효 시간이 지났습니다" in expired.text
    assert session.exec(select(FraudSignal)).first() is None  # just missed it: no signal
    clock.advance(seconds=120)
    assert phone.get(f"/checkin/{code}").status_code == 410
    signal = session.exec(select(FraudSignal)).one()
    assert signal.kind == "qr_late_token" and signal.detail["seconds_late"] >= 60


def test_future_code_and_future_lesson_are_refused(client, session, app, clock, klass, lesson):
    key = qr_key(app.state.settings.secret_key)
    window = qr.window_of(clock.now().timestamp(), 15)
    phone, _ = _phone(app, session, klass.trainees[0])
    ahead = phone.get(f"/checkin/{qr.make_code(key, lesson.id, window + 1)}")
    assert ahead.status_code == 409 and "아직 유효하지 않은" in ahead.text
    later = session.exec(
        select(Lesson)
        .where(Lesson.course_id == klass.course.id, Lesson.starts_at > lesson.ends_at)
        .order_by(Lesson.starts_at)
    ).first()
    refused = phone.get(f"/checkin/{qr.make_code(key, later.id, window)}")
    assert refused.status_code == 409 and "아직 체크인 시간이 아닙니다" in refused.text
    assert phone.get("/checkin/not-a-code").status_code == 404


def test_not_enrolled_is_refused(client, session, app, clock, world, klass, lesson):
    stranger = make_user(session, app, world.a.institution, Role.TRAINEE)
    code = _code(client, session, app, klass, lesson)
    phone, _ = _phone(app, session, stranger)
    refused = phone.get(f"/checkin/{code}")
    assert refused.status_code == 403 and "수강생이 아니어서" in refused.text


def test_another_account_on_the_same_device_is_refused_and_flagged(
    client, session, app, clock, klass, lesson
):
    first, second = klass.trainees
    code = _code(client, session, app, klass, lesson)
    phone, csrf = _phone(app, session, first, device="shared-phone-123")
    phone.post("/checkin", data={"ticket": _ticket(phone.get(f"/checkin/{code}")), "csrf_token": csrf})
    clock.advance(minutes=5)
    other, _ = _phone(app, session, second, device="shared-phone-123")
    refused = other.get(f"/checkin/{_code(client, session, app, klass, lesson)}")
    assert refused.status_code == 403 and "다른 계정이 체크인" in refused.text
    signal = session.exec(select(FraudSignal)).one()
    assert signal.kind == "shared_device" and set(signal.trainee_ids) == {str(first.id), str(second.id)}
    assert _qr_events(session, second) == []
    clock.advance(minutes=16)  # 21 minutes after: allowed again
    assert other.get(f"/checkin/{_code(client, session, app, klass, lesson)}").status_code == 200


def test_listed_networks_only(client, session, app, clock, klass, lesson):
    session.add(
        AttendanceNetwork(
            institution_id=klass.course.institution_id,
            cidr="10.20.0.0/16",
            label="B동",
            created_at=clock.now(),
        )
    )
    session.commit()
    phone, _ = _phone(app, session, klass.trainees[0])
    refused = phone.get(f"/checkin/{_code(client, session, app, klass, lesson)}")
    assert refused.status_code == 403 and "네트워크" in refused.text
