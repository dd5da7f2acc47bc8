"""Real servers for the live-room tests: a SQLite file seeded here, `classroom serve` (uvicorn
with the room's frame writer) in subprocesses on free loopback ports, and `websockets` clients.

The seeding app in the test process opens the same database file, so a test can read the
presence log and build a fresh snapshot with the room's own services while servers run."""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection, connect

from classroom.accounts.models import User
from classroom.app import create_app
from classroom.core.clock import SEOUL, FrozenClock
from classroom.core.migrate import upgrade
from classroom.core.settings import Settings
from classroom.core.tenancy import Role
from classroom.live.settings import LiveSettings
from tests.factories.accounts import World, build_world, make_user, principal_of, token_for
from tests.factories.courses import make_course, make_valid_plan

SECRET = "live-test-secret-0123456789"
FAST = {
    "CLASSROOM_LIVE_GRACE_SECONDS": "3",
    "CLASSROOM_LIVE_SWEEP_SECONDS": "1",
    "CLASSROOM_LIVE_HEARTBEAT_SECONDS": "1",
    "CLASSROOM_LIVE_STALE_SECONDS": "4",
    "CLASSROOM_LIVE_CHECK_SECONDS": "2",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def within_one_day(now: datetime, starts: datetime, length: timedelta) -> tuple[datetime, datetime]:
    """The lesson window clipped to one Seoul day (lessons may not cross midnight), so the tests
    pass at any hour: a lesson meant to be running keeps `now` inside it, others keep their start."""
    ends = starts + length
    anchor = now if starts <= now < ends else starts
    midnight = datetime.combine(anchor.astimezone(SEOUL).date(), datetime.min.time(), tzinfo=SEOUL)
    return max(starts, midnight), min(ends, midnight + timedelta(days=1))


@dataclass
class Room:
    course_id: uuid.UUID
    lesson_id: uuid.UUID
    instructor: User
    trainees: list[User]


@dataclass
class Seeded:
    """The database and the people in it (tenant "a" of the walker's world)."""

    app: FastAPI
    url: str
    data_dir: Path
    world: World
    tokens: dict[uuid.UUID, str] = field(default_factory=dict)

    def token(self, user: User) -> str:
        if user.id not in self.tokens:
            with self.app.state.db.session() as session:
                self.tokens[user.id] = token_for(session, self.app, user)
        return self.tokens[user.id]

    def room(
        self,
        trainees: int = 2,
        *,
        capacity: int = 20,
        starts_in: timedelta = timedelta(minutes=-5),
        length: timedelta = timedelta(hours=2),
    ) -> Room:
        """A published course of its own with `trainees` enrolled and one live lesson."""
        from classroom.courses.enrolment import enrol
        from classroom.courses.lessons import add_lesson
        from classroom.courses.schemas import LessonCreate
        from classroom.courses.service import publish_course

        clock: FrozenClock = self.app.state.clock
        now = datetime.now(SEOUL)
        clock.set(now)
        tenant = self.world.a
        admin = tenant.users[Role.INSTITUTION_ADMIN]
        with self.app.state.db.session() as session:
            instructor = make_user(session, self.app, tenant.institution, Role.INSTRUCTOR)
            people = [make_user(session, self.app, tenant.institution, Role.TRAINEE) for _ in range(trainees)]
            course = make_course(
                session,
                self.app,
                admin,
                capacity=capacity,
                instructors=[instructor],
                starts_on=date(2026, 4, 1),  # the factory's plan is on April–May 2026
                ends_on=max(date(2027, 3, 31), now.date() + timedelta(days=30)),
            )
            clock.set(now)
            make_valid_plan(session, self.app, admin, course, room=f"실습실 {course.id.hex[:8]}")
            starts, ends = within_one_day(now, (now + starts_in).replace(second=0, microsecond=0), length)
            lesson = add_lesson(
                session,
                clock,
                principal_of(admin),
                course,
                LessonCreate(
                    mode="live",
                    starts_at=starts,
                    ends_at=ends,
                    instructor_id=instructor.id,
                    title="실시간 강의",
                ),
            )
            publish_course(session, clock, principal_of(admin), course)
            enrol(session, clock, principal_of(admin), course, user_ids=[p.id for p in people])
            session.commit()
            return Room(course.id, lesson.id, instructor, people)

    def services(self) -> Any:
        from classroom.live.service import Services

        return Services(
            self.app.state.db,
            self.app.state.clock,
            self.app.state.events,
            LiveSettings(**{k.removeprefix("CLASSROOM_LIVE_").lower(): int(v) for k, v in FAST.items()}),
            "tests",
        )

    def presence(self, lesson_id: uuid.UUID) -> list[dict[str, Any]]:
        from classroom.courses.models import Lesson
        from classroom.live.evidence import lesson_presence

        with self.app.state.db.session() as session:
            lesson = session.get(Lesson, lesson_id)
            admin = principal_of(self.world.a.users[Role.INSTITUTION_ADMIN])
            return lesson_presence(session, admin, lesson)

    def fresh(self, user: User, lesson_id: uuid.UUID) -> dict[str, Any]:
        self.app.state.clock.set(datetime.now(SEOUL))
        return self.services().snapshot(principal_of(user), lesson_id)


def seed(tmp: Path) -> Seeded:
    data_dir = tmp / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{tmp / 'live.db'}"
    settings = Settings(
        environment="test",
        database_url=url,
        data_dir=data_dir,
        secret_key=SECRET,
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )
    app = create_app(settings, clock=FrozenClock(datetime.now(SEOUL)))
    upgrade(app.state.db.engine)
    with app.state.db.session() as session:
        world = build_world(session, app)
    return Seeded(app, url, data_dir, world)


class Server:
    """`classroom serve` in a subprocess (uvicorn, the room's frame writer, pings)."""

    def __init__(self, seeded: Seeded, *, backplane: str = "memory://", env: dict[str, str] | None = None):
        self.seeded, self.backplane = seeded, backplane
        self.env = {**FAST, **(env or {})}
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = seeded.data_dir / f"server-{self.port}.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ws(self, lesson_id: uuid.UUID, **query: object) -> str:
        params = "&".join(f"{k}={v}" for k, v in query.items() if v is not None)
        return f"ws://127.0.0.1:{self.port}/ws/lessons/{lesson_id}" + (f"?{params}" if params else "")

    def start(self) -> Server:
        env = {
            **os.environ,
            "CLASSROOM_ENVIRONMENT": "test",
            "CLASSROOM_SECRET_KEY": SECRET,
            "CLASSROOM_DATABASE_URL": self.seeded.url,
            "CLASSROOM_DATA_DIR": str(self.seeded.data_dir),
            "CLASSROOM_BACKPLANE_URL": self.backplane,
            "CLASSROOM_BASE_URL": self.base,
            "CLASSROOM_JOBS_WORKERS": "0",
            "CLASSROOM_CALENDAR_TICK_SECONDS": "0",
            **self.env,
        }
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from classroom.cli import main; main()",
                    "serve",
                    "--port",
                    str(self.port),
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        atexit.register(self.stop)  # an interrupted run must not leave servers behind
        # a loaded machine answers the first /healthz (database and storage probes) slowly
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=5).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self, *, kill: bool = False) -> None:
        atexit.unregister(self.stop)
        if self.proc is None:
            return
        if kill:
            self.proc.kill()
        else:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


class Client:
    """A `websockets` client in the room: the messages it received, in order."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.received: list[dict[str, Any]] = []
        self.refs = 0

    @classmethod
    async def open(cls, url: str, token: str, **kwargs: Any) -> Client:
        socket = await connect(url, additional_headers={"Authorization": f"Bearer {token}"}, **kwargs)
        client = cls(socket)
        await client.until(lambda m: m["type"] in ("snapshot",) or (m["type"] == "welcome" and m["resumed"]))
        return client

    async def next(self, timeout: float = 10) -> dict[str, Any]:
        message = json.loads(await asyncio.wait_for(self.socket.recv(), timeout))
        self.received.append(message)
        return message

    async def until(self, test: Any, timeout: float = 10) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for message in self.received:
            if test(message):
                return message
        while True:
            message = await self.next(max(0.01, deadline - time.monotonic()))
            if test(message):
                return message

    async def send(self, type_: str, **fields: Any) -> dict[str, Any]:
        """Send a command and wait for its reply (ok or error)."""
        self.refs += 1
        ref = f"r{self.refs}"
        await self.socket.send(json.dumps({"type": type_, "ref": ref, **fields}, default=str))
        return await self.until(lambda m: m.get("ref") == ref and m["type"] in ("ok", "error"))

    def events(self, kind: str | None = None) -> list[dict[str, Any]]:
        return [m for m in self.received if m["type"] == "event" and (kind is None or m["kind"] == kind)]

    @property
    def welcome(self) -> dict[str, Any]:
        return next(m for m in self.received if m["type"] == "welcome")

    @property
    def snapshot(self) -> dict[str, Any]:
        return next(m for m in self.received if m["type"] == "snapshot")

    async def close(self) -> None:
        await self.socket.close()
