"""Streaming a 200 MiB lesson video: nginx serving the file (the baseline, same run) against
the app's embedded path and the app behind nginx with X-Accel-Redirect — nginx running the
deployment's own configuration (deploy/nginx/classroom.conf); a bare
Starlette FileResponse is measured too, for reference.

Two loads: one GET of the whole file (best of 3, one connection), and random 1 MiB ranges over
8 keep-alive connections for a few seconds. Targets (issue 9): embedded ≥ 0.5× nginx with p99 ≤
20 ms on the ranges, X-Accel ≥ 0.9× nginx. Exits 1 when a target is missed.

X-Accel runs twice: every range through the app (a client that keeps no cookies), and as a
browser plays, keeping the grant cookie the app's first answer sets (content/grants.py), so
nginx sends the next ranges itself. wrk keeps no cookies: the run takes the grant with one
request before it starts, as the browser's first range does, and the run is shorter than the
grant's 10 s (a browser renews it with one request through the app when it lapses).

With wrk, each ranges run also prints the CPU time nginx, the app and wrk spent per request
(from /proc): on a small machine the load generator and the servers share the cores, and those
costs explain the ratios.
"""

from __future__ import annotations

import io
import os
import resource
import secrets
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import httpload

from tests.support import nginxserver

SIZE = 200 * 1024 * 1024
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))


def add_big_version(data_dir: Path) -> tuple[str, Path]:
    """Store a 200 MiB version of the demo video through the content service; returns the item
    id and the file's path in the local store."""
    from sqlmodel import select

    from classroom.app import create_app
    from classroom.core.events import EventBus
    from classroom.core.settings import Settings
    from classroom.core.tenancy import tenant_system_principal
    from content import items
    from content.models import ContentItem
    from content.rules.kinds import ContentKind

    app = create_app(Settings(data_dir=data_dir))
    block = os.urandom(1024 * 1024)
    header = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
    with app.state.db.session() as session:
        item = session.exec(
            select(ContentItem).where(ContentItem.kind == ContentKind.VIDEO)
        ).first()  # tenancy: bench set-up
        assert item is not None, "the demo has a video"
        version_id = uuid.uuid4()
        key = f"{item.institution_id}/{item.id}/{version_id}"
        stream = io.BytesIO(header + block * (SIZE // len(block)))
        stream.truncate(SIZE)
        app.state.store.put(key, stream, SIZE)
        items.add_version(
            session, app.state.clock, EventBus(), tenant_system_principal(item.institution_id),
            course_id=item.course_id, content_id=item.id, version_id=version_id, title=item.title,
            created_by=None, storage_key=key, size=SIZE, media_type="video/mp4", kind=ContentKind.VIDEO,
            filename="bench.mp4", sha256=None,
        )  # fmt: skip
        session.commit()
        path = app.state.store.local_path(key)
    app.state.db.dispose()
    assert path is not None
    return str(item.id), path


STARLETTE_APP = """
import os
from starlette.applications import Starlette
from starlette.responses import FileResponse
from starlette.routing import Route
PATH = os.environ["BENCH_FILE"]
async def serve(request):
    return FileResponse(PATH, media_type="video/mp4")
app = Starlette(routes=[Route("/file", serve)])
"""


def measure(
    name: str,
    port: int,
    path: str,
    headers: dict[str, str] | None = None,
    processes: dict[str, common.Server] | None = None,
    before_ranges: Callable[[], dict[str, str]] | None = None,
) -> dict[str, float]:
    """Both loads against one server; with `processes`, also the CPU time each of them (and wrk)
    spent per range request: the ranges run is CPU-bound on 2 cores, so those costs are the
    ratio's explanation. `before_ranges` gives headers to add to the ranges run, asked just
    before it starts (a grant cookie)."""
    httpload.whole("127.0.0.1", port, path, SIZE, repeat=1, headers=headers)  # warm the page cache and caches
    processes = processes or {}
    if httpload.wrk_available():
        whole = httpload.wrk(port, path, SIZE, connections=1, threads=1, seconds=SECONDS, headers=headers)
        ranged_headers = {**(headers or {}), **(before_ranges() if before_ranges else {})}
        before = {label: server.cpu_seconds() for label, server in processes.items()}
        client_before = _children_cpu()
        ranged = httpload.wrk(
            port,
            path,
            SIZE,
            connections=8,
            threads=2,
            seconds=SECONDS,
            chunk=1024 * 1024,
            headers=ranged_headers,
        )
        p50, p99, count = ranged.p50, ranged.p99, ranged.requests  # type: ignore[attr-defined]
        spent = {label: server.cpu_seconds() - before[label] for label, server in processes.items()}
        spent["wrk"] = _children_cpu() - client_before
    else:
        whole = httpload.whole("127.0.0.1", port, path, SIZE, repeat=3, headers=headers)
        ranged_headers = {**(headers or {}), **(before_ranges() if before_ranges else {})}
        ranged = httpload.ranges("127.0.0.1", port, path, SIZE, seconds=SECONDS, headers=ranged_headers)
        p50, p99, count = ranged.p50_ms, ranged.p99_ms, len(ranged.latencies)
        spent = {}
    print(
        f"  {name:<24} whole {whole.mib_per_s:7.0f} MiB/s   ranges {ranged.mib_per_s:7.0f} MiB/s "
        f"({count} requests, p50 {p50:5.1f} ms, p99 {p99:5.1f} ms)"
    )
    if spent and count:
        costs = "  ".join(f"{label} {seconds / count * 1e6:4.0f}" for label, seconds in spent.items())
        print(f"  {'':<24} CPU µs per range request: {costs}")
    per_request = {f"cpu_{label}": seconds / count * 1e6 for label, seconds in spent.items()} if count else {}
    return {"whole": whole.mib_per_s, "ranges": ranged.mib_per_s, "p99": p99, **per_request}


def grant_cookie(port: int, path: str, auth: dict[str, str]) -> dict[str, str]:
    """The grant a browser's first range gets (content/grants.py), as a Cookie header. A grant
    counts from the app's check, which the app caches: when that check is about to lapse the
    answer grants nothing, and the next request after it lapses gets a whole grant."""
    deadline = time.monotonic() + 15  # the app's check lapses within its 10 s
    while time.monotonic() < deadline:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={**auth, "Range": "bytes=0-0"}
        )
        with urllib.request.urlopen(request) as answer:
            answer.read()
            given = [
                v for v in answer.headers.get_all("Set-Cookie") or [] if v.startswith("classroom_grant=")
            ]
        if given and int(given[0].split("Max-Age=")[1].split(";")[0]) >= SECONDS + 2:
            return {"Cookie": given[0].split(";", 1)[0]}
        time.sleep(1)
    raise SystemExit("the X-Accel answers set no grant: is the secret given to both the app and nginx?")


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def main() -> int:
    data = common.seeded_data_dir()
    content_id, file_path = add_big_version(data)
    objects = data / "objects"
    ports = {name: httpload.free_port() for name in ("nginx", "embedded", "accel_app", "accel", "starlette")}
    servers: list[common.Server] = []
    secret = secrets.token_urlsafe(24)
    try:
        deployed = nginxserver.deploy_config(
            listen_port=ports["accel"], app_port=ports["accel_app"], objects_dir=objects, grant_secret=secret
        )
        front = common.nginx(
            f"""server {{ listen 127.0.0.1:{ports['nginx']}; location = /file {{ alias {file_path}; }} }}
            {deployed}""",
            ports["nginx"],
        )  # fmt: skip
        servers.append(front)
        httpload.wait_for(ports["accel"])
        embedded_app = common.app_server(data, ports["embedded"])
        servers.append(embedded_app)
        accel_app = common.app_server(
            data,
            ports["accel_app"],
            CLASSROOM_CONTENT_DELIVERY="accel",
            CLASSROOM_CONTENT_ACCEL_GRANT_SECRET=secret,
        )
        servers.append(accel_app)
        script = Path(data) / "starlette_file.py"
        script.write_text(STARLETTE_APP)
        servers.append(common.Server(
            [common.PYTHON, "-m", "uvicorn", "starlette_file:app", "--host", "127.0.0.1", "--port",
             str(ports["starlette"]), "--log-level", "warning", "--no-access-log", "--app-dir", str(data)],
            ports["starlette"], {**os.environ, "BENCH_FILE": str(file_path)},
        ))  # fmt: skip
        auth = {"Authorization": f"Bearer {common.token(ports['embedded'], 'jiwoo@hanbit.example')}"}
        stream = f"/api/v1/contents/{content_id}/stream"
        client = (
            "wrk" if httpload.wrk_available() else "the Python client (install Debian's wrk for a faster one)"
        )
        print(
            f"streaming a {SIZE // (1024 * 1024)} MiB video with {client}: whole-file GETs on 1 connection "
            f"and random 1 MiB ranges on 8 connections, {SECONDS:.0f} s each"
        )
        base = measure("nginx (baseline)", ports["nginx"], "/file", None, {"nginx": front})
        embedded = measure("app embedded", ports["embedded"], stream, auth, {"app": embedded_app})
        accel = measure(
            "app + nginx X-Accel", ports["accel"], stream, auth, {"nginx": front, "app": accel_app}
        )
        granted = measure(
            "X-Accel, nginx grant",
            ports["accel"],
            stream,
            auth,
            {"nginx": front, "app": accel_app},
            before_ranges=lambda: grant_cookie(ports["accel"], stream, auth),
        )
        bare = measure("Starlette FileResponse", ports["starlette"], "/file")
    finally:
        for server in servers:
            server.stop()
    ok = True
    print("ratios to nginx (whole / ranges):")
    for name, got, floor in (
        ("embedded", embedded, 0.5),
        ("X-Accel", accel, None),  # every range through the app: for comparison
        ("X-Accel grant", granted, 0.9),  # as a browser plays
        ("FileResponse", bare, None),
    ):
        ratio_whole, ratio_ranges = got["whole"] / base["whole"], got["ranges"] / base["ranges"]
        verdict = ""
        if floor is not None:
            passed = min(ratio_whole, ratio_ranges) >= floor and (name != "embedded" or got["p99"] <= 20)
            ok = ok and passed
            verdict = f"  target ≥ {floor}×{' and p99 ≤ 20 ms' if name == 'embedded' else ''}: {'ok' if passed else 'MISSED'}"
        print(f"  {name:<13} {ratio_whole:5.2f}× / {ratio_ranges:5.2f}×   p99 {got['p99']:.1f} ms{verdict}")
    if "cpu_app" in accel and "cpu_nginx" in base:
        # The ranges run keeps both cores busy, so CPU per request is what sets the throughput.
        baseline = base["cpu_nginx"] + base["cpu_wrk"]
        added = accel["cpu_nginx"] - base["cpu_nginx"] + accel["cpu_app"]
        print(
            f"X-Accel adds {added:.0f} µs of CPU per range request (nginx's proxy hop "
            f"{accel['cpu_nginx'] - base['cpu_nginx']:.0f}, the app {accel['cpu_app']:.0f}) to the baseline's "
            f"{baseline:.0f} µs (nginx + wrk): with the cores saturated, a ratio near {baseline / (baseline + added):.2f}×"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
