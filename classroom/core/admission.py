"""Admission: how many requests may use the database at once, awaited on the event loop.

Why: a sync route runs in several thread-pool hops (the gate's sign-in lookup, the path loaders,
the handler, the response check), and its database session stays open from the first hop to
the commit. If every pool thread is taken by requests waiting for a connection, the requests
holding the connections wait for a thread that never comes (PostgreSQL stalled this way at 200
clients; SQLite added its write lock to the knot). Admission bounds the requests inside that
window below both the thread pool and the connection pool (`Capacity`), so a request that holds
a connection always finds a thread and a request that holds a thread always finds a connection.
Everyone else waits here, as a cheap coroutine, in arrival order.

The wait is bounded (`request_queue_seconds`): past it the request is refused with 503 and a
Retry-After, in the caller's language — an explicit overload answer instead of a stall or a 500.

asyncio primitives belong to one event loop. A server process runs one loop, so there is one
semaphore per process in production; the TestClient starts a loop per request, and each loop gets
its own (tests that race requests prove the database's own guarantees, not this bound).
"""

from __future__ import annotations

import asyncio
import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from classroom.core.errors import ClassroomError


class ServiceBusy(ClassroomError):
    """The server is at capacity: try again shortly (503 with Retry-After)."""

    status, code, message_key = 503, "busy", "error.busy"

    def __init__(self, retry_after: float = 1) -> None:
        seconds = max(1, math.ceil(retry_after))
        super().__init__(params={"seconds": seconds}, headers={"Retry-After": str(seconds)})


@dataclass(frozen=True)
class Capacity:
    """Sizes that must agree with each other (see the module docstring).

    requests: requests using the database at once (admission);
    threads: the worker thread pool — the admitted requests plus room for work outside
      admission (static files, health checks, form parsing), so an admitted request never
      waits long for a thread;
    connections: pooled connections — two per admitted request (a sign-in's short sessions
      of its own beside the request's) plus the process's background work (job threads, the
      periodic loop, health checks).
    """

    requests: int
    threads: int
    connections: int
    queue_seconds: float
    write_wait_seconds: float

    @classmethod
    def plan(
        cls, requests: int, background: int, queue_seconds: float, write_wait_seconds: float
    ) -> Capacity:
        requests = max(1, requests)
        return cls(
            requests=requests,
            threads=max(40, requests + 24),
            connections=2 * requests + background + 4,
            queue_seconds=queue_seconds,
            write_wait_seconds=write_wait_seconds,
        )


class Admission:
    def __init__(self, capacity: Capacity) -> None:
        self.capacity = capacity
        self._semaphores: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def _semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        semaphore = self._semaphores.get(loop)
        if semaphore is None:
            semaphore = self._semaphores[loop] = asyncio.Semaphore(self.capacity.requests)
        return semaphore

    async def enter(self) -> Callable[[], None]:
        """Wait for a slot (bounded); returns the function that gives it back."""
        semaphore = self._semaphore()
        if not semaphore.locked():
            # A free slot and nobody queued before us: taken at once, no timer to arm.
            await semaphore.acquire()
            return semaphore.release
        try:
            async with asyncio.timeout(self.capacity.queue_seconds):
                await semaphore.acquire()
        except TimeoutError:
            raise ServiceBusy(retry_after=min(self.capacity.queue_seconds, 5)) from None
        return semaphore.release
