"""This worker's rooms: which local sockets listen to which room, and the fan-out.

An event reaches a worker once (backplane), already encoded as the JSON text every viewer
receives; the hub turns it into one WebSocket frame and writes that frame to each local
connection of the event's audience (everyone, staff, or one person). Nothing is encoded per
connection and nothing waits for a connection (transport.py: a slow one is dropped).

Presence changes are coalesced: in a room with more than `batch_above` local connections, a
change that follows another within `window` seconds is held, and the changes held are sent as
one `presence.batch` (each person's latest state) when the window closes — or at once before
any other event, so the order of events never changes. A join storm of N people then costs
each connection about one frame per window instead of N frames (N² in all), which otherwise
fills send buffers and leaves the process's memory at that high-water mark. What is stored in
the room's log (one event per change, and the presence log of attendance) is not affected.

Events are delivered in id order. Ids are contiguous per room (room.py), so an event that
arrives ahead of a missing one is held briefly and the gap is read from the room's log (two
workers can commit in one order and publish in the other). A connection joins the stream at
the event id of its first messages: a later id is waited for, an earlier one is caught up from
the recent events this worker keeps (or the client is told to resume).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from classroom.live.room import ALL, PRESENCE, STAFF, PresenceRun, channel
from classroom.live.transport import ENDED, REMOVED, REPLACED, SLOW, FrameSink, text_frame

if TYPE_CHECKING:
    from classroom.live.backplane import Backplane
    from classroom.live.service import Services, Welcome

log = logging.getLogger(__name__)
RECENT = 512  # frames kept per room for connections that attach a little behind
GAP_WAIT_SECONDS = 0.15
CONTROL = ("replaced", "removed", "ended")


class Member:
    __slots__ = ("connection_id", "since", "sink", "staff", "user_id")

    def __init__(self, welcome: Welcome, sink: FrameSink) -> None:
        self.connection_id = welcome.connection_id
        self.user_id = str(welcome.user_id)
        self.staff = welcome.staff
        self.since = welcome.since
        self.sink = sink


class LocalRoom:
    __slots__ = (
        "batch",
        "batch_timer",
        "channel",
        "delivered",
        "everyone",
        "gap",
        "institution_id",
        "lesson_id",
        "pending",
        "presence_at",
        "recent",
        "staff",
        "users",
        "waiting",
    )

    def __init__(self, welcome: Welcome) -> None:
        self.institution_id, self.lesson_id = welcome.institution_id, welcome.lesson_id
        self.channel = channel(welcome.institution_id, welcome.lesson_id)
        self.delivered = welcome.since
        self.everyone: dict[int, Member] = {}
        self.staff: dict[int, Member] = {}
        self.users: dict[str, dict[int, Member]] = {}
        self.waiting: list[Member] = []
        self.pending: dict[int, tuple[str, str, str]] = {}
        # (first id, last id, audience, kind, frame, text): a batch covers several ids.
        self.recent: deque[tuple[int, int, str, str, bytes, str]] = deque(maxlen=RECENT)
        self.gap: asyncio.Task[None] | None = None
        # Presence changes held (ids `batch.first` to `delivered`); `presence_at` is the loop
        # time presence was last sent.
        self.batch = PresenceRun()
        self.batch_timer: asyncio.TimerHandle | None = None
        self.presence_at = float("-inf")

    def add(self, member: Member) -> None:
        key = id(member)
        self.everyone[key] = member
        if member.staff:
            self.staff[key] = member
        self.users.setdefault(member.user_id, {})[key] = member

    def remove(self, member: Member) -> None:
        key = id(member)
        self.everyone.pop(key, None)
        self.staff.pop(key, None)
        mine = self.users.get(member.user_id)
        if mine is not None:
            mine.pop(key, None)
            if not mine:
                del self.users[member.user_id]
        if member in self.waiting:
            self.waiting.remove(member)

    @property
    def empty(self) -> bool:
        return not self.everyone and not self.waiting


def visible(audience: str, member: Member) -> bool:
    return audience == ALL or (audience == STAFF and member.staff) or audience == member.user_id


class Hub:
    def __init__(
        self,
        services: Services,
        backplane: Backplane,
        heartbeat_seconds: int,
        *,
        sweep: Callable[[], object] | None = None,
        sweep_seconds: int = 2,
        presence_window: float = 1.0,
        batch_above: int = 50,
    ) -> None:
        self.services, self.backplane = services, backplane
        self.heartbeat_seconds = heartbeat_seconds
        self.presence_window, self.batch_above = presence_window, batch_above
        self.sweep, self.sweep_seconds = sweep, sweep_seconds
        self.rooms: dict[str, LocalRoom] = {}
        self._start_lock: asyncio.Lock | None = None
        self._started = False
        self._tasks: list[asyncio.Task[None]] = []
        self._loop: asyncio.AbstractEventLoop | None = None

    async def ensure_started(self) -> None:
        loop = asyncio.get_running_loop()
        if self._started and self._loop is not loop:
            # A new event loop (the test client runs one per session): what belonged to the
            # old one is gone with it.
            self.rooms, self._tasks, self._started, self._start_lock = {}, [], False, None
        if self._started:
            return
        if self._start_lock is None:
            self._start_lock = asyncio.Lock()
        async with self._start_lock:
            if not self._started:
                self._loop = loop
                await self.backplane.start(self.on_message)
                self._tasks.append(asyncio.get_running_loop().create_task(self._heartbeat()))
                if self.sweep is not None and self.sweep_seconds > 0:
                    self._tasks.append(asyncio.get_running_loop().create_task(self._sweeper()))
                self._started = True

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._started:
            await self.backplane.stop()
        self._started = False

    # --- connections -----------------------------------------------------------------------

    async def attach(self, welcome: Welcome, sink: FrameSink) -> Member:
        """Send the connection its first messages and join it to its room's stream."""
        await self.ensure_started()
        key = channel(welcome.institution_id, welcome.lesson_id)
        room = self.rooms.get(key)
        if room is None:
            room = self.rooms[key] = LocalRoom(welcome)
            await self.backplane.subscribe(key)
            room = self.rooms.setdefault(key, room)
        member = Member(welcome, sink)
        for text in welcome.messages:
            sink.write(text_frame(text.encode()), text)
        welcome.messages = []  # an idle connection keeps no copy of its snapshot
        if member.since < room.delivered:
            self._catch_up(room, member)
        if member.since >= room.delivered:
            (room.waiting.append if member.since > room.delivered else room.add)(member)
        return member

    def _catch_up(self, room: LocalRoom, member: Member) -> None:
        behind = [entry for entry in room.recent if entry[1] > member.since]
        first = behind[0][0] if behind else room.batch.first if room.batch else room.delivered + 1
        if first > member.since + 1:
            member.sink.close(SLOW, "resume")  # older than this worker remembers: resume from the log
            return
        # A batch reaching back before `since` repeats changes the connection's state already
        # has; each person's latest state is in it, so applying it changes nothing else.
        for _first, _last, audience, _kind, frame, text in behind:
            if visible(audience, member):
                member.sink.write(frame, text)
        if behind:
            member.since = behind[-1][1]
        room.add(member)  # the held presence changes reach it with everyone's

    async def detach(self, member: Member, welcome: Welcome) -> None:
        key = channel(welcome.institution_id, welcome.lesson_id)
        room = self.rooms.get(key)
        if room is None:
            return
        room.remove(member)
        if room.empty:
            del self.rooms[key]
            if room.gap is not None:
                room.gap.cancel()
            if room.batch_timer is not None:
                room.batch_timer.cancel()
            with contextlib.suppress(Exception):
                await self.backplane.unsubscribe(key)

    def local_connections(self) -> list[uuid.UUID]:
        return [
            m.connection_id
            for room in self.rooms.values()
            for m in (*room.everyone.values(), *room.waiting)
            if m.connection_id is not None
        ]

    # --- the stream ------------------------------------------------------------------------

    def on_message(self, key: str, message: str) -> None:
        room = self.rooms.get(key)
        if room is None:
            return
        seq_text, audience, kind, text = message.split("|", 3)
        self.offer(room, int(seq_text), audience, kind, text)

    def offer(self, room: LocalRoom, seq: int, audience: str, kind: str, text: str) -> None:
        if seq <= room.delivered:
            return
        if seq > room.delivered + 1:
            room.pending[seq] = (audience, kind, text)
            if room.gap is None or room.gap.done():
                room.gap = asyncio.get_running_loop().create_task(self._fill(room))
            return
        self._fan(room, seq, audience, kind, text)
        while room.delivered + 1 in room.pending:
            nxt = room.delivered + 1
            self._fan(room, nxt, *room.pending.pop(nxt))

    def _fan(self, room: LocalRoom, seq: int, audience: str, kind: str, text: str) -> None:
        if kind == PRESENCE and audience == ALL:
            now = asyncio.get_running_loop().time()
            if room.batch or (
                len(room.everyone) > self.batch_above and now < room.presence_at + self.presence_window
            ):
                self._hold(room, seq, text)
                self._advance(room, seq)
                return
            room.presence_at = now
        elif room.batch:
            self._flush(room)  # held presence goes first: events keep their order
        self._send(room, seq, seq, audience, kind, text)
        self._advance(room, seq)
        if kind in CONTROL:
            self._control(room, kind, text)

    def _send(self, room: LocalRoom, first: int, last: int, audience: str, kind: str, text: str) -> None:
        frame = text_frame(text.encode())
        if audience == ALL:
            targets = room.everyone
        elif audience == STAFF:
            targets = room.staff
        else:
            targets = room.users.get(audience, {})
        for member in targets.values():
            member.sink.write(frame, text)
        room.recent.append((first, last, audience, kind, frame, text))

    def _advance(self, room: LocalRoom, seq: int) -> None:
        room.delivered = seq
        if room.waiting:
            ready = [m for m in room.waiting if m.since <= seq]
            for member in ready:
                room.waiting.remove(member)
                room.add(member)

    def _hold(self, room: LocalRoom, seq: int, text: str) -> None:
        room.batch.add(seq, json.loads(text)["data"])
        if room.batch_timer is None:
            room.batch_timer = asyncio.get_running_loop().call_at(
                room.presence_at + self.presence_window, self._window_closed, room
            )

    def _window_closed(self, room: LocalRoom) -> None:
        room.batch_timer = None
        if self.rooms.get(room.channel) is room:
            self._flush(room)

    def _flush(self, room: LocalRoom) -> None:
        """Send the held presence changes as one event (id: the last change's)."""
        if room.batch_timer is not None:
            room.batch_timer.cancel()
            room.batch_timer = None
        batch, room.batch = room.batch, PresenceRun()
        room.presence_at = asyncio.get_running_loop().time()
        text = batch.text()
        frame = text_frame(text.encode())
        for member in room.everyone.values():
            if member.since < batch.last:  # not one that joined with all of it in its snapshot
                member.sink.write(frame, text)
        room.recent.append((batch.first, batch.last, ALL, PRESENCE, frame, text))

    def _control(self, room: LocalRoom, kind: str, text: str) -> None:
        data = json.loads(text)["data"]
        if kind == "replaced":
            for member in list(room.everyone.values()):
                if str(member.connection_id) == data["connection_id"]:
                    member.sink.close(REPLACED, "replaced")
        elif kind == "removed":
            for member in list(room.users.get(data["user_id"], {}).values()):
                member.sink.close(REMOVED, "removed")
        elif kind == "ended":
            for member in list(room.everyone.values()):
                if member.connection_id is not None:
                    member.sink.close(ENDED, "ended")

    async def _fill(self, room: LocalRoom) -> None:
        await asyncio.sleep(GAP_WAIT_SECONDS)
        if not room.pending:
            return
        upto = max(room.pending)
        try:
            rows = await asyncio.to_thread(
                self.services.missed_events, room.institution_id, room.lesson_id, room.delivered, upto
            )
        except Exception:
            log.exception("live hub: could not read the room's log")
            return
        for seq, audience, kind, text in rows:
            self.offer(room, seq, audience, kind, text)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            try:
                await asyncio.to_thread(self.services.heartbeat, self.local_connections())
            except Exception:
                log.exception("live hub: heartbeat failed")

    async def _sweeper(self) -> None:
        """The rooms' timers (grace, check deadlines, random checks, the lesson's end): seconds,
        not a queued job (main's `Periodic` submits a job row each tick, and a job worker in
        another process may hold no sockets). Every worker holding sockets sweeps every room;
        the sweep is idempotent under each room's lock."""
        assert self.sweep is not None
        while True:
            await asyncio.sleep(self.sweep_seconds)
            try:
                await asyncio.to_thread(self.sweep)
            except Exception:
                log.exception("live hub: sweep failed")


def envelope(seq: int, audience: str, kind: str, text: str) -> str:
    """What travels on the backplane: routing fields, then the event's frame text as sent."""
    return f"{seq}|{audience}|{kind}|{text}"
