"""The tus 1.0 endpoints driven request by request: creation, PATCH in pieces, HEAD offsets,
checksums, termination, expiry, type and size refusals, and the storage quota."""

from __future__ import annotations

import base64
import hashlib
import io
import uuid
import zipfile

import pytest
from sqlmodel import select

from classroom.leases.programmes import put_programme
from classroom.leases.schemas import ProgrammeSettings
from content.models import ContentItem, ContentVersion, Upload
from content.rules.kinds import UploadStatus
from tests.factories.accounts import bearer
from tests.factories.content import mp4_bytes

TUS = {"Tus-Resumable": "1.0.0"}
DATA = mp4_bytes(200_000, seed=5)


def _meta(**fields: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in fields.items())


def _create(client, headers, room, length, filename="week1.mp4", **extra):  # type: ignore[no-untyped-def]
    meta = _meta(filename=filename, course_id=str(room.course.id), **extra)
    return client.post(
        "/api/v1/uploads", headers={**headers, **TUS, "Upload-Length": str(length), "Upload-Metadata": meta}
    )


def _patch(client, headers, location, offset, data, **extra):  # type: ignore[no-untyped-def]
    return client.patch(
        location,
        content=data,
        headers={
            **headers,
            **TUS,
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
            **extra,
        },
    )


@pytest.fixture
def teacher(session, app, content_world):
    return bearer(session, app, content_world.a.teacher)


def _upload(session, location):  # type: ignore[no-untyped-def]
    upload = session.exec(select(Upload).where(Upload.id == uuid.UUID(location.rsplit("/", 1)[1]))).one()
    session.refresh(upload)
    return upload


def _leftovers(app, upload) -> list[str]:  # type: ignore[no-untyped-def]
    """Files of this upload still in the store: its partial object and its final key."""
    root = app.state.store.root
    found = []
    if upload.store_state.get("token"):
        partial = root / ".multipart" / upload.store_state["token"]
        if partial.exists():
            found.append(str(partial))
    if (root / upload.storage_key).exists():
        found.append(upload.storage_key)
    return found


def test_options_advertises_the_extensions(client):
    response = client.options("/api/v1/uploads")
    assert response.status_code == 204
    assert response.headers["tus-version"] == "1.0.0"
    assert set(response.headers["tus-extension"].split(",")) == {
        "creation",
        "termination",
        "checksum",
        "expiration",
    }
    assert response.headers["tus-checksum-algorithm"] == "sha256,sha1"
    assert int(response.headers["tus-max-size"]) > 0


def test_upload_in_pieces_becomes_a_content_version(client, session, app, content_world, teacher):
    room = content_world.a
    created = _create(client, teacher, room, len(DATA), title="1주차 강의")
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    assert created.headers["tus-resumable"] == "1.0.0"
    assert "upload-expires" in created.headers
    head = client.head(location, headers={**teacher, **TUS})
    assert head.status_code == 200
    assert head.headers["upload-offset"] == "0"
    assert head.headers["upload-length"] == str(len(DATA))
    assert head.headers["cache-control"] == "no-store"
    offset = 0
    for piece in (DATA[:70_000], DATA[70_000:150_000], DATA[150_000:]):
        response = _patch(client, teacher, location, offset, piece)
        assert response.status_code == 204, response.text
        offset += len(piece)
        assert response.headers["upload-offset"] == str(offset)
        assert client.head(location, headers={**teacher, **TUS}).headers["upload-offset"] == str(offset)
    content_id = response.headers["classroom-content-id"]
    item = client.get(f"/api/v1/contents/{content_id}", headers=teacher).json()
    assert item["title"] == "1주차 강의"
    assert item["kind"] == "video"
    assert item["version"]["size_bytes"] == len(DATA)
    assert item["version"]["sha256"] == hashlib.sha256(DATA).hexdigest()
    assert item["version"]["media_type"] == "video/mp4"
    stream = client.get(f"/api/v1/contents/{content_id}/stream", headers=teacher)
    assert stream.content == DATA
    upload = session.exec(select(Upload).where(Upload.content_id == uuid.UUID(content_id))).one()
    assert upload.status is UploadStatus.COMPLETE and upload.reserved_bytes == 0
    assert client.head(location, headers={**teacher, **TUS}).headers["classroom-content-id"] == content_id


def test_title_defaults_to_the_file_name(client, content_world, teacher):
    created = _create(client, teacher, content_world.a, len(DATA), filename="2주차 실습.mp4")
    response = _patch(client, teacher, created.headers["location"], 0, DATA)
    item = client.get(f"/api/v1/contents/{response.headers['classroom-content-id']}", headers=teacher).json()
    assert item["title"] == "2주차 실습.mp4"


def test_wrong_offset_is_409_and_stores_nothing(client, content_world, teacher):
    location = _create(client, teacher, content_world.a, len(DATA)).headers["location"]
    assert _patch(client, teacher, location, 0, DATA[:10_000]).status_code == 204
    response = _patch(client, teacher, location, 5, DATA[5:20_000])
    assert response.status_code == 409
    assert "10,000" in response.json()["detail"]
    assert client.head(location, headers={**teacher, **TUS}).headers["upload-offset"] == "10000"


@pytest.mark.parametrize("algorithm", ["sha256", "sha1"])
def test_checksum_match_and_mismatch(client, content_world, teacher, algorithm):
    location = _create(client, teacher, content_world.a, len(DATA)).headers["location"]
    piece = DATA[:50_000]
    digest = base64.b64encode(hashlib.new(algorithm, piece).digest()).decode()
    wrong = base64.b64encode(hashlib.new(algorithm, b"other").digest()).decode()
    refused = _patch(client, teacher, location, 0, piece, **{"Upload-Checksum": f"{algorithm} {wrong}"})
    assert refused.status_code == 460
    assert client.head(location, headers={**teacher, **TUS}).headers["upload-offset"] == "0"
    accepted = _patch(client, teacher, location, 0, piece, **{"Upload-Checksum": f"{algorithm} {digest}"})
    assert accepted.status_code == 204
    assert accepted.headers["upload-offset"] == "50000"


def test_unknown_checksum_algorithm_is_400(client, content_world, teacher):
    location = _create(client, teacher, content_world.a, len(DATA)).headers["location"]
    response = _patch(client, teacher, location, 0, DATA[:100], **{"Upload-Checksum": "md5 AAAA"})
    assert response.status_code == 400


def test_terminate_removes_bytes_and_releases_the_reservation(client, session, app, content_world, teacher):
    from content.items import stored_bytes

    institution = content_world.a.course.institution_id
    before = stored_bytes(session, institution)
    location = _create(client, teacher, content_world.a, len(DATA)).headers["location"]
    assert stored_bytes(session, institution) == before + len(DATA)
    _patch(client, teacher, location, 0, DATA[:60_000])
    upload = _upload(session, location)
    assert _leftovers(app, upload)
    deleted = client.delete(location, headers={**teacher, **TUS})
    assert deleted.status_code == 204
    assert stored_bytes(session, institution) == before
    assert not _leftovers(app, upload)
    assert client.head(location, headers={**teacher, **TUS}).status_code == 410
    assert _patch(client, teacher, location, 60_000, DATA[60_000:]).status_code == 410


def test_expired_upload_is_gone_and_collected(client, session, app, content_world, teacher):
    from content.gc import collect

    location = _create(client, teacher, content_world.a, len(DATA)).headers["location"]
    _patch(client, teacher, location, 0, DATA[:60_000])
    app.state.clock.advance(hours=25)
    teacher = bearer(session, app, content_world.a.teacher)  # sign-ins last 12 h
    assert _patch(client, teacher, location, 60_000, DATA[60_000:]).status_code == 410
    assert client.head(location, headers={**teacher, **TUS}).status_code == 410
    upload = _upload(session, location)
    assert upload.status is UploadStatus.EXPIRED and upload.reserved_bytes == 0
    assert not _leftovers(app, upload)
    # The collector finds the ones nobody came back to.
    other = _create(client, teacher, content_world.a, len(DATA)).headers["location"]
    _patch(client, teacher, other, 0, DATA[:10_000])
    app.state.clock.advance(hours=25)
    session.commit()
    assert collect(app).expired_uploads == 1
    assert not _leftovers(app, _upload(session, other))
    teacher = bearer(session, app, content_world.a.teacher)
    assert client.head(other, headers={**teacher, **TUS}).status_code == 410


def test_renamed_executable_is_refused_before_anything_is_stored(
    client, session, app, content_world, teacher
):
    exe = b"MZ\x90\x00" + bytes(20_000)
    created = _create(client, teacher, content_world.a, len(exe), filename="lecture.mp4")
    response = _patch(client, teacher, created.headers["location"], 0, exe)
    assert response.status_code == 415
    assert "실행 파일" in response.json()["detail"]
    assert not _leftovers(app, _upload(session, created.headers["location"]))
    assert session.exec(select(ContentItem).where(ContentItem.title == "lecture.mp4")).first() is None


def test_unknown_type_is_refused_in_english_too(client, content_world, teacher):
    data = b"just some plain text, not a lesson video" * 200
    created = _create(client, teacher, content_world.a, len(data), filename="notes.pdf")
    response = _patch(client, teacher, created.headers["location"], 0, data, **{"Accept-Language": "en"})
    assert response.status_code == 415
    assert "not supported" in response.json()["detail"]


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>수업 자료</w:document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def test_office_document_is_accepted(client, content_world, teacher):
    data = _docx()
    created = _create(client, teacher, content_world.a, len(data), filename="자료.docx")
    response = _patch(client, teacher, created.headers["location"], 0, data)
    assert response.status_code == 204, response.text
    item = client.get(f"/api/v1/contents/{response.headers['classroom-content-id']}", headers=teacher).json()
    assert item["kind"] == "document"
    assert item["version"]["media_type"].endswith("wordprocessingml.document")


def test_zip_bomb_posing_as_a_document_is_refused(client, session, app, content_world, teacher):
    from content.items import stored_bytes

    institution = content_world.a.course.institution_id
    before = stored_bytes(session, institution)
    bomb = _docx({"word/media/padding.bin": bytes(60 * 1024 * 1024)})
    assert len(bomb) < 200_000
    created = _create(client, teacher, content_world.a, len(bomb), filename="강의자료.docx")
    response = _patch(client, teacher, created.headers["location"], 0, bomb)
    assert response.status_code == 415
    assert "압축" in response.json()["detail"]
    assert stored_bytes(session, institution) == before
    assert session.exec(select(ContentItem).where(ContentItem.title == "강의자료.docx")).first() is None
    assert not _leftovers(app, _upload(session, created.headers["location"]))


def test_too_large_is_refused_at_creation(client, app, content_world, teacher):
    limit = app.state.content_settings.max_upload_bytes
    response = _create(client, teacher, content_world.a, limit + 1)
    assert response.status_code == 413
    assert response.headers["tus-resumable"] == "1.0.0"


def test_more_bytes_than_declared_are_refused(client, content_world, teacher):
    location = _create(client, teacher, content_world.a, 1000).headers["location"]
    response = _patch(client, teacher, location, 0, DATA[:2000])
    assert response.status_code == 413
    assert client.head(location, headers={**teacher, **TUS}).headers["upload-offset"] == "0"


def test_missing_tus_version_is_412(client, content_world, teacher):
    response = client.post("/api/v1/uploads", headers={**teacher, "Upload-Length": "10"})
    assert response.status_code == 412
    assert response.headers["tus-version"] == "1.0.0"


def test_only_the_uploader_sees_an_upload(client, session, app, content_world, teacher):
    location = _create(client, teacher, content_world.a, len(DATA)).headers["location"]
    admin = bearer(session, app, content_world.a.admin)
    assert client.head(location, headers={**admin, **TUS}).status_code == 404
    foreign = bearer(session, app, content_world.b.teacher)
    assert client.head(location, headers={**foreign, **TUS}).status_code == 404


def test_instructor_of_another_course_may_not_upload(client, session, app, content_world):
    other = bearer(session, app, content_world.a.other_teacher)
    assert _create(client, other, content_world.a, 10).status_code == 403
    foreign = bearer(session, app, content_world.b.teacher)
    assert _create(client, foreign, content_world.a, 10).status_code == 404


def _shrink_quota(session, app, storage_bytes: int) -> None:  # type: ignore[no-untyped-def]
    put_programme(
        session,
        app.state.clock,
        None,
        2026,
        ProgrammeSettings(storage_bytes_per_classroom=storage_bytes).model_dump(),
    )
    session.commit()


def test_quota_is_reserved_at_creation(client, session, app, content_world, teacher):
    from content.items import stored_bytes

    used = stored_bytes(session, content_world.a.course.institution_id)
    _shrink_quota(session, app, used + 300_000)
    first = _create(client, teacher, content_world.a, 200_000)
    assert first.status_code == 201
    second = _create(client, teacher, content_world.a, 200_000)
    assert second.status_code == 413
    assert "GB" in second.json()["detail"]
    assert client.delete(first.headers["location"], headers={**teacher, **TUS}).status_code == 204
    assert _create(client, teacher, content_world.a, 200_000).status_code == 201


def test_quota_lost_mid_way_cancels_and_leaves_nothing(client, session, app, content_world, teacher):
    from content.items import stored_bytes

    institution = content_world.a.course.institution_id
    used = stored_bytes(session, institution)
    location = _create(client, teacher, content_world.a, len(DATA)).headers["location"]
    assert _patch(client, teacher, location, 0, DATA[:80_000]).status_code == 204
    _shrink_quota(session, app, used + 100_000)  # the institution's leases shrank meanwhile
    response = _patch(client, teacher, location, 80_000, DATA[80_000:])
    assert response.status_code == 413
    assert stored_bytes(session, institution) == used
    assert not _leftovers(app, _upload(session, location))
    assert client.head(location, headers={**teacher, **TUS}).status_code == 410


def test_new_version_through_tus_keeps_history(client, session, app, content_world, teacher):
    first = _create(client, teacher, content_world.a, len(DATA), title="3주차")
    content_id = _patch(client, teacher, first.headers["location"], 0, DATA).headers["classroom-content-id"]
    again = mp4_bytes(50_000, seed=8)
    second = _create(
        client, teacher, content_world.a, len(again), filename="week3-v2.mp4", content_id=content_id
    )
    assert (
        _patch(client, teacher, second.headers["location"], 0, again).headers["classroom-content-id"]
        == content_id
    )
    versions = client.get(f"/api/v1/contents/{content_id}/versions", headers=teacher).json()
    assert [v["number"] for v in versions] == [2, 1]
    item = client.get(f"/api/v1/contents/{content_id}", headers=teacher).json()
    assert item["title"] == "3주차" and item["version"]["number"] == 2
    assert (
        len(
            session.exec(
                select(ContentVersion).where(ContentVersion.content_id == uuid.UUID(content_id))
            ).all()
        )
        == 2
    )


def test_heartbeat_after_expiry_window_moves_it(client, session, app, content_world, teacher):
    created = _create(client, teacher, content_world.a, len(DATA))
    location = created.headers["location"]
    app.state.clock.advance(hours=20)
    teacher = bearer(session, app, content_world.a.teacher)  # sign-ins last 12 h
    response = _patch(client, teacher, location, 0, DATA[:10_000])
    assert response.status_code == 204
    expires = response.headers["upload-expires"]
    app.state.clock.advance(hours=20)  # 40 h after creation, 20 h after the last PATCH
    teacher = bearer(session, app, content_world.a.teacher)
    assert _patch(client, teacher, location, 10_000, DATA[10_000:20_000]).status_code == 204
    assert expires != created.headers["upload-expires"]
