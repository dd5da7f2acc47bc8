"""Pure rules of the media layer: the presence state machine of a Janus handle, the room's
publisher limit; and the parts that need no Janus (settings, configuration, the event door)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from classroom.live.media.janusconf import JanusConfig
from classroom.live.media.rules.presence import HandleState, Signal, publishers_limit, step
from classroom.live.media.settings import MediaSettings

UP_DOWN = {
    "publisher_up": "publisher_down",
    "camera_on": "camera_off",
    "receiving_up": "receiving_down",
}


def run(signals: list[Signal], state: HandleState | None = None) -> tuple[HandleState, list[str]]:
    state = state or HandleState()
    kinds: list[str] = []
    for signal in signals:
        state, more = step(state, signal)
        kinds += more
    return state, kinds


def test_a_publisher_session() -> None:
    state, kinds = run(
        [Signal.PUBLISHED, Signal.VIDEO_IN, Signal.VIDEO_IN, Signal.VIDEO_GONE, Signal.VIDEO_IN, Signal.GONE]
    )
    assert kinds == ["publisher_up", "camera_on", "camera_off", "camera_on", "camera_off", "publisher_down"]
    assert state == HandleState(publisher=True)


def test_a_subscriber_session() -> None:
    _, kinds = run(
        [
            Signal.SUBSCRIBED,
            Signal.IDLE,
            Signal.SENDING,
            Signal.SENDING,
            Signal.IDLE,
            Signal.SENDING,
            Signal.GONE,
        ]
    )
    assert kinds == ["receiving_up", "receiving_down", "receiving_up", "receiving_down"]


def test_video_before_the_published_event_still_opens_the_feed() -> None:
    _, kinds = run([Signal.PUBLISHED], HandleState())
    assert kinds == ["publisher_up"]
    state, kinds = run([Signal.VIDEO_IN], HandleState(publisher=True))
    assert kinds == ["publisher_up", "camera_on"] and state.publishing


def test_a_subscriber_never_has_a_camera_and_a_publisher_never_receives() -> None:
    assert run([Signal.VIDEO_IN, Signal.VIDEO_GONE])[1] == []
    assert run([Signal.PUBLISHED, Signal.SENDING, Signal.IDLE])[1] == ["publisher_up"]


def test_unpublishing_keeps_the_handle() -> None:
    state, kinds = run([Signal.PUBLISHED, Signal.VIDEO_IN, Signal.UNPUBLISHED, Signal.PUBLISHED])
    assert kinds == ["publisher_up", "camera_on", "camera_off", "publisher_down", "publisher_up"]
    assert state.publishing and not state.camera


@given(st.lists(st.sampled_from(list(Signal)), max_size=40), st.booleans())
def test_intervals_alternate_and_close(signals: list[Signal], publisher: bool) -> None:
    """Every kind of interval opens before it closes, never twice in a row, and a handle
    that is gone leaves nothing open."""
    start = [Signal.PUBLISHED] if publisher else []
    state, kinds = run([*start, *signals, Signal.GONE])
    for up, down in UP_DOWN.items():
        seen = [k for k in kinds if k in (up, down)]
        assert all(a != b for a, b in itertools.pairwise(seen))
        assert not seen or seen[0] == up
        assert seen.count(up) == seen.count(down)
    assert not (state.publishing or state.camera or state.receiving)
    # camera intervals lie within publisher intervals
    open_pub = False
    for kind in kinds:
        open_pub = {"publisher_up": True, "publisher_down": False}.get(kind, open_pub)
        if kind == "camera_on":
            assert open_pub


@pytest.mark.parametrize(
    ("capacity", "seats", "instructors", "limit"),
    [(30, 100, 1, 32), (30, 20, 1, 22), (0, 10, 1, 2), (25, 25, 2, 29), (10, 0, 0, 2)],
)
def test_publishers_limit(capacity: int, seats: int, instructors: int, limit: int) -> None:
    assert publishers_limit(capacity, seats, instructors) == limit


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 5))
def test_publishers_limit_properties(capacity: int, seats: int, instructors: int) -> None:
    limit = publishers_limit(capacity, seats, instructors)
    assert limit >= 2 and limit - 2 * max(1, instructors) <= min(capacity, seats)


def test_settings_list_instances_in_order() -> None:
    settings = MediaSettings(
        url="http://j1:8088/janus, http://j2:8088/janus/",
        admin_url="http://j1:7088/admin,http://j2:7088/admin",
        public_url="https://media1.example/janus,https://media2.example/janus",
    )
    first, second = settings.instances()
    assert (first.url, first.admin_url, first.public_url) == (
        "http://j1:8088/janus",
        "http://j1:7088/admin",
        "https://media1.example/janus",
    )
    assert second.url == "http://j2:8088/janus"
    assert (
        MediaSettings(url="http://j:1/janus", admin_url="http://j:2/admin").instances()[0].public_url
        == "http://j:1/janus"
    )
    with pytest.raises(ValueError, match="ADMIN_URL"):
        MediaSettings(url="http://a/janus,http://b/janus", admin_url="http://a/admin").instances()
    assert not MediaSettings().configured


def test_rendered_janus_config(tmp_path: Path) -> None:
    config = JanusConfig(
        admin_secret="adm", room_admin_key="key", events_url="http://app/e", events_secret="ev"
    )
    folder = config.render(tmp_path)
    core = (folder / "janus.jcfg").read_text()
    assert "token_auth = true" in core and 'admin_secret = "adm"' in core and "${" not in core
    assert 'admin_key = "key"' in (folder / "janus.plugin.videoroom.jcfg").read_text()
    events = (folder / "janus.eventhandler.sampleevh.jcfg").read_text()
    assert 'backend = "http://app/e"' in events and 'backend_pwd = "ev"' in events


def test_janus_events_need_the_secret_from_a_private_network(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from classroom.app import create_app
    from classroom.core.settings import Settings

    monkeypatch.setenv("CLASSROOM_JANUS_URL", "http://10.0.0.5:8088/janus")
    monkeypatch.setenv("CLASSROOM_JANUS_ADMIN_URL", "http://10.0.0.5:7088/admin")
    monkeypatch.setenv("CLASSROOM_JANUS_EVENTS_SECRET", "shared")
    settings = Settings(
        environment="test",
        database_url=f"sqlite:///{tmp_path / 'e.db'}",
        data_dir=tmp_path,
        secret_key="media-test-secret-0123456789",
    )
    app = create_app(settings)
    from classroom.core.migrate import upgrade

    upgrade(app.state.db.engine)
    path = "/api/v1/media/janus-events"
    private = TestClient(app, client=("10.0.0.5", 5000))
    public = TestClient(app, client=("93.184.216.34", 5000))
    assert private.post(path, json=[], auth=("janus", "shared")).json() == {"recorded": 0}
    assert private.post(path, json=[], auth=("janus", "wrong")).status_code == 403
    assert private.post(path, json=[]).status_code == 403
    assert public.post(path, json=[], auth=("janus", "shared")).status_code == 403
    # Events nobody owns (the app's own session, unknown tokens) record nothing.
    noise = [
        {
            "type": 2,
            "emitter": "j",
            "handle_id": 1,
            "event": {"name": "attached", "plugin": "janus.plugin.videoroom", "token": "x"},
        }
    ]
    assert private.post(path, json=noise, auth=("janus", "shared")).json() == {"recorded": 0}
    app.state.db.dispose()


def test_turn_credentials_expire_and_hide_the_secret() -> None:
    import base64
    import hashlib
    import hmac

    settings = MediaSettings(turn_urls="turn:turn.example:3478", turn_secret="s3cret", turn_ttl_seconds=60)
    (server,) = settings.ice("user-1", 1000.0)
    assert server["urls"] == ["turn:turn.example:3478"] and server["username"] == "1060:user-1"
    expected = base64.b64encode(hmac.new(b"s3cret", b"1060:user-1", hashlib.sha1).digest()).decode()
    assert server["credential"] == expected and "s3cret" not in str(server)
    assert MediaSettings().ice("u", 0) == []
