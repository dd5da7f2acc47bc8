"""The request's unit of work: admitted, one session, committed before the response is sent.

Order per request (each step waits without holding what the next one needs):
1. admission, awaited on the event loop (`classroom.core.admission`): at most
   `Capacity.requests` requests hold a session at once, fewer than there are pool threads and
   pooled connections, so no request holding a connection ever waits for a thread or the
   reverse; past the queue's bound the answer is 503 with Retry-After;
2. one session, read or write by the request (`writes`): a read never takes SQLite's write lock;
   a write takes the per-process write gate when its transaction begins (its first query), so
   work done before that — password hashing — holds neither the gate nor a transaction. A
   service that must do slow non-database work after it has read ends its transaction first
   (`session.commit()`: nothing is expired, the objects stay usable) and the next query
   begins a new one;
3. the route's dependencies and handler run in the thread pool, touching the session;
4. commit (or rollback on an error) and the domain events raised in the transaction, in a
   thread that does not queue for the pool (it holds a connection), before the response.

A read route whose handler touches no database — it answers from what its gate read, like
GET /me — is marked `ends_with_gate`: its session reads statement by statement, without a
transaction (`Database.session(per_statement=True)`: on PostgreSQL the gate's one look-up is
one round trip, not BEGIN + SELECT + COMMIT), and whatever it holds is released in the gate's
own thread, right after the check (`end_with_gate`), so the request pays no thread-pool hop to
end it afterwards. Should the handler query after all, it still works, each statement on its
own snapshot: slower, never wrong. Writes always end at step 4.

A request that then waits on its client for long — a tus PATCH receiving a large body — ends its
transaction and steps aside (`stepped_aside`): its admission slot goes back while the bytes
arrive, and it queues again before it touches the database once more.

A WebSocket handshake is a read unit that ends when the socket is accepted or refused
(`UnitOfWorkMiddleware`): the gate and the loaders run in it, and a socket that stays open for an
hour holds no session, connection or admission. Code that runs inside the socket afterwards
opens short sessions of its own (`app.state.db.session()`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import anyio
from fastapi import Depends
from sqlmodel import Session
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from classroom.core.events import discard_pending, flush_after_commit, has_pending

if TYPE_CHECKING:
    from classroom.core.admission import Admission
    from classroom.core.db import Database

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UNIT_KEY = "classroom.unit_of_work"
_AFTER_KEY = "classroom.after_unit"
_WRITES_ATTR = "_classroom_writes"
_ENDS_WITH_GATE_ATTR = "_classroom_ends_with_gate"

E = TypeVar("E", bound=Callable[..., Any])
_log = logging.getLogger(__name__)


def writes(endpoint: E) -> E:
    """Marks a route answering a safe method (GET) that must store something all the same,
    e.g. a QR check-in link opened from a phone camera. Its unit of work is a write."""
    setattr(endpoint, _WRITES_ATTR, True)
    return endpoint


def ends_with_gate(endpoint: E) -> E:
    """Marks a read route whose handler touches no database (see the module docstring)."""
    setattr(endpoint, _ENDS_WITH_GATE_ATTR, True)
    return endpoint


def _ends_with_gate(connection: HTTPConnection) -> bool:
    return bool(getattr(connection.scope.get("endpoint"), _ENDS_WITH_GATE_ATTR, False))


def end_with_gate(connection: HTTPConnection) -> None:
    """Called by the permission gate, in its worker thread, once the caller passed: ends the
    read transaction of a route marked `ends_with_gate` there and then. Anything else: nothing."""
    if not _ends_with_gate(connection):
        return
    unit: UnitOfWork | None = connection.scope.get(UNIT_KEY)
    if unit is not None and not unit.write:
        unit.end_transaction()


def is_write(connection: HTTPConnection) -> bool:
    scope = connection.scope
    if scope["type"] != "http":
        return False  # a WebSocket handshake only reads
    if scope.get("method") not in SAFE_METHODS:
        return True
    return bool(getattr(scope.get("endpoint"), _WRITES_ATTR, False))


class UnitOfWork:
    """One request's session and admission slot; `finish` ends both, once."""

    def __init__(
        self, session: Session, release: Callable[[], None], *, write: bool = True, inline_end: bool = False
    ) -> None:
        self.session = session
        self.write = write
        session.info[_AFTER_KEY] = []
        self._release = release
        self._finished = False
        self.inline_end = inline_end

    @asynccontextmanager
    async def stepped_aside(self, admission: Admission) -> AsyncIterator[None]:
        """Give the admission slot back for the block (the transaction must have ended: a slot
        is what guarantees a connection its thread), and wait for one again after it (503 past
        the queue's bound, like any request)."""
        if self.session.in_transaction():
            raise RuntimeError("end the transaction (session.commit()) before stepping aside")
        release, self._release = self._release, _nothing
        release()
        try:
            yield
        finally:
            self._release = await admission.enter()

    def end_transaction(self) -> None:
        """End a read unit's transaction now, in the calling (worker) thread: committed, closed,
        its deferred work run. The session stays usable: a later query begins a new transaction,
        which `finish` ends as usual."""
        if self.write:
            raise RuntimeError("a write unit of work ends once, when the request is done")
        _end(self.session, failed=False)
        self.session.info[_AFTER_KEY] = []

    async def finish(self, *, failed: bool = False) -> None:
        if self._finished:
            return
        self._finished = True
        session = self.session
        try:
            if not session.in_transaction() and not has_pending(session):
                session.close()  # never touched the database: nothing to end, no I/O
            elif self.inline_end and not has_pending(session) and not session.info.get(_AFTER_KEY):
                _end(session, failed)  # a read on SQLite: ending it is in-process bookkeeping
            else:
                # Shielded: a client that hangs up must not leave a transaction half-ended. A
                # limiter of its own: this thread holds a connection, so it must not queue.
                with anyio.CancelScope(shield=True):
                    await anyio.to_thread.run_sync(_end, session, failed, limiter=anyio.CapacityLimiter(1))
        finally:
            self._release()


def _nothing() -> None:
    pass


def after_unit(session: Session, work: Callable[[], None]) -> bool:
    """Run `work` once the request whose session this is has ended — committed or rolled back —
    and its write gate is free: for bookkeeping that must outlive a refusal (a fraud signal
    found while refusing a check-in), which a second write session opened inside the request
    would wait for behind the request's own write lock. False for a session that is no
    request's (a job, a script): the caller does the work at once."""
    pending: list[Callable[[], None]] | None = session.info.get(_AFTER_KEY)
    if pending is None:
        return False
    pending.append(work)
    return True


def stepped_aside(connection: HTTPConnection) -> Any:
    """The request's `UnitOfWork.stepped_aside` (an async context manager)."""
    unit: UnitOfWork = connection.scope[UNIT_KEY]
    return unit.stepped_aside(connection.app.state.admission)


def _end(session: Session, failed: bool) -> None:
    after: list[Callable[[], None]] = session.info.pop(_AFTER_KEY, None) or []
    try:
        if failed:
            session.rollback()
            discard_pending(session)
        else:
            try:
                session.commit()
            except BaseException:
                discard_pending(session)
                raise
            flush_after_commit(session)
    finally:
        session.close()
        for work in after:
            try:
                work()
            except Exception:
                _log.exception("work deferred to the end of a request failed")


async def get_db(request: HTTPConnection) -> AsyncIterator[Session]:
    """The request's session (see the module docstring). Nothing survives an error: bookkeeping
    that must outlive a refusal (a counted failed sign-in) is written in its own short
    transaction by the service that keeps it."""
    db: Database = request.app.state.db
    admission: Admission = request.app.state.admission
    release = await admission.enter()
    try:
        write = is_write(request)
        unit = UnitOfWork(
            db.session(write=write, per_statement=not write and _ends_with_gate(request)),
            release,
            write=write,
            inline_end=not write and db.dialect == "sqlite",
        )
    except BaseException:
        release()
        raise
    request.scope[UNIT_KEY] = unit
    try:
        yield unit.session
    except BaseException:
        await unit.finish(failed=True)
        raise
    else:
        await unit.finish()


# "function" scope commits before the response is sent, so a 2xx always means stored.
DbSession = Annotated[Session, Depends(get_db, scope="function")]


class UnitOfWorkMiddleware:
    """Ends a WebSocket handshake's unit of work when the socket is accepted or refused (pure
    ASGI: HTTP requests pass straight through)."""

    _ENDS_HANDSHAKE = frozenset({"websocket.accept", "websocket.close", "websocket.http.response.start"})

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            unit: UnitOfWork | None = scope.get(UNIT_KEY)
            if unit is not None and message["type"] in self._ENDS_HANDSHAKE:
                await unit.finish()
            await send(message)

        await self.app(scope, receive, sending)
