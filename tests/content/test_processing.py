"""The processing job: SHA-256 when unknown, duration and poster with ffprobe/ffmpeg (Debian's
ffmpeg, installed by .ci/run), and an item that still works without them."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from content import processing
from content.demo import ASSETS
from content.rules.kinds import ContentKind, ProbeStatus
from tests.factories.content import stored_item
from tests.support.require import need

CLIP = (ASSETS / "ml-basics-1.mp4").read_bytes()


def test_probe_finds_duration_size_and_a_poster(app, session, content_world):
    need(None if shutil.which("ffprobe") and shutil.which("ffmpeg") else "ffmpeg/ffprobe not installed")
    _item, version = stored_item(session, app, content_world.a, CLIP, duration=None)
    result = processing.process_version(session, app.state.store, app.state.content_settings, version.id)
    session.refresh(version)
    assert version.probe_status is ProbeStatus.DONE
    assert version.duration_seconds == pytest.approx(60, abs=0.5)
    assert (version.width, version.height) == (426, 240)
    assert version.sha256 == hashlib.sha256(CLIP).hexdigest() == result["sha256"]
    assert version.poster_key and app.state.store.size(version.poster_key) > 1000
    poster = b"".join(app.state.store.open(version.poster_key, 0, 3))
    assert poster == b"\xff\xd8\xff"  # a JPEG


def test_without_ffprobe_the_item_says_duration_unknown(app, session, content_world):
    _item, version = stored_item(session, app, content_world.a, CLIP, duration=None)
    settings = app.state.content_settings.model_copy(update={"ffprobe": "no-such-ffprobe"})
    processing.process_version(session, app.state.store, settings, version.id)
    session.refresh(version)
    assert version.probe_status is ProbeStatus.UNAVAILABLE
    assert version.duration_seconds is None
    assert version.sha256 == hashlib.sha256(CLIP).hexdigest()


def test_documents_are_hashed_not_probed(app, session, content_world):
    pdf = (ASSETS / "handout-1.pdf").read_bytes()
    _item, version = stored_item(
        session,
        app,
        content_world.a,
        pdf,
        media_type="application/pdf",
        kind=ContentKind.DOCUMENT,
        duration=None,
    )
    processing.process_version(session, app.state.store, app.state.content_settings, version.id)
    session.refresh(version)
    assert version.probe_status is ProbeStatus.SKIPPED
    assert version.sha256 == hashlib.sha256(pdf).hexdigest()
