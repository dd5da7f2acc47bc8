"""nginx (Debian's package) running the deployment's own configuration on loopback ports.

`deploy/nginx/classroom.conf` is what docker-compose runs; here its addresses are replaced by
a test's or a benchmark's (the app's port, the objects folder, the S3 endpoint) and it is
included in an `http {}` block like the one of nginx's own image. Used by
tests/content/test_nginx_delivery.py and bench/streaming.py, so both run the file that ships.
"""

from __future__ import annotations

import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support import liveserver

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_CONF = ROOT / "deploy" / "nginx" / "classroom.conf"


def binary() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/bin")


def available() -> str | None:
    """None when nginx can run here, else why not (for `require.need`)."""
    return None if binary() else "nginx is not installed (Debian package nginx)"


def deploy_config(
    *,
    listen_port: int,
    app_port: int,
    objects_dir: Path,
    s3_endpoint: str = "127.0.0.1:9",
    grant_secret: str | None = None,
) -> str:
    """The deployment's server blocks with this machine's addresses in place of compose's, and
    the grant secret the app is given (`CLASSROOM_CONTENT_ACCEL_GRANT_SECRET`; by default one
    the app does not know, so that nginx grants nothing)."""
    text = DEPLOY_CONF.read_text()
    replacements = {
        "${CLASSROOM_CONTENT_ACCEL_GRANT_SECRET}": grant_secret or secrets.token_urlsafe(24),
        "server app:8000;": f"server 127.0.0.1:{app_port};",
        "minio:9000": s3_endpoint,
        "listen 80;": f"listen 127.0.0.1:{listen_port};",
        "/var/lib/classroom/objects/": f"{objects_dir}/",
    }
    for old, new in replacements.items():
        if old not in text:
            raise AssertionError(f"{DEPLOY_CONF} no longer says {old!r}: update this helper")
        text = text.replace(old, new)
    return text


def http_block(servers: str, work: Path, workers: str = "1") -> str:
    """A whole nginx.conf: one worker in the foreground, temporary files under `work`."""
    return f"""
worker_processes {workers};
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 100000;
  default_type application/octet-stream;
  client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp; fastcgi_temp_path {work}/tmp;
  uwsgi_temp_path {work}/tmp; scgi_temp_path {work}/tmp;
  {servers}
}}
"""


@dataclass(frozen=True)
class Nginx:
    port: int
    work: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def error_log(self) -> str:
        path = self.work / "error.log"
        return path.read_text() if path.exists() else ""


@contextmanager
def running(servers: str, port: int, work: Path | None = None) -> Iterator[Nginx]:
    """nginx with `servers` (an http{} block's contents) until the block ends; up once `port`
    accepts connections."""
    nginx = binary()
    if nginx is None:
        raise RuntimeError("nginx is not installed (Debian package nginx)")
    work = work or Path(tempfile.mkdtemp(prefix="classroom-nginx-"))
    (work / "tmp").mkdir(parents=True, exist_ok=True)
    (work / "nginx.conf").write_text(http_block(servers, work))
    process = subprocess.Popen(
        [nginx, "-c", str(work / "nginx.conf"), "-p", str(work)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(port, process)
        yield Nginx(port, work, process)
    finally:
        liveserver.stop(process, signal.SIGQUIT, 10)  # a graceful stop: workers finish their answers


def _wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"nginx exited ({process.returncode}): {said[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {port} within {seconds} s")
