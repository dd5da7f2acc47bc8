"""A mixed load against a live server (demo data): reads, writes and sign-ins from many clients.

Used by the load test (a fixed number of requests, every answer checked) and by `bench/`
(a fixed duration, throughput and latency). Each client is an asyncio task with its own
keep-alive connection; all start together.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from tests.support.liveserver import DEMO_PASSWORD

TRAINEES = (
    "jiwoo@hanbit.example",
    "yerin@hanbit.example",
    "seunghyun@hanbit.example",
    "hajun@hanbit.example",
    "sua@hanbit.example",
    "minjae@hanbit.example",
    "daeun@hanbit.example",
    "yujin@hanbit.example",
)
ADMIN = "admin@hanbit.example"


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # transport errors (timeouts, resets)
    samples: dict[int, str] = field(default_factory=dict)  # one body per unexpected status
    retry_after_missing: int = 0
    elapsed: float = 0.0

    @property
    def count(self) -> int:
        return sum(self.statuses.values()) + len(self.failures)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def summary(self) -> str:
        median = statistics.median(self.latencies) if self.latencies else float("nan")
        return (
            f"{self.count} requests in {self.elapsed:.1f} s ({self.throughput:.0f}/s), "
            f"p50 {median * 1000:.0f} ms, p99 {self.percentile(99) * 1000:.0f} ms, "
            f"statuses {dict(sorted(self.statuses.items()))}, transport errors {len(self.failures)}"
        )


@dataclass(frozen=True)
class World:
    """What the demo data offers the load: tokens per trainee, an admin token, course ids."""

    trainee_tokens: tuple[str, ...]
    admin_token: str
    course_ids: tuple[str, ...]


async def prepare(url: str) -> World:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:

        async def sign_in(email: str) -> str:
            response = await client.post(
                "/api/v1/auth/token",
                data={"username": email, "password": DEMO_PASSWORD, "institution": "hanbit"},
            )
            response.raise_for_status()
            value: str = response.json()["access_token"]
            return value

        trainees = tuple([await sign_in(email) for email in TRAINEES])
        admin = await sign_in(ADMIN)
        courses = await client.get("/api/v1/courses", headers={"Authorization": f"Bearer {admin}"})
        courses.raise_for_status()
        # Writes edit descriptions, which a finished course refuses (409): only courses still open.
        open_courses = tuple(c["id"] for c in courses.json() if c["status"] != "finished")
        assert open_courses, "the demo has no course that can still be edited"
        return World(trainees, admin, open_courses)


Call = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


def choose(
    world: World, rng: random.Random, mix: tuple[float, float, float], wrong_passwords: float = 0.0
) -> tuple[str, Call]:
    """One request of the mix: (kind, call). Reads are what trainees and staff open most."""
    reads, writes, _logins = mix
    roll = rng.random()
    trainee = rng.randrange(len(world.trainee_tokens))
    as_trainee = {"Authorization": f"Bearer {world.trainee_tokens[trainee]}"}
    as_admin = {"Authorization": f"Bearer {world.admin_token}"}
    if roll < reads:
        pick = rng.randrange(4)
        if pick == 0:
            return "read", lambda c: c.get("/api/v1/me", headers=as_trainee)
        if pick == 1:
            return "read", lambda c: c.get("/api/v1/calendar", headers=as_trainee)
        if pick == 2:
            return "read", lambda c: c.get("/api/v1/courses", headers=as_admin)
        course = rng.choice(world.course_ids)
        return "read", lambda c: c.get(f"/api/v1/courses/{course}", headers=as_admin)
    if roll < reads + writes:
        name = f"훈련생{rng.randrange(10_000)}"
        if rng.random() < 0.5:
            return "write", lambda c: c.patch("/api/v1/me", json={"name": name}, headers=as_trainee)
        course = rng.choice(world.course_ids)
        return "write", lambda c: c.patch(
            f"/api/v1/courses/{course}", json={"description": f"부하 시험 {name}"}, headers=as_admin
        )
    email = TRAINEES[trainee]
    wrong = rng.random() < wrong_passwords
    form = {
        "username": email,
        "password": "wrong-password-1" if wrong else DEMO_PASSWORD,
        "institution": "hanbit",
    }
    return "login", lambda c: c.post("/api/v1/auth/token", data=form)


async def run(
    url: str,
    world: World,
    *,
    clients: int,
    requests_per_client: int | None = None,
    seconds: float | None = None,
    mix: tuple[float, float, float] = (0.80, 0.15, 0.05),
    wrong_passwords: float = 0.0,
    only: Callable[[httpx.AsyncClient], Awaitable[httpx.Response]] | None = None,
    seed: int = 8,
    timeout: float = 60,
) -> Tally:
    """`clients` concurrent clients, each sending `requests_per_client` requests or sending for
    `seconds`; `only` replaces the mix with one call."""
    tally = Tally()
    start = asyncio.Event()
    deadline = [0.0]

    async def client(index: int) -> None:
        rng = random.Random(seed * 100_003 + index)
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as http:
            await start.wait()
            sent = 0
            while True:
                if requests_per_client is not None and sent >= requests_per_client:
                    return
                if seconds is not None and time.monotonic() >= deadline[0]:
                    return
                kind, call = ("only", only) if only is not None else choose(world, rng, mix, wrong_passwords)
                began = time.monotonic()
                try:
                    response = await call(http)
                except httpx.HTTPError as exc:
                    tally.failures.append(f"{kind}: {type(exc).__name__}: {exc}")
                    sent += 1
                    continue
                tally.latencies.append(time.monotonic() - began)
                tally.statuses[response.status_code] += 1
                tally.kinds[kind] += 1
                if response.status_code >= 500 or response.status_code in (409, 429):
                    tally.samples.setdefault(response.status_code, response.text[:500])
                    if response.status_code in (429, 503) and "retry-after" not in response.headers:
                        tally.retry_after_missing += 1
                sent += 1

    tasks = [asyncio.create_task(client(i)) for i in range(clients)]
    await asyncio.sleep(0.2)  # let every client open its client object first
    began = time.monotonic()
    deadline[0] = began + (seconds or 0)
    start.set()
    await asyncio.gather(*tasks)
    tally.elapsed = time.monotonic() - began
    return tally


def _main() -> None:
    """A load generator process for `bench/`: prints `measuring` once the sign-ins and the
    warm-up are over, then one JSON line with the tally."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--mix", default="0.80,0.15,0.05", help="reads,writes,logins")
    parser.add_argument("--path", help="GET this path only (bearer token of the first trainee)")
    parser.add_argument("--anonymous", action="store_true", help="no demo data, no sign-in (--path)")
    args = parser.parse_args()

    async def go() -> Tally:
        world = World(("",), "", ()) if args.anonymous else await prepare(args.url)
        only: Call | None = None
        if args.path:
            headers = {} if args.anonymous else {"Authorization": f"Bearer {world.trainee_tokens[0]}"}
            path = args.path

            def only(client: httpx.AsyncClient) -> Awaitable[httpx.Response]:
                return client.get(path, headers=headers)

        mix = tuple(float(part) for part in args.mix.split(","))
        assert len(mix) == 3
        # A short warm-up (connections, caches), then the measured run.
        await run(args.url, world, clients=args.clients, seconds=1.0, mix=mix, only=only)  # type: ignore[arg-type]
        print("measuring", flush=True)  # a mark for a caller that accounts the server's CPU time
        return await run(args.url, world, clients=args.clients, seconds=args.seconds, mix=mix, only=only)  # type: ignore[arg-type]

    tally = asyncio.run(go())
    print(
        json.dumps(
            {
                "requests": len(tally.latencies),
                "seconds": tally.elapsed,
                "throughput": tally.throughput,
                "p50_ms": tally.percentile(50) * 1000,
                "p99_ms": tally.percentile(99) * 1000,
                "statuses": {str(k): v for k, v in tally.statuses.items()},
                "server_errors": tally.server_errors,
                "transport_errors": len(tally.failures),
                "kinds": dict(tally.kinds),
                "samples": {str(k): v for k, v in tally.samples.items()},
            }
        )
    )


if __name__ == "__main__":
    _main()
