"""Throwaway redis-server for tests, on a random loopback port, no persistence."""

from __future__ import annotations

import atexit
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

_START_ATTEMPTS = 5
_READY_TIMEOUT = 15.0


class RedisServerError(RuntimeError):
    pass


def find_redis_server() -> str | None:
    return shutil.which("redis-server") or shutil.which("redis-server", path="/usr/sbin:/usr/bin")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ping(port: int) -> bool:
    # Raw RESP so readiness checks do not depend on the redis client package.
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    def __init__(self, executable: str | None = None):
        self._executable = executable
        self.port: int | None = None
        self.tmpdir: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self.start_seconds: float | None = None

    @staticmethod
    def available() -> str | None:
        if find_redis_server() is None:
            return "redis-server not found on PATH"
        return None

    @property
    def url(self) -> str:
        if self.port is None:
            raise RedisServerError("redis-server is not running")
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def logfile(self) -> Path:
        if self.tmpdir is None:
            raise RedisServerError("redis-server has no working directory yet")
        return self.tmpdir / "redis.log"

    def start(self) -> str:
        if self.port is not None:
            return self.url
        began = time.monotonic()
        executable = self._executable or find_redis_server()
        if executable is None:
            raise RedisServerError("redis-server not found on PATH")
        self.tmpdir = Path(tempfile.mkdtemp(prefix="classroom-redis-"))
        atexit.register(self.stop)
        try:
            self._start(executable)
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - began
        return self.url

    def _start(self, executable: str) -> None:
        last_error = ""
        for _ in range(_START_ATTEMPTS):
            port = _free_port()
            with open(self.logfile, "ab") as log:
                self._proc = subprocess.Popen(
                    [
                        executable,
                        "--port",
                        str(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--daemonize",
                        "no",
                        "--dir",
                        str(self.tmpdir),
                        "--logfile",
                        "",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=self.tmpdir,
                )
            deadline = time.monotonic() + _READY_TIMEOUT
            while time.monotonic() < deadline and self._proc.poll() is None:
                if _ping(port):
                    self.port = port
                    return
                time.sleep(0.02)
            tail = "\n".join(self.logfile.read_text(errors="replace").splitlines()[-30:])
            last_error = f"exit status {self._proc.poll()}\n--- redis log tail ---\n{tail}"
            self._kill()
            # Lost a race for the port with another process: try another one.
            if "Address already in use" not in tail:
                break
        raise RedisServerError(f"redis-server failed to start: {last_error}")

    def _kill(self) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None

    def stop(self) -> None:
        atexit.unregister(self.stop)
        self._kill()
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
        self.tmpdir = None
        self.port = None

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


available = RedisServer.available
