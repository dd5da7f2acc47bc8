"""The media layer of one app: its settings and a Janus client per configured instance.

A Janus that fails to answer is skipped for `retry_seconds` (admissions stay quick while it is
down: the room works without media and the page says so); reconciliation and the page's
retries bring media back when it answers again."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
import weakref
from typing import Any

from classroom.live.media.janus import Instance, Janus, JanusUnavailable
from classroom.live.media.settings import MediaSettings

_BY_ENGINE: weakref.WeakValueDictionary[int, MediaRuntime] = weakref.WeakValueDictionary()


class MediaRuntime:
    def __init__(self, app: Any, settings: MediaSettings) -> None:
        self.app = app
        self.settings = settings
        self.instances = settings.instances()
        self._clients: dict[str, Janus] = {}
        self._down_until: dict[str, float] = {}
        # When each instance first failed to answer (the media it carried stopped then).
        self.down_since: dict[str, Any] = {}
        self._lock = threading.Lock()
        # The app's own core token: the same in every worker (derived from the admin secret),
        # so reconciliation knows it, and it never reaches a browser.
        self.service_token = (
            "svc-"
            + hmac.new(settings.admin_secret.encode(), b"classroom-service", hashlib.sha256).hexdigest()[:32]
        )
        _BY_ENGINE[id(app.state.db.engine)] = self

    @staticmethod
    def for_engine(engine: Any) -> MediaRuntime | None:
        return _BY_ENGINE.get(id(engine))

    def content_security_policy(self) -> str:
        """The site's policy with the Janus instances browsers reach added to `connect-src`
        (the live room page's script speaks to Janus's HTTP API there)."""
        from urllib.parse import urlsplit

        from classroom.core.headers import CONTENT_SECURITY_POLICY

        origins = sorted(
            {f"{p.scheme}://{p.netloc}" for p in (urlsplit(i.public_url) for i in self.instances)}
        )
        return CONTENT_SECURITY_POLICY.replace(
            "connect-src 'self'", " ".join(["connect-src 'self'", *origins])
        )

    def instance(self, url: str) -> Instance | None:
        return next((i for i in self.instances if i.url == url), None)

    def client(self, url: str) -> Janus:
        """The client of a configured instance; JanusUnavailable while it is marked down or
        no longer configured."""
        instance = self.instance(url)
        if instance is None:
            raise JanusUnavailable(f"{url} is not configured")
        if self._down_until.get(url, 0.0) > time.monotonic():
            raise JanusUnavailable(f"{url} did not answer a moment ago")
        with self._lock:
            if url not in self._clients:
                self._clients[url] = Janus(
                    instance,
                    admin_secret=self.settings.admin_secret,
                    room_admin_key=self.settings.room_admin_key,
                    service_token=self.service_token,
                    timeout=self.settings.timeout_seconds,
                )
            return self._clients[url]

    def failed(self, url: str) -> None:
        """Janus did not answer: skip it for a while. A call refused because it is being
        skipped does not extend the pause (else steady traffic would keep it down forever)."""
        now = time.monotonic()
        if self._down_until.get(url, 0.0) <= now:
            self._down_until[url] = now + self.settings.retry_seconds
        self.down_since.setdefault(url, self.app.state.clock.now())

    def recovered(self, url: str) -> None:
        self._down_until.pop(url, None)
        self.down_since.pop(url, None)

    def up(self, url: str) -> bool:
        return self._down_until.get(url, 0.0) <= time.monotonic()

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
