"""Object storage behind one protocol: a local folder by default, MinIO/S3 in production."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from classroom.core.settings import Settings

CHUNK = 1024 * 1024


class ObjectStore(Protocol):
    def put(self, key: str, stream: BinaryIO, length: int = -1) -> int: ...
    def open(self, key: str, offset: int = 0, length: int | None = None) -> Iterator[bytes]: ...
    def size(self, key: str) -> int | None: ...
    def delete(self, key: str) -> None: ...
    def ping(self) -> bool: ...


def _safe_key(key: str) -> str:
    parts = [p for p in key.split("/") if p]
    if not parts or any(p in (".", "..") for p in parts):
        raise ValueError(f"invalid object key {key!r}")
    return "/".join(parts)


class LocalStore:
    """Objects as files; writes go to a temp file renamed into place so readers never see half a file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / _safe_key(key)

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

    def size(self, key: str) -> int | None:
        path = self._path(key)
        return path.stat().st_size if path.is_file() else None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def ping(self) -> bool:
        try:
            probe = self.root / ".healthz"
            probe.write_bytes(b"ok")
            probe.unlink()
            return True
        except OSError:
            return False


class MinioStore:
    def __init__(self, endpoint: str, access_key: str, secret_key: str, bucket: str, secure: bool) -> None:
        from minio import Minio

        self.client = Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure)
        self.bucket = bucket

    def put(self, key: str, stream: BinaryIO, length: int = -1) -> int:
        result = self.client.put_object(
            self.bucket, _safe_key(key), stream, length=length, part_size=10 * CHUNK
        )
        stat = self.client.stat_object(self.bucket, result.object_name)
        return int(stat.size or 0)

    def open(self, key: str, offset: int = 0, length: int | None = None) -> Iterator[bytes]:
        response = self.client.get_object(self.bucket, _safe_key(key), offset=offset, length=length or 0)
        try:
            yield from response.stream(CHUNK)
        finally:
            response.close()
            response.release_conn()

    def size(self, key: str) -> int | None:
        from minio.error import S3Error

        try:
            return int(self.client.stat_object(self.bucket, _safe_key(key)).size or 0)
        except S3Error:
            return None

    def delete(self, key: str) -> None:
        self.client.remove_object(self.bucket, _safe_key(key))

    def ping(self) -> bool:
        try:
            return bool(self.client.bucket_exists(self.bucket))
        except Exception:
            return False


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
