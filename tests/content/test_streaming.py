"""GET/HEAD /api/v1/contents/{id}/stream: Range edge cases, validators, who may read, and the
three delivery modes (the S3 side of presigned and accel delivery is in test_s3_delivery.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from classroom.core.tenancy import Role
from tests.factories.accounts import bearer, signed_in_browser
from tests.factories.content import mp4_bytes, stored_item

pytestmark = pytest.mark.usefixtures("fresh_grants")

DATA = mp4_bytes(300_000, seed=3)


@pytest.fixture
def item(app, session, content_world):
    item, _ = stored_item(session, app, content_world.a, DATA)
    return item


def _get(client: TestClient, session, app, user, item, **headers):  # type: ignore[no-untyped-def]
    return client.get(f"/api/v1/contents/{item.id}/stream", headers={**bearer(session, app, user), **headers})


def test_whole_object_with_validators(client, session, app, content_world, item):
    response = _get(client, session, app, content_world.a.trainee, item)
    assert response.status_code == 200
    assert response.content == DATA
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["content-type"] == "video/mp4"
    assert response.headers["content-length"] == str(len(DATA))
    assert response.headers["etag"].startswith('"')
    assert "last-modified" in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, len(DATA) - 1),  # open-ended
        ("bytes=-500", len(DATA) - 500, len(DATA) - 1),  # suffix
        ("bytes=299000-999999999", 299000, len(DATA) - 1),  # end beyond the object
        ("bytes=-999999999", 0, len(DATA) - 1),  # suffix longer than the object
    ],
)
def test_single_ranges(client, session, app, content_world, item, header, start, end):
    response = _get(client, session, app, content_world.a.trainee, item, Range=header)
    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes {start}-{end}/{len(DATA)}"
    assert response.content == DATA[start : end + 1]


def test_range_beyond_the_end_is_416(client, session, app, content_world, item):
    response = _get(client, session, app, content_world.a.trainee, item, Range=f"bytes={len(DATA)}-")
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{len(DATA)}"


def test_multiple_ranges_answer_multipart_byteranges(client, session, app, content_world, item):
    response = _get(client, session, app, content_world.a.trainee, item, Range="bytes=0-9,1000-1009,-5")
    assert response.status_code == 206
    kind = response.headers["content-type"]
    assert kind.startswith("multipart/byteranges; boundary=")
    boundary = kind.split("boundary=")[1].encode()
    body = response.content
    assert len(body) == int(response.headers["content-length"])
    parts = [p for p in body.split(b"--" + boundary) if p.strip(b"\r\n-")]
    assert len(parts) == 3
    expected = [(0, 9), (1000, 1009), (len(DATA) - 5, len(DATA) - 1)]
    for part, (start, end) in zip(parts, expected, strict=True):
        head, _, payload = part.partition(b"\r\n\r\n")
        assert f"Content-Range: bytes {start}-{end}/{len(DATA)}".encode() in head
        assert payload.rstrip(b"\r\n") == DATA[start : end + 1].rstrip(b"\r\n")


def test_overlapping_ranges_are_merged(client, session, app, content_world, item):
    response = _get(client, session, app, content_world.a.trainee, item, Range="bytes=0-99,50-149")
    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes 0-149/{len(DATA)}"


def test_malformed_range_is_ignored(client, session, app, content_world, item):
    response = _get(client, session, app, content_world.a.trainee, item, Range="bytes=abc")
    assert response.status_code == 200
    assert len(response.content) == len(DATA)


def test_if_range(client, session, app, content_world, item):
    etag = _get(client, session, app, content_world.a.trainee, item).headers["etag"]
    same = _get(client, session, app, content_world.a.trainee, item, Range="bytes=0-9", **{"If-Range": etag})
    assert same.status_code == 206
    other = _get(
        client, session, app, content_world.a.trainee, item, Range="bytes=0-9", **{"If-Range": '"x"'}
    )
    assert other.status_code == 200
    assert other.content == DATA


def test_if_none_match_and_head(client, session, app, content_world, item):
    first = _get(client, session, app, content_world.a.trainee, item)
    again = _get(
        client, session, app, content_world.a.trainee, item, **{"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    head = client.head(
        f"/api/v1/contents/{item.id}/stream", headers=bearer(session, app, content_world.a.trainee)
    )
    assert head.status_code == 200
    assert head.headers["content-length"] == str(len(DATA))
    assert head.content == b""


def test_the_page_session_cookie_streams_too(app, session, content_world, item):
    browser, _ = signed_in_browser(app, session, content_world.a.trainee)
    response = browser.get(f"/api/v1/contents/{item.id}/stream", headers={"Range": "bytes=0-3"})
    assert response.status_code == 206
    assert response.content == DATA[:4]


@pytest.mark.parametrize("who", ["teacher", "admin"])
def test_course_staff_read(client, session, app, content_world, item, who):
    user = getattr(content_world.a, who)
    assert _get(client, session, app, user, item).status_code == 200


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.INSPECTOR])
def test_platform_reads(client, session, app, content_world, item, role):
    assert _get(client, session, app, content_world.world.user(role), item).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "other_teacher"])
def test_not_enrolled_and_not_teaching_is_404(client, session, app, content_world, item, who):
    response = _get(client, session, app, getattr(content_world.a, who), item)
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["trainee", "teacher", "admin"])
def test_other_institution_is_404(client, session, app, content_world, item, who):
    response = _get(client, session, app, getattr(content_world.b, who), item)
    assert response.status_code == 404


def test_supervisor_has_no_content_permission(client, session, app, content_world, item):
    supervisor = content_world.world.user(Role.SUPERVISOR)
    assert _get(client, session, app, supervisor, item).status_code == 403


def test_anonymous_is_401(client, item):
    assert client.get(f"/api/v1/contents/{item.id}/stream").status_code == 401


def test_dropped_trainee_loses_access_once_the_grant_expires(client, session, app, content_world, item):
    from classroom.courses.enrolment import drop
    from tests.factories.accounts import principal_of

    trainee = content_world.a.trainee
    headers = bearer(session, app, trainee)
    assert client.get(f"/api/v1/contents/{item.id}/stream", headers=headers).status_code == 200
    admin = principal_of(content_world.a.admin)
    drop(session, app.state.clock, admin, content_world.a.course, trainee.id, reason="중도 포기")
    session.commit()
    app.state.grant_cache.clear()  # what the grant's expiry (seconds) does in production
    assert client.get(f"/api/v1/contents/{item.id}/stream", headers=headers).status_code == 404


def test_deleted_item_is_404_at_once(client, session, app, content_world, item):
    headers = bearer(session, app, content_world.a.trainee)
    assert client.get(f"/api/v1/contents/{item.id}/stream", headers=headers).status_code == 200
    deleted = client.delete(
        f"/api/v1/contents/{item.id}", headers=bearer(session, app, content_world.a.teacher)
    )
    assert deleted.status_code == 200
    assert client.get(f"/api/v1/contents/{item.id}/stream", headers=headers).status_code == 404


def test_accel_mode_hands_the_file_to_nginx(client, session, app, content_world, item):
    settings = app.state.content_settings
    app.state.content_settings = settings.model_copy(update={"delivery": "accel"})
    try:
        response = _get(client, session, app, content_world.a.trainee, item, Range="bytes=0-9")
    finally:
        app.state.content_settings = settings
    assert response.status_code == 200
    target = response.headers["x-accel-redirect"]
    version_key = client.get(
        f"/api/v1/contents/{item.id}", headers=bearer(session, app, content_world.a.admin)
    )
    assert target.startswith("/_protected/objects/")
    assert target.endswith(str(version_key.json()["version"]["id"]))
    assert response.content == b""
    assert response.headers["content-type"] == "video/mp4"


def test_presigned_mode_on_the_local_store_falls_back_to_embedded(client, session, app, content_world, item):
    settings = app.state.content_settings
    app.state.content_settings = settings.model_copy(update={"delivery": "presigned"})
    try:
        response = _get(client, session, app, content_world.a.trainee, item, Range="bytes=0-9")
    finally:
        app.state.content_settings = settings
    assert response.status_code == 206
    assert response.content == DATA[:10]


def test_new_version_changes_the_etag(client, session, app, content_world, item):
    first = _get(client, session, app, content_world.a.trainee, item)
    stored_item(session, app, content_world.a, mp4_bytes(1000, seed=9), item=item)
    app.state.grant_cache.forget(item.id)  # what the item's change event does after a real commit
    second = _get(client, session, app, content_world.a.trainee, item)
    assert second.headers["etag"] != first.headers["etag"]
    assert second.content == mp4_bytes(1000, seed=9)


def test_answers_of_the_fast_path_carry_the_security_headers(client, session, app, content_world, item):
    # The fast path answers in front of the middleware that adds them (classroom.core.front):
    # the first range (grant looked up) and the next ones (grant cached) alike, in both modes.
    settings = app.state.content_settings
    for delivery in ("embedded", "accel"):
        app.state.content_settings = settings.model_copy(update={"delivery": delivery})
        try:
            for _ in range(2):
                response = _get(client, session, app, content_world.a.trainee, item, Range="bytes=0-9")
                assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
                assert response.headers["x-content-type-options"] == "nosniff"
                assert response.headers["referrer-policy"] == "same-origin"
                assert response.headers["cache-control"] == "private, no-cache"
        finally:
            app.state.content_settings = settings
            app.state.grant_cache.clear()
    assert len(app.state.grant_cache._grants) == 0
