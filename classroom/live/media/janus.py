"""A small client of Janus's HTTP API (sessions, the VideoRoom plugin's synchronous requests)
and of its Admin API (core tokens). Synchronous httpx: it runs in worker threads and jobs.

The app authenticates to Janus like everyone else, with a core token (`token_auth` is on):
its own service token, added through the Admin API when Janus does not know it (first use,
or Janus restarted and forgot every token)."""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

VIDEOROOM = "janus.plugin.videoroom"

# Janus error codes (janus/apierror.h, plugins/janus_videoroom.c) the client reacts to.
SESSION_NOT_FOUND = 458
HANDLE_NOT_FOUND = 459
UNAUTHORIZED = 403
ROOM_EXISTS = 427
NO_SUCH_ROOM = 426
NO_SUCH_FEED = 428


class JanusError(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"janus error {code}: {reason}")
        self.code, self.reason = code, reason


class JanusUnavailable(JanusError):
    """Janus did not answer (down, restarting, unreachable)."""

    def __init__(self, reason: str) -> None:
        super().__init__(0, reason)


@dataclass(frozen=True)
class Instance:
    """One Janus server: `url` (HTTP API, from the app), `admin_url`, and `public_url` (what
    browsers use to reach the same server; the app's own address of it when not set)."""

    url: str
    admin_url: str
    public_url: str


class Janus:
    def __init__(
        self,
        instance: Instance,
        *,
        admin_secret: str,
        room_admin_key: str,
        service_token: str,
        timeout: float = 3.0,
        http: httpx.Client | None = None,
    ) -> None:
        self.instance = instance
        self.admin_secret, self.room_admin_key = admin_secret, room_admin_key
        self.service_token = service_token
        self.http = http or httpx.Client(timeout=timeout)
        self._lock = threading.Lock()
        self._session: int | None = None
        self._handle: int | None = None

    # --- transport --------------------------------------------------------------------------
    def _post(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        body = {**body, "transaction": secrets.token_hex(8)}
        try:
            reply = self.http.post(url, json=body)
            answer: dict[str, Any] = reply.json()
        except (httpx.HTTPError, ValueError) as error:
            raise JanusUnavailable(f"{type(error).__name__}: {error}") from error
        if answer.get("janus") == "error":
            raise JanusError(int(answer["error"]["code"]), str(answer["error"].get("reason", "")))
        return answer

    def admin(self, request: str, **fields: Any) -> dict[str, Any]:
        return self._post(
            self.instance.admin_url, {"janus": request, "admin_secret": self.admin_secret, **fields}
        )

    def info(self) -> dict[str, Any]:
        try:
            answer: dict[str, Any] = self.http.get(f"{self.instance.url}/info").json()
        except (httpx.HTTPError, ValueError) as error:
            raise JanusUnavailable(f"{type(error).__name__}: {error}") from error
        return answer

    # --- core tokens (Admin API) ------------------------------------------------------------
    def add_token(self, token: str) -> None:
        try:
            self.admin("add_token", token=token, plugins=[VIDEOROOM])
        except JanusError as error:
            if "already" not in error.reason.lower():
                raise

    def remove_token(self, token: str) -> None:
        try:
            self.admin("remove_token", token=token)
        except JanusError as error:
            if error.code == 0:
                raise

    def list_tokens(self) -> list[str]:
        data = self.admin("list_tokens").get("data", {})
        return [entry["token"] for entry in data.get("tokens", [])]

    # --- the service's session and VideoRoom handle -----------------------------------------
    def _open(self) -> tuple[int, int]:
        base = self.instance.url
        for attempt in (1, 2):
            try:
                session = int(
                    self._post(base, {"janus": "create", "token": self.service_token})["data"]["id"]
                )
                break
            except JanusError as error:
                if error.code != UNAUTHORIZED or attempt == 2:
                    raise
                self.add_token(self.service_token)  # a Janus that restarted forgot our token
        attached = self._post(
            f"{base}/{session}", {"janus": "attach", "plugin": VIDEOROOM, "token": self.service_token}
        )
        return session, int(attached["data"]["id"])

    def videoroom(self, request: str, **fields: Any) -> dict[str, Any]:
        """One synchronous VideoRoom request; the plugin's answer (`plugindata.data`)."""
        for attempt in (1, 2):
            with self._lock:
                if self._session is None or self._handle is None:
                    self._session, self._handle = self._open()
                session, handle = self._session, self._handle
            try:
                answer = self._post(
                    f"{self.instance.url}/{session}/{handle}",
                    {"janus": "message", "token": self.service_token, "body": {"request": request, **fields}},
                )
            except JanusError as error:
                if error.code in (SESSION_NOT_FOUND, HANDLE_NOT_FOUND, UNAUTHORIZED) and attempt == 1:
                    with self._lock:  # timed out, or Janus restarted: a fresh session
                        self._session = self._handle = None
                    continue
                raise
            data: dict[str, Any] = answer.get("plugindata", {}).get("data", {})
            if data.get("videoroom") == "event" and "error_code" in data:
                raise JanusError(int(data["error_code"]), str(data.get("error", "")))
            return data
        raise AssertionError("unreachable")

    def keepalive(self) -> None:
        with self._lock:
            session = self._session
        if session is not None:
            try:
                self._post(
                    f"{self.instance.url}/{session}", {"janus": "keepalive", "token": self.service_token}
                )
            except JanusError:
                with self._lock:
                    self._session = self._handle = None

    # --- rooms ------------------------------------------------------------------------------
    def create_room(
        self, room: int, *, secret: str, publishers: int, allowed: list[str], description: str
    ) -> bool:
        """Create the room; False when it already exists (kept as it is)."""
        try:
            self.videoroom(
                "create",
                admin_key=self.room_admin_key,
                room=room,
                secret=secret,
                description=description,
                publishers=publishers,
                is_private=True,
                allowed=allowed,
                # The `allowed` list is checked when a publisher joins; subscribers must name
                # the private id of their own joined publisher handle, so a token outside the
                # list cannot watch either.
                require_pvtid=True,
                audiocodec="opus",
                videocodec="vp8",
                bitrate=1_500_000,
                fir_freq=10,
                notify_joining=False,
                permanent=False,
            )
        except JanusError as error:
            if error.code == ROOM_EXISTS:
                return False
            raise
        return True

    def exists(self, room: int) -> bool:
        return bool(self.videoroom("exists", room=room).get("exists"))

    def destroy_room(self, room: int, secret: str) -> None:
        try:
            self.videoroom("destroy", room=room, secret=secret, permanent=False)
        except JanusError as error:
            if error.code != NO_SUCH_ROOM:
                raise

    def list_rooms(self) -> list[dict[str, Any]]:
        rooms: list[dict[str, Any]] = self.videoroom("list", admin_key=self.room_admin_key).get("list", [])
        return rooms

    def allow(self, room: int, secret: str, tokens: list[str], *, add: bool = True) -> None:
        if tokens:
            self.videoroom(
                "allowed", room=room, secret=secret, action="add" if add else "remove", allowed=tokens
            )

    def participants(self, room: int) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.videoroom("listparticipants", room=room).get("participants", [])
        return found

    def kick(self, room: int, secret: str, feed: int) -> None:
        try:
            self.videoroom("kick", room=room, secret=secret, id=feed)
        except JanusError as error:
            if error.code not in (NO_SUCH_FEED, NO_SUCH_ROOM):
                raise

    def moderate(self, room: int, secret: str, feed: int, mid: str, mute: bool) -> None:
        self.videoroom("moderate", room=room, secret=secret, id=feed, mid=mid, mute=mute)

    def close(self) -> None:
        with self._lock:
            session, self._session, self._handle = self._session, None, None
        if session is not None:
            with contextlib.suppress(JanusError):
                self._post(
                    f"{self.instance.url}/{session}", {"janus": "destroy", "token": self.service_token}
                )


def wait_until_up(janus: Janus, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            janus.info()
            return True
        except JanusUnavailable:
            time.sleep(0.2)
    return False
