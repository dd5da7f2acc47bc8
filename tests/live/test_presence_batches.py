"""Presence in a big room: changes held within a window and sent as one `presence.batch`
(hub.py), the same coalescing for a resumed client (room.coalesced), and the reducer that makes
a batch equal to the changes it carries (rules/state.py)."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from classroom.live.backplane import MemoryBackplane
from classroom.live.hub import Hub
from classroom.live.room import ALL, STAFF, channel, coalesced, encode
from classroom.live.rules.state import apply, empty
from classroom.live.service import Welcome
from tests.support.aio import run_async

INSTITUTION, LESSON = uuid.uuid4(), uuid.uuid4()
KEY = channel(INSTITUTION, LESSON)


def person(user: str, state: str) -> dict[str, Any]:
    return {"user_id": user, "name": f"이름 {user}", "role": "trainee", "state": state}


def event(seq: int, kind: str, data: dict[str, Any]) -> str:
    return encode({"type": "event", "id": seq, "kind": kind, "data": data})


class Sink:
    def __init__(self) -> None:
        self.texts: list[dict[str, Any]] = []
        self.closed: int | None = None

    def write(self, frame: bytes, text: str) -> bool:
        self.texts.append(json.loads(text))
        return True

    def close(self, code: int, reason: str = "") -> None:
        self.closed = code


def welcome(since: int, staff: bool = False) -> Welcome:
    return Welcome(INSTITUTION, LESSON, uuid.uuid4(), staff, uuid.uuid4(), since, [])


def kinds(sink: Sink) -> list[tuple[int, str]]:
    return [(m["id"], m["kind"]) for m in sink.texts]


def test_a_big_room_hears_presence_changes_together_and_in_order() -> None:
    async def go() -> None:
        hub = Hub(None, MemoryBackplane(), 3600, presence_window=0.2, batch_above=2)  # type: ignore[arg-type]
        sinks = [Sink() for _ in range(3)]
        for sink in sinks:
            await hub.attach(welcome(0, staff=sink is sinks[0]), sink)
        room = hub.rooms[KEY]
        hub.offer(
            room, 1, ALL, "presence", event(1, "presence", person("a", "present"))
        )  # after quiet: at once
        hub.offer(room, 2, ALL, "presence", event(2, "presence", person("b", "present")))
        hub.offer(room, 3, ALL, "presence", event(3, "presence", person("a", "away")))
        hub.offer(room, 4, ALL, "presence", event(4, "presence", person("c", "present")))
        assert kinds(sinks[1]) == [(1, "presence")]  # held within the window
        late, current = Sink(), Sink()
        await hub.attach(welcome(3), late)  # its snapshot has 1..3: the batch repeats 2..3
        await hub.attach(welcome(4), current)  # its snapshot has all of it: no repeat
        hub.offer(room, 5, STAFF, "poll.tally", event(5, "poll.tally", {"poll_id": "p", "counts": [1]}))
        # Any other event sends what is held first.
        assert kinds(sinks[0]) == [(1, "presence"), (4, "presence.batch"), (5, "poll.tally")]
        assert kinds(sinks[1]) == [(1, "presence"), (4, "presence.batch")]
        assert kinds(late) == [(4, "presence.batch")]
        assert kinds(current) == []
        batch = sinks[1].texts[1]["data"]["people"]
        assert batch == [person("b", "present"), person("a", "away"), person("c", "present")]
        hub.offer(room, 6, ALL, "presence", event(6, "presence", person("b", "away")))
        hub.offer(room, 7, ALL, "presence", event(7, "presence", person("b", "present")))
        assert kinds(sinks[1])[-1] == (4, "presence.batch")
        behind = Sink()
        await hub.attach(welcome(2), behind)  # caught up from what this worker keeps
        assert kinds(behind) == [(4, "presence.batch")]  # not the staff's tally
        await asyncio.sleep(0.3)  # the window closes: one person's changes, as `presence`
        assert sinks[1].texts[-1] == {
            "type": "event",
            "id": 7,
            "kind": "presence",
            "data": person("b", "present"),
        }
        assert behind.texts[-1]["id"] == 7
        too_far = Sink()
        room.recent.clear()
        await hub.attach(welcome(1), too_far)
        assert too_far.closed == 4000  # older than this worker remembers: resume from the log

    run_async(go())


def test_a_small_room_hears_each_change_at_once() -> None:
    async def go() -> None:
        hub = Hub(None, MemoryBackplane(), 3600, presence_window=5, batch_above=2)  # type: ignore[arg-type]
        sinks = [Sink() for _ in range(2)]
        for sink in sinks:
            await hub.attach(welcome(0), sink)
        room = hub.rooms[KEY]
        for seq, user in enumerate("abc", start=1):
            hub.offer(room, seq, ALL, "presence", event(seq, "presence", person(user, "present")))
        assert kinds(sinks[0]) == [(1, "presence"), (2, "presence"), (3, "presence")]

    run_async(go())


changes = st.lists(
    st.tuples(st.sampled_from("abcd"), st.sampled_from(["present", "away", "gone"])), max_size=12
)


@given(before=changes, run=changes, between=st.booleans())
def test_a_batch_changes_the_state_as_its_changes_do(
    before: list[tuple[str, str]], run: list[tuple[str, str]], between: bool
) -> None:
    texts: list[tuple[str, str]] = []
    seq = 0
    for part, changes_ in ((0, before), (1, run)):
        if part == 1 and between:
            seq += 1
            texts.append(("hand", event(seq, "hand", {"user_id": "a", "raised": True})))
        for user, state in changes_:
            seq += 1
            texts.append(("presence", event(seq, "presence", person(user, state))))
    one_by_one, together = empty("staff"), empty("staff")
    for _kind, text in texts:
        message = json.loads(text)
        apply(one_by_one, message["kind"], message["data"], "staff")
    last = 0
    for text in coalesced(texts):
        message = json.loads(text)
        assert message["id"] > last
        last = message["id"]
        apply(together, message["kind"], message["data"], "staff")
    assert together == one_by_one
    assert last == seq
    # Applying a batch again, or a batch reaching back before the state, changes nothing.
    for text in coalesced(texts):
        message = json.loads(text)
        apply(together, message["kind"], message["data"], "staff")
    if not between:
        assert together == one_by_one
