"""Janus's events become media presence evidence (publisher, camera, receiving intervals) in
the live presence log, shown to the instructor; the instructor's mute is enforced by Janus."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from classroom.core.tenancy import Role
from tests.media.support import MediaWorld
from tests.media.test_access import enter, publish
from tests.support.rtcpeer import Peer


def media_rows(world: MediaWorld, lesson_id: Any) -> list[dict[str, Any]]:
    return [r for r in world.seeded.presence(lesson_id) if r["name"] == "media.presence"]


def kinds_of(rows: list[dict[str, Any]], user: Any) -> list[str]:
    return [r["kind"] for r in rows if r["user_id"] == str(user.id)]


async def until(check: Any, timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = await asyncio.to_thread(check)
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.3)


def test_media_presence_reaches_the_presence_log(world: MediaWorld) -> None:
    room = world.seeded.room(trainees=1)
    trainee = room.trainees[0]

    async def scenario() -> None:
        teacher, teacher_media = await enter(world, room.instructor, room.lesson_id)
        teacher_peer = await publish(teacher_media)
        pupil, pupil_media = await enter(world, trainee, room.lesson_id)
        pupil_peer = await publish(pupil_media)
        watcher = await Peer(pupil_media["server"], pupil_media["token"]).attach()
        await watcher.subscribe(
            pupil_media["room"], teacher_media["feeds"]["camera"], pupil_media["token"], pupil_peer.private_id
        )
        await watcher.wait_frames(10)

        rows = await until(lambda: "receiving_up" in kinds_of(media_rows(world, room.lesson_id), trainee))
        assert rows, media_rows(world, room.lesson_id)
        rows = media_rows(world, room.lesson_id)
        assert kinds_of(rows, trainee)[:2] == ["publisher_up", "camera_on"]
        assert kinds_of(rows, room.instructor)[:2] == ["publisher_up", "camera_on"]

        # The instructor sees who has the camera on, and mutes the trainee's video in Janus.
        status = world.api(
            "GET", f"/api/v1/lessons/{room.lesson_id}/live/media/status", world.seeded.token(room.instructor)
        )
        people = {p["user_id"]: p for p in status.json()["participants"]}
        assert people[str(trainee.id)]["camera"] == "on" and people[str(trainee.id)]["receiving"] is True
        assert (
            world.api(
                "GET", f"/api/v1/lessons/{room.lesson_id}/live/media/status", world.seeded.token(trainee)
            ).status_code
            == 403
        )

        spy = await Peer(teacher_media["server"], teacher_media["token"]).attach()
        await spy.subscribe(
            teacher_media["room"],
            pupil_media["feeds"]["camera"],
            teacher_media["token"],
            teacher_peer.private_id,
        )
        await spy.wait_frames(10)
        muted = world.api(
            "POST",
            f"/api/v1/lessons/{room.lesson_id}/live/media/moderate",
            world.seeded.token(room.instructor),
            json={"user_id": str(trainee.id), "video_muted": True},
        )
        assert muted.status_code == 200, muted.text
        await asyncio.sleep(1.5)
        before = spy.counter.frames
        await asyncio.sleep(2)
        assert spy.counter.frames - before < 3  # Janus stopped relaying the muted video
        event = await pupil.until(lambda m: m.get("kind") == "media")
        assert event["data"]["video_muted"] is True
        refused = world.api(
            "POST",
            f"/api/v1/lessons/{room.lesson_id}/live/media/moderate",
            world.seeded.token(trainee),
            json={"user_id": str(room.instructor.id), "audio_muted": True},
        )
        assert refused.status_code == 403

        # The trainee's camera goes off (nothing sent): camera_off after Janus's no-media timer.
        assert pupil_peer.pc is not None
        for sender in pupil_peer.pc.getSenders():
            sender.replaceTrack(None)
        assert await until(lambda: "camera_off" in kinds_of(media_rows(world, room.lesson_id), trainee))
        status = world.api(
            "GET", f"/api/v1/lessons/{room.lesson_id}/live/media/status", world.seeded.token(room.instructor)
        )
        assert {p["user_id"]: p for p in status.json()["participants"]}[str(trainee.id)]["camera"] == "off"

        for peer in (watcher, pupil_peer, spy):
            await peer.close()
        assert await until(
            lambda: (
                {"publisher_down", "receiving_down"}
                <= set(kinds_of(media_rows(world, room.lesson_id), trainee))
            )
        )
        await teacher_peer.close()
        await teacher.close()
        await pupil.close()

    world.ns.run(lambda: asyncio.run(scenario()))

    rows = media_rows(world, room.lesson_id)
    trainee_rows = [r for r in rows if r["user_id"] == str(trainee.id)]
    assert all(r["role"] == str(Role.TRAINEE) and r["source"] == "media" for r in trainee_rows)
    assert all(r["detail"]["stream"] in ("camera", "subscriber") for r in trainee_rows)
    # Janus's own times: in order, and before they were recorded.
    times = [datetime.fromisoformat(r["at"]) for r in trainee_rows]
    assert all(
        t <= datetime.fromisoformat(r["recorded_at"]) + timedelta(seconds=1)
        for t, r in zip(times, trainee_rows, strict=False)
    )

    from classroom.live.media.evidence import evidence_since
    from classroom.live.service import evidence_since as live_evidence

    with world.seeded.app.state.db.session() as session:
        since = datetime.now(UTC) - timedelta(hours=1)
        institution = world.seeded.world.a.institution.id
        media = evidence_since(session, institution, since)
        everything = live_evidence(session, institution, since)
    ids = {r["evidence_id"] for r in trainee_rows}
    assert ids <= {p["evidence_id"] for p in media}
    assert all(p["name"] == "media.presence" for p in media)
    assert ids <= {p["evidence_id"] for p in everything if p["name"] == "media.presence"}
