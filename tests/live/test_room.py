"""The live room over real uvicorn (`classroom serve`) with real `websockets` clients."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from datetime import timedelta
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from classroom.core.security import SESSION_COOKIE
from classroom.core.tenancy import Role
from classroom.live.rules.state import apply
from tests.factories.accounts import token_for
from tests.live.support import Client, Seeded, Server
from tests.support.aio import run_async


def run(coro: Any) -> Any:
    return run_async(coro)


async def refused(url: str, headers: dict[str, str] | None = None) -> int:
    with pytest.raises(InvalidStatus) as caught:
        async with connect(url, additional_headers=headers or {}):
            pass
    return caught.value.response.status_code


def replay(client: Client, viewer: str) -> dict[str, Any]:
    """The client's snapshot with every later event it received applied, as the page does."""
    snapshot = client.snapshot
    state = json.loads(json.dumps(snapshot["state"]))
    last = snapshot["event_id"]
    for message in client.received:
        if message["type"] == "event" and message["id"] > snapshot["event_id"]:
            assert message["id"] > last, "event ids are monotonic"
            last = message["id"]
            apply(state, message["kind"], message["data"], viewer)  # type: ignore[arg-type]
    return {"event_id": last, "state": state}


def test_admission_is_decided_before_the_upgrade(seeded: Seeded, server: Server) -> None:
    room = seeded.room(trainees=1)
    other = seeded.room(trainees=1)
    soon = seeded.room(trainees=1, starts_in=timedelta(minutes=30))
    over = seeded.room(trainees=1, starts_in=timedelta(hours=-3), length=timedelta(hours=1))
    users = seeded.world.a.users
    url = server.ws(room.lesson_id)

    def bearer(user: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {seeded.token(user)}"}

    async def go() -> None:
        assert await refused(url) == 401
        assert await refused(url, bearer(users[Role.SUPERVISOR])) == 403
        assert await refused(url, bearer(users[Role.INSTITUTION_ADMIN])) == 403
        assert await refused(url, bearer(seeded.world.operator)) == 403
        assert await refused(url, bearer(other.trainees[0])) == 404  # not enrolled: not visible
        assert await refused(url, bearer(other.instructor)) == 403  # does not teach this lesson
        assert (
            await refused(server.ws(soon.lesson_id), bearer(soon.trainees[0])) == 409
        )  # opens 10 min before
        assert await refused(url, bearer(seeded.world.b.users[Role.TRAINEE])) == 404  # another institution
        with seeded.app.state.db.session() as session:
            cookie = token_for(session, seeded.app, room.trainees[0], kind="web")
        foreign = {"Cookie": f"{SESSION_COOKIE}={cookie}", "Origin": "https://evil.example"}
        assert await refused(url, foreign) == 403  # cross-site WebSocket hijacking
        own = {"Cookie": f"{SESSION_COOKIE}={cookie}", "Origin": server.base}
        async with connect(url, additional_headers=own) as socket:
            assert json.loads(await socket.recv())["you"]["role"] == "trainee"

        trainee = await Client.open(url, seeded.token(room.trainees[0]))
        inspector = await Client.open(url, seeded.token(seeded.world.inspector))
        assert inspector.welcome["you"]["standing"] == "observer"
        assert (await inspector.send("chat", text="안녕"))["code"] == "live_observer"
        await trainee.send("chat", text="관찰자는 안 보여요")
        await trainee.until(lambda m: m.get("kind") == "chat")
        assert str(seeded.world.inspector.id) not in json.dumps(trainee.received)  # invisible
        late = await Client.open(server.ws(over.lesson_id), seeded.token(over.trainees[0]))
        assert late.welcome["you"]["read_only"] is True and late.welcome["connection_id"] is None
        assert (await late.send("chat", text="늦었어요"))["code"] == "live_over"
        for client in (trainee, inspector, late):
            await client.close()

    run(go())
    kinds = [(row["role"], row["kind"]) for row in seeded.presence(over.lesson_id)]
    assert kinds == []  # reading after the end is not attendance


def test_snapshot_plus_events_equals_a_fresh_snapshot(seeded: Seeded, server: Server) -> None:
    room = seeded.room(trainees=2)
    url = server.ws(room.lesson_id)
    a, b = room.trainees

    async def go() -> None:
        teacher = await Client.open(url, seeded.token(room.instructor))
        ta = await Client.open(url, seeded.token(a))
        tb = await Client.open(url, seeded.token(b))
        assert (await ta.send("chat", text="질문 있습니다"))["type"] == "ok"
        assert (await ta.send("hand", raised=True))["type"] == "ok"
        assert (await tb.send("hand", raised=True))["type"] == "ok"
        assert (await teacher.send("hand", raised=False, user_id=str(a.id)))["type"] == "ok"
        await teacher.send("poll.open", question="오늘 실습 난이도는?", options=["쉬움", "보통", "어려움"])
        poll = await ta.until(lambda m: m.get("kind") == "poll")
        poll_id = poll["data"]["id"]
        assert poll["data"]["counts"] is None  # trainees see results only at the close
        assert (await ta.send("poll.vote", poll_id=poll_id, option=1))["type"] == "ok"
        assert (await ta.send("poll.vote", poll_id=poll_id, option=2))["code"] == "live_poll_voted"
        assert (await tb.send("poll.vote", poll_id=poll_id, option=2))["type"] == "ok"
        tally = await teacher.until(lambda m: m.get("kind") == "poll.tally" and sum(m["data"]["counts"]) == 2)
        assert tally["data"]["counts"] == [0, 1, 1]
        assert not ta.events("poll.tally")
        await teacher.send("poll.close", poll_id=poll_id)
        closed = await tb.until(lambda m: m.get("kind") == "poll" and not m["data"]["open"])
        assert closed["data"]["counts"] == [0, 1, 1]
        await teacher.send("mute", user_id=str(b.id), muted=True)
        assert (await tb.send("chat", text="말 못 해요"))["code"] == "live_chat_muted"
        await teacher.send("chat", text="잠시 쉬었다 하겠습니다")
        await tb.close()
        await teacher.until(lambda m: m.get("kind") == "presence" and m["data"]["state"] == "away")
        await ta.until(lambda m: m.get("kind") == "presence" and m["data"]["state"] == "away")
        assert replay(teacher, "staff") == seeded.fresh(room.instructor, room.lesson_id)
        assert replay(ta, "trainee") == seeded.fresh(a, room.lesson_id)
        await teacher.close()
        await ta.close()

    run(go())


def test_resume_after_a_reconnect_and_the_grace_period(seeded: Seeded, server: Server) -> None:
    room = seeded.room(trainees=2)
    url = server.ws(room.lesson_id)
    a, b = room.trainees

    async def go() -> float:
        teacher = await Client.open(url, seeded.token(room.instructor))
        ta = await Client.open(url, seeded.token(a), ping_interval=None)
        tb = await Client.open(url, seeded.token(b))
        last = ta.snapshot["event_id"]
        ta.socket.transport.abort()  # the network drops: no close frame
        await teacher.until(
            lambda m: (
                m.get("kind") == "presence"
                and m["data"]["user_id"] == str(a.id)
                and m["data"]["state"] == "away"
            )
        )
        for n in range(3):
            await teacher.send("chat", text=f"놓친 설명 {n}")
        again = await Client.open(server.ws(room.lesson_id, last_event_id=last), seeded.token(a))
        assert again.welcome["resumed"] is True
        await again.until(lambda m: m.get("kind") == "chat" and m["data"]["text"] == "놓친 설명 2")
        missed = [m["data"]["text"] for m in again.events("chat")]
        assert missed == ["놓친 설명 0", "놓친 설명 1", "놓친 설명 2"]
        # The resumed stream continues the old snapshot exactly.
        again.received.insert(0, ta.snapshot)
        await again.until(
            lambda m: (
                m.get("kind") == "presence"
                and m["data"]["user_id"] == str(a.id)
                and m["data"]["state"] == "present"
            )
        )
        assert replay(again, "trainee") == seeded.fresh(a, room.lesson_id)
        gone_at = time.time()
        tb.socket.transport.abort()
        await teacher.until(
            lambda m: (
                m.get("kind") == "presence"
                and m["data"]["user_id"] == str(b.id)
                and m["data"]["state"] == "gone"
            ),
            timeout=15,
        )
        await again.close()
        await teacher.close()
        return gone_at

    gone_at = run(go())
    rows = [
        (r["user_id"], r["kind"], r.get("detail", {}))
        for r in seeded.presence(room.lesson_id)
        if r["name"] == "live.presence"
    ]
    mine = [kind for user, kind, _ in rows if user == str(a.id)]
    assert mine[:2] == ["join", "reconnect"] and "leave" not in mine[:2]  # back within the grace: no leave
    leave = next(
        r for r in seeded.presence(room.lesson_id) if r["user_id"] == str(b.id) and r["kind"] == "leave"
    )
    from datetime import datetime

    lost_at = datetime.fromisoformat(leave["at"]).timestamp()
    recorded = datetime.fromisoformat(leave["recorded_at"]).timestamp()
    assert abs(lost_at - gone_at) < 1.5  # the leave is when the connection was lost …
    assert recorded - lost_at >= 3  # … recorded once the grace period ran out


@pytest.fixture
def batching(seeded: Seeded) -> Any:
    """A server that coalesces presence in every room, however small (hub.py)."""
    running = Server(
        seeded,
        env={"CLASSROOM_LIVE_PRESENCE_BATCH_ABOVE": "0", "CLASSROOM_LIVE_PRESENCE_WINDOW_SECONDS": "1"},
    ).start()
    yield running
    running.stop()


def present(client: Client, user_ids: set[str]) -> bool:
    """Whether the client's snapshot and events show all of `user_ids` present now."""
    return all(
        replay(client, "staff")["state"]["participants"].get(u, {}).get("state") == "present"
        for u in user_ids
    )


def test_presence_in_a_big_room_comes_in_batches(seeded: Seeded, batching: Server) -> None:
    room = seeded.room(trainees=5)
    url = batching.ws(room.lesson_id)
    first, *others = room.trainees
    everyone = {str(u.id) for u in room.trainees}

    async def go() -> None:
        teacher = await Client.open(url, seeded.token(room.instructor))
        gone = await Client.open(url, seeded.token(first), ping_interval=None)
        last = gone.snapshot["event_id"]
        gone.socket.transport.abort()
        trainees = await asyncio.gather(*(Client.open(url, seeded.token(u)) for u in others))
        again = await Client.open(batching.ws(room.lesson_id, last_event_id=last), seeded.token(first))
        assert again.welcome["resumed"] is True
        deadline = time.monotonic() + 10
        while not present(teacher, everyone):
            assert time.monotonic() < deadline, teacher.received
            with contextlib.suppress(TimeoutError):
                await teacher.next(timeout=0.5)
        batches = teacher.events("presence.batch")
        assert batches, "joins within a second come together"
        assert all(m["id"] > 0 and len(m["data"]["people"]) > 1 for m in batches)
        again.received.insert(0, gone.snapshot)
        await asyncio.sleep(1.5)  # the last window closes
        for client in (again, *trainees):
            with contextlib.suppress(TimeoutError):
                while True:
                    await client.next(timeout=0.2)
        with contextlib.suppress(TimeoutError):
            while True:
                await teacher.next(timeout=0.2)
        # The resumed client's missed changes (its own loss, the others' joins, its return)
        # come coalesced too, and continue its old snapshot exactly.
        resumed = again.received[2 : 2 + len(again.events())]
        assert resumed[0]["kind"] == "presence.batch", again.received
        assert replay(teacher, "staff") == seeded.fresh(room.instructor, room.lesson_id)
        assert replay(again, "trainee") == seeded.fresh(first, room.lesson_id)
        for user, client in zip(others, trainees, strict=True):
            assert replay(client, "trainee") == seeded.fresh(user, room.lesson_id)
        for client in (teacher, again, *trainees):
            await client.close()

    run(go())
    arrivals = sorted(
        (r["user_id"], r["kind"])
        for r in seeded.presence(room.lesson_id)
        if r["name"] == "live.presence" and r["kind"] in ("join", "reconnect") and r["role"] == "trainee"
    )
    expected = [(str(first.id), "join"), (str(first.id), "reconnect")] + [(str(u.id), "join") for u in others]
    assert arrivals == sorted(expected)  # the presence log still has every arrival


def close_code(data: bytes) -> int | None:
    """Walk the server's frames after the HTTP answer; the close frame's code."""
    at = data.index(b"\r\n\r\n") + 4
    while at + 2 <= len(data):
        opcode, length = data[at] & 0x0F, data[at + 1] & 0x7F
        head = 2 + {126: 2, 127: 8}.get(length, 0)
        if length >= 126:
            length = int.from_bytes(data[at + 2 : at + head], "big")
        if opcode == 8:
            return int.from_bytes(data[at + head : at + head + 2], "big")
        at += head + length
    return None


@pytest.fixture
def fast_chat(seeded: Seeded) -> Any:
    running = Server(
        seeded, env={"CLASSROOM_LIVE_SEND_BUFFER_BYTES": "16384", "CLASSROOM_LIVE_CHAT_LIMIT": "1000"}
    ).start()
    yield running
    running.stop()


def test_a_slow_client_is_dropped_and_the_room_goes_on(seeded: Seeded, fast_chat: Server) -> None:
    server = fast_chat
    room = seeded.room(trainees=2)
    a, b = room.trainees
    text = "가" * 450  # 1.35 kB per chat frame

    raw = socket.socket()

    async def go() -> Client:
        teacher = await Client.open(server.ws(room.lesson_id), seeded.token(room.instructor))
        reader = await Client.open(server.ws(room.lesson_id), seeded.token(a))
        path = f"/ws/lessons/{room.lesson_id}"
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)  # and it never reads
        raw.connect(("127.0.0.1", server.port))
        raw.sendall(
            (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                f"Authorization: Bearer {seeded.token(b)}\r\n\r\n"
            ).encode()
        )
        await reader.until(lambda m: m.get("kind") == "presence" and m["data"]["user_id"] == str(b.id))
        for n in range(150):
            reply = await teacher.send("chat", text=f"{n} {text}")
            assert reply["type"] == "ok", reply
        await reader.until(lambda m: m.get("kind") == "chat" and m["data"]["text"].startswith("149 "))
        await teacher.close()
        await reader.close()
        return reader

    started = time.monotonic()
    reader = run(go())
    assert len(reader.events("chat")) == 150  # everyone else got everything
    assert time.monotonic() - started < 60
    raw.settimeout(10)
    data = b""
    try:
        while chunk := raw.recv(65536):
            data += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    assert close_code(data) == 4000
    raw.close()


def test_chat_is_rate_limited_per_person(seeded: Seeded, server: Server) -> None:
    room = seeded.room(trainees=1)

    async def go() -> None:
        trainee = await Client.open(server.ws(room.lesson_id), seeded.token(room.trainees[0]))
        replies = [await trainee.send("chat", text=f"도배 {n}") for n in range(11)]
        assert [r["type"] for r in replies] == ["ok"] * 10 + ["error"]
        assert replies[-1]["code"] == "live_rate_limited" and 1 <= replies[-1]["retry_after"] <= 10
        assert "초 후에" in replies[-1]["message"] or "try again" in replies[-1]["message"]
        assert (await trainee.send("chat", text="x" * 501))["code"] == "live_chat_invalid"
        await trainee.close()

    run(go())


def test_moderation_mute_everyone_remove_readmit_and_end(seeded: Seeded, server: Server) -> None:
    room = seeded.room(trainees=2)
    url = server.ws(room.lesson_id)
    a, b = room.trainees

    async def go() -> None:
        teacher = await Client.open(url, seeded.token(room.instructor))
        ta = await Client.open(url, seeded.token(a))
        tb = await Client.open(url, seeded.token(b))
        assert (await ta.send("mute", muted=True))["code"] == "live_instructor_only"
        await teacher.send("mute", muted=True)
        assert (await ta.send("chat", text="조용"))["code"] == "live_chat_muted"
        assert (await teacher.send("chat", text="강사는 말할 수 있습니다"))["type"] == "ok"
        await teacher.send("mute", muted=False)
        assert (await ta.send("chat", text="다시 말해요"))["type"] == "ok"
        await teacher.send("remove", user_id=str(b.id))
        with pytest.raises(ConnectionClosed) as closed:
            await tb.until(lambda m: False)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4003
        assert await refused(url, {"Authorization": f"Bearer {seeded.token(b)}"}) == 403
        await teacher.send("readmit", user_id=str(b.id))
        back = await Client.open(url, seeded.token(b))
        with pytest.raises(ConnectionClosed) as ended:  # the instructor's own socket closes too
            await teacher.send("end")
        assert ended.value.rcvd is not None and ended.value.rcvd.code == 4004
        for client in (ta, back):
            with pytest.raises(ConnectionClosed) as ended:
                await client.until(lambda m: False)
            assert ended.value.rcvd is not None and ended.value.rcvd.code == 4004
        read_only = await Client.open(url, seeded.token(a))
        assert read_only.welcome["you"]["read_only"] and read_only.snapshot["state"]["ended_at"]
        await read_only.close()

    run(go())
    kinds = [
        (r["user_id"], r["kind"]) for r in seeded.presence(room.lesson_id) if r["name"] == "live.presence"
    ]
    assert (str(b.id), "removed") in kinds and (str(b.id), "ended") in kinds and (str(a.id), "ended") in kinds


def test_attendance_check_answered_by_one_missed_by_the_other(seeded: Seeded, server: Server) -> None:
    room = seeded.room(trainees=2)
    url = server.ws(room.lesson_id)
    a, b = room.trainees

    async def go() -> None:
        teacher = await Client.open(url, seeded.token(room.instructor))
        ta = await Client.open(url, seeded.token(a))
        tb = await Client.open(url, seeded.token(b))
        assert (await ta.send("check.open"))["code"] == "live_instructor_only"
        assert (await teacher.send("check.open"))["type"] == "ok"
        opened = await ta.until(lambda m: m.get("kind") == "check")
        assert (await teacher.send("check.open"))["code"] == "live_check_open"
        assert (await ta.send("check.answer", check_id=opened["data"]["id"]))["type"] == "ok"
        closed = await teacher.until(
            lambda m: m.get("kind") == "check.status" and m["data"]["missed_ids"], timeout=10
        )
        assert closed["data"] == {
            "check_id": opened["data"]["id"],
            "answered_ids": [str(a.id)],
            "missed_ids": [str(b.id)],
        }
        late = await tb.send("check.answer", check_id=opened["data"]["id"])
        assert late["code"] == "live_check_closed"
        assert (await teacher.send("checks.random", enabled=True, min_minutes=1, max_minutes=5))[
            "code"
        ] == "live_check_interval"
        for client in (teacher, ta, tb):
            await client.close()

    run(go())
    outcomes = {
        (r["user_id"], r["kind"]) for r in seeded.presence(room.lesson_id) if r["name"] == "live.check"
    }
    assert outcomes == {(str(a.id), "answered"), (str(b.id), "missed")}


def test_a_message_over_64_kib_closes_the_socket(seeded: Seeded, server: Server) -> None:
    room = seeded.room(trainees=1)

    async def go() -> int | None:
        client = await Client.open(server.ws(room.lesson_id), seeded.token(room.trainees[0]))
        assert (await client.send("chat", text="가" * 4000))["code"] == "live_chat_invalid"  # big, valid JSON
        await client.socket.send(json.dumps({"type": "chat", "text": "가" * 40_000}))
        with pytest.raises(ConnectionClosed):
            await client.until(lambda m: False)  # no answer: the server closes
        return client.socket.close_code

    assert run(go()) == 1009
