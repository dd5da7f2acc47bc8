"""Uploading a 1 GiB lesson video through the tus endpoint against a bare uvicorn endpoint that
streams the request body to a file, in the same run. Targets (issue 9): throughput ≥ 0.8× the
bare endpoint, and the app's resident memory grows by < 64 MiB. Exits 1 when missed.
"""

from __future__ import annotations

import base64
import os
import socket
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import httpload

SIZE = int(os.environ.get("BENCH_UPLOAD_BYTES", str(1024 * 1024 * 1024)))
BLOCK = 1024 * 1024

BARE_APP = """
import os
PATH = os.environ["BENCH_TARGET"]

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    with open(PATH, "wb") as out:
        more = True
        while more:
            message = await receive()
            out.write(message.get("body", b""))
            more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})
"""


def body() -> bytes:
    return b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + os.urandom(BLOCK - 32)


def send_body(port: int, method: str, path: str, headers: dict[str, str]) -> tuple[int, float]:
    """Send SIZE bytes (1 MiB blocks) as one request; returns (status, seconds)."""
    block = body()
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {SIZE}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    with socket.create_connection(("127.0.0.1", port)) as sock:
        began = time.perf_counter()
        sock.sendall(head.encode())
        left = SIZE
        while left:
            piece = block if left >= len(block) else block[:left]
            sock.sendall(piece)
            left -= len(piece)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        took = time.perf_counter() - began
    return int(answer.split(b" ", 2)[1]), took


def peak_rss(server: common.Server, stop: threading.Event, found: list[int]) -> None:
    while not stop.is_set():
        found.append(server.rss_kib())
        time.sleep(0.05)


def tus_upload(port: int, token: str, course_id: str, server: common.Server) -> tuple[float, int]:
    import urllib.request

    meta = ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}"
        for k, v in (("filename", "bench.mp4"), ("course_id", course_id))
    )
    auth = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/uploads",
        method="POST",
        headers={**auth, "Upload-Length": str(SIZE), "Upload-Metadata": meta},
    )
    with urllib.request.urlopen(request) as response:
        location = response.headers["Location"]
    before = server.rss_kib()
    samples: list[int] = []
    stop = threading.Event()
    watcher = threading.Thread(target=peak_rss, args=(server, stop, samples))
    watcher.start()
    status, took = send_body(
        port,
        "PATCH",
        location,
        {**auth, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
    )
    stop.set()
    watcher.join()
    if status != 204:
        raise RuntimeError(f"tus PATCH answered {status}")
    return took, max(samples, default=before) - before


def course_of_demo(data: Path) -> str:
    from sqlmodel import select

    from classroom.app import create_app
    from classroom.core.settings import Settings
    from classroom.courses.models import Course
    from content.demo import COURSE_TITLE

    app = create_app(Settings(data_dir=data))
    with app.state.db.session() as session:
        course = session.exec(
            select(Course).where(Course.title == COURSE_TITLE)
        ).one()  # tenancy: bench set-up
        found = str(course.id)
    app.state.db.dispose()
    return found


def main() -> int:
    data = common.seeded_data_dir()
    course_id = course_of_demo(data)
    port_app, port_bare = httpload.free_port(), httpload.free_port()
    (data / "bare_upload.py").write_text(BARE_APP)
    app = common.app_server(data, port_app)
    bare = common.Server(
        [common.PYTHON, "-m", "uvicorn", "bare_upload:app", "--host", "127.0.0.1", "--port", str(port_bare),
         "--log-level", "warning", "--no-access-log", "--app-dir", str(data)],
        port_bare, {**os.environ, "BENCH_TARGET": str(data / "bare-target.bin")},
    )  # fmt: skip
    try:
        token = common.token(port_app, "teacher@hanbit.example")
        status, bare_seconds = send_body(port_bare, "POST", "/", {})
        assert status == 204
        (data / "bare-target.bin").unlink()
        tus_seconds, growth_kib = tus_upload(port_app, token, course_id, app)
    finally:
        app.stop()
        bare.stop()
    mib = SIZE / (1024 * 1024)
    ratio = bare_seconds / tus_seconds
    growth = growth_kib / 1024
    print(f"uploading {mib:,.0f} MiB in one request")
    print(f"  bare uvicorn → file   {mib / bare_seconds:7.0f} MiB/s")
    print(f"  tus PATCH (app)       {mib / tus_seconds:7.0f} MiB/s   server RSS growth {growth:.1f} MiB")
    ok = ratio >= 0.8 and growth < 64
    print(
        f"  ratio {ratio:.2f}× (target ≥ 0.8×), RSS growth {growth:.1f} MiB (target < 64 MiB): {'ok' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
