"""The three delivery modes on S3 (moto's server): the app relays ranged GETs (embedded), hands
nginx a presigned request (accel), or redirects to a presigned URL valid ≤ 5 minutes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from content.storage import MinioStore
from tests.factories.accounts import bearer
from tests.factories.content import mp4_bytes, stored_item
from tests.support import s3server
from tests.support.require import need

pytestmark = [pytest.mark.sqlite_only, pytest.mark.usefixtures("fresh_grants")]

DATA = mp4_bytes(2 * 1024 * 1024 + 99, seed=21)


@pytest.fixture
def s3(app) -> Iterator[MinioStore]:  # type: ignore[no-untyped-def]
    need(s3server.available())
    saved = app.state.store
    app.state.store = MinioStore(
        s3server.endpoint(),
        s3server.ACCESS_KEY,
        s3server.SECRET_KEY,
        f"deliver-{uuid.uuid4().hex[:10]}",
        False,
    )
    yield app.state.store
    app.state.store = saved


@pytest.fixture
def item(app, session, content_world, s3):  # type: ignore[no-untyped-def]
    found, _ = stored_item(session, app, content_world.a, DATA)
    return found


def _mode(app, mode: str) -> None:  # type: ignore[no-untyped-def]
    app.state.content_settings = app.state.content_settings.model_copy(update={"delivery": mode})


@pytest.fixture(autouse=True)
def _restore_mode(app):  # type: ignore[no-untyped-def]
    saved = app.state.content_settings
    yield
    app.state.content_settings = saved


def test_embedded_relays_ranges_from_s3(client, session, app, content_world, item):
    headers = bearer(session, app, content_world.a.trainee)
    whole = client.get(f"/api/v1/contents/{item.id}/stream", headers=headers)
    assert whole.status_code == 200 and whole.content == DATA
    part = client.get(
        f"/api/v1/contents/{item.id}/stream", headers={**headers, "Range": "bytes=1048570-1048580"}
    )
    assert part.status_code == 206 and part.content == DATA[1048570:1048581]


def test_presigned_redirect_is_short_lived_and_works(client, session, app, content_world, item):
    _mode(app, "presigned")
    headers = bearer(session, app, content_world.a.trainee)
    response = client.get(f"/api/v1/contents/{item.id}/stream", headers=headers, follow_redirects=False)
    assert response.status_code == 307
    url = response.headers["location"]
    assert int(parse_qs(urlsplit(url).query)["X-Amz-Expires"][0]) <= 300
    fetched = httpx.get(url, headers={"Range": "bytes=0-99"})
    assert fetched.status_code == 206 and fetched.content == DATA[:100]
    assert fetched.headers["content-type"] == "video/mp4"
    outsider = bearer(session, app, content_world.a.outsider)
    assert client.get(f"/api/v1/contents/{item.id}/stream", headers=outsider).status_code == 404


def test_accel_on_s3_hands_nginx_a_presigned_request(client, session, app, content_world, item):
    _mode(app, "accel")
    headers = bearer(session, app, content_world.a.trainee)
    response = client.get(f"/api/v1/contents/{item.id}/stream", headers=headers)
    assert response.status_code == 200 and response.content == b""
    target = response.headers["x-accel-redirect"]
    assert target.startswith("/_protected/s3/")
    # What nginx does with it: the same path and query against the S3 endpoint.
    relayed = httpx.get(f"http://{s3server.endpoint()}{target.removeprefix('/_protected/s3')}")
    assert relayed.status_code == 200 and relayed.content == DATA
