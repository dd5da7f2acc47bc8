"""Access to the VideoRoom is enforced by Janus: tokens issued at the room's door, refused
without one, in another room, and after the participant was removed (their feed kicked)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed

from tests.live.support import Client
from tests.media.support import MediaWorld
from tests.support.rtcpeer import Peer, Refused


async def enter(world: MediaWorld, user: Any, lesson_id: Any) -> tuple[Client, dict[str, Any]]:
    client = await Client.open(world.server.ws(lesson_id), world.seeded.token(user))
    media = client.welcome["media"]
    assert media is not None and media["available"], media
    return client, media


async def attend(media: dict[str, Any]) -> tuple[Peer, dict[str, Any]]:
    """Join the room as the page does before watching: a publisher handle (own feed id)."""
    peer = await Peer(media["server"], media["token"]).attach()
    joined = await peer.join(
        media["room"], media["feeds"]["camera"], media["token"], display=media["displays"]["camera"]
    )
    return peer, joined


async def publish(media: dict[str, Any]) -> Peer:
    peer = await Peer(media["server"], media["token"]).attach()
    await peer.publish(
        media["room"], media["feeds"]["camera"], media["token"], display=media["displays"]["camera"]
    )
    return peer


def test_tokens_are_enforced_by_janus(world: MediaWorld) -> None:
    room = world.seeded.room(trainees=2)
    other = world.seeded.room(trainees=1)
    first, second = room.trainees

    async def scenario() -> None:
        teacher, teacher_media = await enter(world, room.instructor, room.lesson_id)
        assert teacher_media["feeds"]["screen"] is not None and teacher_media["audio"] is True
        publisher = await publish(teacher_media)
        watcher_client, watcher_media = await enter(world, first, room.lesson_id)
        assert (
            watcher_media["room"] == teacher_media["room"]
            and watcher_media["token"] != teacher_media["token"]
        )
        assert watcher_media["feeds"]["screen"] is None and watcher_media["audio"] is False
        assert "secret" not in str(watcher_media).lower()
        watcher_handle, watcher_self = await attend(watcher_media)
        watcher = await Peer(watcher_media["server"], watcher_media["token"]).attach()
        await watcher.subscribe(
            watcher_media["room"],
            teacher_media["feeds"]["camera"],
            watcher_media["token"],
            watcher_self["private_id"],
        )
        await watcher.wait_frames(20)

        # No token: Janus refuses the session itself.
        with pytest.raises(Refused) as missing:
            await Peer(teacher_media["server"], None).attach()
        assert missing.value.code == 403

        # Another lesson's participant: their token opens a session but not this room.
        stranger_client, stranger_media = await enter(world, other.trainees[0], other.lesson_id)
        assert stranger_media["room"] != teacher_media["room"]
        stranger = await Peer(stranger_media["server"], stranger_media["token"]).attach()
        with pytest.raises(Refused) as foreign:
            await stranger.join(
                teacher_media["room"], stranger_media["feeds"]["camera"], stranger_media["token"]
            )
        assert foreign.value.code == 433  # not in the room's allowed list
        with pytest.raises(Refused) as watching:  # and without a private id of the room, no watching
            await stranger.subscribe(
                teacher_media["room"], teacher_media["feeds"]["camera"], stranger_media["token"], None
            )
        assert watching.value.code in (433, 470)

        # A feed id that is not the participant's own is kicked out.
        impostor = await Peer(watcher_media["server"], watcher_media["token"]).attach()
        await impostor.join(
            watcher_media["room"], 4242, watcher_media["token"], display=teacher_media["displays"]["camera"]
        )
        kicked = await asyncio.wait_for(impostor.events.get(), 10)
        assert kicked["plugindata"]["data"].get("reason") == "kicked"

        # Removed by the instructor: the feed is kicked and the token is dead.
        removed_client, removed_media = await enter(world, second, room.lesson_id)
        removed = await publish(removed_media)
        assert (await teacher.send("remove", user_id=str(second.id)))["type"] == "ok"
        await asyncio.sleep(1.5)
        with pytest.raises(Refused) as dead:
            await Peer(removed_media["server"], removed_media["token"]).attach()
        assert dead.value.code == 403
        assert removed.pc is not None

        # Leaving takes the token back too.
        assert (await watcher_client.send("leave"))["type"] == "ok"
        await asyncio.sleep(1)
        with pytest.raises(Refused):
            await Peer(watcher_media["server"], watcher_media["token"]).attach()

        feeds = await janus_feeds(world, teacher_media["room"])
        assert teacher_media["feeds"]["camera"] in feeds
        assert removed_media["feeds"]["camera"] not in feeds and 4242 not in feeds

        # The lesson ends: the room is destroyed on Janus and the remaining tokens with it.
        with contextlib.suppress(ConnectionClosed):  # the room closes everyone's socket (4004)
            await teacher.send("end")
        for _ in range(20):
            rooms = await janus_rooms(world)
            if teacher_media["room"] not in rooms:
                break
            await asyncio.sleep(0.5)
        assert teacher_media["room"] not in rooms and stranger_media["room"] in rooms
        with pytest.raises(Refused):
            await Peer(teacher_media["server"], teacher_media["token"]).attach()

        for peer in (publisher, watcher_handle, watcher, stranger, impostor, removed):
            await peer.close()
        for client in (stranger_client, removed_client):
            await client.close()

    world.ns.run(lambda: asyncio.run(scenario()))


def _observer(world: MediaWorld) -> Any:
    from classroom.live.media.janus import Instance, Janus

    return Janus(
        Instance(world.janus.url, world.janus.admin_url, world.janus.url),
        admin_secret=world.janus.config.admin_secret,
        room_admin_key=world.janus.config.room_admin_key,
        service_token="test-observer",
    )


async def janus_feeds(world: MediaWorld, room: int) -> set[int]:
    janus = _observer(world)
    janus.add_token("test-observer")
    try:
        return {p["id"] for p in await asyncio.to_thread(janus.participants, room)}
    finally:
        janus.remove_token("test-observer")
        janus.close()


async def janus_rooms(world: MediaWorld) -> set[int]:
    janus = _observer(world)
    janus.add_token("test-observer")
    try:
        return {r["room"] for r in await asyncio.to_thread(janus.list_rooms)}
    finally:
        janus.remove_token("test-observer")
        janus.close()
