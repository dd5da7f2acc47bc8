"""The per-process write gate: one writing transaction at a time, first come first served.

SQLite has one writer. `BEGIN IMMEDIATE` alone would serialise writers too, but a waiting writer
then sleeps in SQLite's busy handler (back-off steps up to 100 ms, no order) and gives up with
"database is locked" after the busy timeout — a 500. The gate makes the in-process wait a plain
FIFO hand-over with a bound: a writer that cannot have it in time gets `ServiceBusy` (503 with
Retry-After), and the database lock is then only ever contended across processes.

The gate is taken when a writing transaction begins (the engine's "begin" hook, before `BEGIN
IMMEDIATE`) and given back when it ends (commit, rollback, or the connection's return to the
pool), from whichever thread that happens on: a request's transaction may begin in one worker
thread and commit in another. It is never held across work that is not database work (password
hashing ends its transaction first; see `classroom.core.db`).
"""

from __future__ import annotations

import threading
from collections import deque


class WriteGate:
    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def acquire(self, timeout: float) -> bool:
        """True once the gate is ours; False after `timeout` seconds in the queue."""
        with self._mutex:
            if not self._held:
                self._held = True
                return True
            baton = threading.Lock()
            baton.acquire()
            self._waiters.append(baton)
        if baton.acquire(timeout=max(timeout, 0)):
            return True  # handed over by `release`
        with self._mutex:
            try:
                self._waiters.remove(baton)
            except ValueError:
                pass  # handed over just as the wait ran out: it is ours after all
            else:
                return False
        baton.acquire()
        return True

    def release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()  # hand over: the gate stays held
            else:
                self._held = False
