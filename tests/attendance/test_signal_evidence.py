"""A fraud signal as an inspector follows it: who it names, what was found, in words, and the
events behind it (time, source, IP, device) — on the page and through the API."""

from __future__ import annotations

import uuid

from sqlmodel import select

from attendance.detection import detect_course
from attendance.ingest import store
from attendance.models import FraudSignal
from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, signed_in_browser
from tests.factories.attendance import first_lesson, live_join


def _flagged(session, clock, klass):
    lesson = first_lesson(session, klass, "live")
    a, b = klass.trainees
    where = {"ip": "211.36.1.9", "device_id": "phone-7f3a"}
    store(
        session,
        clock.now(),
        [live_join(klass, lesson, a, 0, "k1", **where), live_join(klass, lesson, b, 5, "k2", **where)],
    )
    assert detect_course(session, clock, klass.course) == 2
    session.commit()
    signals = {s.kind.value: s for s in session.exec(select(FraudSignal))}
    return lesson, signals


def test_the_inspector_reads_a_signal_with_its_trainees_and_events(app, session, clock, world, klass):
    lesson, signals = _flagged(session, clock, klass)
    a, b = klass.trainees
    shared = signals["shared_device"]
    inspector, _ = signed_in_browser(app, session, world.inspector)

    listed = inspector.get("/attendance/signals")
    assert listed.status_code == 200
    assert a.name in listed.text and b.name in listed.text
    assert "기기 ID: phone-7f3a" in listed.text and "IP 주소: 211.36.1.9" in listed.text
    assert "device_id=" not in listed.text and f'href="/attendance/signals/{shared.id}"' in listed.text

    page = inspector.get(f"/attendance/signals/{shared.id}")
    assert page.status_code == 200
    assert (
        "한 기기에서 다른 계정" in page.text and klass.course.title in page.text and lesson.title in page.text
    )
    assert page.text.count('data-event="') == 2
    assert "211.36.1.9" in page.text and "phone-7f3a" in page.text and "실시간 입장" in page.text
    assert f'href="/courses/{klass.course.id}/attendance/{a.id}"' in page.text
    assert "간격(분)" in page.text
    english = inspector.get(f"/attendance/signals/{shared.id}", headers={"Accept-Language": "en"})
    assert "Records behind it" in english.text and "Joined live" in english.text

    api = inspector.get(
        f"/api/v1/attendance/signals/{shared.id}", headers=bearer(session, app, world.inspector)
    )
    assert api.status_code == 200, api.text
    body = api.json()
    assert body["signal"]["kind"] == "shared_device"
    assert sorted(t["name"] for t in body["trainees"]) == sorted([a.name, b.name])
    assert [e["device_id"] for e in body["events"]] == ["phone-7f3a", "phone-7f3a"]
    assert body["events"][0]["at"] < body["events"][1]["at"]


def test_a_signal_is_for_platform_readers_only(app, session, clock, world, klass):
    _lesson, signals = _flagged(session, clock, klass)
    some = next(iter(signals.values()))
    admin = world.a.users[Role.INSTITUTION_ADMIN]
    assert (
        signed_in_browser(app, session, admin)[0]
        .get(f"/api/v1/attendance/signals/{some.id}", headers=bearer(session, app, admin))
        .status_code
        == 403
    )
    inspector = bearer(session, app, world.inspector)
    client = signed_in_browser(app, session, world.inspector)[0]
    assert client.get(f"/api/v1/attendance/signals/{uuid.uuid4()}", headers=inspector).status_code == 404
    assert client.get("/api/v1/attendance/signals/not-an-id", headers=inspector).status_code == 404
    assert client.get(f"/attendance/signals/{uuid.uuid4()}").status_code == 404
