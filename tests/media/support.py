"""The media tests' world: a network namespace holding a real Janus (from the repository's
templates: token auth, Admin API, the event handler posting to the app) and `classroom serve`
with the Janus settings, over a SQLite file seeded in the test process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from tests.live.support import FAST, SECRET, Seeded, Server
from tests.support.janusserver import JanusServer
from tests.support.netns import PEER_IP, Namespace


class NamespacedServer(Server):
    """`classroom serve` inside the namespace, on the peer address, wired to Janus."""

    def __init__(self, seeded: Seeded, ns: Namespace, port: int, env: dict[str, str]) -> None:
        super().__init__(seeded, env=env)
        self.ns, self.port = ns, port
        self.log = seeded.data_dir / f"server-{port}.log"

    @property
    def base(self) -> str:
        return f"http://{PEER_IP}:{self.port}"

    def ws(self, lesson_id: uuid.UUID, **query: object) -> str:
        params = "&".join(f"{k}={v}" for k, v in query.items() if v is not None)
        return f"ws://{PEER_IP}:{self.port}/ws/lessons/{lesson_id}" + (f"?{params}" if params else "")

    def start(self) -> NamespacedServer:
        env = {
            **os.environ,
            "CLASSROOM_ENVIRONMENT": "test",
            "CLASSROOM_SECRET_KEY": SECRET,
            "CLASSROOM_DATABASE_URL": self.seeded.url,
            "CLASSROOM_DATA_DIR": str(self.seeded.data_dir),
            "CLASSROOM_BACKPLANE_URL": "memory://",
            "CLASSROOM_BASE_URL": self.base,
            "CLASSROOM_JOBS_WORKERS": "0",
            "CLASSROOM_CALENDAR_TICK_SECONDS": "0",
            **FAST,
            **self.env,
        }
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                self.ns.command(
                    [
                        sys.executable,
                        "-c",
                        "from classroom.cli import main; main()",
                        "serve",
                        "--host",
                        PEER_IP,
                        "--port",
                        str(self.port),
                    ]
                ),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 120  # a loaded 2-core machine starts slowly
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            if self.ns.run(self._healthy):
                return self
            time.sleep(0.1)
        raise RuntimeError("server did not start")

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False


@dataclass
class MediaWorld:
    ns: Namespace
    janus: JanusServer
    server: NamespacedServer
    seeded: Seeded

    def api(self, method: str, path: str, token: str, **kwargs: Any) -> httpx.Response:
        def call() -> httpx.Response:
            return httpx.request(
                method,
                f"{self.server.base}{path}",
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
                **kwargs,
            )

        return self.ns.call(call)

    def janus_env(self) -> dict[str, str]:
        return janus_env(self.janus)


def janus_env(janus: JanusServer) -> dict[str, str]:
    return {
        "CLASSROOM_JANUS_URL": janus.url,
        "CLASSROOM_JANUS_ADMIN_URL": janus.admin_url,
        "CLASSROOM_JANUS_ADMIN_SECRET": janus.config.admin_secret,
        "CLASSROOM_JANUS_ROOM_ADMIN_KEY": janus.config.room_admin_key,
        "CLASSROOM_JANUS_EVENTS_SECRET": janus.config.events_secret,
        "CLASSROOM_JANUS_RECONCILE_SECONDS": "1",
        "CLASSROOM_JOBS_WORKERS": "1",  # the reconciliation is a queued job
        "CLASSROOM_JANUS_RETRY_SECONDS": "1",
        "CLASSROOM_JANUS_TIMEOUT_SECONDS": "2",
    }


def start_world(seeded: Seeded) -> MediaWorld:
    ns = Namespace().create()
    try:
        app_port = ns.free_port(PEER_IP)
        janus = JanusServer(ns, f"http://{PEER_IP}:{app_port}/api/v1/media/janus-events").start()
        server = NamespacedServer(seeded, ns, app_port, janus_env(janus)).start()
    except BaseException:
        ns.remove()
        raise
    return MediaWorld(ns, janus, server, seeded)


def stop_world(world: MediaWorld) -> None:
    world.server.stop()
    world.janus.cleanup()
    world.ns.remove()
