"""Viewing heartbeats through the API: credited at real time, evidence kept, events published
after the commit (content.viewing, content.threshold once), evidence_since for late consumers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from classroom.core.events import DomainEvent
from content import service
from content.models import ViewingHeartbeat
from tests.factories.accounts import bearer
from tests.factories.content import mp4_bytes, stored_item

SEEN: list[DomainEvent] = []


@pytest.fixture
def events(app):
    if not getattr(app.state, "content_test_listener", False):
        for name in (service.VIEWING, service.THRESHOLD):
            app.state.events.subscribe(name, SEEN.append)
        app.state.content_test_listener = True
    SEEN.clear()
    return SEEN


@pytest.fixture
def video(app, session, content_world):
    item, _version = stored_item(session, app, content_world.a, duration=100.0)
    return item


class Player:
    """A trainee's player: one playback, heartbeats every `step` seconds of the test clock."""

    def __init__(self, client, headers, clock, item, playback="page-1"):  # type: ignore[no-untyped-def]
        self.client, self.headers, self.clock, self.item = client, headers, clock, item
        self.playback, self.seq, self.position, self.start = playback, 0, 0.0, 0.0

    def beat(self, *, playing=True, **extra):  # type: ignore[no-untyped-def]
        body = {
            "position": self.position,
            "segment_start": self.start,
            "playing": playing,
            "playback": self.playback,
            "seq": self.seq,
            "device_id": "dev-1",
            **extra,
        }
        self.seq += 1
        response = self.client.post(
            f"/api/v1/contents/{self.item.id}/progress", json=body, headers=self.headers
        )
        assert response.status_code == 200, response.text
        self.start = self.position
        return response.json()

    def watch(self, seconds: float, *, speed: float = 1.0):  # type: ignore[no-untyped-def]
        self.clock.advance(seconds=seconds)
        self.position += seconds * speed
        return self.beat(rate=speed)

    def seek(self, to: float):  # type: ignore[no-untyped-def]
        self.position = self.start = to
        return self.beat()


@pytest.fixture
def player(client, session, app, content_world, video):
    return Player(client, bearer(session, app, content_world.a.trainee), app.state.clock, video)


def test_watching_earns_real_time_and_resumes(client, player, events):
    player.beat()
    answer = player.watch(15)
    assert answer["credited_seconds"] == 15 and answer["watched_seconds"] == 15 and answer["percent"] == 15
    resume = client.get(f"/api/v1/contents/{player.item.id}/progress", headers=player.headers).json()
    assert resume["position_seconds"] == 15 and resume["percent"] == 15
    assert [e.name for e in events] == [service.VIEWING]
    payload = events[0].payload
    assert payload["credited_seconds"] == 15 and payload["required_seconds"] == 100
    assert payload["trainee_id"] and payload["evidence_id"] and payload["device_id"] == "dev-1"


def test_seeking_to_the_end_earns_nothing(player, events):
    player.beat()
    answer = player.seek(99)
    assert answer["credited_seconds"] == 0 and answer["percent"] == 0
    player.clock.advance(seconds=1)
    player.position = 100
    assert player.beat()["watched_seconds"] == 1
    assert len(events) == 1


def test_double_speed_earns_real_time_only(player):
    player.beat()
    player.watch(15, speed=2)
    answer = player.watch(15, speed=2)
    assert answer["watched_seconds"] == 30
    assert answer["position_seconds"] == 60


def test_replayed_heartbeat_does_not_double_count(client, player, events):
    player.beat()
    player.watch(15)
    player.seq -= 1  # the same heartbeat sent again (a retry after a lost answer)
    player.clock.advance(seconds=5)
    replay = player.beat()
    assert (
        replay["outcome"] == "replayed"
        and replay["credited_seconds"] == 0
        and replay["watched_seconds"] == 15
    )
    assert len(events) == 1


def test_threshold_event_once(player, events):
    player.beat()
    for _ in range(6):
        player.watch(15)  # 90 s of 100
    names = [e.name for e in events]
    assert names.count(service.THRESHOLD) == 1
    threshold = next(e for e in events if e.name == service.THRESHOLD)
    assert threshold.payload["percent"] >= 80
    assert player.watch(10)["percent"] == 100
    assert [e.name for e in events].count(service.THRESHOLD) == 1


def test_new_version_starts_fresh(app, session, content_world, player, client):
    player.beat()
    player.watch(15)
    stored_item(session, app, content_world.a, mp4_bytes(5000, seed=4), item=player.item, duration=50.0)
    fresh = client.get(f"/api/v1/contents/{player.item.id}/progress", headers=player.headers).json()
    assert fresh["watched_seconds"] == 0 and fresh["required_seconds"] == 50
    # A page still playing the old version keeps crediting that version.
    old_version = session.exec(
        select(ViewingHeartbeat.version_id).where(ViewingHeartbeat.content_id == player.item.id)
    ).first()
    player.clock.advance(seconds=15)
    player.position += 15
    answer = player.beat(version_id=str(old_version))
    assert answer["watched_seconds"] == 30 and answer["version_id"] == str(old_version)


def test_evidence_is_kept_and_readable_since(player, session, content_world, events, app):
    since = app.state.clock.now() - timedelta(seconds=1)
    player.beat()
    player.watch(15)
    player.beat(playing=False)
    rows = session.exec(select(ViewingHeartbeat).where(ViewingHeartbeat.content_id == player.item.id)).all()
    assert [r.outcome for r in rows] == ["first", "credited", "idle"]
    assert all(r.ip and r.device_id == "dev-1" for r in rows)
    evidence = service.evidence_since(session, content_world.a.course.institution_id, since)
    assert [e["evidence_id"] for e in evidence] == [e.payload["evidence_id"] for e in events]
    assert evidence[0] == events[0].payload


def test_required_time_falls_back_to_the_lesson(client, session, app, content_world):
    item, _ = stored_item(session, app, content_world.a, duration=None)
    teacher = bearer(session, app, content_world.a.teacher)
    url = f"/api/v1/contents/{item.id}/lessons/{content_world.a.vod.id}"
    assert client.put(url, headers=teacher).status_code == 204
    trainee = bearer(session, app, content_world.a.trainee)
    answer = client.get(f"/api/v1/contents/{item.id}/progress", headers=trainee).json()
    assert answer["required_seconds"] == 2 * 3600  # the VOD lesson is scheduled 19:00–21:00
    listed = client.get(f"/api/v1/contents/{item.id}", headers=trainee).json()
    assert listed["lesson_ids"] == [str(content_world.a.vod.id)]


def test_instructor_posts_no_progress(client, session, app, content_world, video):
    teacher = bearer(session, app, content_world.a.teacher)
    response = client.post(
        f"/api/v1/contents/{video.id}/progress", json={"position": 1, "playing": True}, headers=teacher
    )
    assert response.status_code == 403
