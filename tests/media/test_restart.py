"""Janus killed mid-lesson: chat and presence go on, the page's grant says media is
unavailable; Janus back: the room and its tokens come back by themselves, media flows again
with the same grant, and the media that stopped is closed in the presence log."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from tests.media.support import MediaWorld
from tests.media.test_access import enter, publish
from tests.media.test_presence import kinds_of, media_rows, until
from tests.support.rtcpeer import Peer


def test_janus_restart_mid_lesson(world: MediaWorld) -> None:
    room = world.seeded.room(trainees=1)
    trainee = room.trainees[0]
    grant_path = f"/api/v1/lessons/{room.lesson_id}/live/media"

    def grant(user: Any) -> dict[str, Any]:
        answer = world.api("GET", grant_path, world.seeded.token(user))
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    async def watch(media: dict[str, Any], feed: int) -> tuple[Peer, Peer]:
        own = await Peer(media["server"], media["token"]).attach()
        await own.join(
            media["room"], media["feeds"]["camera"], media["token"], display=media["displays"]["camera"]
        )
        watcher = await Peer(media["server"], media["token"]).attach()
        await watcher.subscribe(media["room"], feed, media["token"], own.private_id)
        await watcher.wait_frames(10)
        return own, watcher

    async def scenario() -> None:
        teacher, teacher_media = await enter(world, room.instructor, room.lesson_id)
        pupil, pupil_media = await enter(world, trainee, room.lesson_id)
        first = await publish(teacher_media)
        own, watcher = await watch(pupil_media, teacher_media["feeds"]["camera"])
        assert await until(
            lambda: "camera_on" in kinds_of(media_rows(world, room.lesson_id), room.instructor)
        )

        world.janus.stop(kill=True)
        killed = time.monotonic()
        # The room itself goes on: chat, and the grant answers quickly that media is down.
        assert (await pupil.send("chat", text="영상이 끊겼어요"))["type"] == "ok"
        down = await asyncio.to_thread(grant, trainee)
        assert down["available"] is False and down["token"] == pupil_media["token"]
        assert time.monotonic() - killed < 8
        for peer in (first, own, watcher):
            await peer.close()

        world.janus.start()
        back = await until(lambda: grant(trainee)["available"], timeout=30)
        assert back
        again = await asyncio.to_thread(grant, room.instructor)
        assert again["token"] == teacher_media["token"] and again["room"] == teacher_media["room"]
        second = await publish(again)
        own, watcher = await watch(await asyncio.to_thread(grant, trainee), again["feeds"]["camera"])
        assert watcher.counter.size is not None
        assert (await teacher.send("chat", text="다시 보입니다"))["type"] == "ok"
        for peer in (second, own, watcher):
            await peer.close()
        await teacher.close()
        await pupil.close()

    world.ns.run(lambda: asyncio.run(scenario()))
    kinds = kinds_of(media_rows(world, room.lesson_id), room.instructor)
    # up, then down with Janus (closed when it came back), then up again
    assert kinds[:2] == ["publisher_up", "camera_on"]
    assert "publisher_down" in kinds and kinds.index("publisher_down") < len(kinds) - 1
    assert kinds.count("publisher_up") == 2
