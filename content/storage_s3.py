"""The S3 object store (MinIO or any S3 API) through the `minio` client (`content.storage`).

Resumable uploads are S3 multipart uploads: each request's bytes are spooled to a temporary
file, then cut into parts of `S3_PART` bytes; what does not fill a part yet waits in a "tail"
object until more bytes arrive (S3 wants ≥ 5 MiB per part but the last).
"""

from __future__ import annotations

import io
import logging
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from content.storage_api import CHUNK, S3_PART, ObjectStat, PartWriter, State, multipart_size, safe_key

log = logging.getLogger(__name__)


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

    alignment = 1  # the spool is an ordinary buffered file

    def __init__(self, store: MinioStore, key: str, state: State) -> None:
        self.store, self.key = store, key
        self.state: State = {**state, "parts": [list(p) for p in state.get("parts", [])]}
        self.start = multipart_size(state)
        self.spool = tempfile.TemporaryFile(prefix="classroom-part-")  # noqa: SIM115 (closed by commit or abort)
        self.written = 0

    def write(self, data: bytes | memoryview) -> None:
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
