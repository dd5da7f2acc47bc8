"""The local folder object store (`content.storage`): objects as files under one root.

A resumable upload is one growing file under `.multipart/`, appended to by one writer per
request. The writer sends the bulk of the bytes to the disk with O_DIRECT — straight from the
intake's buffers, without a copy into the page cache and without the kernel's dirty-page
throttling and writeback, which made the buffered path three to five times slower than the disk
(bench/upload.py) — and only the unaligned few bytes at either end through the page cache. Where
the file system has no O_DIRECT (tmpfs on older kernels, some FUSE mounts) everything goes
through the page cache, handed to writeback as it goes. Either way `commit` fsyncs before it
returns the new size, so a size the caller records — a tus offset it acknowledges — is durable.
"""

from __future__ import annotations

import errno
import hashlib
import mmap
import os
import stat
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from content.storage_api import CHUNK, ObjectStat, PartWriter, State, multipart_size, safe_key

MULTIPART_DIR = ".multipart"


class LocalStore:
    """Objects as files; writes go to a temp file renamed into place so readers never see half a
    file. A multipart object is one growing file under `.multipart/`, renamed into place when
    complete; a writer that fails is truncated back to the last committed size."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self._root = str(root)

    def _path(self, key: str) -> Path:
        return self.root / safe_key(key)

    def local_path(self, key: str) -> Path | None:
        # os.stat rather than Path.is_file: the X-Accel path asks this once per range request.
        path = os.path.join(self._root, safe_key(key))
        try:
            regular = stat.S_ISREG(os.stat(path).st_mode)
        except OSError:
            return None
        return Path(path) if regular else None

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
        return LocalPartWriter(self._partial(state), state)

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


# Without O_DIRECT, hand written bytes to the kernel's writeback every this many bytes. Left to
# pile up, a large upload's dirty pages make the kernel throttle the writer and leave the whole
# file to the fsync at commit (bench/upload.py: 1 GiB took 1.7–3.7 s that way, 0.5–0.7 s with it).
WRITEBACK_BYTES = 32 * 1024 * 1024
_ADVISE = getattr(os, "posix_fadvise", None)
_O_DIRECT = getattr(os, "O_DIRECT", 0)
# Direct I/O wants the memory address, the file offset and the length aligned to the device's
# logical block; a page is a multiple of every block size Linux supports below it.
DIRECT_ALIGNMENT = mmap.PAGESIZE


class LocalPartWriter:
    """Appends at `start` through two descriptors of the partial file: O_DIRECT for the aligned
    stretches, the page cache for the unaligned bytes at either end (the kernel keeps the two
    coherent; laid out this way, no block is written through both)."""

    def __init__(self, path: Path, state: State) -> None:
        self.state = dict(state)
        self.start = multipart_size(state)
        self.fd = os.open(path, os.O_WRONLY)
        self.direct: int | None = None
        try:
            os.ftruncate(self.fd, self.start)
            if _O_DIRECT:
                self.direct = os.open(path, os.O_WRONLY | _O_DIRECT)
        except OSError as exc:
            if exc.errno != errno.EINVAL:  # EINVAL: this file system has no O_DIRECT
                os.close(self.fd)
                raise
        self.alignment = DIRECT_ALIGNMENT if self.direct is not None else 1
        self.written = 0
        self.unadvised = 0
        self.closed = False

    def write(self, data: bytes | memoryview) -> None:
        view = memoryview(data).cast("B")
        if self.direct is None:
            self._cached(view)
            return
        head = min(len(view), -(self.start + self.written) % DIRECT_ALIGNMENT)
        aligned = (len(view) - head) - (len(view) - head) % DIRECT_ALIGNMENT
        self._cached(view[:head])
        self._direct(self.direct, view[head : head + aligned])
        self._cached(view[head + aligned :])

    def _direct(self, fd: int, view: memoryview) -> None:
        while view:
            try:
                done = os.pwrite(fd, view, self.start + self.written)
            except OSError as exc:
                if exc.errno != errno.EINVAL:
                    raise
                # Not aligned after all (bytes of the caller's own, a device with larger
                # blocks): the page cache takes this write.
                self._cached(view)
                return
            self.written += done
            view = view[done:]

    def _cached(self, view: memoryview) -> None:
        while view:
            done = os.pwrite(self.fd, view, self.start + self.written)
            self.written += done
            self.unadvised += done
            view = view[done:]
        if _ADVISE is not None and self.unadvised >= WRITEBACK_BYTES:
            # Linux starts writing back the dirty range now (and drops it from the cache once
            # clean); the commit's fsync still makes the offset durable before it is reported.
            end = self.start + self.written
            _ADVISE(self.fd, end - self.unadvised, self.unadvised, os.POSIX_FADV_DONTNEED)
            self.unadvised = 0

    def commit(self) -> State:
        os.fsync(self.fd)  # the inode's: what went through O_DIRECT too, and the new size
        self._close()
        return {**self.state, "size": self.start + self.written}

    def abort(self) -> None:
        if not self.closed:
            os.ftruncate(self.fd, self.start)
            self._close()

    def _close(self) -> None:
        self.closed = True
        for fd in (self.fd, self.direct):
            if fd is not None:
                os.close(fd)
        self.direct = None
