"""The streaming fast path: `GET|HEAD /api/v1/contents/{id}/stream` answered in front of the
framework, with a short-lived cache of "this credential may read this content".

A video player asks for many ranges in a row; passing each one through the whole middleware
stack, the dependency graph and three queries costs more than sending the megabyte itself
(bench/streaming.py measures it). This ASGI layer, put in front of the framework by the
package's `wire` (`classroom.core.front`), answers such requests itself when it can, security
headers included:
- it needs a credential (bearer token or session cookie) and asks the very functions the stream
  route uses — `resolve_principal`, the `CONTENT_READ` permission, `access.get_item` and the
  item's current version — once per credential and item, on a worker thread, in a read-only
  session (on SQLite it never takes the write gate) admitted like any request (the check holds a
  pooled connection and a thread; see `classroom.core.admission`); the answer (a
  `delivery.Grant`) is kept for `grant_cache_seconds` (10 s by default);
- anything else — no credential, a refusal of any kind, an error, a server too busy to admit
  the check — passes the request on unchanged to the app, whose route answers it (401/403/404
  rendered as usual, 503 with Retry-After when still busy); so does a failure before the first
  byte of the answer (a file gone missing), which the app then reports as it does any error.
Sending the bytes holds no admission slot and no session: a slow player on a phone does not
keep anyone else out.
A change to an item (new version, deletion, purge) drops its cached grants in this process at
once; other processes see it within the cache time, the same bound applies to a sign-out or an
enrolment ending. nginx's grants (`content.grants`) count from the same check, so they
keep that bound.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections import OrderedDict
from typing import Any

from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from classroom.accounts.auth import resolve_principal
from classroom.core.admission import Admission, ServiceBusy
from classroom.core.permissions import Permission
from classroom.core.security import SESSION_COOKIE
from content import access, items
from content.delivery import Grant, deliver

log = logging.getLogger(__name__)

PATH = re.compile(
    r"^/api/v1/contents/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/stream$", re.I
)
MAX_GRANTS = 10_000


class GrantCache:
    """Grants by credential and the content id as the path spells it (canonical, lower case):
    a hit costs one dict lookup, no parsing."""

    def __init__(self) -> None:
        self._grants: OrderedDict[tuple[str, str], Grant] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, credential: str, content_id: str) -> Grant | None:
        grant = self._grants.get((credential, content_id))
        if grant is None or grant.expires < time.monotonic():
            return None
        return grant

    def put(self, credential: str, grant: Grant) -> None:
        with self._lock:
            self._grants[(credential, str(grant.content_id))] = grant
            while len(self._grants) > MAX_GRANTS:
                self._grants.popitem(last=False)

    def forget(self, content_id: uuid.UUID) -> None:
        with self._lock:
            for key in [k for k, grant in self._grants.items() if grant.content_id == content_id]:
                del self._grants[key]

    def clear(self) -> None:
        with self._lock:
            self._grants.clear()


def _credential(scope: Scope) -> str | None:
    cookie = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            text = value.decode("latin-1")
            if text[:7].lower() == "bearer ":
                return "b:" + text[7:].strip()
        elif name == b"cookie":
            cookie = value.decode("latin-1")
    if cookie is None:
        return None
    for part in cookie.split(";"):
        key, _, val = part.strip().partition("=")
        if key == SESSION_COOKIE and val:
            return "c:" + val
    return None


def resolve(app: Any, scope: Scope, content_id: str) -> Grant | None:
    """The stream route's own checks, without rendering a refusal (the route will)."""
    settings = app.state.content_settings
    with app.state.db.session(write=False) as session:
        try:
            principal = resolve_principal(Request(scope), session)
            if principal is None or not principal.can(Permission.CONTENT_READ):
                return None
            item = access.get_item(session, principal, content_id)
            version = items.current_version(session, principal, item)
            return Grant.of(version, settings.grant_cache_seconds, app.state.clock.now().timestamp())
        except Exception:  # any refusal or fault: the route answers it properly
            return None
        finally:
            session.rollback()


async def _admitted_resolve(app: Any, scope: Scope, content_id: str) -> Grant | None:
    admission: Admission = app.state.admission
    try:
        release = await admission.enter()
    except ServiceBusy:
        return None  # the route queues again and answers the overload itself
    try:
        return await run_in_threadpool(resolve, app, scope, content_id)
    finally:
        release()


class StreamFastPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        match = PATH.match(scope["path"])
        credential = _credential(scope) if match else None
        if match is None or credential is None:
            await self.app(scope, receive, send)
            return
        application = scope["app"]
        cache: GrantCache = application.state.grant_cache
        content_id = match.group(1).lower()
        grant = cache.get(credential, content_id)
        if grant is None:
            grant = await _admitted_resolve(application, scope, content_id)
            if grant is None:
                await self.app(scope, receive, send)
                return
            cache.put(credential, grant)
        state = application.state
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            await deliver(scope, sending, grant, state.store, state.content_settings)
        except Exception:
            if started:
                raise
            log.exception("the streaming fast path failed before answering; the app answers")
            cache.forget(grant.content_id)
            await self.app(scope, receive, send)
