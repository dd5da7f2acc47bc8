"""Cross-worker delivery of room events, chosen by URL scheme (`CLASSROOM_BACKPLANE_URL`).

Six operations, as in encode/broadcaster: start (with the message handler), stop, subscribe,
unsubscribe, publish, and the URL that chose it. `memory://` keeps everything in this process
(one worker); `redis://` uses Redis pub/sub so every worker subscribed to a room's channel
receives its events. Publishing is synchronous and thread-safe: events are published from the
worker thread whose transaction stored them, right after its commit.

Delivery is bounded: the handler runs on the event loop and only writes pre-encoded frames to
bounded per-connection buffers, never waits; a worker too slow to read its Redis subscription
is disconnected by Redis itself (`client-output-buffer-limit pubsub`), reconnects, and fills
the gap from the room's event log (hub.py). Nothing the room must keep lives only here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

Handler = Callable[[str, str], None]  # (channel, message) on the event loop


class Backplane(Protocol):
    url: str

    async def start(self, handler: Handler) -> None: ...
    async def stop(self) -> None: ...
    async def subscribe(self, channel: str) -> None: ...
    async def unsubscribe(self, channel: str) -> None: ...
    def publish(self, channel: str, message: str) -> None: ...


class MemoryBackplane:
    def __init__(self, url: str = "memory://") -> None:
        self.url = url
        self._loop: asyncio.AbstractEventLoop | None = None
        self._handler: Handler | None = None
        self._channels: set[str] = set()

    async def start(self, handler: Handler) -> None:
        self._loop, self._handler = asyncio.get_running_loop(), handler

    async def stop(self) -> None:
        self._loop = self._handler = None

    async def subscribe(self, channel: str) -> None:
        self._channels.add(channel)

    async def unsubscribe(self, channel: str) -> None:
        self._channels.discard(channel)

    def publish(self, channel: str, message: str) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return  # nobody in this process listens yet; the event is in the room's log
        try:
            if asyncio.get_running_loop() is loop:
                self._deliver(channel, message)
                return
        except RuntimeError:
            pass
        loop.call_soon_threadsafe(self._deliver, channel, message)

    def _deliver(self, channel: str, message: str) -> None:
        if self._handler is not None and channel in self._channels:
            self._handler(channel, message)


class RedisBackplane:
    RETRY_SECONDS = 1.0

    def __init__(self, url: str) -> None:
        import redis

        self.url = url
        self._publisher: Any = redis.Redis.from_url(url)
        self._channels: set[str] = set()
        self._handler: Handler | None = None
        self._pubsub: Any = None
        self._task: asyncio.Task[None] | None = None

    async def start(self, handler: Handler) -> None:
        self._handler = handler
        await self._connect()
        self._task = asyncio.get_running_loop().create_task(self._read())

    async def _connect(self) -> None:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(self.url)
        self._pubsub = client.pubsub(ignore_subscribe_messages=True)
        if self._channels:
            await self._pubsub.subscribe(*self._channels)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
        if self._pubsub is not None:
            await self._pubsub.aclose()

    async def subscribe(self, channel: str) -> None:
        await self._pubsub.subscribe(channel)
        self._channels.add(channel)

    async def unsubscribe(self, channel: str) -> None:
        self._channels.discard(channel)
        await self._pubsub.unsubscribe(channel)

    def publish(self, channel: str, message: str) -> None:
        self._publisher.publish(channel, message.encode())

    async def _read(self) -> None:
        while True:
            try:
                if not self._channels or not self._pubsub.subscribed:
                    await asyncio.sleep(0.05)
                    continue
                message = await self._pubsub.get_message(timeout=1.0)
                if message is not None and message["type"] == "message" and self._handler is not None:
                    channel = message["channel"]
                    self._handler(
                        channel.decode() if isinstance(channel, bytes) else channel, message["data"].decode()
                    )
            except asyncio.CancelledError:
                raise
            except Exception:
                # Lost Redis: reconnect and resubscribe; the hub fills any gap from the log.
                log.warning("live backplane: redis subscription lost, reconnecting", exc_info=True)
                await asyncio.sleep(self.RETRY_SECONDS)
                try:
                    await self._connect()
                except Exception:
                    log.warning("live backplane: reconnect failed", exc_info=True)


def build_backplane(url: str) -> Backplane:
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisBackplane(url)
    if url.startswith("memory://") or not url:
        return MemoryBackplane(url or "memory://")
    raise ValueError(f"unknown backplane URL scheme: {url!r}")
