"""Settings of the content package (`CLASSROOM_CONTENT_*`), beside the service's own `Settings`.

Built once per app by the package's `wire` (`app.state.content_settings`); tests replace it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

GIB = 1024 * 1024 * 1024


class ContentSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLASSROOM_CONTENT_", env_file=".env", extra="ignore")

    # How stream bytes leave: the app sends them itself, nginx sends them (X-Accel-Redirect), or
    # the browser is redirected to a short-lived presigned URL of the object store (S3 only).
    delivery: Literal["embedded", "accel", "presigned"] = "embedded"
    # nginx's internal location for local objects (its `alias` points at the objects folder) and
    # the one proxying to the S3 endpoint (X-Accel-Redirect to a presigned request).
    accel_prefix: str = "/_protected/objects"
    accel_s3_prefix: str = "/_protected/s3"
    presign_seconds: int = 300  # at most 5 minutes
    max_upload_bytes: int = 8 * GIB
    upload_expiry_hours: int = 24
    purge_after_days: int = 30
    gc_tick_seconds: int = 900
    # How long the streaming fast path trusts a "may read" answer before asking the database again.
    grant_cache_seconds: float = 10.0
    # Shared with nginx's `secure_link_md5` (deploy/nginx/classroom.conf): with it, an X-Accel
    # answer from the local store lets nginx send that viewer's next ranges itself for the rest
    # of `grant_cache_seconds` (content.grants). Unset: every range asks the app.
    accel_grant_secret: SecretStr | None = None
    ffprobe: str = "ffprobe"
    ffmpeg: str = "ffmpeg"
