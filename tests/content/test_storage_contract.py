"""One contract for both object stores: LocalStore (a folder) and MinioStore against a real S3
server process (moto's server mode, tests/support/s3server.py)."""

from __future__ import annotations

import hashlib
import io
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from content.storage import S3_PART, LocalStore, MinioStore, ObjectStore, multipart_size
from tests.support import s3server
from tests.support.require import need

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    if request.param == "local":
        return LocalStore(tmp_path / "objects")
    need(s3server.available())
    bucket = f"contract-{uuid.uuid4().hex[:12]}"
    return MinioStore(s3server.endpoint(), s3server.ACCESS_KEY, s3server.SECRET_KEY, bucket, secure=False)


def _key() -> str:
    return f"{uuid.uuid4()}/{uuid.uuid4()}/{uuid.uuid4()}"


def _read(store: ObjectStore, key: str, offset: int = 0, length: int | None = None) -> bytes:
    return b"".join(store.open(key, offset, length))


def test_put_stat_ranged_read_delete(store: ObjectStore) -> None:
    key, data = _key(), bytes(range(256)) * 5000
    assert store.put(key, io.BytesIO(data), len(data)) == len(data)
    stat = store.stat(key)
    assert stat is not None and stat.size == len(data) and stat.etag
    assert store.size(key) == len(data)
    assert _read(store, key) == data
    assert _read(store, key, 1000, 10) == data[1000:1010]
    assert _read(store, key, len(data) - 5) == data[-5:]
    store.delete(key)
    assert store.stat(key) is None
    store.delete(key)  # deleting what is gone is no error


def test_missing_object(store: ObjectStore) -> None:
    assert store.stat(_key()) is None
    assert store.size(_key()) is None


def test_ping(store: ObjectStore) -> None:
    store.put(_key(), io.BytesIO(b"x"), 1)  # S3: the bucket is made on first use
    assert store.ping()


@pytest.mark.parametrize("pieces", [[1], [10, 20, 30], [S3_PART + 3, 5, S3_PART - 1, 7]])
def test_multipart_appends_survive_between_writers(store: ObjectStore, pieces: list[int]) -> None:
    key = _key()
    state = store.create_multipart(key)
    expected = b""
    for n, size in enumerate(pieces):
        chunk = hashlib.sha256(str(n).encode()).digest() * (size // 32 + 1)
        chunk = chunk[:size]
        writer = store.part_writer(key, state)  # a fresh writer per request, as tus PATCHes are
        for at in range(0, len(chunk), 65536):
            writer.write(chunk[at : at + 65536])
        state = writer.commit()
        expected += chunk
        assert multipart_size(state) == len(expected)
        assert store.stat(key) is None  # nothing visible before completion
    stat = store.complete_multipart(key, state)
    assert stat.size == len(expected)
    assert _read(store, key) == expected


def test_aborted_writer_leaves_the_committed_bytes(store: ObjectStore) -> None:
    key = _key()
    state = store.create_multipart(key)
    writer = store.part_writer(key, state)
    writer.write(b"kept")
    state = writer.commit()
    failed = store.part_writer(key, state)
    failed.write(b"thrown away")
    failed.abort()
    writer = store.part_writer(key, state)
    writer.write(b" and more")
    state = writer.commit()
    store.complete_multipart(key, state)
    assert _read(store, key) == b"kept and more"


def test_abort_multipart_leaves_nothing(store: ObjectStore) -> None:
    key = _key()
    state = store.create_multipart(key)
    writer = store.part_writer(key, state)
    writer.write(b"x" * 1000)
    state = writer.commit()
    store.abort_multipart(key, state)
    assert store.stat(key) is None
    if isinstance(store, LocalStore):
        assert not any((store.root / ".multipart").iterdir())


def test_presigned_get_where_the_store_has_urls(store: ObjectStore) -> None:
    key, data = _key(), b"presigned bytes" * 100
    store.put(key, io.BytesIO(data), len(data))
    url = store.presigned_get(key, timedelta(minutes=5), media_type="video/mp4")
    if isinstance(store, LocalStore):
        assert url is None and store.local_path(key) is not None
        return
    assert url is not None and "X-Amz-Expires=300" in url
    response = httpx.get(url, headers={"Range": "bytes=0-8"})
    assert response.status_code == 206 and response.content == data[:9]
    assert response.headers["content-type"] == "video/mp4"


def test_keys_cannot_escape(store: ObjectStore) -> None:
    for bad in ("../etc/passwd", "a/../../b", ".multipart/x", ""):
        with pytest.raises(ValueError, match="invalid object key"):
            store.put(bad, io.BytesIO(b"x"), 1)
