"""The X-Accel-Redirect delivery end to end: the app under uvicorn with
CLASSROOM_CONTENT_DELIVERY=accel, behind a real nginx running deploy/nginx/classroom.conf —
the file docker-compose ships — on loopback ports, with the local object folder and with S3
(moto's server in MinIO's place: nginx performs the presigned GET the app hands it). Ranges,
validators and refusals are what a player and an outsider get through nginx."""

from __future__ import annotations

import hashlib
import os
import secrets
import signal
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from content import grants
from tests.browser.helpers import login
from tests.support import liveserver, nginxserver, s3server
from tests.support.require import need

pytestmark = pytest.mark.sqlite_only


@dataclass(frozen=True)
class Front:
    url: str
    app_url: str
    item: dict[str, object]
    trainee: dict[str, str]
    backend: str
    app: liveserver.Server
    grant_secret: str


def _token(app_url: str, email: str, institution: str) -> dict[str, str]:
    answer = httpx.post(
        f"{app_url}/api/v1/auth/token",
        data={"username": email, "password": liveserver.DEMO_PASSWORD, "institution": institution},
    )
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture(scope="module", params=["local", "s3"])
def front(request: pytest.FixtureRequest) -> Iterator[Front]:
    need(nginxserver.available())
    # Not pytest's tmp_path: nginx's workers (an unprivileged user) must reach the objects.
    data = Path(tempfile.mkdtemp(prefix="classroom-accel-"))
    data.chmod(0o755)
    secret = secrets.token_urlsafe(24)  # nginx's grants (content.grants): both sides know it
    env = {
        "CLASSROOM_CONTENT_DELIVERY": "accel",
        "CLASSROOM_JOBS_WORKERS": "0",
        "CLASSROOM_CONTENT_ACCEL_GRANT_SECRET": secret,
    }
    s3_endpoint = "127.0.0.1:9"  # nothing: the local store never redirects there
    if request.param == "s3":
        need(s3server.available())
        s3_endpoint = s3server.endpoint()
        env |= {
            "CLASSROOM_STORAGE_BACKEND": "s3",
            "CLASSROOM_S3_ENDPOINT": s3_endpoint,
            "CLASSROOM_S3_ACCESS_KEY": s3server.ACCESS_KEY,
            "CLASSROOM_S3_SECRET_KEY": s3server.SECRET_KEY,
            "CLASSROOM_S3_BUCKET": f"accel-{uuid.uuid4().hex[:10]}",
        }
    with liveserver.serve(f"sqlite:///{data}/classroom.db", data, extra_env=env) as server:
        (data / "objects").mkdir(mode=0o755, exist_ok=True)
        port = liveserver.free_port()
        app_port = int(server.url.rsplit(":", 1)[1])
        config = nginxserver.deploy_config(
            listen_port=port,
            app_port=app_port,
            objects_dir=data / "objects",
            s3_endpoint=s3_endpoint,
            grant_secret=secret,
        )
        with nginxserver.running(config, port) as nginx:
            trainee = _token(server.url, "jiwoo@hanbit.example", "hanbit")
            item = _demo_video(server.url, trainee)
            yield Front(nginx.url, server.url, item, trainee, request.param, server, secret)


def _demo_video(app_url: str, headers: dict[str, str]) -> dict[str, object]:
    for course in httpx.get(f"{app_url}/api/v1/courses", headers=headers).json():
        items = httpx.get(f"{app_url}/api/v1/courses/{course['id']}/contents", headers=headers).json()
        for item in items:
            if item["kind"] == "video":
                return dict(item)
    raise AssertionError("the demo gives jiwoo a course with a lesson video")


def _stream(front: Front) -> str:
    return f"{front.url}/api/v1/contents/{front.item['id']}/stream"


def test_nginx_sends_the_whole_video_the_app_recorded(front: Front) -> None:
    answer = httpx.get(_stream(front), headers=front.trainee)
    version = front.item["version"]
    assert isinstance(version, dict)
    assert answer.status_code == 200
    assert answer.headers["server"].startswith("nginx")
    assert "x-accel-redirect" not in answer.headers
    assert answer.headers["content-type"] == "video/mp4"
    assert len(answer.content) == version["size_bytes"]
    assert hashlib.sha256(answer.content).hexdigest() == version["sha256"]
    assert answer.headers["accept-ranges"] == "bytes"
    # The internal location sets the security headers again (an internal redirect drops the app's).
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_ranges_through_nginx(front: Front) -> None:
    whole = httpx.get(_stream(front), headers=front.trainee).content
    size = len(whole)
    for asked, start, end in (
        ("bytes=0-99", 0, 99),
        ("bytes=-50", size - 50, size - 1),
        (f"bytes={size - 10}-", size - 10, size - 1),
    ):
        answer = httpx.get(_stream(front), headers={**front.trainee, "Range": asked})
        assert answer.status_code == 206, asked
        assert answer.headers["content-range"] == f"bytes {start}-{end}/{size}"
        assert answer.content == whole[start : end + 1]
    beyond = httpx.get(_stream(front), headers={**front.trainee, "Range": f"bytes={size}-"})
    assert beyond.status_code == 416
    head = httpx.head(_stream(front), headers=front.trainee)
    assert head.status_code == 200 and int(head.headers["content-length"]) == size and head.content == b""


def test_validators_through_nginx(front: Front) -> None:
    first = httpx.get(_stream(front), headers={**front.trainee, "Range": "bytes=0-9"})
    etag = first.headers["etag"]
    again = httpx.get(_stream(front), headers={**front.trainee, "If-None-Match": etag})
    assert again.status_code == 304
    stale = httpx.get(_stream(front), headers={**front.trainee, "Range": "bytes=0-9", "If-Range": '"stale"'})
    assert stale.status_code == 200  # If-Range mismatch: the whole file, not the range


def test_refusals_come_from_the_app_through_nginx(front: Front) -> None:
    outsider = _token(front.app_url, "chaewon@mirae.example", "mirae")
    other_institution = httpx.get(_stream(front), headers={**outsider, "Range": "bytes=0-9"})
    assert other_institution.status_code == 404
    assert other_institution.headers["content-type"].startswith("application/problem+json")
    anonymous = httpx.get(_stream(front), headers={"Range": "bytes=0-9"})
    assert anonymous.status_code == 401
    unknown = httpx.get(f"{front.url}/api/v1/contents/{uuid.uuid4()}/stream", headers=front.trainee)
    assert unknown.status_code == 404
    # The protected folder is internal: asking nginx for it directly finds nothing.
    direct = httpx.get(f"{front.url}/_protected/objects/", headers=front.trainee)
    assert direct.status_code == 404


def test_a_signed_out_reader_is_refused_once_the_grant_lapses(front: Front) -> None:
    reader = _token(front.app_url, "yerin@hanbit.example", "hanbit")
    assert httpx.get(_stream(front), headers={**reader, "Range": "bytes=0-9"}).status_code == 206
    assert httpx.post(f"{front.url}/api/v1/auth/logout", headers=reader).status_code == 204
    # This process forgets nothing on a sign-out: the grant lives its 10 s (the documented bound);
    # a reader who never had one is refused at once.
    fresh = _token(front.app_url, "yerin@hanbit.example", "hanbit")
    httpx.post(f"{front.url}/api/v1/auth/logout", headers=fresh)
    assert httpx.get(_stream(front), headers={**fresh, "Range": "bytes=0-9"}).status_code == 401


# nginx grants (content/grants.py): after one answer from the app, nginx sends the same viewer's
# next ranges of that video itself, and nothing else.


def _granted(front: Front, who: dict[str, str] | None = None) -> tuple[httpx.Client, httpx.Response]:
    """A client keeping cookies, as a browser does, after its first range through the app."""
    client = httpx.Client(headers=who or front.trainee)
    first = client.get(_stream(front), headers={"Range": "bytes=0-99"})
    assert first.status_code == 206
    return client, first


def _direct(answer: httpx.Response) -> bool:
    """nginx's own answers name no file: the app's X-Accel answers always do."""
    return answer.headers.get("content-disposition") == "inline"


@pytest.mark.parametrize("front", ["s3"], indirect=True)
def test_no_grant_for_an_s3_object(front: Front) -> None:
    _, first = _granted(front)
    assert first.headers["server"].startswith("nginx")
    assert "set-cookie" not in first.headers  # each S3 range needs a presigned request of its own


@pytest.mark.parametrize("front", ["local"], indirect=True)
def test_a_granted_viewer_gets_the_next_ranges_from_nginx_alone(front: Front) -> None:
    client, first = _granted(front)
    set_cookie = first.headers["set-cookie"]
    assert set_cookie.startswith("classroom_grant=")
    assert f"Path=/api/v1/contents/{front.item['id']}/stream" in set_cookie
    assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie
    max_age = int(set_cookie.split("Max-Age=")[1].split(";")[0])
    assert 2 <= max_age <= 10  # no longer than the stream check is trusted
    whole = client.get(_stream(front)).content  # a plain GET still asks the app
    os.kill(front.app.process.pid, signal.SIGSTOP)
    try:
        with pytest.raises(httpx.TimeoutException):  # the app answers nothing now…
            client.get(f"{front.url}/api/v1/me", timeout=1)
        for asked, start, end in (
            ("bytes=100-4095", 100, 4095),
            (f"bytes={len(whole) - 10}-", len(whole) - 10, len(whole) - 1),
        ):
            answer = client.get(_stream(front), headers={"Range": asked}, timeout=5)  # …nginx does
            assert answer.status_code == 206 and _direct(answer)
            assert answer.headers["content-range"] == f"bytes {start}-{end}/{len(whole)}"
            assert answer.content == whole[start : end + 1]
            assert answer.headers["content-type"] == "video/mp4"
            assert answer.headers["cache-control"] == "private, no-cache"
            assert answer.headers["etag"] == first.headers["etag"]
            assert answer.headers["last-modified"] == first.headers["last-modified"]
            assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
            assert answer.headers["x-content-type-options"] == "nosniff"
        head = client.head(_stream(front), headers={"Range": "bytes=0-9"}, timeout=5)
        assert head.status_code == 206 and _direct(head) and head.content == b""
    finally:
        os.kill(front.app.process.pid, signal.SIGCONT)


def _grant_value(front: Front) -> str:
    client, _ = _granted(front)
    value = client.cookies.get("classroom_grant")
    assert value, "the app granted the range"
    return str(value)


@pytest.mark.parametrize("front", ["local"], indirect=True)
def test_a_grant_serves_nobody_and_nothing_else(front: Front) -> None:
    grant = _grant_value(front)
    cookie = {"Cookie": f"classroom_grant={grant}", "Range": "bytes=0-9"}
    # Another reader presenting it is asked by the app: an outsider is refused.
    outsider = _token(front.app_url, "chaewon@mirae.example", "mirae")
    assert httpx.get(_stream(front), headers={**outsider, **cookie}).status_code == 404
    # No credential at all: the app's 401.
    assert httpx.get(_stream(front), headers=cookie).status_code == 401
    # The same reader with a plain GET, a forged signature, another object or another video: the
    # app answers (and names the file).
    expires, signed, named = grant.split(".", 2)
    forged = f"{expires}.{'A' * 22}.{named}"
    other_object = f"{expires}.{signed}.{named.rsplit('/', 1)[0]}/{uuid.uuid4()}.mp4"
    later = f"{int(expires) + 3600}.{signed}.{named}"
    for value in (forged, other_object, later):
        answer = httpx.get(
            _stream(front),
            headers={**front.trainee, "Cookie": f"classroom_grant={value}", "Range": "bytes=0-9"},
        )
        assert answer.status_code == 206 and not _direct(answer), value
    plain = httpx.get(_stream(front), headers={**front.trainee, "Cookie": f"classroom_grant={grant}"})
    assert plain.status_code == 200 and not _direct(plain)
    elsewhere = f"{front.url}/api/v1/contents/{uuid.uuid4()}/stream"
    assert httpx.get(elsewhere, headers={**front.trainee, **cookie}).status_code == 404
    # The rightful reader with it: nginx alone.
    assert _direct(httpx.get(_stream(front), headers={**front.trainee, **cookie}))


@pytest.mark.parametrize("front", ["local"], indirect=True)
def test_nginx_checks_the_grant_as_the_app_signs_it(front: Front) -> None:
    """Grants signed here with the shared secret: nginx takes a live one and refuses a lapsed
    one, so the two sides agree on the fields, their order and the clock."""
    named = _grant_value(front).split(".", 2)[2]
    authorization = front.trainee["Authorization"]

    def ask(until: int) -> httpx.Response:
        signed = grants.signature(until, named, str(front.item["id"]), authorization, "", front.grant_secret)
        cookie = f"classroom_grant={until}.{signed}.{named}"
        return httpx.get(_stream(front), headers={**front.trainee, "Cookie": cookie, "Range": "bytes=0-9"})

    now = int(time.time())
    assert _direct(ask(now + 60))
    lapsed = ask(now - 1)
    assert lapsed.status_code == 206 and not _direct(lapsed)
    assert lapsed.headers["set-cookie"].startswith("classroom_grant=")  # the app gives a fresh one


@pytest.mark.browser
@pytest.mark.parametrize("front", ["local"], indirect=True)
def test_chromium_plays_through_nginx_and_keeps_its_grant(front: Front, browser) -> None:  # type: ignore[no-untyped-def]
    """A real browser: signs in through nginx, plays the lesson, and after a reload its video
    requests (ranges, with the grant cookie it was given) are answered by nginx alone."""
    context = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    answers: list[dict[str, str]] = []
    page.on("response", lambda r: answers.append(r.headers) if r.url.endswith("/stream") else None)
    try:
        login(page, front.url, "hanbit", "jiwoo@hanbit.example")
        playing = "() => { const v = document.getElementById('player'); v.muted = true; return v.play(); }"
        page.goto(f"{front.url}/contents/{front.item['id']}")
        page.evaluate(playing)
        page.wait_for_timeout(1_500)
        # The first answer is the app's (through X-Accel, naming the file), and it gave the grant.
        assert answers[0]["content-disposition"].startswith("inline; filename=")
        assert any(c["name"] == "classroom_grant" for c in context.cookies())
        answers.clear()
        page.reload()
        page.evaluate(playing)
        page.wait_for_timeout(1_500)
        assert page.evaluate("() => document.getElementById('player').currentTime") > 0.5
        # Within the grant's life (it may lapse on a slow machine, and the app renews it) nginx
        # answers the reloaded page's ranges itself.
        assert any(a.get("content-disposition") == "inline" for a in answers), answers
    finally:
        context.close()
