"""Concurrency benchmark: the app under many clients, SQLite beside PostgreSQL, and the cost of
the app's request path beside a bare endpoint.

1. Mixed load — 80% reads, 15% writes, 5% sign-ins (production argon2id cost) — from 200
   concurrent clients for 10 s, against one uvicorn worker on SQLite (the embedded default)
   and on PostgreSQL (a throwaway cluster from tests/support/pgcluster.py): throughput,
   p50/p99, errors. Target: SQLite ≥ 0.5× PostgreSQL's throughput, 0 errors on both.
2. `GET /api/v1/me` at 16 clients beside a bare FastAPI endpoint reading one row through
   SQLAlchemy (bench/support/bare.py, same uvicorn settings, same database). Target ≥ 0.7×.

Every server and every load generator is a process of its own (tests/support/liveserver.py,
tests/support/load.py). The `/me` and bare runs also print the server's CPU time per request
over the measured run (bench/procstat.py): on 2 cores shared with the load generator it is
steadier than the throughput, which moves ±10% between runs. Run: `make bench` or `.venv/bin/python bench/concurrency.py`;
`--only me` or `--only mixed` runs one part (the ratios it cannot compute are left out), and
BENCH_SECONDS shortens every run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import procstat  # noqa: E402

from tests.support.liveserver import (  # noqa: E402
    environment,
    free_port,
    fresh_postgres_database,
    serve,
    uvicorn_process,
)
from tests.support.pgcluster import PostgresCluster  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
MIXED_CLIENTS = 200
ME_CLIENTS = 16
# What a real deployment pays for a sign-in (Settings' defaults).
PRODUCTION_HASHING = {"CLASSROOM_ARGON2_TIME_COST": "3", "CLASSROOM_ARGON2_MEMORY_KIB": "65536"}


def load(url: str, clients: int, *extra: str, server_pid: int | None = None) -> dict[str, Any]:
    """One run of the load generator; with `server_pid`, also the server's CPU time per answered
    request over the measured run (`server_cpu_us`), steadier than throughput on cores shared
    with the load generator."""
    argv = [
        sys.executable,
        "-m",
        "tests.support.load",
        url,
        "--clients",
        str(clients),
        "--seconds",
        str(SECONDS),
    ]
    with (
        tempfile.TemporaryFile("w+") as errors,
        subprocess.Popen(
            [*argv, *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True
        ) as process,
    ):
        assert process.stdout is not None
        watchdog = threading.Timer(SECONDS * 10 + 120, process.kill)  # a hung load never hangs the bench
        watchdog.start()
        used = None
        last = ""
        for row in process.stdout:
            if row.strip() == "measuring" and server_pid:
                used = procstat.cpu_seconds(server_pid)  # sign-ins and warm-up left out
            last = row
        spent = procstat.cpu_seconds(server_pid) - used if server_pid and used is not None else None
        process.wait()
        watchdog.cancel()
        if process.returncode != 0:
            errors.seek(0)
            said = errors.read()
            raise RuntimeError(f"load generator failed:\n{said[-3000:]}")
    figures: dict[str, Any] = json.loads(last.strip())
    if spent is not None and figures["requests"]:
        figures["server_cpu_us"] = spent / figures["requests"] * 1e6
    return figures


def line(label: str, figures: dict[str, Any]) -> str:
    errors = figures["server_errors"] + figures["transport_errors"]
    return (
        f"  {label:<34} {figures['throughput']:>8.0f} req/s   p50 {figures['p50_ms']:>7.1f} ms   "
        f"p99 {figures['p99_ms']:>7.1f} ms   errors {errors}   statuses {figures['statuses']}"
        + (f"   server CPU {figures['server_cpu_us']:.0f} µs/request" if "server_cpu_us" in figures else "")
    )


def measure(label: str, database_url: str, work: Path, parts: set[str]) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    with serve(database_url, work / label, extra_env=PRODUCTION_HASHING) as server:
        if "mixed" in parts:
            results["mixed"] = load(server.url, MIXED_CLIENTS)
            print(line(f"{label}: mixed, {MIXED_CLIENTS} clients", results["mixed"]), flush=True)
        if "me" in parts:
            results["me"] = load(
                server.url, ME_CLIENTS, "--path", "/api/v1/me", server_pid=server.process.pid
            )
            print(line(f"{label}: GET /api/v1/me, {ME_CLIENTS} clients", results["me"]), flush=True)
    if "me" not in parts:
        return results
    port = free_port()
    env = environment(database_url, work / label, port, {"CLASSROOM_BENCH_DATABASE_URL": database_url})
    with uvicorn_process("bench.support.bare:app", env, port, work / label) as (process, _log):
        results["bare"] = load(
            f"http://127.0.0.1:{port}", ME_CLIENTS, "--path", "/row", "--anonymous", server_pid=process.pid
        )
        print(line(f"{label}: bare one-row endpoint, {ME_CLIENTS} cl.", results["bare"]), flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description="Concurrency benchmark (see the module docstring).")
    parser.add_argument("--only", choices=("mixed", "me"), help="run one part only (default: both)")
    args = parser.parse_args()
    parts = {args.only} if args.only else {"mixed", "me"}
    print(f"concurrency: {SECONDS:.0f} s runs, one uvicorn worker each, 2 cores shared with the load")
    with tempfile.TemporaryDirectory(prefix="bench-concurrency-") as tmp:
        work = Path(tmp)
        results = {"sqlite": measure("sqlite", f"sqlite:///{work / 'bench.db'}", work, parts)}
        cluster = None
        if PostgresCluster.available() is None:
            cluster = PostgresCluster()
            results["postgresql"] = measure(
                "postgresql", fresh_postgres_database(cluster.start(), "bench"), work, parts
            )
        else:
            print("  PostgreSQL not installed: SQLite only")
        if cluster is not None:
            cluster.stop()

    failed = False
    print("ratios:")
    for label, figures in results.items():
        if "me" in figures:
            ratio = figures["me"]["throughput"] / figures["bare"]["throughput"]
            ok = ratio >= 0.7
            failed |= not ok
            print(
                f"  {label}: GET /api/v1/me ÷ bare one-row endpoint = {ratio:.2f}×  (target ≥ 0.70) {'ok' if ok else 'BELOW'}"
            )
        if "mixed" in figures:
            errors = figures["mixed"]["server_errors"] + figures["mixed"]["transport_errors"]
            failed |= errors > 0
            print(f"  {label}: mixed-load errors = {errors}  (target 0) {'ok' if errors == 0 else 'BELOW'}")
    if "postgresql" in results and "mixed" in results["sqlite"]:
        ratio = results["sqlite"]["mixed"]["throughput"] / results["postgresql"]["mixed"]["throughput"]
        ok = ratio >= 0.5
        failed |= not ok
        print(
            f"  mixed load: SQLite ÷ PostgreSQL throughput = {ratio:.2f}×  (target ≥ 0.50) {'ok' if ok else 'BELOW'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
