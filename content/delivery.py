"""Sending a content version's bytes: HTTP Range and validators, in three delivery modes.

- embedded: the app sends the bytes. From the local store it reads the file in 1 MiB steps
  with `os.pread` straight into the response (measured in bench/streaming.py: a thread hop
  per chunk or Starlette's 64 KiB FileResponse cost far more than a read from the page cache;
  nginx without `aio threads` makes the same trade). From S3 it relays the store's ranged GET,
  each chunk fetched on a worker thread.
- accel: the app answers with `X-Accel-Redirect` and nginx sends the file (local store: an
  internal location aliasing the objects folder; S3: an internal location proxying a
  presigned request). nginx handles Range and validators itself. With a grant secret shared with
  nginx, the answer about a local object also sets a grant cookie, so nginx sends that viewer's
  next ranges without asking the app (`content.grants`).
- presigned: a 307 to a presigned GET of the object store valid `presign_seconds` (≤ 5 min);
  a store without URLs (the local folder) falls back to embedded.

`Grant` carries everything needed to answer without the database, so the streaming fast path
(`content.fastpath`) can reuse one for a few seconds.
"""

from __future__ import annotations

import os
import secrets
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, urlsplit

from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from classroom.core.headers import ALWAYS
from content import grants
from content.models import ContentVersion
from content.rules.magic import download_name
from content.rules.ranges import Decision, Span, decide, http_date
from content.settings import ContentSettings
from content.storage import ObjectStore

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Grant:
    content_id: uuid.UUID
    version_id: uuid.UUID
    storage_key: str
    size: int
    media_type: str
    filename: str
    modified: datetime
    expires: float = 0.0  # monotonic time after which a cached grant is asked again
    checked_at: float = 0.0  # when the database said yes (epoch seconds): nginx grants count from it
    # The whole X-Accel answer, made on the first range and reused while the grant lives (the
    # target's stat or presigned URL included: a presigned URL outlives any grant).
    accel_headers: list[tuple[tuple[bytes, bytes], ...]] = field(
        default_factory=list, compare=False, repr=False
    )

    @property
    def etag(self) -> str:
        return f'"{self.version_id.hex}"'

    @cached_property
    def headers(self) -> tuple[tuple[bytes, bytes], ...]:
        """The headers every answer about this version carries, made once per grant (the fast
        path answers a player's ranges from one cached grant, in front of the middleware that
        adds the security headers, so they are here too)."""
        return (
            (b"accept-ranges", b"bytes"),
            (b"etag", self.etag.encode()),
            (b"last-modified", http_date(self.modified).encode()),
            (b"cache-control", b"private, no-cache"),
            (b"content-disposition", _disposition(self.filename).encode()),
            *ALWAYS,
        )

    @classmethod
    def of(cls, version: ContentVersion, ttl: float = 0.0, checked_at: float = 0.0) -> Grant:
        return cls(
            version.content_id,
            version.id,
            version.storage_key,
            version.size_bytes,
            version.media_type,
            download_name(version.filename, version.media_type),
            version.created_at,
            time.monotonic() + ttl,
            checked_at,
        )


def _disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _common(grant: Grant) -> list[tuple[bytes, bytes]]:
    return list(grant.headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def decision(scope: Scope, grant: Grant) -> Decision:
    return decide(
        size=grant.size,
        etag=grant.etag,
        last_modified=grant.modified,
        range_header=_header(scope, b"range"),
        if_range=_header(scope, b"if-range"),
        if_none_match=_header(scope, b"if-none-match"),
        if_modified_since=_header(scope, b"if-modified-since"),
    )


class _Source:
    """Reads spans of the object: `pread` on a local file, ranged GETs on S3."""

    def __init__(self, store: ObjectStore, grant: Grant) -> None:
        self.store, self.grant = store, grant
        self.path: Path | None = store.local_path(grant.storage_key)
        self.fd = os.open(self.path, os.O_RDONLY) if self.path is not None else None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    async def send_span(self, send: Send, span: Span, *, last: bool) -> None:
        if self.fd is not None:
            at, left = span.start, span.length
            while left > 0:
                data = os.pread(self.fd, min(CHUNK, left), at)
                if not data:
                    raise OSError(f"{self.grant.storage_key} is shorter than recorded")
                at += len(data)
                left -= len(data)
                await send({"type": "http.response.body", "body": data, "more_body": left > 0 or not last})
            return
        chunks: Iterator[bytes] = self.store.open(self.grant.storage_key, span.start, span.length)
        sentinel = b""
        pending = await run_in_threadpool(next, chunks, sentinel)
        while pending:
            following = await run_in_threadpool(next, chunks, sentinel)
            await send(
                {"type": "http.response.body", "body": pending, "more_body": bool(following) or not last}
            )
            pending = following
        if span.length == 0 and last:
            await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _start(send: Send, status: int, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})


async def _empty(send: Send, status: int, headers: list[tuple[bytes, bytes]]) -> None:
    await _start(send, status, headers)
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def embedded(scope: Scope, send: Send, grant: Grant, store: ObjectStore) -> None:
    answer = decision(scope, grant)
    headers = _common(grant)
    head_only = scope["method"] == "HEAD"
    if answer.status == 304:
        await _empty(send, 304, headers)
        return
    if answer.status == 416:
        headers += [(b"content-range", f"bytes */{grant.size}".encode()), (b"content-length", b"0")]
        await _empty(send, 416, headers)
        return
    spans = answer.spans or (Span(0, grant.size - 1),)
    multipart = len(spans) > 1
    boundary = secrets.token_hex(12)
    parts: list[bytes] = []
    if multipart:
        for span in spans:
            parts.append(
                f"--{boundary}\r\nContent-Type: {grant.media_type}\r\n"
                f"Content-Range: {span.content_range(grant.size)}\r\n\r\n".encode()
            )
        closing = f"\r\n--{boundary}--\r\n".encode()
        length = (
            sum(len(p) for p in parts) + sum(s.length for s in spans) + 2 * (len(spans) - 1) + len(closing)
        )
        headers.append((b"content-type", f"multipart/byteranges; boundary={boundary}".encode()))
    else:
        length = spans[0].length if grant.size else 0
        headers.append((b"content-type", grant.media_type.encode()))
        if answer.status == 206:
            headers.append((b"content-range", spans[0].content_range(grant.size).encode()))
    headers.append((b"content-length", str(length).encode()))
    if head_only or length == 0:
        await _empty(send, answer.status, headers)
        return
    source = _Source(store, grant)
    try:
        await _start(send, answer.status, headers)
        if not multipart:
            await source.send_span(send, spans[0], last=True)
            return
        for n, span in enumerate(spans):
            prefix = (b"\r\n" if n else b"") + parts[n]
            await send({"type": "http.response.body", "body": prefix, "more_body": True})
            await source.send_span(send, span, last=False)
        await send({"type": "http.response.body", "body": closing, "more_body": False})
    finally:
        source.close()


def accel_target(grant: Grant, store: ObjectStore, settings: ContentSettings) -> str:
    """The internal nginx location that serves this object."""
    return local_accel_target(grant, store, settings) or s3_accel_target(grant, store, settings)


def local_accel_target(grant: Grant, store: ObjectStore, settings: ContentSettings) -> str | None:
    """The internal location aliasing the objects folder, for an object that is a local file
    (a stat at most: the local store's `local_path`; other stores answer None at once)."""
    if store.local_path(grant.storage_key) is not None:
        return f"{settings.accel_prefix.rstrip('/')}/{quote(grant.storage_key)}"
    return None


def s3_accel_target(grant: Grant, store: ObjectStore, settings: ContentSettings) -> str:
    """The internal location proxying a presigned GET (signing may ask the store its region)."""
    # The object's own type and name, not what the store recorded on upload: nginx relays the
    # store's headers, which replace the app's.
    url = store.presigned_get(
        grant.storage_key,
        timedelta(seconds=min(settings.presign_seconds, 300)),
        media_type=grant.media_type,
        disposition=_disposition(grant.filename),
    )
    if url is None:
        raise LookupError(f"{grant.storage_key}: neither a local file nor a presignable object")
    parts = urlsplit(url)
    return f"{settings.accel_s3_prefix.rstrip('/')}{parts.path}?{parts.query}"


async def accel(
    scope: Scope, send: Send, grant: Grant, store: ObjectStore, settings: ContentSettings
) -> None:
    if not grant.accel_headers:
        # On the loop for a local file, as the embedded path's pread is (a thread hop cost more
        # than the stat); presigning goes to a worker thread.
        target = local_accel_target(grant, store, settings)
        if target is None:
            target = await run_in_threadpool(s3_accel_target, grant, store, settings)
        grant.accel_headers[:] = [(
            # nginx states the ranges it accepts itself (ours would make the header appear twice)
            *(header for header in grant.headers if header[0] != b"accept-ranges"),
            (b"content-type", grant.media_type.encode()),
            (b"x-accel-redirect", target.encode()),
            (b"content-length", b"0"),
        )]  # fmt: skip
    headers = grant.accel_headers[0]
    if settings.accel_grant_secret is not None and grant.checked_at and scope.get("app") is not None:
        given = _nginx_grant(scope, grant, settings)
        if given is not None:
            headers = (*headers, (b"set-cookie", given))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


def _nginx_grant(scope: Scope, grant: Grant, settings: ContentSettings) -> bytes | None:
    """The cookie letting nginx send this viewer's next ranges itself (`content.grants`)."""
    redirect = next(value for name, value in grant.accel_headers[0] if name == b"x-accel-redirect")
    if not redirect.startswith(settings.accel_prefix.rstrip("/").encode() + b"/"):
        return None  # an S3 object: nginx needs a fresh presigned request for each
    state = scope["app"].state
    secret = settings.accel_grant_secret
    assert secret is not None
    return grants.cookie(
        scope,
        str(grant.content_id),
        grant.storage_key,
        grant.media_type,
        expires=int(grant.checked_at + settings.grant_cache_seconds),
        now=state.clock.now().timestamp(),
        secret=secret.get_secret_value(),
        secure=state.settings.cookies_secure,
    )


def presigned_url(grant: Grant, store: ObjectStore, settings: ContentSettings) -> str | None:
    return store.presigned_get(
        grant.storage_key,
        timedelta(seconds=min(settings.presign_seconds, 300)),
        media_type=grant.media_type,
        disposition=_disposition(grant.filename),
    )


async def deliver(
    scope: Scope, send: Send, grant: Grant, store: ObjectStore, settings: ContentSettings
) -> None:
    mode = settings.delivery
    if mode == "accel":
        await accel(scope, send, grant, store, settings)
        return
    if mode == "presigned":
        url = await run_in_threadpool(presigned_url, grant, store, settings)
        if url is not None:
            headers = [
                (b"location", url.encode()),
                (b"cache-control", b"no-store"),
                (b"content-length", b"0"),
            ]
            await _empty(send, 307, headers)
            return
    await embedded(scope, send, grant, store)


class StreamResponse(Response):
    """The stream route's answer: delivery happens when Starlette calls the response."""

    media_type = "application/octet-stream"

    def __init__(
        self, grant: Grant, store: ObjectStore, settings: ContentSettings, status_code: int = 200
    ) -> None:
        self.grant, self.store, self.settings = grant, store, settings
        self.background = None
        self.status_code = status_code
        self.raw_headers: list[tuple[bytes, bytes]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await deliver(scope, send, self.grant, self.store, self.settings)
