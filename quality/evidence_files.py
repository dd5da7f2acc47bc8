"""Evidence files (an employment contract, an insurance certificate) stored in the content store
(`content.storage`, the object store `create_app` builds as `app.state.store`: a local folder,
or MinIO/S3 in production), with size and type checks before anything is kept.

Content's resumable uploads (tus) and items serve course media; an evidence file is one small
form upload, so it is a plain object of the same store under its own prefix (content's
housekeeping deletes only its own keys). The store comes in through the `Store` protocol, so
quality does not import content.
- at most `MAX_BYTES` (10 MB): a declared size over it is refused before reading, and the copy
  stops (and is deleted) the moment it passes the limit, whatever was declared;
- PDF, PNG or JPEG only, recognised by their first bytes (the file name and the browser's
  content type are not trusted);
- keys are generated (`quality/<institution>/<purpose>/<uuid>`), never built from the file name.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from sqlalchemy import Engine
from sqlmodel import Session

from classroom.core.errors import PayloadTooLarge, ValidationFailed

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
MAX_NAME = 200


class Store(Protocol):
    def put(self, key: str, stream: BinaryIO, length: int = -1) -> int: ...
    def open(self, key: str, offset: int = 0, length: int | None = None) -> Iterator[bytes]: ...
    def delete(self, key: str) -> None: ...


# The object store of each app's database engine (registered by the package's `wire`), so the
# demo step, which is handed only a database session, stores its files where the app reads them.
_stores: weakref.WeakKeyDictionary[Engine, Store] = weakref.WeakKeyDictionary()


def register_store(engine: Engine, store: Store) -> None:
    _stores[engine] = store


def store_for(session: Session) -> Store:
    bind: Any = session.get_bind()
    store = _stores.get(getattr(bind, "engine", bind))
    if store is None:
        raise LookupError("no app was built for this database: create_app(...) first")
    return store


@dataclass(frozen=True)
class StoredFile:
    key: str
    name: str
    content_type: str
    size: int


class _TooLarge(Exception):
    pass


class _Limited:
    """A read-only stream that hands `head` back first and refuses to pass `limit` bytes."""

    def __init__(self, head: bytes, rest: BinaryIO, limit: int) -> None:
        self.head, self.rest, self.limit, self.read_so_far = head, rest, limit, 0

    def read(self, size: int = -1) -> bytes:
        if self.head:
            chunk, self.head = self.head, b""
        else:
            chunk = self.rest.read(size if size and size > 0 else 1024 * 1024)
        self.read_so_far += len(chunk)
        if self.read_so_far > self.limit:
            raise _TooLarge()
        return chunk


def _refused_type() -> ValidationFailed:
    return ValidationFailed(
        "quality.evidence.type",
        code="evidence_type",
        errors=[{"field": "file", "message_key": "quality.evidence.type"}],
    )


def _too_large() -> PayloadTooLarge:
    return PayloadTooLarge("quality.evidence.too_large", params={"limit_mb": MAX_BYTES // (1024 * 1024)})


def kind_of(head: bytes) -> tuple[str, str] | None:
    for signature, content_type, suffix in SIGNATURES:
        if head.startswith(signature):
            return content_type, suffix
    return None


def clean_name(filename: str, suffix: str) -> str:
    """A display name: the base name without path or control characters, at most MAX_NAME."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip() or f"evidence{suffix}"
    return base[:MAX_NAME]


def store_evidence(
    store: Store,
    *,
    institution_id: uuid.UUID,
    purpose: str,
    filename: str,
    stream: BinaryIO,
    declared_size: int | None = None,
) -> StoredFile:
    if declared_size is not None and declared_size > MAX_BYTES:
        raise _too_large()
    head = stream.read(16)
    if not head:
        raise _refused_type()
    found = kind_of(head)
    if found is None:
        raise _refused_type()
    content_type, suffix = found
    key = f"quality/{institution_id}/{purpose}/{uuid.uuid4()}{suffix}"
    try:
        size = store.put(key, _Limited(head, stream, MAX_BYTES))  # type: ignore[arg-type]
    except _TooLarge:
        store.delete(key)
        raise _too_large() from None
    return StoredFile(key, clean_name(filename, suffix), content_type, size)


def open_evidence(store: Store, key: str) -> Iterator[bytes]:
    return store.open(key)


def delete_evidence(store: Store, key: str) -> None:
    store.delete(key)
