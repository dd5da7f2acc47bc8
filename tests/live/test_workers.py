"""Two `classroom serve` processes sharing Redis form one room; a restart loses nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.live.support import Client, Seeded, Server
from tests.support.aio import run_async
from tests.support.redisserver import RedisServer, available
from tests.support.require import need


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    need(available())
    with RedisServer() as redis:
        yield redis.url


def test_chat_and_presence_cross_workers(seeded: Seeded, redis_url: str) -> None:
    room = seeded.room(trainees=2)
    one = Server(seeded, backplane=redis_url).start()
    two = Server(seeded, backplane=redis_url).start()
    a, b = room.trainees

    async def go() -> None:
        teacher = await Client.open(one.ws(room.lesson_id), seeded.token(room.instructor))
        ta = await Client.open(two.ws(room.lesson_id), seeded.token(a))
        seen = await teacher.until(
            lambda m: m.get("kind") == "presence" and m["data"]["user_id"] == str(a.id)
        )
        assert seen["data"]["state"] == "present"
        await teacher.send("chat", text="1번 서버에서 보냅니다")
        got = await ta.until(lambda m: m.get("kind") == "chat")
        assert got["data"]["text"] == "1번 서버에서 보냅니다"
        await ta.send("chat", text="2번 서버에서 답합니다")
        await teacher.until(
            lambda m: m.get("kind") == "chat" and m["data"]["text"] == "2번 서버에서 답합니다"
        )
        tb = await Client.open(one.ws(room.lesson_id), seeded.token(b))
        await ta.until(lambda m: m.get("kind") == "presence" and m["data"]["user_id"] == str(b.id))
        await tb.close()
        await ta.until(
            lambda m: (
                m.get("kind") == "presence"
                and m["data"]["user_id"] == str(b.id)
                and m["data"]["state"] == "away"
            )
        )
        # Both workers' streams are the same ordered stream.
        ids_teacher = [m["id"] for m in teacher.events() if m["id"] > ta.snapshot["event_id"]]
        ids_trainee = [m["id"] for m in ta.events()]
        assert ids_trainee == sorted(ids_trainee) and set(ids_trainee) <= set(ids_teacher) | set(ids_trainee)
        for client in (teacher, ta):
            await client.close()

    try:
        run_async(go())
    finally:
        one.stop()
        two.stop()


def test_presence_evidence_survives_a_server_restart(seeded: Seeded) -> None:
    room = seeded.room(trainees=2)
    a, b = room.trainees
    # A grace long enough for the restart itself (a busy machine takes seconds to start one).
    server = Server(seeded, env={"CLASSROOM_LIVE_GRACE_SECONDS": "15"}).start()

    async def before() -> int:
        ta = await Client.open(server.ws(room.lesson_id), seeded.token(a))
        tb = await Client.open(server.ws(room.lesson_id), seeded.token(b))
        assert (await ta.send("chat", text="재시작 전에 보낸 메시지"))["type"] == "ok"
        last = ta.snapshot["event_id"]
        server.stop(kill=True)  # no shutdown hooks, no goodbyes
        for client in (ta, tb):
            client.socket.transport.abort()
        return int(last)

    last = run_async(before())
    kinds = [(r["user_id"], r["kind"]) for r in seeded.presence(room.lesson_id)]
    assert (str(a.id), "join") in kinds and (str(b.id), "join") in kinds  # acknowledged, so stored

    server.start()

    async def after() -> Any:
        back = await Client.open(server.ws(room.lesson_id, last_event_id=last), seeded.token(a))
        await back.until(lambda m: m.get("kind") == "chat" and m["data"]["text"] == "재시작 전에 보낸 메시지")
        # b never comes back: lost from its last sign of life, then the grace runs out.
        await back.until(
            lambda m: (
                m.get("kind") == "presence"
                and m["data"]["user_id"] == str(b.id)
                and m["data"]["state"] == "gone"
            ),
            timeout=45,
        )
        await back.close()

    try:
        run_async(after())
    finally:
        server.stop()
    rows = [r for r in seeded.presence(room.lesson_id) if r["name"] == "live.presence"]
    assert [r["kind"] for r in rows if r["user_id"] == str(a.id)][:2] == ["join", "reconnect"]
    b_rows = [r for r in rows if r["user_id"] == str(b.id)]
    assert [r["kind"] for r in b_rows] == ["join", "leave"]
    assert b_rows[1]["at"] < b_rows[1]["recorded_at"]
