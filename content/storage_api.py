"""What every object store speaks (`content.storage` says why there are two): the protocol, the
stat of an object, the resumable state kept between appends, and object keys.

Here so the stores (`content.storage_local`, `content.storage_s3`) and `content.storage`, which
chooses between them, share one definition without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, Protocol

CHUNK = 1024 * 1024
S3_PART = 8 * 1024 * 1024  # S3 wants ≥ 5 MiB per part but the last

State = dict[str, Any]


@dataclass(frozen=True)
class ObjectStat:
    size: int
    etag: str
    modified: datetime


class PartWriter(Protocol):
    """Bytes appended by one request: nothing is visible to `complete_multipart` until
    `commit()` returns the new state; `abort()` forgets what this writer received.

    `write` takes any bytes-like object (the intake hands memoryviews of its own buffers) and
    keeps no reference to it. `start` is the committed size the writer appends at. Bytes whose
    memory address and object offset are both multiples of `alignment` are written without a
    copy into the kernel's page cache (1: the writer has no such path): the intake lays its
    buffers out so that all but the first few bytes are.
    """

    start: int
    alignment: int

    def write(self, data: bytes | memoryview) -> None: ...
    def commit(self) -> State: ...
    def abort(self) -> None: ...


class ObjectStore(Protocol):
    def put(self, key: str, stream: BinaryIO, length: int = -1) -> int: ...
    def open(self, key: str, offset: int = 0, length: int | None = None) -> Iterator[bytes]: ...
    def stat(self, key: str) -> ObjectStat | None: ...
    def size(self, key: str) -> int | None: ...
    def delete(self, key: str) -> None: ...
    def ping(self) -> bool: ...
    def local_path(self, key: str) -> Path | None: ...
    def presigned_get(
        self, key: str, expires: timedelta, *, media_type: str | None = None, disposition: str | None = None
    ) -> str | None: ...
    def create_multipart(self, key: str) -> State: ...
    def part_writer(self, key: str, state: State) -> PartWriter: ...
    def complete_multipart(self, key: str, state: State) -> ObjectStat: ...
    def abort_multipart(self, key: str, state: State) -> None: ...


def multipart_size(state: State) -> int:
    """Bytes appended so far (committed)."""
    return int(state.get("size", 0))


def safe_key(key: str) -> str:
    parts = [p for p in key.split("/") if p]
    if not parts or any(p in (".", "..") or p.startswith(".") for p in parts):
        raise ValueError(f"invalid object key {key!r}")
    return "/".join(parts)
