"""The processing job of a stored version: its SHA-256 when the upload could not compute it,
and for video/audio the duration, picture size and a poster frame (`ffprobe`/`ffmpeg`, Debian's
`ffmpeg` package). Without those tools the item still works and says its duration is unknown.

Idempotent: a re-run recomputes and overwrites the same fields and the same poster key.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from content.models import ContentVersion
from content.rules.kinds import ProbeStatus
from content.settings import ContentSettings
from content.storage import ObjectStore

log = logging.getLogger(__name__)

PROBE_TIMEOUT = 120


@dataclass(frozen=True)
class Probe:
    status: ProbeStatus
    duration_seconds: float | None = None
    width: int | None = None
    height: int | None = None


def sha256_of(store: ObjectStore, key: str) -> str:
    digest = hashlib.sha256()
    for chunk in store.open(key):
        digest.update(chunk)
    return digest.hexdigest()


def _source(store: ObjectStore, key: str) -> str | None:
    path = store.local_path(key)
    if path is not None:
        return str(path)
    return store.presigned_get(key, timedelta(minutes=5))


def probe(store: ObjectStore, key: str, settings: ContentSettings) -> Probe:
    tool = shutil.which(settings.ffprobe)
    if tool is None:
        return Probe(ProbeStatus.UNAVAILABLE)
    source = _source(store, key)
    if source is None:
        return Probe(ProbeStatus.FAILED)
    try:
        done = subprocess.run(
            [tool, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", source],
            capture_output=True,
            timeout=PROBE_TIMEOUT,
            check=True,
        )
        found = json.loads(done.stdout or b"{}")
    except (subprocess.SubprocessError, ValueError) as exc:
        log.warning("ffprobe failed for %s: %s", key, exc)
        return Probe(ProbeStatus.FAILED)
    duration = found.get("format", {}).get("duration")
    video = next((s for s in found.get("streams", []) if s.get("codec_type") == "video"), None)
    return Probe(
        ProbeStatus.DONE,
        float(duration) if duration not in (None, "N/A") else None,
        int(video["width"]) if video and video.get("width") else None,
        int(video["height"]) if video and video.get("height") else None,
    )


def poster(store: ObjectStore, key: str, settings: ContentSettings, duration: float | None) -> str | None:
    """A JPEG frame from about a tenth into the video, stored beside it; None without ffmpeg."""
    tool = shutil.which(settings.ffmpeg)
    source = _source(store, key)
    if tool is None or source is None:
        return None
    at = min(2.0, duration / 10) if duration else 0.0
    with tempfile.TemporaryDirectory(prefix="classroom-poster-") as tmp:
        out = Path(tmp) / "poster.jpg"
        try:
            subprocess.run(
                [
                    tool,
                    "-v",
                    "error",
                    "-ss",
                    f"{at:.2f}",
                    "-i",
                    source,
                    "-frames:v",
                    "1",
                    "-vf",
                    "scale=640:-2",
                    "-q:v",
                    "4",
                    "-y",
                    str(out),
                ],
                capture_output=True,
                timeout=PROBE_TIMEOUT,
                check=True,
            )
        except subprocess.SubprocessError as exc:
            log.warning("ffmpeg poster failed for %s: %s", key, exc)
            return None
        if not out.is_file() or out.stat().st_size == 0:
            return None
        poster_key = f"{key}.poster.jpg"
        with out.open("rb") as handle:
            store.put(poster_key, handle, out.stat().st_size)
    return poster_key


def process_version(
    session: Session, store: ObjectStore, settings: ContentSettings, version_id: uuid.UUID
) -> dict[str, Any]:
    # tenancy: the job processes the version it was queued for, whichever institution owns it
    version = session.exec(select(ContentVersion).where(ContentVersion.id == version_id)).first()
    if version is None or version.purged_at is not None:
        return {"skipped": True}
    if version.sha256 is None:
        version.sha256 = sha256_of(store, version.storage_key)
    if version.probe_status is not ProbeStatus.SKIPPED:
        found = probe(store, version.storage_key, settings)
        version.probe_status = found.status
        version.duration_seconds = found.duration_seconds
        version.width, version.height = found.width, found.height
        if found.status is ProbeStatus.DONE and found.width:
            version.poster_key = poster(store, version.storage_key, settings, found.duration_seconds)
    session.add(version)
    session.flush()
    return {
        "version_id": str(version.id),
        "sha256": version.sha256,
        "probe": version.probe_status.value,
        "duration_seconds": version.duration_seconds,
    }


def run_job(ctx: Any) -> dict[str, Any]:
    """JobSpec handler (`content.process`)."""
    app = ctx.app
    with ctx.session() as session:
        result = process_version(
            session, app.state.store, app.state.content_settings, uuid.UUID(ctx.params["version_id"])
        )
        session.commit()
    return result
