"""Client load for bench/live_fanout.py: many WebSocket connections in one process, lean.

A real client library would spend more CPU per frame than the servers under test, so the load
is a bare asyncio protocol per connection: an HTTP upgrade, then frames counted as they arrive.
A sender embeds `bench|<phase>|<monotonic send time>|` in each message; receivers find it in the
frame (the bare server forwards it as sent, the classroom room inside its chat JSON) and record
the delivery latency (time.monotonic is system-wide on Linux, so processes compare).
"""

from __future__ import annotations

import asyncio
import base64
import os
import struct
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

MARK = b"bench|"


def masked_frame(opcode: int, payload: bytes) -> bytes:
    """A client frame (clients must mask, RFC 6455 §5.3)."""
    key = os.urandom(4)
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
    full = (key * (size // 4 + 1))[:size]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(full, "big")).to_bytes(size, "big")
    return header + key + masked


def upgrade_request(host: str, port: int, path: str, headers: dict[str, str]) -> bytes:
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


@dataclass
class Stats:
    phase: str = ""
    frames: int = 0
    latencies: list[float] = field(default_factory=list)
    closes: list[int] = field(default_factory=list)
    last_at: float = 0.0


class Receiver(asyncio.Protocol):
    __slots__ = ("buffer", "opened", "request", "stats", "transport", "upgraded")

    def __init__(self, stats: Stats, request: bytes, opened: asyncio.Future[int]) -> None:
        self.stats, self.request, self.opened = stats, request, opened
        self.buffer = b""
        self.upgraded = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        transport.write(self.request)  # type: ignore[attr-defined]

    def connection_lost(self, exc: Exception | None) -> None:
        # A server that drops the connection before answering the upgrade (overload, a crash)
        # is a refusal, not a handshake to wait for until the timeout.
        if not self.opened.done():
            self.opened.set_result(0)

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buffer = self.buffer + data if self.buffer else data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                self.buffer = buffer
                return
            status = int(buffer[9:12])
            if not self.opened.done():
                self.opened.set_result(status)
            if status != 101:
                self.transport.close()
                return
            self.upgraded = True
            buffer = buffer[end + 4 :]
        stats, start, size = self.stats, 0, len(buffer)
        phase = stats.phase.encode()
        while size - start >= 2:
            opcode = buffer[start] & 0x0F
            length = buffer[start + 1] & 0x7F
            head = 2
            if length == 126:
                if size - start < 4:
                    break
                length = int.from_bytes(buffer[start + 2 : start + 4], "big")
                head = 4
            elif length == 127:
                if size - start < 10:
                    break
                length = int.from_bytes(buffer[start + 2 : start + 10], "big")
                head = 10
            if size - start < head + length:
                break
            body_at = start + head
            start = body_at + length
            if opcode == 1:
                mark = buffer.find(MARK, body_at, start)
                if mark >= 0:
                    parts = buffer[mark + 6 : start].split(b"|", 2)
                    if parts[0] == phase:
                        stats.frames += 1
                        stats.latencies.append(now - float(parts[1]))
                        stats.last_at = now
            elif opcode == 9:
                self.transport.write(masked_frame(0xA, bytes(buffer[body_at:start])))
            elif opcode == 8:
                code = int.from_bytes(buffer[body_at : body_at + 2], "big") if length >= 2 else 1005
                stats.closes.append(code)
        self.buffer = buffer[start:] if start < size else b""


async def _open(host: str, port: int, path: str, headers: dict[str, str], stats: Stats) -> int:
    loop = asyncio.get_running_loop()
    opened: asyncio.Future[int] = loop.create_future()
    request = upgrade_request(host, port, path, headers)
    await loop.create_connection(lambda: Receiver(stats, request, opened), host, port)
    return await asyncio.wait_for(opened, 600)


async def _serve_commands(pipe: Connection) -> None:
    loop = asyncio.get_running_loop()
    stats = Stats()
    while True:
        command, arg = await loop.run_in_executor(None, pipe.recv)
        if command == "connect":
            host, port, targets, parallel = arg
            gate = asyncio.Semaphore(parallel)

            async def one(
                path: str,
                headers: dict[str, str],
                gate: asyncio.Semaphore = gate,
                host: str = host,
                port: int = port,
            ) -> int:
                async with gate:
                    try:
                        return await _open(host, port, path, headers, stats)
                    except (OSError, TimeoutError):
                        return 0

            statuses = await asyncio.gather(*(one(p, h) for p, h in targets))
            pipe.send(statuses)
        elif command == "phase":
            stats.phase, stats.frames, stats.latencies, stats.last_at = arg, 0, [], 0.0
            pipe.send(True)
        elif command == "report":
            pipe.send((stats.frames, stats.latencies, stats.last_at, list(stats.closes)))
        elif command == "stop":
            pipe.send(True)
            return


def client_process(pipe: Connection, cpu: int | None) -> None:
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover
        pass
    asyncio.run(_serve_commands(pipe))


async def _send_phase(
    host: str, port: int, path: str, headers: dict[str, str], plan: tuple
) -> tuple[int, float]:
    """One sender connection: `plan` is (phase, rate per second or 0 for flat out, count, wrap)."""
    phase, rate, count, wrap = plan
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(upgrade_request(host, port, path, headers))
    head = await reader.readuntil(b"\r\n\r\n")
    if int(head[9:12]) != 101:
        raise RuntimeError(f"sender refused: {head[:40]!r}")

    async def discard() -> None:
        while await reader.read(1 << 16):
            pass

    drain = asyncio.create_task(discard())
    began = time.monotonic()
    pad = "x" * 120
    for n in range(count):
        if rate:
            due = began + n / rate
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        text = f"bench|{phase}|{time.monotonic():.6f}|{n}|{pad}"
        writer.write(masked_frame(1, wrap(text).encode()))
        if not rate and n % 16 == 15:
            await writer.drain()
    await writer.drain()
    spent = time.monotonic() - began
    await asyncio.sleep(0.2)
    drain.cancel()
    writer.close()
    return count, spent
