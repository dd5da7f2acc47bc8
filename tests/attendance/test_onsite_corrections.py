"""On-site confirmations (the supervisor's own lessons only), correction requests and their
decisions (the originals stay; voids and new events), the policy endpoint, fraud detection."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from attendance import records
from attendance.detection import detect_course
from attendance.ingest import NewEvent, store
from attendance.models import AttendanceEvent, FraudSignal
from attendance.rules.kinds import EventKind, Source
from classroom.core.clock import SEOUL, seoul_date
from classroom.core.tenancy import Role
from tests.factories.accounts import bearer
from tests.factories.attendance import first_lesson, live_join


def _days(client, session, app, klass, trainee):
    url = f"/api/v1/courses/{klass.course.id}/attendance/{trainee.id}"
    return {d["day"]: d for d in client.get(url, headers=bearer(session, app, trainee)).json()["days"]}


def test_supervisor_confirms_own_onsite_day_only(client, session, app, clock, world, klass):
    lesson = first_lesson(session, klass, "onsite")
    trainee = klass.trainees[0]
    clock.set(lesson.ends_at + timedelta(minutes=30))
    supervisor = bearer(session, app, klass.supervisor)
    url = f"/api/v1/lessons/{lesson.id}/onsite"
    early = client.post(
        url,
        json={"trainee_id": str(trainee.id), "present": True, "check_in": "09:00", "check_out": "12:00"},
        headers=supervisor,
    )
    assert early.status_code == 201 and [e["source"] for e in early.json()] == ["supervisor", "supervisor"]
    day = seoul_date(lesson.starts_at).isoformat()
    assert _days(client, session, app, klass, trainee)[day]["status"] == "early_leave"
    other_supervisor = world.b.users[Role.SUPERVISOR]
    assert (
        client.post(
            url,
            json={"trainee_id": str(trainee.id), "present": True},
            headers=bearer(session, app, other_supervisor),
        ).status_code
        == 404
    )
    classroom = first_lesson(session, klass, "classroom")
    assert (
        client.post(
            f"/api/v1/lessons/{classroom.id}/onsite",
            json={"trainee_id": str(trainee.id), "present": True},
            headers=supervisor,
        ).status_code
        == 404
    )
    page = client.get("/attendance/onsite", headers=supervisor)
    assert page.status_code == 200


def test_correction_filed_by_the_trainee_and_approved_keeps_the_original(client, session, app, clock, klass):
    lesson = first_lesson(session, klass, "classroom")
    trainee = klass.trainees[0]
    day = seoul_date(lesson.starts_at)
    clock.set(lesson.ends_at + timedelta(hours=2))
    wrong = store(
        session,
        clock.now(),
        [
            NewEvent(
                klass.course.institution_id,
                klass.course.id,
                trainee.id,
                EventKind.CHECK_IN,
                Source.QR,
                lesson.starts_at + timedelta(minutes=50),
                "t:wrong",
                lesson_id=lesson.id,
                day=day,
            )
        ],
    )
    store(
        session,
        clock.now(),
        [
            NewEvent(
                klass.course.institution_id,
                klass.course.id,
                trainee.id,
                EventKind.CHECK_OUT,
                Source.QR,
                lesson.ends_at,
                "t:out",
                lesson_id=lesson.id,
                day=day,
            )
        ],
    )
    records.refresh(session, wrong.keys, clock.now())
    session.commit()
    assert _days(client, session, app, klass, trainee)[day.isoformat()]["status"] == "late"
    body = {
        "trainee_id": str(trainee.id),
        "day": day.isoformat(),
        "check_in": lesson.starts_at.astimezone(SEOUL).replace(minute=2).isoformat(),
        "withdraw_event_id": str(wrong.accepted[0]),
        "reason": "QR 단말 오류로 늦게 인식됨",
        "evidence": "강사 확인서",
    }
    filed = client.post(
        f"/api/v1/courses/{klass.course.id}/attendance/corrections",
        json=body,
        headers=bearer(session, app, trainee),
    )
    assert filed.status_code == 201, filed.text
    others = {**body, "trainee_id": str(klass.trainees[1].id)}
    refused = client.post(
        f"/api/v1/courses/{klass.course.id}/attendance/corrections",
        json=others,
        headers=bearer(session, app, trainee),
    )
    assert refused.status_code == 422
    decided = client.post(
        f"/api/v1/attendance/corrections/{filed.json()['id']}/decision",
        json={"approve": True, "note": "확인함"},
        headers=bearer(session, app, klass.admin),
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    assert _days(client, session, app, klass, trainee)[day.isoformat()]["status"] == "present"
    kinds = sorted(
        e.kind for e in session.exec(select(AttendanceEvent).where(AttendanceEvent.trainee_id == trainee.id))
    )
    assert kinds == ["check_in", "check_in", "check_out", "void"]  # the original stays
    again = client.post(
        f"/api/v1/attendance/corrections/{filed.json()['id']}/decision",
        json={"approve": False},
        headers=bearer(session, app, klass.admin),
    )
    assert again.status_code == 409


def test_corrections_only_on_the_day_or_the_next(client, session, app, clock, klass):
    lesson = first_lesson(session, klass, "classroom")
    clock.set(lesson.starts_at + timedelta(days=2))
    body = {
        "trainee_id": str(klass.trainees[0].id),
        "day": seoul_date(lesson.starts_at).isoformat(),
        "excused": True,
        "reason": "병원",
        "evidence": "진료확인서",
    }
    late = client.post(
        f"/api/v1/courses/{klass.course.id}/attendance/corrections",
        json=body,
        headers=bearer(session, app, klass.trainees[0]),
    )
    assert late.status_code == 422 and "다음 날" in late.json()["detail"]


def test_policy_overrides_are_validated_and_change_the_rules(client, session, app, klass):
    url = f"/api/v1/courses/{klass.course.id}/attendance-policy"
    admin = bearer(session, app, klass.admin)
    bad = client.put(url, json={"late_after_minutes": 999, "completion_rate": "80%"}, headers=admin)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "late_after_minutes"
    good = client.put(url, json={"late_after_minutes": 5, "completion_rate": "75%"}, headers=admin)
    assert good.status_code == 200 and good.json()["values"]["completion_rate"] == "3/4"
    assert client.get(url, headers=admin).json()["overrides"] == {
        "late_after_minutes": 5,
        "completion_rate": "3/4",
    }
    assert client.put(url, json={}, headers=bearer(session, app, klass.instructor)).status_code == 403


def test_detection_flags_same_ip_and_shared_devices_once(session, app, clock, klass):
    lesson = first_lesson(session, klass, "live")
    a, b = klass.trainees
    where = {"ip": "211.36.1.9", "device_id": "phone-1"}
    store(
        session,
        clock.now(),
        [live_join(klass, lesson, a, 0, "k1", **where), live_join(klass, lesson, b, 5, "k2", **where)],
    )
    assert detect_course(session, clock, klass.course) == 2
    assert detect_course(session, clock, klass.course) == 0
    kinds = sorted(s.kind for s in session.exec(select(FraudSignal)))
    assert kinds == ["same_ip", "shared_device"]
