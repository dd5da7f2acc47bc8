"""The `classroom` target of bench/live_fanout.py: the real app, served by `classroom serve`.

A throwaway SQLite database gets one institution, a live lesson in progress and N enrolled
trainees with bearer tokens (through the test factories, i.e. the services); the server runs
with the production uvicorn set-up (frame writer, no per-message compression, pings). Each
receiver is a trainee admitted through the door (gate, enrolment, live seat, presence log);
senders are the lesson's instructor and trainees, sending chat that is validated, rate
limited (the limit is raised for the flat-out burst), stored and fanned out."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.live_fanout import Target

SENDERS = 4
TRAINEES = 999  # besides the one the room was made with: the course's capacity


def classroom_target() -> Target:
    from classroom.core.tenancy import Role
    from tests.factories.accounts import make_user
    from tests.factories.leases import make_programme
    from tests.live.support import SECRET, seed

    tmp = Path(tempfile.mkdtemp(prefix="live-bench-"))
    seeded = seed(tmp)
    tokens: list[str] = []
    state: dict[str, Any] = {}

    def prepare(n: int) -> None:
        if "room" not in state:
            with seeded.app.state.db.session() as session:
                for year in (2026, 2027):
                    make_programme(session, seeded.app, year, live_seats_per_classroom=5000)
            state["room"] = seeded.room(trainees=1, capacity=1000)
        room = state["room"]
        from classroom.courses.enrolment import enrol
        from classroom.courses.models import Course
        from tests.factories.accounts import principal_of

        admin = principal_of(seeded.world.a.users[Role.INSTITUTION_ADMIN])
        with seeded.app.state.db.session() as session:
            course = session.get(Course, room.course_id)
            wanted = n + SENDERS - len(tokens)
            # A course holds at most 1000 trainees (its capacity limit); beyond that the room
            # is filled with inspectors, who are admitted as invisible observers.
            trainees = max(0, min(wanted, TRAINEES - len(tokens)))
            new = [
                make_user(session, seeded.app, seeded.world.a.institution, Role.TRAINEE)
                for _ in range(trainees)
            ]
            new += [make_user(session, seeded.app, None, Role.INSPECTOR) for _ in range(wanted - trainees)]
            enrolled = [u.id for u in new if u.role is Role.TRAINEE]
            if enrolled:
                enrol(session, seeded.app.state.clock, admin, course, user_ids=enrolled)
                session.commit()
        tokens.extend(seeded.token(u) for u in new)
        state["teacher"] = seeded.token(room.instructor)

    def start(port: int, cpu: int | None) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "CLASSROOM_ENVIRONMENT": "test",
            "CLASSROOM_SECRET_KEY": SECRET,
            "CLASSROOM_DATABASE_URL": seeded.url,
            "CLASSROOM_DATA_DIR": str(seeded.data_dir),
            "CLASSROOM_JOBS_WORKERS": "0",
            "CLASSROOM_CALENDAR_TICK_SECONDS": "0",
            "CLASSROOM_LIVE_CHAT_LIMIT": "100000",
        }
        # `--probe`: the bench's memory probe is installed first (bench/memprobe.py).
        probe = "import bench.memprobe as m; m.install(); " if os.environ.get("CLASSROOM_BENCH_PROBE") else ""
        command = [
            sys.executable,
            "-c",
            f"{probe}from classroom.cli import main; main()",
            "serve",
            "--port",
            str(port),
        ]
        if cpu is not None:
            command = ["taskset", "-c", str(cpu), *command]
        log = open(tmp / "server.log", "ab")  # noqa: SIM115 - the server's, kept for refusals
        print(f"classroom server log: {tmp / 'server.log'}", flush=True)
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)

    def path() -> str:
        return f"/ws/lessons/{state['room'].lesson_id}"

    def client(i: int) -> tuple[str, dict[str, str]]:
        return path(), {"Authorization": f"Bearer {tokens[SENDERS + i]}"}

    def sender(i: int) -> tuple[str, dict[str, str]]:
        token = state["teacher"] if i == 0 else tokens[i]
        return path(), {"Authorization": f"Bearer {token}"}

    return Target(
        "classroom",
        start,
        client,
        sender,
        wrap="chat",
        senders=SENDERS,
        prepare=prepare,
        close=lambda: seeded.app.state.db.dispose(),
    )
