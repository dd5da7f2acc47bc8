"""Media fan-out through Janus (VideoRoom): one publisher of a synthetic 720p camera, N
subscribers, delivered bitrate and frame rate per subscriber against what was published, the
Janus process's CPU, and the N at which delivery falls below 90 %. Then the app's cost of
admitting 100 participants to media (grant + Janus token + room allowed list), p50/p99,
against the bare Janus Admin API round trip measured in the same run.

Everything runs in a network namespace of its own (Janus offers no loopback candidates):
Janus from the repository's templates, the publisher in one process and the subscribers
(aiortc) in another. Subscribers count complete frames as they leave the jitter buffer
without decoding them (decoding N × 720p VP8 in Python would measure the client, not Janus);
the publisher encodes for real (libvpx through PyAV).

Baseline: the publisher's own sent frames/bytes over the same window (ratio = delivered /
published); the Janus Admin API's add_token round trip for the admission figures.

Usage (root, janus installed): python bench/media_fanout.py [--subscribers 10,25,50]
       [--seconds 10] [--width 1280 --height 720 --fps 15] [--admit 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classroom.live.media.janus import Instance, Janus

CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- child processes (run inside the namespace) ---------------------------------------------
async def run_publisher(opts: argparse.Namespace) -> None:
    from tests.support.rtcpeer import Peer

    peer = await Peer(opts.janus, opts.token).attach()
    await peer.publish(
        opts.room,
        opts.feed,
        opts.token,
        display="bench:publisher:camera",
        width=opts.width,
        height=opts.height,
        fps=opts.fps,
    )
    print(json.dumps({"ready": True}), flush=True)
    assert peer.pc is not None
    sender = peer.pc.getSenders()[0]
    track: Any = sender.track
    while True:
        stats = await sender.getStats()
        sent = sum(getattr(s, "bytesSent", 0) for s in stats.values() if s.type == "outbound-rtp")
        print(json.dumps({"t": time.time(), "frames": track._count, "bytes": sent}), flush=True)
        await asyncio.sleep(0.5)


class _Delivered:
    """A complete encoded frame out of the jitter buffer, counted instead of decoded."""

    __slots__ = ("height", "size", "width")

    def __init__(self, size: int) -> None:
        self.size, self.width, self.height = size, 0, 0


class _CountingDecoder:
    def decode(self, encoded_frame: Any) -> list[_Delivered]:
        return [_Delivered(len(encoded_frame.data))]


async def run_subscribers(opts: argparse.Namespace) -> None:
    import aiortc.rtcrtpreceiver

    from tests.support.rtcpeer import Peer

    aiortc.rtcrtpreceiver.get_decoder = lambda codec: _CountingDecoder()  # type: ignore[assignment]

    async def one(i: int) -> tuple[Peer, Peer]:
        own = await Peer(opts.janus, opts.token).attach()
        await own.join(opts.room, None, opts.token, display=f"bench:watcher{i}:camera")
        watcher = await Peer(opts.janus, opts.token).attach()
        await watcher.subscribe(opts.room, opts.feed, opts.token, own.private_id)
        return own, watcher

    began = time.monotonic()
    pairs = []
    for start in range(0, opts.count, 5):  # a few at a time: the offer/answer exchange is serial per peer
        pairs += await asyncio.gather(*(one(i) for i in range(start, min(opts.count, start + 5))))
    watchers = [w for _, w in pairs]
    await asyncio.gather(*(w.wait_frames(5, timeout=60) for w in watchers))
    ready = time.monotonic() - began
    await asyncio.sleep(1)  # settle (keyframe requests, bandwidth estimation)

    def totals() -> list[tuple[int, int]]:
        # complete frames and their encoded bytes out of each subscriber's jitter buffer
        return [(w.counter.frames, w.counter.bytes) for w in watchers]

    t0, first = time.time(), totals()
    await asyncio.sleep(opts.seconds)
    t1, last = time.time(), totals()
    per = [
        ((b[0] - a[0]) / (t1 - t0), (b[1] - a[1]) * 8 / (t1 - t0)) for a, b in zip(first, last, strict=False)
    ]
    print(json.dumps({"t0": t0, "t1": t1, "ready_seconds": ready, "per": per}), flush=True)
    for own, watcher in pairs:
        await watcher.close()
        await own.close()


# --- the driver --------------------------------------------------------------------------------
def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def child(
    ns: Any, role: str, janus: str, room: int, token: str, feed: int, opts: argparse.Namespace, **extra: Any
) -> subprocess.Popen[str]:
    args = [
        sys.executable,
        __file__,
        "--role",
        role,
        "--janus",
        janus,
        "--room",
        str(room),
        "--token",
        token,
        "--feed",
        str(feed),
        "--seconds",
        str(opts.seconds),
        "--width",
        str(opts.width),
        "--height",
        str(opts.height),
        "--fps",
        str(opts.fps),
    ]
    for key, value in extra.items():
        args += [f"--{key}", str(value)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.Popen(ns.command(args), stdout=subprocess.PIPE, text=True, env=env)


def fanout(opts: argparse.Namespace) -> None:
    from tests.support.janusserver import JanusServer
    from tests.support.netns import Namespace

    ns = Namespace().create()
    server = JanusServer(ns, "", rtp_ports="20000-29999", events=False).start()
    try:
        service = Janus(
            Instance(server.url, server.admin_url, server.url),
            admin_secret=server.config.admin_secret,
            room_admin_key=server.config.room_admin_key,
            service_token="bench-" + secrets.token_hex(8),
        )
        token, room, feed = secrets.token_urlsafe(24), 4_000_000_001, 7_000_000_001

        def prepare() -> None:
            service.add_token(service.service_token)
            service.add_token(token)
            service.create_room(room, secret="bench", publishers=4, allowed=[token], description="bench")

        ns.run(prepare)
        publisher = child(ns, "publisher", server.url, room, token, feed, opts)
        assert publisher.stdout is not None
        json.loads(publisher.stdout.readline())  # ready
        published: list[dict[str, float]] = []

        import threading

        def follow() -> None:
            assert publisher.stdout is not None
            for line in publisher.stdout:
                published.append(json.loads(line))

        threading.Thread(target=follow, daemon=True).start()
        assert server.proc is not None
        janus_pid = server.proc.pid
        print(
            f"publisher: synthetic {opts.width}x{opts.height} @ {opts.fps} fps VP8 (aiortc/libvpx), "
            f"Janus {ns.run(lambda: service.info()['version_string'])}, {os.cpu_count()} cores, "
            f"load {os.getloadavg()[0]:.1f}"
        )
        print(
            f"{'N':>4} {'pub fps':>8} {'pub kbit/s':>10} {'sub fps p50/min':>16} {'sub kbit/s p50/min':>19} "
            f"{'fps ratio':>9} {'bitrate ratio':>13} {'janus cpu':>9} {'ready s':>7}"
        )
        below: int | None = None
        for n in opts.subscribers:
            cpu0 = cpu_seconds(janus_pid)
            subs = child(ns, "subscribers", server.url, room, token, feed, opts, count=n)
            out, _ = subs.communicate(timeout=opts.seconds + 300)
            cpu1 = cpu_seconds(janus_pid)
            result = json.loads(out.strip().splitlines()[-1])
            window = [p for p in published if result["t0"] <= p["t"] <= result["t1"]]
            if len(window) < 2:
                print(f"{n:>4}  (publisher did not report in the window)")
                continue
            span = window[-1]["t"] - window[0]["t"]
            pub_fps = (window[-1]["frames"] - window[0]["frames"]) / span
            pub_bps = (window[-1]["bytes"] - window[0]["bytes"]) * 8 / span
            fps = sorted(f for f, _ in result["per"])
            bps = sorted(b for _, b in result["per"])
            fps_ratio = statistics.median(fps) / pub_fps if pub_fps else 0.0
            bps_ratio = statistics.median(bps) / pub_bps if pub_bps else 0.0
            worst = min(fps[0] / pub_fps if pub_fps else 0, bps[0] / pub_bps if pub_bps else 0)
            elapsed = result["t1"] - result["t0"] + result["ready_seconds"] + 1
            cpu = (cpu1 - cpu0) / elapsed * 100
            print(
                f"{n:>4} {pub_fps:>8.1f} {pub_bps / 1000:>10.0f} {statistics.median(fps):>8.1f}/{fps[0]:<7.1f} "
                f"{statistics.median(bps) / 1000:>10.0f}/{bps[0] / 1000:<8.0f} {fps_ratio:>9.2f} {bps_ratio:>13.2f} "
                f"{cpu:>8.0f}% {result['ready_seconds']:>7.1f}"
            )
            if below is None and worst < 0.9:
                below = n
        print(
            "delivery below 90% of published (worst subscriber):",
            f"from N = {below}" if below is not None else f"not reached up to N = {max(opts.subscribers)}",
        )
        publisher.terminate()
        publisher.wait(timeout=10)
        service.close()
    finally:
        server.cleanup()
        ns.remove()


def admission(opts: argparse.Namespace) -> None:
    """The app's cost of admitting participants to media: `grants.issue` (grant row, room
    placement, Janus token and allowed-list update) for `--admit` trainees of one lesson."""
    import tempfile

    from tests.live.support import seed
    from tests.media.support import janus_env
    from tests.support.janusserver import JanusServer
    from tests.support.netns import Namespace

    ns = Namespace().create()
    server = JanusServer(ns, "", events=False).start()
    tmp = Path(tempfile.mkdtemp(prefix="classroom-bench-media-"))
    try:
        os.environ.update(janus_env(server))
        seeded = seed(tmp)
        room = seeded.room(trainees=opts.admit, capacity=max(opts.admit, 20))

        def measure() -> tuple[list[float], list[float]]:
            from classroom.courses.models import Lesson
            from classroom.live.media.grants import issue
            from classroom.live.media.runtime import MediaRuntime
            from classroom.live.media.settings import MediaSettings
            from tests.factories.accounts import principal_of

            app = seeded.app
            runtime = MediaRuntime(app, MediaSettings())
            janus = runtime.client(runtime.instances[0].url)
            bare = []
            for _ in range(opts.admit):
                token = secrets.token_urlsafe(24)
                began = time.perf_counter()
                janus.add_token(token)
                bare.append(time.perf_counter() - began)
                janus.remove_token(token)
            timings = []
            import uuid

            for person in room.trainees:
                began = time.perf_counter()
                with app.state.db.session() as session:
                    lesson = session.get(Lesson, room.lesson_id)
                    assert lesson is not None
                    view = issue(
                        session, runtime, principal_of(person), lesson, uuid.uuid4(), app.state.clock.now()
                    )
                    session.commit()
                timings.append(time.perf_counter() - began)
                assert view["available"], view
            runtime.close()
            return bare, timings

        bare, timings = ns.run(measure)

        def pct(values: list[float], q: float) -> float:
            ordered = sorted(values)
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

        print(f"admitting {opts.admit} participants to media (SQLite, one Janus):")
        print(
            f"  grants.issue          p50 {pct(timings, 0.5):6.1f} ms  p99 {pct(timings, 0.99):6.1f} ms  "
            f"total {sum(timings):.2f} s"
        )
        print(f"  bare Admin add_token  p50 {pct(bare, 0.5):6.1f} ms  p99 {pct(bare, 0.99):6.1f} ms")
        print(f"  ratio p50 {pct(timings, 0.5) / pct(bare, 0.5):.1f}x the bare token round trip")
        seeded.app.state.db.dispose()
    finally:
        server.cleanup()
        ns.remove()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--role", default="driver", choices=["driver", "publisher", "subscribers"])
    parser.add_argument("--subscribers", default="10,25,50")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--fps", type=int, default=15)
    parser.add_argument("--admit", type=int, default=100)
    parser.add_argument("--skip-fanout", action="store_true")
    parser.add_argument("--janus", default="")
    parser.add_argument("--room", type=int, default=0)
    parser.add_argument("--token", default="")
    parser.add_argument("--feed", type=int, default=0)
    parser.add_argument("--count", type=int, default=0)
    opts = parser.parse_args()
    if opts.role == "publisher":
        asyncio.run(run_publisher(opts))
        return
    if opts.role == "subscribers":
        asyncio.run(run_subscribers(opts))
        return
    from tests.support import janusserver, netns

    reason = netns.available() or janusserver.available()
    if reason:
        print(f"skipped: {reason}")
        return
    opts.subscribers = [int(n) for n in str(opts.subscribers).split(",") if n]
    if not opts.skip_fanout:
        fanout(opts)
    admission(opts)


if __name__ == "__main__":
    main()
