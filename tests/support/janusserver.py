"""A real Janus for tests, inside a network namespace (tests.support.netns), from the
repository's templates (token auth, HTTP and Admin API, the event handler posting to the app)."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from classroom.live.media.janusconf import JanusConfig
from tests.support.netns import JANUS_IP, Namespace

_READY_TIMEOUT = 20.0


def find_janus() -> str | None:
    return shutil.which("janus") or shutil.which("janus", path="/usr/bin:/usr/sbin")


def available() -> str | None:
    if find_janus() is None:
        return "janus (the Janus WebRTC server, Debian package janus) is not installed"
    return None


class JanusServer:
    def __init__(
        self, namespace: Namespace, events_url: str, *, rtp_ports: str = "30000-30999", events: bool = True
    ) -> None:
        self.ns = namespace
        self.tmpdir = Path(tempfile.mkdtemp(prefix="classroom-janus-"))
        self.config = JanusConfig(
            admin_secret=secrets.token_urlsafe(16),
            room_admin_key=secrets.token_urlsafe(16),
            events_url=events_url,
            events_secret=secrets.token_urlsafe(16),
            http_ip=JANUS_IP,
            http_port=namespace.free_port(),
            admin_ip=JANUS_IP,
            admin_port=namespace.free_port(),
            rtp_port_range=rtp_ports,
            ice_enforce_list="v0,v1",
            debug_level=4,
            events_enabled=events,
        )
        self.config.render(self.tmpdir)
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = self.tmpdir / "janus.log"

    @property
    def url(self) -> str:
        return f"http://{JANUS_IP}:{self.config.http_port}/janus"

    @property
    def admin_url(self) -> str:
        return f"http://{JANUS_IP}:{self.config.admin_port}/admin"

    def start(self) -> JanusServer:
        executable = find_janus()
        assert executable is not None
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                self.ns.command([executable, "-F", str(self.tmpdir), "-C", str(self.tmpdir / "janus.jcfg")]),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + _READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"janus exited: {self.tail()}")
            if self.ns.run(self._ready):
                return self
            time.sleep(0.1)
        raise RuntimeError(f"janus did not start: {self.tail()}")

    def _ready(self) -> bool:
        try:
            return httpx.get(f"{self.url}/info", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, *, kill: bool = False) -> None:
        if self.proc is None:
            return
        if kill:
            self.proc.kill()
        else:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.tmpdir, ignore_errors=True)
