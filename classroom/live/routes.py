"""WebSocket `/ws/lessons/{lesson_id}` (protocol v1, PROTOCOL.md) and the presence log API.

The gate, the lesson loader and the door's decision run before the upgrade: whoever may not
enter gets an HTTP answer (401/403/404/409) and never an open socket. The join is stored (the
presence log) before the first message is sent."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from collections.abc import AsyncIterator, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, WebSocket
from pydantic import ValidationError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from classroom.core import i18n
from classroom.core.db import DbSession
from classroom.core.errors import ClassroomError
from classroom.core.tenancy import Principal
from classroom.live.auth import Attendee, EvidenceReader, LiveLessonRef, same_origin
from classroom.live.evidence import lesson_presence
from classroom.live.hub import Member
from classroom.live.runtime import LiveRuntime, runtime_of
from classroom.live.schemas import CLIENT_MESSAGE, Leave
from classroom.live.service import Welcome
from classroom.live.transport import FanoutProtocol, FrameSink, detachable, sink_for, text_frame

log = logging.getLogger(__name__)
router = APIRouter(tags=["live"])
socket_router = APIRouter()


class Slot:
    """One of the few handshakes allowed to hold a request session at a time.

    The gate and the loader read through the request session, which on SQLite holds the
    write lock from its first read until it is let go (`_release`), and every step of a
    handshake waits for a thread of the shared pool. A thousand sockets arriving at once would
    fill the pool with handshakes waiting for the lock while the one holding it waits for a
    thread: so only `HANDSHAKES` at a time get this far."""

    __slots__ = ("held", "semaphore")

    def __init__(self, semaphore: asyncio.Semaphore) -> None:
        self.semaphore, self.held = semaphore, True

    def release(self) -> None:
        if self.held:
            self.held = False
            self.semaphore.release()


async def handshake_slot(websocket: WebSocket) -> AsyncIterator[Slot]:
    semaphore = runtime_of(websocket.app).handshakes
    await semaphore.acquire()
    slot = Slot(semaphore)
    try:
        yield slot
    finally:
        slot.release()


def _release(session: Session) -> None:
    """The handshake's request session must not stay open for the socket's lifetime (on
    SQLite it would hold the write lock): what the gate read is committed and let go."""
    session.commit()
    session.close()


def _reply(ref: str | None, error: ClassroomError | None, lang: str) -> str:
    if error is None:
        return json.dumps({"type": "ok", "ref": ref})
    body: dict[str, Any] = {
        "type": "error",
        "ref": ref,
        "code": error.code,
        "status": error.status,
        "message": error.message(lang),
    }
    if "Retry-After" in error.headers:
        body["retry_after"] = int(error.headers["Retry-After"])
    return json.dumps(body, ensure_ascii=False)


@socket_router.websocket(
    "/ws/lessons/{lesson_id}", dependencies=[Depends(handshake_slot), Depends(same_origin)]
)
async def live_socket(
    websocket: WebSocket,
    slot: Annotated[Slot, Depends(handshake_slot)],
    principal: Attendee,
    lesson: LiveLessonRef,
    session: DbSession,
    last_event_id: Annotated[int | None, Query(ge=0)] = None,
    device_id: Annotated[str | None, Query(max_length=64)] = None,
) -> None:
    live = runtime_of(websocket.app)
    try:
        await run_in_threadpool(_release, session)
        ip = websocket.client.host if websocket.client else None
        welcome = await asyncio.to_thread(
            live.services.enter, principal, lesson.id, last_event_id=last_event_id, ip=ip, device_id=device_id
        )
    finally:
        slot.release()
    await websocket.accept()

    async def close(code: int, reason: str) -> None:
        await websocket.close(code, reason)

    sink = sink_for(
        websocket.scope,
        websocket.send_text,
        close,
        limit_bytes=live.settings.send_buffer_bytes,
        limit_frames=live.settings.send_queue_frames,
    )
    member = await live.hub.attach(welcome, sink)
    lang = principal.locale if principal.locale in i18n.SUPPORTED else i18n.DEFAULT
    attendance = Attendance(live, principal, welcome, member, sink, lang)
    protocol = detachable(websocket.scope)
    if protocol is not None:
        # Under `classroom serve` the request's call ends here and the socket lives on in the
        # protocol: an idle participant costs no coroutine (see FanoutProtocol.detach).
        attendance.protocol = protocol
        protocol.detach(attendance.on_event)
        return
    try:
        while await attendance.handle(await websocket.receive()):
            pass
    finally:
        await attendance.finish()


class Attendance:
    """One participant's open socket: their commands in order, and what their leaving means."""

    __slots__ = (
        "busy",
        "done",
        "lang",
        "left",
        "live",
        "member",
        "pending",
        "principal",
        "protocol",
        "sink",
        "welcome",
    )

    def __init__(
        self,
        live: LiveRuntime,
        principal: Principal,
        welcome: Welcome,
        member: Member,
        sink: FrameSink,
        lang: str,
    ) -> None:
        self.live, self.principal, self.welcome, self.member = live, principal, welcome, member
        self.sink, self.lang = sink, lang
        self.left = self.busy = self.done = False
        self.pending: deque[Mapping[str, Any]] | None = None
        self.protocol: FanoutProtocol | None = None

    async def handle(self, message: Mapping[str, Any]) -> bool:
        """Carry out one incoming event; False once the connection is over."""
        if message["type"] == "websocket.disconnect":
            return False
        ref, error = None, None
        try:
            raw = json.loads(message.get("text") or message.get("bytes") or b"")
            ref = raw.get("ref") if isinstance(raw, dict) else None
            command = CLIENT_MESSAGE.validate_python(raw)
            await asyncio.to_thread(
                self.live.services.perform, self.principal, self.welcome.connection_id, command
            )
            self.left = isinstance(command, Leave)
        except (ValueError, ValidationError):
            error = ClassroomError("live.bad_message", code="live_bad_message", status=400)
        except ClassroomError as refused:
            error = refused
        text = _reply(ref if isinstance(ref, str) else None, error, self.lang)
        self.sink.write(text_frame(text.encode()), text)
        if self.left:
            self.sink.close(1000, "left")
        return not self.left

    async def finish(self) -> None:
        await self.live.hub.detach(self.member, self.welcome)
        stop = getattr(self.sink, "stop", None)
        if stop is not None and self.left:
            stop()
        if self.welcome.connection_id is not None and not self.left:
            try:
                await asyncio.to_thread(self.live.services.lose, self.welcome.connection_id)
            except Exception:
                log.exception("live: recording a lost connection failed")

    # --- a detached connection: events arrive from the protocol, on the event loop ----------

    def on_event(self, message: Mapping[str, Any]) -> None:
        if self.done:
            return
        if self.pending is None:
            self.pending = deque()
        self.pending.append(message)
        if not self.busy:
            self.busy = True
            assert self.protocol is not None
            self.protocol.track(asyncio.get_running_loop().create_task(self._drain()))

    async def _drain(self) -> None:
        """The connection's events one after another (a command is done before the next is
        read: the protocol keeps reading paused meanwhile, as a `receive()` loop would)."""
        assert self.protocol is not None and self.pending is not None
        try:
            while self.pending:
                message = self.pending.popleft()
                try:
                    going_on = await self.handle(message)
                except Exception:
                    log.exception("live: a command failed")
                    self.sink.close(1011, "error")
                    going_on = False
                if not going_on:
                    self.done = True
                    self.pending = None
                    await self.finish()
                    return
            self.pending = None
            self.protocol.resume_reading()
        finally:
            self.busy = False


@router.get("/api/v1/lessons/{lesson_id}/live/presence")
def presence_log(
    session: DbSession, principal: EvidenceReader, lesson: LiveLessonRef
) -> list[dict[str, Any]]:
    """The lesson's presence log and attendance-check outcomes, in the events' payload shape."""
    return lesson_presence(session, principal, lesson)
