"""Janus settings from the environment (`CLASSROOM_JANUS_*`). Without `CLASSROOM_JANUS_URL` the
live room runs without audio and video and says so."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict

from classroom.live.media.janus import Instance


def _split(value: str) -> list[str]:
    return [part.strip().rstrip("/") for part in value.split(",") if part.strip()]


class MediaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLASSROOM_JANUS_", env_file=".env", extra="ignore")

    # Comma-separated lists, one entry per Janus instance, in the same order: the HTTP API as
    # the app reaches it, the Admin API, and the HTTP API as browsers reach it (defaults to
    # `url`). A lesson's room is placed on one instance and stays there.
    url: str = ""
    admin_url: str = ""
    public_url: str = ""
    admin_secret: str = ""
    # The VideoRoom plugin's admin_key: only the app creates rooms.
    room_admin_key: str = ""
    # Basic-auth password of Janus's HTTP event handler (user "janus") posting to the app.
    events_secret: str = ""
    # ICE servers handed to browsers (JSON list of RTCIceServer, e.g. a STUN server).
    ice_servers: str = "[]"
    # A TURN server (coturn with `use-auth-secret`): each grant carries credentials derived
    # from this secret that expire (the TURN REST API scheme), never the secret itself.
    turn_urls: str = ""  # comma-separated, e.g. "turn:turn.example:3478?transport=udp"
    turn_secret: str = ""
    turn_ttl_seconds: int = 6 * 3600
    # Seconds between reconciliations (a queued job: rooms of ended lessons, rooms Janus lost,
    # leftovers after a crash). Participants' pages bring a restarted Janus back sooner.
    reconcile_seconds: int = 60
    timeout_seconds: float = 3.0
    # After Janus failed to answer, calls skip it for this long (the room must stay quick).
    retry_seconds: float = 5.0

    @property
    def configured(self) -> bool:
        return bool(self.url)

    def instances(self) -> list[Instance]:
        urls, admins, publics = _split(self.url), _split(self.admin_url), _split(self.public_url)
        if len(admins) != len(urls):
            raise ValueError("CLASSROOM_JANUS_ADMIN_URL must list one Admin API per CLASSROOM_JANUS_URL")
        if publics and len(publics) != len(urls):
            raise ValueError("CLASSROOM_JANUS_PUBLIC_URL must list one address per CLASSROOM_JANUS_URL")
        return [
            Instance(url, admin, publics[i] if publics else url)
            for i, (url, admin) in enumerate(zip(urls, admins, strict=False))
        ]

    def ice(self, user: str, now: float) -> list[dict[str, Any]]:
        servers: list[dict[str, Any]] = json.loads(self.ice_servers or "[]")
        urls = _split(self.turn_urls)
        if urls and self.turn_secret:
            username = f"{int(now) + self.turn_ttl_seconds}:{user}"
            digest = hmac.new(self.turn_secret.encode(), username.encode(), hashlib.sha1).digest()
            servers.append(
                {"urls": urls, "username": username, "credential": base64.b64encode(digest).decode()}
            )
        return servers
