"""A real server process for load tests, schema checks and benchmarks.

`serve(...)` migrates a fresh database, seeds the demo data through `classroom demo` and runs
`uvicorn classroom.asgi:app` in a process of its own on a free loopback port: its own event
loop, thread pool and connection pool, exactly what production runs. Used by the load test,
`bench/` and `.ci/run`'s schemathesis pass (`python -m tests.support.liveserver`).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo-pass-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fresh_postgres_database(base_url: str, prefix: str = "live") -> str:
    """A new, empty database on the cluster `base_url` points at (its URL)."""
    name = f"classroom_{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base_url.rsplit("/", 1)[0] + f"/{name}"


@dataclass(frozen=True)
class Server:
    url: str
    database_url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log: Path


def environment(database_url: str, data_dir: Path, port: int, extra: Mapping[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CLASSROOM_") or key.startswith("CLASSROOM_TEST_")
    }
    env.update(
        CLASSROOM_ENVIRONMENT="test",
        CLASSROOM_SECRET_KEY="live-server-secret-0123456789",
        CLASSROOM_DATABASE_URL=database_url,
        CLASSROOM_DATA_DIR=str(data_dir),
        CLASSROOM_BASE_URL=f"http://127.0.0.1:{port}",
        # Cheap hashing unless the caller asks for the production profile.
        CLASSROOM_ARGON2_TIME_COST="1",
        CLASSROOM_ARGON2_MEMORY_KIB="1024",
        CLASSROOM_CALENDAR_TICK_SECONDS="0",
    )
    env.update(dict(extra))
    return env


def _classroom(*commands: list[str], env: Mapping[str, str]) -> None:
    """`classroom <command>` for each of `commands`, in one process: the app's imports are paid
    once, not once per command."""
    script = (
        "import sys\n"
        "from classroom.cli import main\n"
        f"for args in {commands!r}:\n"
        "    main(args, standalone_mode=False)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        said = " then ".join(" ".join(args) for args in commands)
        raise RuntimeError(f"classroom {said} failed:\n{result.stdout}\n{result.stderr}")


@contextmanager
def serve(
    database_url: str,
    data_dir: Path,
    *,
    extra_env: Mapping[str, str] | None = None,
    demo: bool = True,
    workers: int = 1,
    startup_seconds: float = 60,
) -> Iterator[Server]:
    """Migrate, seed the demo, and serve until the block ends (the process is then stopped)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = environment(database_url, data_dir, port, extra_env or {})
    _classroom(["migrate"], *([["demo", "--if-empty"]] if demo else []), env=env)
    with uvicorn_process("classroom.asgi:app", env, port, data_dir, workers, startup_seconds) as (
        process,
        log,
    ):
        yield Server(f"http://127.0.0.1:{port}", database_url, data_dir, process, log)


@contextmanager
def uvicorn_process(
    app: str, env: Mapping[str, str], port: int, log_dir: Path, workers: int = 1, startup_seconds: float = 60
) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """`uvicorn app` in a process of its own until the block ends; up once /healthz answers
    (or, for an app without one, once the port accepts connections)."""
    log = log_dir / f"uvicorn-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                app,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            cwd=ROOT,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}", process, log, startup_seconds)
        yield process, log
    finally:
        stop(process, signal.SIGINT, 20)


def stop(process: subprocess.Popen[bytes], how: signal.Signals, seconds: float) -> None:
    """Ask `process` to stop with `how`; killed when it has not within `seconds`."""
    process.send_signal(how)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code in (200, 404):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {seconds} s:\n{log.read_text()[-4000:]}")


def token(url: str, email: str, institution: str = "hanbit", password: str = DEMO_PASSWORD) -> str:
    response = httpx.post(
        f"{url}/api/v1/auth/token",
        data={"username": email, "password": password, "institution": institution},
        timeout=30,
    )
    response.raise_for_status()
    value: str = response.json()["access_token"]
    return value
