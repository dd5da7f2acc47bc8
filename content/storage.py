"""Object storage behind one protocol: a local folder by default, MinIO/S3 in production.

Both stores pass one contract suite (tests/content/test_storage_contract.py). Besides whole
objects (`put`, ranged `open`, `stat` with an ETag, `delete`) the protocol has what resumable
uploads need: an object written by successive appends that survive a restart and another
worker (`create_multipart` → `part_writer(...).write/commit` per request → `complete_multipart`
or `abort_multipart`). The state between appends is a small JSON-able dict the caller keeps
(the upload row), so any worker can continue an upload. On S3 the appends are multipart parts:
parts must be ≥ 5 MiB except the last, so what does not fill a part yet waits in a "tail"
object until more bytes arrive. `local_path` lets the streaming path hand a file to the kernel
(sendfile, nginx X-Accel); `presigned_get` gives a short-lived direct URL where the store can.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import tempfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from classroom.core.settings import Settings

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
S3_PART = 8 * 1024 * 1024  # S3 wants ≥ 5 MiB per part but the last
MULTIPART_DIR = ".multipart"

State = dict[str, Any]


@dataclass(frozen=True)
class ObjectStat:
    size: int
    etag: str
    modified: datetime


class PartWriter(Protocol):
    """Bytes appended by one request: nothing is visible to `complete_multipart` until
    `commit()` returns the new state; `abort()` forgets what this writer received."""

    def write(self, data: bytes) -> None: ...
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


_safe_key = safe_key  # kept for callers of the first version


class LocalStore:
    """Objects as files; writes go to a temp file renamed into place so readers never see half a
    file. A multipart object is one growing file under `.multipart/`, renamed into place when
    complete; a writer that fails is truncated back to the last committed size."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / safe_key(key)

    def local_path(self, key: str) -> Path | None:
        path = self._path(key)
        return path if path.is_file() else None

    def put(self, key: str, stream: BinaryIO, length: int = -1) -> int:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    out.write(chunk)
                    written += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o644)  # readable by an nginx serving the folder (X-Accel-Redirect)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return written

    def open(self, key: str, offset: int = 0, length: int | None = None) -> Iterator[bytes]:
        path = self._path(key)
        with path.open("rb") as handle:
            handle.seek(offset)
            remaining = length
            while remaining is None or remaining > 0:
                chunk = handle.read(CHUNK if remaining is None else min(CHUNK, remaining))
                if not chunk:
                    break
                if remaining is not None:
                    remaining -= len(chunk)
                yield chunk

    def stat(self, key: str) -> ObjectStat | None:
        path = self._path(key)
        try:
            info = path.stat()
        except FileNotFoundError:
            return None
        if not path.is_file():
            return None
        # Objects are never rewritten in place (replace = new key), so size and mtime name them.
        etag = hashlib.sha256(f"{key}:{info.st_size}:{info.st_mtime_ns}".encode()).hexdigest()[:32]
        return ObjectStat(info.st_size, etag, datetime.fromtimestamp(info.st_mtime, UTC))

    def size(self, key: str) -> int | None:
        found = self.stat(key)
        return found.size if found else None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def ping(self) -> bool:
        try:
            # A name of its own per check: parallel health checks must not unlink each other's.
            probe = self.root / f".healthz-{uuid.uuid4().hex}"
            probe.write_bytes(b"ok")
            probe.unlink()
            return True
        except OSError:
            return False

    def presigned_get(
        self, key: str, expires: timedelta, *, media_type: str | None = None, disposition: str | None = None
    ) -> str | None:
        return None  # a folder has no URL of its own; the app or nginx serves it

    # --- multipart: one growing file ------------------------------------------------------

    def _partial(self, state: State) -> Path:
        token = str(uuid.UUID(str(state["token"])))  # never a path from outside
        return self.root / MULTIPART_DIR / token

    def create_multipart(self, key: str) -> State:
        safe_key(key)
        state: State = {"token": str(uuid.uuid4()), "size": 0}
        path = self._partial(state)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        return state

    def part_writer(self, key: str, state: State) -> PartWriter:
        return _LocalPartWriter(self._partial(state), state)

    def complete_multipart(self, key: str, state: State) -> ObjectStat:
        partial = self._partial(state)
        with partial.open("r+b") as handle:
            handle.truncate(multipart_size(state))  # drop bytes of a writer that never committed
            os.fsync(handle.fileno())
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
        found = self.stat(key)
        assert found is not None
        return found

    def abort_multipart(self, key: str, state: State) -> None:
        self._partial(state).unlink(missing_ok=True)


# Hand written bytes to the kernel's writeback every this many bytes. Left to pile up, a large
# upload's dirty pages make the kernel throttle the writer and leave the whole file to the fsync
# at commit (bench/upload.py: 1 GiB took 1.7–3.7 s that way on this machine, 0.5–0.7 s with it).
WRITEBACK_BYTES = 32 * 1024 * 1024
_ADVISE = getattr(os, "posix_fadvise", None)


class _LocalPartWriter:
    def __init__(self, path: Path, state: State) -> None:
        self.state = dict(state)
        self.start = multipart_size(state)
        self.handle = path.open("r+b")
        self.handle.truncate(self.start)
        self.handle.seek(self.start)
        self.written = 0
        self.unadvised = 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.written += len(data)
        self.unadvised += len(data)
        if _ADVISE is not None and self.unadvised >= WRITEBACK_BYTES:
            # Linux starts writing back the dirty range now (and drops it from the cache once
            # clean); the commit's fsync still makes the offset durable before it is reported.
            self.handle.flush()
            end = self.start + self.written
            _ADVISE(self.handle.fileno(), end - self.unadvised, self.unadvised, os.POSIX_FADV_DONTNEED)
            self.unadvised = 0

    def commit(self) -> State:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        return {**self.state, "size": self.start + self.written}

    def abort(self) -> None:
        if not self.handle.closed:
            self.handle.truncate(self.start)
            self.handle.close()


class MinioStore:
    """S3 through the `minio` client; the bucket is created on first use when missing."""

    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        secure: bool,
        region: str | None = None,
    ) -> None:
        from minio import Minio

        self.client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region
        )
        self.bucket = bucket
        self._ready = False
        self._lock = threading.Lock()

    def _bucket(self) -> str:
        if not self._ready:
            with self._lock:
                if not self._ready:
                    if not self.client.bucket_exists(self.bucket):
                        self.client.make_bucket(self.bucket)
                    self._ready = True
        return self.bucket

    def local_path(self, key: str) -> Path | None:
        return None

    def put(self, key: str, stream: BinaryIO, length: int = -1) -> int:
        result = self.client.put_object(
            self._bucket(), safe_key(key), stream, length=length, part_size=S3_PART
        )
        stat = self.client.stat_object(self.bucket, result.object_name)
        return int(stat.size or 0)

    def open(self, key: str, offset: int = 0, length: int | None = None) -> Iterator[bytes]:
        if length == 0:
            return
        response = self.client.get_object(self._bucket(), safe_key(key), offset=offset, length=length or 0)
        try:
            yield from response.stream(CHUNK)
        finally:
            response.close()
            response.release_conn()

    def stat(self, key: str) -> ObjectStat | None:
        from minio.error import S3Error

        try:
            found = self.client.stat_object(self._bucket(), safe_key(key))
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                return None
            raise
        modified = found.last_modified or datetime.now(UTC)
        return ObjectStat(int(found.size or 0), str(found.etag or "").strip('"'), modified.astimezone(UTC))

    def size(self, key: str) -> int | None:
        found = self.stat(key)
        return found.size if found else None

    def delete(self, key: str) -> None:
        self.client.remove_object(self._bucket(), safe_key(key))

    def ping(self) -> bool:
        try:
            return bool(self.client.bucket_exists(self.bucket))
        except Exception:
            return False

    def presigned_get(
        self, key: str, expires: timedelta, *, media_type: str | None = None, disposition: str | None = None
    ) -> str | None:
        headers: dict[str, Any] = {}
        if media_type:
            headers["response-content-type"] = media_type
        if disposition:
            headers["response-content-disposition"] = disposition
        url: str = self.client.presigned_get_object(
            self._bucket(), safe_key(key), expires=expires, response_headers=headers or None
        )
        return url

    # --- multipart: S3 parts plus a tail object for what does not fill a part yet ----------

    def _tail_key(self, key: str) -> str:
        return f"{safe_key(key)}.tail"

    def create_multipart(self, key: str) -> State:
        upload_id = self.client._create_multipart_upload(self._bucket(), safe_key(key), {})
        return {"upload_id": upload_id, "parts": [], "tail": 0, "size": 0}

    def part_writer(self, key: str, state: State) -> PartWriter:
        return _S3PartWriter(self, key, state)

    def _read_tail(self, key: str, state: State) -> Iterator[bytes]:
        if int(state.get("tail", 0)):
            yield from self.open(self._tail_key(key), 0, int(state["tail"]))

    def _upload_part(self, key: str, state: State, data: bytes) -> None:
        number = len(state["parts"]) + 1
        etag = self.client._upload_part(self.bucket, safe_key(key), data, None, state["upload_id"], number)
        state["parts"].append([number, etag])

    def complete_multipart(self, key: str, state: State) -> ObjectStat:
        from minio.datatypes import Part

        state = {**state, "parts": [list(p) for p in state["parts"]]}
        if int(state.get("tail", 0)) or not state["parts"]:
            self._upload_part(key, state, b"".join(self._read_tail(key, state)))
        parts = [Part(int(number), etag) for number, etag in state["parts"]]
        self.client._complete_multipart_upload(self._bucket(), safe_key(key), state["upload_id"], parts)
        self._drop_tail(key)
        found = self.stat(key)
        assert found is not None
        return found

    def _drop_tail(self, key: str) -> None:
        try:
            self.client.remove_object(self.bucket, self._tail_key(key))
        except Exception:  # the tail may not exist; nothing else depends on it
            log.debug("no tail object for %s", key)

    def abort_multipart(self, key: str, state: State) -> None:
        from minio.error import S3Error

        try:
            self.client._abort_multipart_upload(self._bucket(), safe_key(key), state["upload_id"])
        except S3Error as exc:
            if exc.code != "NoSuchUpload":
                raise
        self._drop_tail(key)


class _S3PartWriter:
    """Spools one request's bytes to a temporary file; `commit` cuts tail + spool into parts."""

    def __init__(self, store: MinioStore, key: str, state: State) -> None:
        self.store, self.key = store, key
        self.state: State = {**state, "parts": [list(p) for p in state.get("parts", [])]}
        self.spool = tempfile.TemporaryFile(prefix="classroom-part-")  # noqa: SIM115 (closed by commit or abort)
        self.written = 0

    def write(self, data: bytes) -> None:
        self.spool.write(data)
        self.written += len(data)

    def commit(self) -> State:
        state = self.state
        pending = bytearray()
        self.spool.seek(0)

        def incoming() -> Iterator[bytes]:
            yield from self.store._read_tail(self.key, state)
            while chunk := self.spool.read(CHUNK):
                yield chunk

        for chunk in incoming():
            pending += chunk
            while len(pending) >= S3_PART:
                self.store._upload_part(self.key, state, bytes(pending[:S3_PART]))
                del pending[:S3_PART]
        if pending:
            self.store.client.put_object(
                self.store.bucket, self.store._tail_key(self.key), io.BytesIO(bytes(pending)), len(pending)
            )
        elif int(state.get("tail", 0)):
            self.store._drop_tail(self.key)
        state["tail"] = len(pending)
        state["size"] = multipart_size(self.state) + self.written
        self.spool.close()
        return state

    def abort(self) -> None:
        self.spool.close()


def build_store(settings: Settings) -> ObjectStore:
    if settings.storage_backend == "s3":
        return MinioStore(
            settings.s3_endpoint,
            settings.s3_access_key,
            settings.s3_secret_key,
            settings.s3_bucket,
            settings.s3_secure,
        )
    return LocalStore(settings.objects_dir)
