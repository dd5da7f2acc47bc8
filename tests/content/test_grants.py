"""nginx grants (content.grants): the cookie an X-Accel answer sets, its lifetime counted from
the stream check, and its agreement with deploy/nginx/classroom.conf (nginx itself checks them in
test_nginx_delivery.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr

from content import grants
from content.rules.magic import EXTENSIONS
from tests.factories.accounts import bearer
from tests.factories.content import mp4_bytes, stored_item

pytestmark = pytest.mark.usefixtures("fresh_grants")

CONF = (Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "classroom.conf").read_text()
KEY = "0b7c2f3e-1111-4a4a-8b8b-123456789abc/5d1e0f2a-2222-4b4b-9c9c-abcdef012345/9e8d7c6b-3333-4c4c-8d8d-0123456789ab"
CONTENT = KEY.split("/")[1]


def _scope(*headers: tuple[str, str]) -> dict[str, object]:
    return {"headers": [(k.encode(), v.encode()) for k, v in headers]}


def _nginx_maps() -> dict[str, re.Pattern[str]]:
    """The three regular expressions nginx reads a grant cookie with, by the variable they set."""
    found = re.findall(r'map \$cookie_classroom_grant \$(\w+) \{\s*"~([^"]+)" \$1;', CONF)
    assert len(found) == 3, "classroom.conf reads expires, hash and object from the cookie"
    return {name: re.compile(pattern) for name, pattern in found}


def test_nginx_reads_the_cookie_the_app_writes():
    made = grants.cookie(
        _scope(("authorization", "Bearer abc")), CONTENT, KEY, "video/mp4",
        expires=2_000_000_010, now=2_000_000_000, secret="s", secure=False,
    )  # fmt: skip
    assert made is not None
    value = made.decode().split(";")[0].removeprefix(f"{grants.COOKIE}=")
    maps = _nginx_maps()
    pieces = {name: pattern.match(value) for name, pattern in maps.items()}
    assert all(pieces.values()), value
    assert pieces["classroom_grant_expires"].group(1) == "2000000010"  # type: ignore[union-attr]
    assert pieces["classroom_grant_object"].group(1) == f"{KEY}.mp4"  # type: ignore[union-attr]
    signed = pieces["classroom_grant_hash"].group(1)  # type: ignore[union-attr]
    assert signed == grants.signature(2_000_000_010, f"{KEY}.mp4", CONTENT, "Bearer abc", "", "s")
    # The object nginx opens is the key the app signed, and nothing outside the objects folder.
    for hostile in ("../../etc/passwd.mp4", f"{KEY}/../x.mp4", f"{KEY.upper()}.mp4"):
        assert not maps["classroom_grant_object"].match(f"2000000010.{signed}.{hostile}")


def test_nginx_types_every_stored_kind_as_the_app_does():
    block = re.search(r"types \{([^}]*)\}", CONF)
    assert block is not None
    typed = dict(line.split()[::-1] for line in block.group(1).replace(";", "").strip().splitlines())
    assert typed == {extension: media for media, extension in EXTENSIONS.items()}


def test_the_signature_covers_every_field():
    texts = [f"{KEY}.mp4", CONTENT, "Bearer abc", "sess", "secret"]
    base = grants.signature(2_000_000_010, *texts)
    assert len(base) == 22 and re.fullmatch(r"[A-Za-z0-9_-]+", base)
    assert grants.signature(2_000_000_011, *texts) != base
    for n in range(len(texts)):
        changed = [f"{text}x" if i == n else text for i, text in enumerate(texts)]
        assert grants.signature(2_000_000_010, *changed) != base, n


@pytest.mark.parametrize(
    ("key", "media"),
    [(KEY, "text/html"), ("a/b/c", "video/mp4"), (f"{KEY}/x", "video/mp4"), (KEY.upper(), "video/mp4")],
)
def test_no_grant_for_an_object_nginx_could_not_name(key, media):
    assert grants.target(key, media) is None


def test_the_credential_is_read_as_nginx_reads_it():
    scope = _scope(
        ("cookie", "lang=ko; classroom_session=first"),
        ("authorization", "Bearer one"),
        ("cookie", "classroom_session=second"),
        ("authorization", "Bearer two"),
    )
    assert grants.credentials(scope) == ("Bearer one", "first")
    assert grants.credentials(_scope(("cookie", "lang=ko"))) == ("", "")


def test_no_grant_without_a_credential_or_time_left():
    args = {
        "content_id": CONTENT,
        "storage_key": KEY,
        "media_type": "video/mp4",
        "secret": "s",
        "secure": False,
    }
    assert grants.cookie(_scope(), expires=110, now=100, **args) is None  # type: ignore[arg-type]
    signed_in = _scope(("cookie", "classroom_session=tok"))
    assert grants.cookie(signed_in, expires=101, now=100, **args) is None  # type: ignore[arg-type]
    made = grants.cookie(signed_in, expires=110, now=100, **{**args, "secure": True})  # type: ignore[arg-type]
    assert made is not None
    text = made.decode()
    assert "Max-Age=10;" in text and text.endswith("; Secure")
    assert f"Path=/api/v1/contents/{CONTENT}/stream;" in text


def _granted(answer) -> bool:
    return any(v.startswith(f"{grants.COOKIE}=") for v in answer.headers.get_list("set-cookie"))


def _accel(app, secret: str | None):
    settings = app.state.content_settings
    app.state.content_settings = settings.model_copy(
        update={"delivery": "accel", "accel_grant_secret": SecretStr(secret) if secret else None}
    )
    return settings


def test_an_accel_answer_grants_for_what_is_left_of_the_check(client, session, app, content_world):
    item, _ = stored_item(session, app, content_world.a, mp4_bytes(5000, seed=4))
    headers = {**bearer(session, app, content_world.a.trainee), "Range": "bytes=0-9"}
    url = f"/api/v1/contents/{item.id}/stream"
    before = _accel(app, "shared")
    try:
        first = client.get(url, headers=headers)
        assert first.headers["x-accel-redirect"].startswith("/_protected/objects/")
        assert "Max-Age=10;" in first.headers["set-cookie"]
        # The fast path keeps its grant (monotonic time): the cookie counts from the check.
        app.state.clock.advance(seconds=7)
        assert "Max-Age=3;" in client.get(url, headers=headers).headers["set-cookie"]
        app.state.clock.advance(seconds=2)
        assert not _granted(client.get(url, headers=headers))
        app.state.grant_cache.clear()  # checked again: a whole grant
        assert "Max-Age=10;" in client.get(url, headers=headers).headers["set-cookie"]
        _accel(app, None)
        assert not _granted(client.get(url, headers=headers))  # no secret, no grants
    finally:
        app.state.content_settings = before
        app.state.clock.advance(seconds=-9)


def test_refusals_and_embedded_answers_grant_nothing(client, session, app, content_world):
    item, _ = stored_item(session, app, content_world.a, mp4_bytes(5000, seed=5))
    url = f"/api/v1/contents/{item.id}/stream"
    before = _accel(app, "shared")
    try:
        outsider = client.get(
            url, headers={**bearer(session, app, content_world.b.trainee), "Range": "bytes=0-9"}
        )
        assert outsider.status_code == 404 and not _granted(outsider)
        app.state.content_settings = app.state.content_settings.model_copy(update={"delivery": "embedded"})
        own = client.get(url, headers={**bearer(session, app, content_world.a.trainee), "Range": "bytes=0-9"})
        assert own.status_code == 206 and not _granted(own)
    finally:
        app.state.content_settings = before
