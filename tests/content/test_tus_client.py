"""A standard tus client nobody here wrote (tuspy) against a real uvicorn, on the local store
and on S3 (moto's server): chunked upload with checksums, resume after a cut connection."""

from __future__ import annotations

import hashlib
import socket
import uuid
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select
from tusclient import client as tus

from content.models import ContentItem, ContentVersion, Upload
from content.rules.kinds import UploadStatus
from content.storage import LocalStore, MinioStore, ObjectStore
from tests.factories.accounts import build_world, token_for
from tests.factories.content import mp4_bytes, published_course
from tests.support import s3server
from tests.support.require import need

pytestmark = [pytest.mark.real_commits, pytest.mark.sqlite_only]

SIZE = 3 * 1024 * 1024 + 12345


@pytest.fixture(params=["local", "s3"])
def store(request, app) -> Iterator[ObjectStore]:  # type: ignore[no-untyped-def]
    saved = app.state.store
    if request.param == "s3":
        need(s3server.available())
        app.state.store = MinioStore(
            s3server.endpoint(),
            s3server.ACCESS_KEY,
            s3server.SECRET_KEY,
            f"tus-{uuid.uuid4().hex[:10]}",
            False,
        )
    yield app.state.store
    app.state.store = saved


@pytest.fixture
def room(app, session, store):  # type: ignore[no-untyped-def]
    world = build_world(session, app)
    return published_course(session, app, world.a)


def _client(served, session, app, user) -> tus.TusClient:  # type: ignore[no-untyped-def]
    return tus.TusClient(
        f"{served.url}/api/v1/uploads", headers={"Authorization": f"Bearer {token_for(session, app, user)}"}
    )


def _item(session: Session, url: str) -> ContentItem:
    session.expire_all()
    upload = session.exec(select(Upload).where(Upload.id == uuid.UUID(url.rsplit("/", 1)[1]))).one()
    assert upload.status is UploadStatus.COMPLETE
    return session.exec(select(ContentItem).where(ContentItem.id == upload.content_id)).one()


def test_tuspy_uploads_in_chunks_with_checksums(served, session, app, room, store):
    data = mp4_bytes(SIZE, seed=11)
    import io

    uploader = _client(served, session, app, room.teacher).uploader(
        file_stream=io.BytesIO(data),
        chunk_size=1024 * 1024,
        metadata={"filename": "1주차 강의.mp4", "course_id": str(room.course.id)},
        upload_checksum=True,
    )
    uploader.upload()
    item = _item(session, uploader.url)
    version = session.exec(select(ContentVersion).where(ContentVersion.id == item.current_version_id)).one()
    assert version.size_bytes == SIZE
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert b"".join(store.open(version.storage_key)) == data
    if isinstance(store, LocalStore):
        session.expire_all()
        upload = session.exec(
            select(Upload).where(Upload.id == uuid.UUID(uploader.url.rsplit("/", 1)[1]))
        ).one()
        assert not (store.root / ".multipart" / upload.store_state["token"]).exists()


def _cut_patch(port: int, path: str, token: str, offset: int, data: bytes, send: int) -> None:
    """Start a PATCH that announces all of `data`, send `send` bytes of it, and hang up."""
    head = (
        f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nTus-Resumable: 1.0.0\r\n"
        f"Authorization: Bearer {token}\r\nUpload-Offset: {offset}\r\n"
        f"Content-Type: application/offset+octet-stream\r\nContent-Length: {len(data)}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(head.encode() + data[:send])


def test_resume_after_a_cut_connection(served, session, app, room, store):
    data = mp4_bytes(SIZE, seed=12)
    teacher = _client(served, session, app, room.teacher)
    uploader = teacher.uploader(
        file_stream=__import__("io").BytesIO(data),
        chunk_size=SIZE,
        metadata={"filename": "끊긴 업로드.mp4", "course_id": str(room.course.id)},
    )
    url = uploader.create_url()
    path = url.split(str(served.port), 1)[1]
    token = teacher.headers["Authorization"].split()[1]
    _cut_patch(served.port, path, token, 0, data, 2 * 1024 * 1024 + 777)
    # The server keeps what arrived; HEAD tells the client where to go on.
    import time

    import httpx

    deadline = time.monotonic() + 10
    offset = 0
    while time.monotonic() < deadline:
        head = httpx.head(url, headers={"Tus-Resumable": "1.0.0", "Authorization": f"Bearer {token}"})
        offset = int(head.headers["upload-offset"])
        if offset:
            break
        time.sleep(0.1)
    assert 0 < offset <= 2 * 1024 * 1024 + 777
    resumed = teacher.uploader(file_stream=__import__("io").BytesIO(data), url=url, chunk_size=512 * 1024)
    assert resumed.get_offset() == offset
    resumed.upload()
    item = _item(session, url)
    version = session.exec(select(ContentVersion).where(ContentVersion.id == item.current_version_id)).one()
    assert version.size_bytes == SIZE
    assert b"".join(store.open(version.storage_key)) == data
