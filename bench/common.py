"""What the content benchmarks share: a seeded app data folder, app and nginx processes on
loopback ports, a bearer token, process memory and CPU time.

Everything runs on this machine only (127.0.0.1) and stops by itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import httpload
import procstat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the repository's test support (tests.support.nginxserver)

from tests.support import nginxserver  # noqa: E402

PYTHON = sys.executable


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CLASSROOM_ENVIRONMENT="development",
        CLASSROOM_DATA_DIR=str(data_dir),
        CLASSROOM_ARGON2_TIME_COST="1",
        CLASSROOM_ARGON2_MEMORY_KIB="1024",
        CLASSROOM_CALENDAR_TICK_SECONDS="0",
        CLASSROOM_CONTENT_GC_TICK_SECONDS="0",
        CLASSROOM_JOBS_WORKERS="0",
    )
    env.update(extra)
    return env


def seeded_data_dir() -> Path:
    """A fresh data folder with the schema and the demo data (courses, users, demo video)."""
    data = Path(tempfile.mkdtemp(prefix="classroom-bench-"))
    data.chmod(0o755)  # nginx's workers (an unprivileged user) read the objects under it
    for command in (["migrate"], ["demo"]):
        subprocess.run(
            [PYTHON, "-m", "classroom.cli", *command],
            env=env_for(data),
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
    return data


class Server:
    def __init__(
        self, argv: list[str], port: int, env: dict[str, str] | None = None, cwd: Path = ROOT
    ) -> None:
        self.port = port
        self.proc = subprocess.Popen(
            argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            httpload.wait_for(port)
        except RuntimeError as exc:
            self.stop()
            said = self.proc.stderr.read().decode()[-2000:] if self.proc.stderr else ""
            raise RuntimeError(f"{argv[0]} did not start: {said}") from exc

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the process and its direct children (nginx's
        worker under its master)."""
        return procstat.cpu_seconds(self.proc.pid, with_children=True)

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


def app_server(data_dir: Path, port: int, **env: str) -> Server:
    argv = [
        PYTHON, "-m", "uvicorn", "classroom.asgi:app", "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "warning", "--no-access-log", "--lifespan", "off",
    ]  # fmt: skip
    return Server(argv, port, env_for(data_dir, **env))


def nginx_binary() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/bin")


def nginx(conf: str, port: int) -> Server:
    """nginx in the foreground with `conf` (an http{} block's servers), one worker."""
    binary = nginx_binary()
    if binary is None:
        raise SystemExit("nginx is not installed (Debian package nginx)")
    work = Path(tempfile.mkdtemp(prefix="classroom-bench-nginx-"))
    (work / "tmp").mkdir(exist_ok=True)
    (work / "nginx.conf").write_text(nginxserver.http_block(conf, work))
    return Server([binary, "-c", str(work / "nginx.conf"), "-p", str(work)], port)


def token(port: int, email: str, password: str = "demo-pass-2026", institution: str = "hanbit") -> str:
    body = urllib.parse.urlencode(
        {"username": email, "password": password, "institution": institution}
    ).encode()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/auth/token", body) as response:
        import json

        return str(json.loads(response.read())["access_token"])


def wait(seconds: float) -> None:
    time.sleep(seconds)
