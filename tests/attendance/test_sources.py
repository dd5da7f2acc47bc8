"""The producers' domain events (CONTRACTS.md), published here as the contract says, become
day records; redelivery records once; evidence of people who are not enrolled is skipped."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlmodel import select

from attendance.models import AttendanceEvent
from classroom.core.clock import seoul_date
from classroom.core.events import DomainEvent, flush_after_commit, publish_on_commit
from classroom.courses.models import Lesson
from tests.factories.accounts import bearer


def _lessons(session, klass, mode):
    return list(
        session.exec(
            select(Lesson)
            .where(Lesson.course_id == klass.course.id, Lesson.mode == mode)
            .order_by(Lesson.starts_at)
        )
    )


def _publish(app, name, payload):
    with app.state.db.session() as producer:  # the producer's transaction that stored its evidence
        publish_on_commit(producer, app.state.events, DomainEvent(name, payload))
        producer.commit()
        flush_after_commit(producer)


def _presence(klass, lesson, user, kind, at, connection="conn-1", role="trainee"):
    return {
        "evidence_id": str(uuid.uuid4()),
        "institution_id": str(klass.course.institution_id),
        "course_id": str(klass.course.id),
        "lesson_id": str(lesson.id),
        "user_id": str(user.id),
        "role": role,
        "kind": kind,
        "at": at.isoformat(),
        "ip": "203.0.113.7",
        "device_id": "dev-1",
        "connection_id": connection,
        "detail": {},
    }


def test_live_presence_and_checks_make_the_day(client, session, app, clock, klass):
    live = _lessons(session, klass, "live")[0]
    trainee = klass.trainees[0]
    clock.set(live.ends_at + timedelta(hours=1))
    join = _presence(klass, live, trainee, "join", live.starts_at + timedelta(minutes=15))
    _publish(app, "live.presence", join)
    _publish(app, "live.presence", join)  # at-least-once delivery
    _publish(
        app,
        "live.presence",
        _presence(klass, live, trainee, "reconnect", live.starts_at + timedelta(minutes=40)),
    )
    _publish(app, "live.presence", _presence(klass, live, trainee, "ended", live.ends_at))
    _publish(
        app,
        "live.presence",
        _presence(klass, live, klass.instructor, "join", live.starts_at, role="instructor"),
    )
    check = {
        "evidence_id": str(uuid.uuid4()),
        "institution_id": str(klass.course.institution_id),
        "course_id": str(klass.course.id),
        "lesson_id": str(live.id),
        "check_id": "chk-1",
        "user_id": str(trainee.id),
        "kind": "missed",
        "opened_at": (live.starts_at + timedelta(hours=1)).isoformat(),
        "deadline_at": (live.starts_at + timedelta(hours=1, seconds=60)).isoformat(),
        "answered_at": None,
        "at": (live.starts_at + timedelta(hours=1, seconds=60)).isoformat(),
    }
    _publish(app, "live.check", check)
    rows = list(session.exec(select(AttendanceEvent).where(AttendanceEvent.course_id == klass.course.id)))
    assert sorted(r.kind for r in rows) == ["check_missed", "live_join", "live_leave", "live_reconnect"]
    assert {r.idempotency_key.split(":")[0] for r in rows} == {"live.presence", "live.check"}
    mine = client.get(
        f"/api/v1/courses/{klass.course.id}/attendance/{trainee.id}", headers=bearer(session, app, trainee)
    ).json()
    first = mine["days"][0]
    assert (
        first["status"] == "late"
        and first["late"]
        and first["missed_checks"] == 1
        and first["incidents"] == 2
    )


def test_vod_viewing_credits_the_lesson_once_half_is_watched(client, session, app, clock, klass):
    vod = _lessons(session, klass, "vod")[0]
    trainee = klass.trainees[1]
    clock.set(vod.ends_at + timedelta(hours=2))

    def viewing(watched):
        return {
            "evidence_id": str(uuid.uuid4()),
            "institution_id": str(klass.course.institution_id),
            "course_id": str(klass.course.id),
            "lesson_ids": [str(vod.id)],
            "content_id": str(uuid.uuid4()),
            "version_id": "v1",
            "trainee_id": str(trainee.id),
            "at": (vod.starts_at + timedelta(minutes=30)).isoformat(),
            "credited_seconds": 30,
            "watched_seconds": watched,
            "required_seconds": 14400,
            "percent": watched * 100 // 14400,
            "position_seconds": watched,
            "playback_rate": 1.0,
            "ip": "198.51.100.4",
            "device_id": "laptop",
        }

    _publish(app, "content.viewing", viewing(7000))
    day = seoul_date(vod.starts_at).isoformat()

    def status():
        url = f"/api/v1/courses/{klass.course.id}/attendance/{trainee.id}"
        days = client.get(url, headers=bearer(session, app, trainee)).json()["days"]
        return next(d for d in days if d["day"] == day)["status"]

    assert status() == "absent"  # 7,000 of 14,400 s: under half
    _publish(app, "content.viewing", viewing(7200))
    assert status() == "present"


def test_the_recovery_path_reads_missed_evidence_once(session, app, clock, klass):
    """A producer's `evidence_since` (CONTRACTS.md) read by the catch-up job: evidence whose
    event was lost is recorded, and reading it again (the overlap) adds nothing."""
    import sys
    import types

    from attendance.sources import EvidenceSource, catch_up

    live = _lessons(session, klass, "live")[0]
    trainee = klass.trainees[0]
    clock.set(live.ends_at + timedelta(minutes=5))
    missed = [
        {**_presence(klass, live, trainee, "join", live.starts_at), "name": "live.presence"},
        {**_presence(klass, live, trainee, "leave", live.ends_at), "name": "live.presence"},
    ]
    producer = types.ModuleType("producer_under_contract")
    producer.evidence_since = lambda s, institution_id, since: [
        p for p in missed if p["institution_id"] == str(institution_id)
    ]
    sys.modules["producer_under_contract"] = producer
    try:
        source = EvidenceSource("live", "producer_under_contract:evidence_since", "live.presence")
        assert catch_up(session, clock, [source]) == {"live": 2}
        assert catch_up(session, clock, [source]) == {"live": 0}
        assert (
            catch_up(session, clock, [EvidenceSource("absent", "no_such_producer:evidence_since", "x")]) == {}
        )
    finally:
        del sys.modules["producer_under_contract"]
    rows = session.exec(select(AttendanceEvent).where(AttendanceEvent.trainee_id == trainee.id)).all()
    assert sorted(r.kind for r in rows) == ["live_join", "live_leave"]
