"""One tus PATCH's bytes on their way to the object store, received while earlier ones are hashed
and written (`content.tus`).

The event loop copies each piece of the request body into a buffer of `BATCH` bytes; a full
buffer goes to two lanes that run on worker threads at the same time — one updates the running
hashes (SHA-256 of the object, the request's Upload-Checksum), the other hands the bytes to the
store's `PartWriter` — each lane taking the buffers in order, one at a time, while the loop goes
on receiving into the next buffer. hashlib and file writes release the GIL, so receiving,
hashing and writing overlap; before, the loop waited for each batch's hash and write before it
read on, and the three added up.

Memory stays bounded: at most `DEPTH` buffers per PATCH, and when all are in the lanes the loop
waits (and uvicorn stops reading the socket, so the client waits too). The buffers are anonymous
memory maps, page-aligned, laid out so that the store can write them with O_DIRECT
(`PartWriter.alignment`); they are unmapped when the PATCH ends. Lane work runs under a limiter
of its own (`INTAKE_THREADS` per process), apart from the thread pool that admitted requests
count on (`classroom.core.admission`): uploads step aside from admission while their bytes flow.
"""

from __future__ import annotations

import asyncio
import contextlib
import mmap
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

import anyio
import anyio.to_thread

from content.storage import PartWriter

BATCH = 4 * 1024 * 1024
DEPTH = 4
INTAKE_THREADS = 8

_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def _limiter() -> anyio.CapacityLimiter:
    """The process's lane limiter; asyncio primitives belong to one loop (tests start several)."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(INTAKE_THREADS)
    return limiter


class _Buffer:
    __slots__ = ("begin", "fill", "lanes", "memory")

    def __init__(self) -> None:
        self.memory = mmap.mmap(-1, BATCH)
        self.begin = self.fill = 0
        self.lanes = 0  # lanes still to take it


class _Lane:
    """One kind of work on the buffers, in their order, one buffer at a time on a worker thread."""

    def __init__(self, intake: Intake, work: Callable[[memoryview], None]) -> None:
        self.intake, self.work = intake, work
        self.queue: deque[_Buffer] = deque()
        self.task: asyncio.Task[None] | None = None

    def push(self, buffer: _Buffer) -> None:
        self.queue.append(buffer)
        if self.task is None:
            self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        try:
            while self.queue:
                buffer = self.queue.popleft()
                try:
                    if self.intake.failure is None and not self.intake.dropped:
                        with memoryview(buffer.memory)[buffer.begin : buffer.fill] as view:
                            await anyio.to_thread.run_sync(self.work, view, limiter=_limiter())
                except BaseException as exc:  # handed to the request by the next add/finish
                    if self.intake.failure is None:
                        self.intake.failure = exc
                finally:
                    self.intake.done(buffer)
        finally:
            self.task = None

    async def idle(self) -> None:
        while self.task is not None:
            await asyncio.shield(self.task)


class Intake:
    """Receives one PATCH's bytes (`add`), then `finish` (all hashed and written) or `abort`."""

    def __init__(self, writer: PartWriter, digests: list[Any]) -> None:
        self.writer = writer
        self.digests = digests
        self.received = 0  # bytes taken by `add`
        self.written = 0  # bytes hashed and written (all of `received` once `finish` returns)
        self.failure: BaseException | None = None
        self.dropped = False
        self._lanes = (_Lane(self, self._hash), _Lane(self, writer.write))
        self._spare: list[_Buffer] = []
        self._made = 0
        self._freed = asyncio.Event()
        self._current: _Buffer | None = None
        # The first bytes go where they make the rest of the buffer start at aligned offsets.
        self._lead = writer.start % writer.alignment if writer.alignment <= mmap.PAGESIZE else 0

    def _hash(self, view: memoryview) -> None:
        for digest in self.digests:
            digest.update(view)

    async def add(self, data: bytes) -> None:
        self._check()
        self.received += len(data)
        source = memoryview(data)
        while source:
            buffer = self._current or await self._take()
            room = BATCH - buffer.fill
            piece = source[:room]
            buffer.memory[buffer.fill : buffer.fill + len(piece)] = piece
            buffer.fill += len(piece)
            source = source[len(piece) :]
            if buffer.fill == BATCH:
                self._send(buffer)

    async def _take(self) -> _Buffer:
        while not self._spare and self._made >= DEPTH:
            self._freed.clear()
            await self._freed.wait()
            self._check()
        buffer = self._spare.pop() if self._spare else self._new()
        buffer.begin = buffer.fill = self._lead
        self._lead = 0
        self._current = buffer
        return buffer

    def _new(self) -> _Buffer:
        self._made += 1
        return _Buffer()

    def _send(self, buffer: _Buffer) -> None:
        self._current = None
        buffer.lanes = len(self._lanes)
        for lane in self._lanes:
            lane.push(buffer)

    def done(self, buffer: _Buffer) -> None:
        """A lane is through with `buffer` (called on the loop)."""
        buffer.lanes -= 1
        if buffer.lanes == 0:
            if self.failure is None and not self.dropped:
                self.written += buffer.fill - buffer.begin
            self._spare.append(buffer)
            self._freed.set()

    def _check(self) -> None:
        if self.failure is not None:
            raise self.failure

    async def finish(self) -> None:
        """Hash and write what is left; raises what a lane failed with."""
        if self._current is not None and self._current.fill > self._current.begin:
            self._send(self._current)
        await self._idle()
        self._release()
        self._check()

    async def abort(self) -> None:
        """Drop what was not written yet and forget what this request wrote."""
        self.dropped = True
        await self._idle()
        self._release()
        await anyio.to_thread.run_sync(self.writer.abort, limiter=_limiter())

    async def _idle(self) -> None:
        # Shielded: a lane's thread may still be writing; the writer is closed only after it.
        with anyio.CancelScope(shield=True):
            for lane in self._lanes:
                await lane.idle()

    def _release(self) -> None:
        buffers = [*self._spare, *([self._current] if self._current is not None else [])]
        self._spare.clear()
        self._current = None
        for buffer in buffers:
            # A failure's traceback may still view one: it is unmapped with the traceback then.
            with contextlib.suppress(BufferError):
                buffer.memory.close()
