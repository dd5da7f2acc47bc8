"""The live room's parts in one worker, built by `wire(app)`: services, hub and backplane."""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
import weakref
from typing import Any

from fastapi import FastAPI

from classroom.core.events import DomainEvent
from classroom.live.backplane import Backplane, build_backplane
from classroom.live.hub import Hub, envelope
from classroom.live.room import ROOM_EVENT
from classroom.live.service import Services
from classroom.live.settings import LiveSettings

log = logging.getLogger(__name__)
HANDSHAKES = 8  # sockets admitted at the same time per worker (routes.Slot)


class LiveRuntime:
    def __init__(
        self, app: FastAPI, settings: LiveSettings | None = None, backplane: Backplane | None = None
    ):
        self.settings = settings or LiveSettings()
        self.worker = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.services = Services(app.state.db, _ClockOf(app), app.state.events, self.settings, self.worker)
        self.backplane = backplane or build_backplane(app.state.settings.backplane_url)
        self.hub = Hub(
            self.services,
            self.backplane,
            self.settings.heartbeat_seconds,
            sweep=self.sweep,
            sweep_seconds=self.settings.sweep_seconds,
            presence_window=self.settings.presence_window_seconds,
            batch_above=self.settings.presence_batch_above,
        )
        self._handshakes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )
        app.state.events.subscribe(ROOM_EVENT, self._forward)

    @property
    def handshakes(self) -> asyncio.Semaphore:
        """The handshake slots of the running event loop (routes.Slot)."""
        loop = asyncio.get_running_loop()
        if loop not in self._handshakes:
            self._handshakes[loop] = asyncio.Semaphore(HANDSHAKES)
        return self._handshakes[loop]

    def sweep(self) -> dict[str, int]:
        # The sweeper reads the runtime (`sweeper.sweep(app)`): imported when first due.
        from classroom.live.sweeper import sweep_once

        return sweep_once(self.services)

    def _forward(self, event: DomainEvent) -> None:
        payload: dict[str, Any] = event.payload
        try:
            self.backplane.publish(
                payload["channel"],
                envelope(payload["seq"], payload["audience"], payload["kind"], payload["text"]),
            )
        except Exception:  # the event is stored: workers fill the gap from the log
            log.exception("live: publishing a room event failed")


class _ClockOf:
    """The app's clock, read at each call (tests swap `app.state.clock`)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def now(self) -> Any:
        return self.app.state.clock.now()


def runtime_of(app: FastAPI) -> LiveRuntime:
    live: LiveRuntime = app.state.live
    return live


def wire(app: FastAPI) -> None:
    app.state.live = LiveRuntime(app)
