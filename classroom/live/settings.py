"""Live-room settings from the environment (`CLASSROOM_LIVE_*`); defaults follow DOMAIN.md."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class LiveSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLASSROOM_LIVE_", env_file=".env", extra="ignore")

    # A reconnect within this many seconds is not a leave (DOMAIN: 60 s).
    grace_seconds: int = 60
    # Attendance checks: seconds a trainee has to answer (DOMAIN: 60 s).
    check_seconds: int = 60
    # Chat: at most `chat_limit` messages per `chat_window_seconds` per person (instructors × 4).
    chat_limit: int = 10
    chat_window_seconds: int = 10
    # Bytes a connection may have waiting to be sent before it is dropped as too slow.
    send_buffer_bytes: int = 256 * 1024
    # Frames per connection when the server cannot expose its transport (test client, others).
    send_queue_frames: int = 256
    # Each worker marks its connections as seen this often; one silent for `stale_seconds`
    # (its worker died) counts as lost from its last sign of life.
    heartbeat_seconds: int = 10
    stale_seconds: int = 45
    # How often each worker closes what is due: grace periods, check deadlines, random checks.
    sweep_seconds: int = 2
    # Presence in a big room: once more than `presence_batch_above` connections of a worker are
    # in the room, presence changes within `presence_window_seconds` of the last one sent are
    # held and sent together as one `presence.batch` (hub.py; PROTOCOL.md).
    presence_window_seconds: float = 1.0
    presence_batch_above: int = 50
    # Events resumed from the log before a fresh snapshot is cheaper.
    resume_limit: int = 500
