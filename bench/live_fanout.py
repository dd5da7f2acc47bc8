"""Live-room fan-out: delivered frames/s and delivery latency, against a bare `websockets` server.

One room, N connected clients (client load in separate processes pinned away from the server's
core where the machine allows), chat at fixed rates and a flat-out burst. Every target runs in
this same run on this same machine, and each figure is printed with its ratio to the bare
`websockets.broadcast` server (`bare`):

- `bare`        websockets' own server relaying with `websockets.broadcast` (baseline)
- `asgi-send`   uvicorn + a raw ASGI app awaiting `send()` per client (reference)
- `asgi-wsproto` the same on uvicorn's wsproto implementation (reference; needs wsproto)
- `asgi-frames` uvicorn + the room's frame writer alone (reference)
- `classroom`   the real app: bearer-token authentication, admission with seats and the
                presence log, chat persisted and rate-limited, JSON encoded once per room,
                slow-consumer protection, through `classroom serve`'s uvicorn set-up.

Usage: python bench/live_fanout.py [--clients 100,500,1000,2000] [--rates 5,10,40]
       [--burst 200] [--seconds 4] [--targets bare,classroom] [--quick] [--probe DIR]

Memory per idle connection is the server's RSS growth from the first 50 connections to all N,
divided by the connections added. `--probe DIR` has the classroom server write a memory probe
(bench/memprobe.py: allocator and SQLite figures, Python objects by type, optionally
tracemalloc) at those two moments, to see what that growth is made of.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fanout_clients import _send_phase, client_process

HOST = "127.0.0.1"
SERVER_CPU = 0
CLIENT_CPU = 1
CLIENT_PROCESSES = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def cpus() -> tuple[int | None, int | None]:
    if not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2:
        return None, None
    return SERVER_CPU, CLIENT_CPU


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def wait_port(port: int, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


@dataclass
class Target:
    """How to start one server and address its room."""

    name: str
    start: Callable[[int, int | None], subprocess.Popen[bytes]]
    client: Callable[[int], tuple[str, dict[str, str]]]  # i-th receiver → (path, headers)
    sender: Callable[[int], tuple[str, dict[str, str]]]  # i-th sender → (path, headers)
    wrap: str = "raw"  # how a sender wraps its text: raw, or chat JSON
    senders: int = 1
    prepare: Callable[[int], None] = lambda n: None
    close: Callable[[], None] = lambda: None


def reference_target(kind: str) -> Target:
    def start(port: int, cpu: int | None) -> subprocess.Popen[bytes]:
        script = Path(__file__).with_name("fanout_servers.py")
        return subprocess.Popen(
            [sys.executable, str(script), kind, str(port), "-" if cpu is None else str(cpu)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    return Target(kind, start, lambda i: ("/", {}), lambda i: ("/", {}))


def wrap_text(kind: str, text: str) -> str:
    return json.dumps({"type": "chat", "text": text}) if kind == "chat" else text


def _sender_main(
    port: int, path: str, headers: dict[str, str], plan: tuple, wrap: str, cpu: int | None, out: Any
) -> None:
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    import uvloop

    phase, rate, count = plan
    try:
        result = uvloop.run(
            _send_phase(HOST, port, path, headers, (phase, rate, count, lambda t: wrap_text(wrap, t)))
        )
    except (OSError, RuntimeError, asyncio.IncompleteReadError) as failed:
        # A sender the server turned away sends nothing; the phase still ends (and says so).
        print(f"sender failed in {phase}: {failed!r}", file=sys.stderr, flush=True)
        result = (0, 0.0)
    out.send(result)


@dataclass
class Phase:
    label: str
    rate: float  # messages/s (0: flat out)
    count: int
    delivered_per_s: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    lost: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def run_phase(target: Target, port: int, pipes: list[Any], n: int, phase: Phase, cpu: int | None) -> Phase:
    tag = f"{phase.label}{time.monotonic_ns()}"
    for pipe in pipes:
        pipe.send(("phase", tag))
    for pipe in pipes:
        pipe.recv()
    per_sender = max(1, phase.count // target.senders)
    rate = phase.rate / target.senders if phase.rate else 0
    procs = []
    for s in range(target.senders):
        path, headers = target.sender(s)
        parent, child = mp.Pipe()
        proc = mp.Process(
            target=_sender_main, args=(port, path, headers, (tag, rate, per_sender), target.wrap, cpu, child)
        )
        proc.start()
        procs.append((proc, parent))
    began = time.monotonic()
    results = [parent.recv() for _, parent in procs]
    for proc, _ in procs:
        proc.join()
    sent = sum(r[0] for r in results)
    expected = sent * n
    deadline = time.monotonic() + max(5.0, expected / 50_000)
    frames, latencies, last_at = 0, [], 0.0
    while True:
        time.sleep(0.25)
        frames, latencies, last_at = 0, [], 0.0
        for pipe in pipes:
            pipe.send(("report", None))
        for pipe in pipes:
            got, lat, last, _ = pipe.recv()
            frames += got
            latencies.extend(lat)
            last_at = max(last_at, last)
        if frames >= expected or time.monotonic() > deadline:
            break
    spent = max(last_at - began, 1e-6) if phase.rate == 0 else max(last_at - began, sent / phase.rate)
    phase.delivered_per_s = frames / spent
    latencies.sort()
    if latencies:
        phase.p50_ms = 1000 * latencies[len(latencies) // 2]
        phase.p99_ms = 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    phase.lost = expected - frames
    return phase


WARM_UP = 50


PROBES: list[str] = []


def probe(pid: int, label: str) -> None:
    """With `--probe`, have the server write a memory probe (bench/memprobe.py) now."""
    if os.environ.get("CLASSROOM_BENCH_PROBE"):
        PROBES.append(label)
        os.kill(pid, signal.SIGUSR1)
        time.sleep(3.0)  # the probe walks every object: let it finish before going on
        print(f"probe-{len(PROBES)}: {label}", flush=True)


def connect_range(target: Target, pipes: list[Any], port: int, first: int, last: int) -> list[int]:
    ids = list(range(first, last))
    chunks = [ids[k :: len(pipes)] for k in range(len(pipes))]
    for pipe, chunk in zip(pipes, chunks, strict=True):
        pipe.send(("connect", (HOST, port, [target.client(i) for i in chunk], 50)))
    return [s for pipe in pipes for s in pipe.recv()]


def measure(
    target: Target, sizes: list[int], rates: list[float], burst: int, seconds: float
) -> dict[int, Any]:
    server_cpu, client_cpu = cpus()
    port = free_port()
    results: dict[int, Any] = {}
    proc = target.start(port, server_cpu)
    try:
        wait_port(port, proc)
        for n in sizes:
            target.prepare(n)
            pipes, workers = [], []
            for _ in range(CLIENT_PROCESSES):
                parent, child = mp.Pipe()
                worker = mp.Process(target=client_process, args=(child, client_cpu), daemon=True)
                worker.start()
                pipes.append(parent)
                workers.append(worker)
            began = time.monotonic()
            # A first batch warms the server up (threads, caches, the room); memory per idle
            # connection is the growth from there to all N, divided by the connections added.
            warm = min(WARM_UP, n // 2)
            statuses = connect_range(target, pipes, port, 0, warm)
            time.sleep(1.0)
            idle_before = rss_kib(proc.pid)
            probe(proc.pid, f"N={n}: {warm} connected")
            statuses += connect_range(target, pipes, port, warm, n)
            connect_s = time.monotonic() - began
            refused = sum(1 for s in statuses if s != 101)
            answers = Counter(s for s in statuses if s != 101)  # 0: dropped without an answer
            time.sleep(1.0)
            per_conn = (rss_kib(proc.pid) - idle_before) / max(1, n - warm)
            probe(proc.pid, f"N={n}: {n} connected ({n - warm} more)")
            phases = [Phase(f"{r:g}/s", r, max(1, int(r * seconds))) for r in rates]
            phases.append(Phase("burst", 0, burst))
            for phase in phases:
                run_phase(target, port, pipes, n - refused, phase, client_cpu)
            closes = 0
            for pipe in pipes:
                pipe.send(("report", None))
                closes += len(pipe.recv()[3])
                pipe.send(("stop", None))
                pipe.recv()
            for worker in workers:
                worker.join(timeout=10)
            results[n] = {
                "phases": phases,
                "connect_s": connect_s,
                "refused": refused,
                "answers": dict(answers),
                "kib_per_conn": per_conn,
                "closes": closes,
            }
            report({target.name: {n: results[n]}}, header=False)
            time.sleep(1.0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        target.close()
    return results


def report(all_results: dict[str, dict[int, Any]], *, header: bool = True) -> None:
    """The table (with ratios when the baseline ran); without a header, one target's rows as
    they are measured, so a long run shows progress and an interrupted one keeps its figures."""
    base = all_results.get("bare", {})
    if header:
        print(
            f"{'target':<12} {'N':>5} {'phase':>7} {'frames/s':>10} {'×bare':>6} {'p50 ms':>8}"
            f" {'p99 ms':>8} {'lost':>6} {'KiB/conn':>9} {'connect s':>9}"
        )
    for name, results in all_results.items():
        for n, result in results.items():
            for i, phase in enumerate(result["phases"]):
                ref = base.get(n, {}).get("phases", [None] * (i + 1))[i]
                ratio = (
                    phase.delivered_per_s / ref.delivered_per_s
                    if ref and ref.delivered_per_s
                    else float("nan")
                )
                print(
                    f"{name:<12} {n:>5} {phase.label:>7} {phase.delivered_per_s:>10.0f} {ratio:>6.2f} "
                    f"{phase.p50_ms:>8.1f} {phase.p99_ms:>8.1f} {phase.lost:>6}"
                    f" {result['kib_per_conn']:>9.1f} {result['connect_s']:>9.1f}",
                    flush=True,
                )
            if result["refused"] or result["closes"]:
                print(
                    f"  ({name} N={n}: {result['refused']} refused {result.get('answers', {})},"
                    f" {result['closes']} closed by the server)",
                    flush=True,
                )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", default="100,500,1000,2000")
    parser.add_argument("--rates", default="5,10,40")
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--targets", default="bare,classroom")
    parser.add_argument("--quick", action="store_true", help="N=100,1000, one rate: a smoke run")
    parser.add_argument(
        "--probe",
        metavar="DIR",
        help="classroom target: write memory probes (bench/memprobe.py) to DIR before and after"
        " the connections of each N (set CLASSROOM_BENCH_TRACEMALLOC=<frames> to trace; a probed"
        " run's figures are not comparable with an unprobed one's)",
    )
    args = parser.parse_args()
    if args.probe:
        os.environ["CLASSROOM_BENCH_PROBE"] = str(Path(args.probe).resolve())
    sizes = [int(x) for x in args.clients.split(",")]
    rates = [float(x) for x in args.rates.split(",")]
    if args.quick:
        sizes, rates, args.burst, args.seconds = [100, 1000], [5.0], 100, 2.0
    targets: dict[str, Target] = {}
    for name in args.targets.split(","):
        if name == "classroom":
            from bench.fanout_app import classroom_target

            targets[name] = classroom_target()
        else:
            targets[name] = reference_target(name)
    print(
        f"cores: {os.cpu_count()}, affinity: server {cpus()[0]}, clients {cpus()[1]}; "
        f"{CLIENT_PROCESSES} client processes; {args.seconds:g} s per rate; burst {args.burst}"
    )
    results = {name: measure(t, sizes, rates, args.burst, args.seconds) for name, t in targets.items()}
    report(results)


if __name__ == "__main__":
    mp.set_start_method("fork")
    asyncio.set_event_loop_policy(None)
    main()
