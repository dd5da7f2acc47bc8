"""A small HTTP/1.1 load client for the benchmarks: raw sockets, keep-alive, bodies discarded.

The same client measures every server in a run (nginx, the app's embedded path, the app behind
nginx), so what it costs weighs on each side alike. It reads into one reused buffer
(`recv_into`), which keeps the client's own cost per byte close to one memory copy.
"""

from __future__ import annotations

import random
import socket
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

BUFFER = 4 * 1024 * 1024


class Connection:
    def __init__(self, host: str, port: int, headers: dict[str, str] | None = None) -> None:
        self.host, self.port = host, port
        self.extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = bytearray(BUFFER)
        self.view = memoryview(self.buffer)
        self.pending = b""

    def close(self) -> None:
        self.sock.close()

    def _head(self) -> tuple[int, dict[str, str], bytes]:
        data = self.pending
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection")
            data += chunk
        head, rest = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return status, headers, rest

    def get(self, path: str, range_: tuple[int, int] | None = None) -> tuple[int, int]:
        """Send one GET; return (status, body bytes received)."""
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self.extra}"
        if range_ is not None:
            request += f"Range: bytes={range_[0]}-{range_[1]}\r\n"
        self.sock.sendall((request + "\r\n").encode("latin-1"))
        status, headers, rest = self._head()
        length = int(headers.get("content-length", "0"))
        got = min(len(rest), length)
        self.pending = rest[length:]
        while got < length:
            n = self.sock.recv_into(self.view, min(BUFFER, length - got))
            if n == 0:
                raise ConnectionError("body cut short")
            got += n
        return status, got


@dataclass
class Result:
    seconds: float
    bytes: int
    latencies: list[float] = field(default_factory=list)

    @property
    def mib_per_s(self) -> float:
        return self.bytes / self.seconds / (1024 * 1024)

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0

    @property
    def p99_ms(self) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


def whole(
    host: str, port: int, path: str, size: int, repeat: int = 3, headers: dict[str, str] | None = None
) -> Result:
    """Fetch the whole object `repeat` times on one connection; the best run counts."""
    conn = Connection(host, port, headers)
    best: Result | None = None
    try:
        for _ in range(repeat):
            began = time.perf_counter()
            status, got = conn.get(path)
            took = time.perf_counter() - began
            if status != 200 or got != size:
                raise RuntimeError(f"GET {path}: status {status}, {got} of {size} bytes")
            if best is None or took < best.seconds:
                best = Result(took, got, [took])
    finally:
        conn.close()
    assert best is not None
    return best


def ranges(
    host: str,
    port: int,
    path: str,
    size: int,
    *,
    connections: int = 8,
    seconds: float = 5.0,
    chunk: int = 1024 * 1024,
    headers: dict[str, str] | None = None,
    seed: int = 7,
) -> Result:
    """`connections` threads each asking random `chunk`-sized ranges for `seconds`."""
    latencies: list[float] = []
    received = [0]
    lock = threading.Lock()
    failures: list[str] = []
    stop_at = time.perf_counter() + seconds

    def worker(n: int) -> None:
        rng = random.Random(seed + n)
        conn = Connection(host, port, headers)
        mine: list[float] = []
        total = 0
        try:
            while time.perf_counter() < stop_at:
                start = rng.randrange(0, size - chunk)
                began = time.perf_counter()
                status, got = conn.get(path, (start, start + chunk - 1))
                mine.append(time.perf_counter() - began)
                if status != 206 or got != chunk:
                    failures.append(f"status {status}, {got} bytes")
                    return
                total += got
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)
                received[0] += total

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - began
    if failures:
        raise RuntimeError(f"range requests failed: {failures[:3]}")
    return Result(took, received[0], latencies)


def wait_for(port: int, timeout: float = 20.0, ready: Callable[[], bool] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                if ready is None or ready():
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- wrk (Debian package `wrk`): a C load generator, used when installed -------------------

WRK_SCRIPT = """
local size = tonumber(os.getenv("BENCH_SIZE"))
local chunk = tonumber(os.getenv("BENCH_CHUNK") or "0")
local counter = 0
setup = function(thread) thread:set("seed", counter); counter = counter + 1 end
init = function(args) math.randomseed(7 + seed) end
request = function()
  if chunk > 0 then
    local start = math.random(0, size - chunk - 1)
    wrk.headers["Range"] = "bytes=" .. start .. "-" .. (start + chunk - 1)
  end
  return wrk.format("GET", wrk.path)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.bytes, summary.duration,
    latency:percentile(50), latency:percentile(99), summary.errors.status + summary.errors.read
    + summary.errors.connect + summary.errors.timeout))
end
"""


def wrk_available() -> bool:
    """wrk when installed, unless BENCH_CLIENT=python asks for the raw-socket client."""
    import os
    import shutil

    return os.environ.get("BENCH_CLIENT", "wrk") != "python" and shutil.which("wrk") is not None


def wrk(
    port: int,
    path: str,
    size: int,
    *,
    connections: int,
    threads: int,
    seconds: float,
    chunk: int = 0,
    headers: dict[str, str] | None = None,
) -> Result:
    import os
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    argv = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
    ]
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    argv.append(f"http://127.0.0.1:{port}{path}")
    env = {**os.environ, "BENCH_SIZE": str(size), "BENCH_CHUNK": str(chunk)}
    try:
        out = subprocess.run(argv, capture_output=True, text=True, env=env, check=True).stdout
    finally:
        os.unlink(script.name)
    line = next(row for row in out.splitlines() if row.startswith("RESULT"))
    requests, received, micros, p50, p99, errors = (int(v) for v in line.split()[1:])
    if errors:
        raise RuntimeError(f"wrk {path}: {errors} failed requests\n{out}")
    result = Result(micros / 1e6, received, [])
    result.latencies = []
    result.p50 = p50 / 1000  # type: ignore[attr-defined]
    result.p99 = p99 / 1000  # type: ignore[attr-defined]
    result.requests = requests  # type: ignore[attr-defined]
    return result
