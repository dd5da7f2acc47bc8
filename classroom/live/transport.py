"""The room's write path to a socket: pre-encoded frames written straight to the transport.

A room event is encoded once (JSON, then one unmasked WebSocket text frame: a server's frames
are byte-identical for every connection when no per-message compression is negotiated), and
the fan-out writes those bytes to each connection's transport without awaiting anything. The
transport's write buffer *is* the connection's bounded send queue: a connection whose buffer
holds more than `limit` bytes is not waited for; it is closed with `SLOW` (4000, "reconnect and
resume") and the room goes on.

uvicorn's ASGI interface has no such write, so `FanoutProtocol` (uvicorn's sans-I/O websockets
protocol, selected by `classroom serve` with `ws=...`) offers one as the ASGI scope extension
`classroom.frames`. Under any other server (the test client, another ASGI server) the
extension is absent and `QueuedWriter` keeps the same contract with a bounded queue and a
writer task per connection (slower: bench/live_fanout.py has the figures).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
import socket
import struct
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Protocol

from uvicorn.protocols.utils import ClientDisconnected
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

log = logging.getLogger(__name__)

EXTENSION = "classroom.frames"
# Close codes of the live protocol (PROTOCOL.md): 4000-4999 are the application's own.
SLOW = 4000  # fell behind: reconnect and resume with last_event_id
REPLACED = 4001  # the same person opened the room elsewhere: do not reconnect automatically
REMOVED = 4003  # removed by the instructor: do not reconnect
ENDED = 4004  # the lesson ended: reconnect only to read
# After a close frame is queued behind a backlog the peer may never read: stop waiting then.
ABORT_AFTER_SECONDS = 5.0


def text_frame(payload: bytes) -> bytes:
    """One final, unmasked text frame (RFC 6455 §5.2) carrying `payload` (UTF-8)."""
    size = len(payload)
    if size < 126:
        return bytes((0x81, size)) + payload
    if size < 1 << 16:
        return struct.pack("!BBH", 0x81, 126, size) + payload
    return struct.pack("!BBQ", 0x81, 127, size) + payload


class FrameSink(Protocol):
    """What the hub needs of a connection's outbound side."""

    def write(self, frame: bytes, text: str) -> bool:
        """Queue one event; False when the connection is gone or has just been dropped as slow."""

    def close(self, code: int, reason: str = "") -> None: ...


class _Handoff:
    """Stands in for the protocol's ASGI receive queue once the connection is detached: each
    incoming event goes straight to the room's handler instead of waiting for a `receive()`."""

    __slots__ = ("handler",)

    def __init__(self, handler: Callable[[dict[str, Any]], None]) -> None:
        self.handler = handler

    def put_nowait(self, message: dict[str, Any]) -> None:
        self.handler(message)

    def empty(self) -> bool:
        return True


class FanoutProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets protocol plus the `classroom.frames` extension (see the module).

    The kernel's send buffer of a room socket is fixed (`KERNEL_SEND_BUFFER`) rather than left
    to autotuning, which would let a client that stopped reading park megabytes in the kernel
    before the room notices: the bound on what one connection may hold is the kernel buffer
    plus `CLASSROOM_LIVE_SEND_BUFFER_BYTES`."""

    KERNEL_SEND_BUFFER = int(os.environ.get("CLASSROOM_LIVE_KERNEL_SEND_BUFFER", 64 * 1024))

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        if sock is not None and self.KERNEL_SEND_BUFFER > 0:
            with contextlib.suppress(OSError):  # not a TCP socket (a test transport): nothing to bound
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.KERNEL_SEND_BUFFER)

    def start_keepalive(self) -> None:
        # Called from the ASGI call (at `websocket.accept`): the first ping's timer would carry
        # a copy of the request's context (and what it refers to) for 20 s; an empty one.
        contextvars.Context().run(super().start_keepalive)

    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        if scope is not None and not self.close_sent:
            # The ASGI task was created but has not run yet: it sees the extension.
            scope["extensions"][EXTENSION] = {"protocol": self}

    def detach(self, handler: Callable[[dict[str, Any]], None]) -> None:
        """Let the ASGI call return while the socket stays open: from now on every incoming
        event (`websocket.receive`, `websocket.disconnect`) is handed to `handler` on the event
        loop, and reading stays paused after each message until `resume_reading` is called.

        An idle room connection then holds no coroutine at all — no ASGI middleware frames, no
        suspended dependencies, no request session — only this protocol and the room's own
        small objects (bench/live_fanout.py measures memory per idle connection)."""
        queued = self.queue
        self.queue = _Handoff(handler)  # type: ignore[assignment]
        while not queued.empty():
            handler(queued.get_nowait())  # type: ignore[arg-type]

    @property
    def detached(self) -> bool:
        return isinstance(self.queue, _Handoff)

    def resume_reading(self) -> None:
        if self.read_paused and not self.transport.is_closing():
            self.read_paused = False
            self.transport.resume_reading()

    def track(self, task: asyncio.Task[None]) -> None:
        """A task of a detached connection that the server's shutdown must wait for."""
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def run_asgi(self) -> None:
        """As uvicorn's, except that an ASGI call returning after `detach` leaves the socket open."""
        try:
            await self.app(self.scope, self.receive, self.send)
        except ClientDisconnected:
            pass
        except BaseException:
            self.logger.exception("Exception in ASGI application\n")
            self.send_500_response()
        else:
            if not self.handshake_complete:
                self.logger.error("ASGI callable returned without completing handshake.")
                self.send_500_response()
        if self.detached:
            self._forget_request()
        elif self.close_timer is None:
            self.transport.close()

    def _forget_request(self) -> None:
        """A detached connection no longer needs its handshake: the scope (which the framework
        filled with the request's unit of work, session, user, exit stacks…), the parsed request
        and the response headers would otherwise stay with every idle socket."""
        self.scope = {  # type: ignore[typeddict-item]
            "type": "websocket",
            "path": self.scope["path"],
            "client": self.scope.get("client"),
            "extensions": {},
        }
        # websockets' parser generator still refers to the handshake's request from its frame
        # (`ServerProtocol.parse` delegates to the frame parser without returning): its
        # headers, the bulk of it, are emptied since nothing reads them any more.
        self.request.headers.clear()
        self.request = self.response = None  # type: ignore[assignment]

    def write_frame(self, frame: bytes) -> bool:
        if self.close_sent or self.disconnected or self.transport.is_closing():
            return False
        self.transport.write(frame)
        return True

    def buffered(self) -> int:
        return int(self.transport.get_write_buffer_size())

    def drop(self, code: int, reason: str) -> None:
        """Close without waiting for the write buffer to drain (the ASGI close would wait)."""
        if self.close_sent or self.disconnected or self.transport.is_closing():
            return
        self.queue.put_nowait({"type": "websocket.disconnect", "code": code, "reason": reason})
        self.conn.send_close(code, reason)
        self.transport.write(b"".join(self.conn.data_to_send()))
        self.close_sent = True
        if self.read_paused:
            self.read_paused = False
            self.transport.resume_reading()
        self.close_timer = self.loop.call_later(ABORT_AFTER_SECONDS, self.transport.abort)


class DirectWriter:
    """FrameSink over `FanoutProtocol`: synchronous writes, bounded by the transport buffer."""

    __slots__ = ("limit", "protocol")

    def __init__(self, protocol: FanoutProtocol, limit: int) -> None:
        self.protocol = protocol
        self.limit = limit

    def write(self, frame: bytes, text: str) -> bool:
        protocol = self.protocol
        if protocol.transport.get_write_buffer_size() > self.limit:
            protocol.drop(SLOW, "slow")
            return False
        return protocol.write_frame(frame)

    def close(self, code: int, reason: str = "") -> None:
        self.protocol.drop(code, reason)


class QueuedWriter:
    """FrameSink for servers without the extension: a bounded queue drained by one task."""

    __slots__ = ("_close", "_pending", "_send", "_task", "_wake", "closed", "limit")

    def __init__(
        self,
        send: Callable[[str], Awaitable[None]],
        close: Callable[[int, str], Awaitable[None]],
        limit: int,
    ) -> None:
        self._send, self._close, self.limit = send, close, limit
        self._pending: deque[str] = deque()
        self._wake = asyncio.Event()
        self.closed = False
        self._task = asyncio.get_running_loop().create_task(self._drain())

    def write(self, frame: bytes, text: str) -> bool:
        if self.closed:
            return False
        if len(self._pending) >= self.limit:
            self.close(SLOW, "slow")
            return False
        self._pending.append(text)
        self._wake.set()
        return True

    def close(self, code: int, reason: str = "") -> None:
        if self.closed:
            return
        self.closed = True
        self._pending.clear()
        self._task.cancel()
        asyncio.get_running_loop().create_task(self._quietly(self._close(code, reason)))

    async def _drain(self) -> None:
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._pending:
                    await self._send(self._pending.popleft())
        except asyncio.CancelledError:
            raise
        except Exception:  # the peer went away; the receive side reports it
            self.closed = True

    @staticmethod
    async def _quietly(awaitable: Awaitable[None]) -> None:
        try:
            await awaitable
        except Exception:
            log.debug("close after drop failed", exc_info=True)

    def stop(self) -> None:
        self.closed = True
        self._task.cancel()


def detachable(scope: MutableMapping[str, Any]) -> FanoutProtocol | None:
    """The connection's protocol when it can carry on without the ASGI call (see `detach`)."""
    extension = scope.get("extensions", {}).get(EXTENSION)
    return None if extension is None else extension["protocol"]


def sink_for(
    scope: MutableMapping[str, Any],
    send: Callable[[str], Awaitable[None]],
    close: Callable[[int, str], Awaitable[None]],
    *,
    limit_bytes: int,
    limit_frames: int,
) -> FrameSink:
    extension = scope.get("extensions", {}).get(EXTENSION)
    if extension is not None:
        return DirectWriter(extension["protocol"], limit_bytes)
    return QueuedWriter(send, close, limit_frames)
