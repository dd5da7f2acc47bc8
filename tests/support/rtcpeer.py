"""A VideoRoom participant written with aiortc (a WebRTC stack nobody here wrote) speaking
Janus's HTTP API with long polls, for tests and the benchmark: publish a synthetic camera,
subscribe to a feed and count what arrives."""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiortc import RTCPeerConnection, RTCSessionDescription, VideoStreamTrack
from aiortc.contrib.media import MediaBlackhole
from av import VideoFrame

VIDEOROOM = "janus.plugin.videoroom"


class Refused(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code, self.reason = code, reason


class SyntheticCamera(VideoStreamTrack):
    """A moving test picture of the given size (a camera for machines without one)."""

    def __init__(self, width: int = 640, height: int = 360, fps: int = 15) -> None:
        super().__init__()
        self.width, self.height, self.fps = width, height, fps
        self._count = 0
        self._start = 0.0
        # A horizontal gradient with a bright bar, shifted every frame: cheap to make, and
        # moving, so the encoder has real work.
        row = bytearray((x * 200) // width + 20 for x in range(width))
        row[: width // 16] = b"\xf0" * (width // 16)
        self._row = bytes(row)
        self._chroma = bytes([128]) * (width // 2 * height // 2)

    async def recv(self) -> VideoFrame:
        pts = self._count * (90000 // self.fps)
        if self._count == 0:
            self._start = time.monotonic()
        else:
            await asyncio.sleep(max(0.0, self._start + self._count / self.fps - time.monotonic()))
        shift = (self._count * 8) % self.width
        self._count += 1
        row = self._row[shift:] + self._row[:shift]
        frame = VideoFrame(self.width, self.height, "yuv420p")
        frame.planes[0].update(row * self.height)
        frame.planes[1].update(self._chroma)
        frame.planes[2].update(self._chroma)
        frame.pts, frame.time_base = pts, fractions.Fraction(1, 90000)
        return frame


@dataclass
class Counter:
    frames: int = 0
    first: float | None = None
    last: float | None = None
    size: tuple[int, int] | None = None
    bytes: int = 0  # encoded bytes, when frames are counted undecoded (bench/media_fanout.py)


@dataclass
class Peer:
    """One Janus session with one VideoRoom handle (a publisher or a subscriber)."""

    base: str
    token: str | None
    opaque_id: str = field(default_factory=lambda: secrets.token_hex(6))
    http: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=40))
    session: int | None = None
    handle: int | None = None
    pc: RTCPeerConnection | None = None
    events: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    counter: Counter = field(default_factory=Counter)
    up: asyncio.Event = field(default_factory=asyncio.Event)
    private_id: int | None = None  # once joined as a publisher
    _poller: asyncio.Task[None] | None = None
    _sinks: list[asyncio.Task[None]] = field(default_factory=list)

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        body = {**body, "transaction": secrets.token_hex(6)}
        if self.token is not None:
            body["token"] = self.token
        answer: dict[str, Any] = (await self.http.post(f"{self.base}{path}", json=body)).json()
        if answer.get("janus") == "error":
            raise Refused(answer["error"]["code"], answer["error"]["reason"])
        return answer

    async def attach(self) -> Peer:
        self.session = int((await self._post("", {"janus": "create"}))["data"]["id"])
        answer = await self._post(
            f"/{self.session}", {"janus": "attach", "plugin": VIDEOROOM, "opaque_id": self.opaque_id}
        )
        self.handle = int(answer["data"]["id"])
        self._poller = asyncio.create_task(self._poll())
        return self

    async def _poll(self) -> None:
        query = {"maxev": "10"} | ({"token": self.token} if self.token else {})
        while True:
            try:
                reply = await self.http.get(f"{self.base}/{self.session}", params=query)
                answer = reply.json()
            except (httpx.HTTPError, ValueError):
                await asyncio.sleep(0.5)
                continue
            for event in answer if isinstance(answer, list) else [answer]:
                if event.get("janus") == "webrtcup":
                    self.up.set()
                if event.get("janus") in ("event", "webrtcup", "media", "hangup", "detached", "slowlink"):
                    await self.events.put(event)

    async def request(
        self, body: dict[str, Any], jsep: dict[str, Any] | None = None, timeout: float = 15
    ) -> dict[str, Any]:
        """An asynchronous VideoRoom request: its event (with `jsep` when there is one)."""
        message: dict[str, Any] = {"janus": "message", "body": body}
        if jsep is not None:
            message["jsep"] = jsep
        ack = await self._post(f"/{self.session}/{self.handle}", message)
        if ack.get("janus") == "success":
            return dict(ack.get("plugindata", {}).get("data", {}))
        while True:
            event = await asyncio.wait_for(self.events.get(), timeout)
            data = event.get("plugindata", {}).get("data", {})
            if event.get("janus") != "event":
                continue
            if "error_code" in data:
                raise Refused(int(data["error_code"]), str(data.get("error", "")))
            if jsep is None and "jsep" not in event and body["request"] in ("configure", "publish", "start"):
                return {**data, "jsep": None}
            return {**data, "jsep": event.get("jsep")}

    async def join(
        self, room: int, feed: int | None, room_token: str | None, *, display: str = ""
    ) -> dict[str, Any]:
        """Join as a publisher (not publishing yet): the answer carries the private id that
        the participant's subscriptions must name."""
        join: dict[str, Any] = {"request": "join", "ptype": "publisher", "room": room, "display": display}
        if feed is not None:
            join["id"] = feed
        if room_token is not None:
            join["token"] = room_token
        joined = await self.request(join)
        self.private_id = joined.get("private_id")
        return joined

    async def publish(
        self,
        room: int,
        feed: int,
        room_token: str | None,
        *,
        display: str = "",
        width: int = 640,
        height: int = 360,
        fps: int = 15,
    ) -> dict[str, Any]:
        joined = await self.join(room, feed, room_token, display=display)
        self.pc = RTCPeerConnection()
        self.pc.addTrack(SyntheticCamera(width, height, fps))
        await self.pc.setLocalDescription(await self.pc.createOffer())
        offer = {"type": "offer", "sdp": self.pc.localDescription.sdp}
        answer = await self.request({"request": "publish", "video": True, "audio": False}, jsep=offer)
        assert answer["jsep"] is not None, answer
        await self.pc.setRemoteDescription(
            RTCSessionDescription(answer["jsep"]["sdp"], answer["jsep"]["type"])
        )
        await asyncio.wait_for(self.up.wait(), 20)  # the feed exists for subscribers once media flows
        return joined

    async def subscribe(self, room: int, feed: int, room_token: str | None, private_id: int | None) -> None:
        body: dict[str, Any] = {
            "request": "join",
            "ptype": "subscriber",
            "room": room,
            "streams": [{"feed": feed}],
        }
        if private_id is not None:
            body["private_id"] = private_id
        if room_token is not None:
            body["token"] = room_token
        offer = (await self.request(body))["jsep"]
        self.pc = RTCPeerConnection()

        @self.pc.on("track")
        def on_track(track: Any) -> None:
            self._sinks.append(asyncio.ensure_future(self._count(track)))

        await self.pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], offer["type"]))
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        await self.request({"request": "start"}, jsep={"type": "answer", "sdp": self.pc.localDescription.sdp})

    async def _count(self, track: Any) -> None:
        hole = MediaBlackhole()
        del hole
        while True:
            try:
                frame = await track.recv()
            except Exception:
                return
            now = time.monotonic()
            self.counter.frames += 1
            self.counter.first = self.counter.first or now
            self.counter.last = now
            self.counter.size = (frame.width, frame.height)
            self.counter.bytes += getattr(frame, "size", 0)

    async def wait_frames(self, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while self.counter.frames < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.counter.frames} frames of {count}")
            await asyncio.sleep(0.1)

    async def close(self) -> None:
        for task in [*self._sinks, *([self._poller] if self._poller else [])]:
            task.cancel()
        if self.pc is not None:
            await self.pc.close()
        if self.session is not None:
            with contextlib.suppress(Refused, httpx.HTTPError):
                await self._post(f"/{self.session}", {"janus": "destroy"})
        await self.http.aclose()
