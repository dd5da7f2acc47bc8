"""Evidence ingestion through the API: batches of 500 events posted to a real uvicorn server on a
loopback port (SQLite, the embedded default) for a sustained run, then the log is counted: every
event sent must be stored exactly once (a second send of the whole run must store nothing).
Target: ≥ 2,000 events/s. Baseline in the same run: the same number of events written straight
into the log by the storage function (no HTTP, no validation), as the I/O floor."""

from __future__ import annotations

import socket
import threading
import time
import uuid

import httpx
import uvicorn
from attendance_world import build, make_app, training_days
from sqlalchemy import func
from sqlmodel import select

from attendance.ingest import NewEvent, store
from attendance.models import AttendanceEvent
from attendance.rules.kinds import EventKind, Source
from classroom.accounts.models import AuthSession, SessionKind
from classroom.core.security import new_token, token_hash

BATCH, BATCHES = 500, 60  # 30,000 events


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    app = make_app()
    bench = build(app, courses=2)
    course, trainees = bench.courses[0], bench.trainees[0]
    token = new_token()
    with app.state.db.session() as session:
        now = app.state.clock.now()
        from datetime import timedelta

        session.add(
            AuthSession(
                token_hash=token_hash(token),
                user_id=bench.admin.user_id,
                kind=SessionKind.API,
                created_at=now,
                expires_at=now + timedelta(hours=2),
            )
        )  # type: ignore[attr-defined]
        session.commit()
    days = training_days()
    payloads = []
    for b in range(BATCHES):
        events = []
        for n in range(BATCH):
            k = b * BATCH + n
            day = days[k % len(days)]
            events.append(
                {
                    "course_id": str(course.id),
                    "trainee_id": str(trainees[k % len(trainees)]),
                    "kind": "check_in" if k % 2 == 0 else "check_out",
                    "at": f"{day.isoformat()}T{9 + (k // 1000) % 4:02d}:{(k // 17) % 60:02d}:{k % 60:02d}+09:00",
                    "device_id": f"kiosk-{k % 7}",
                    "idempotency_key": f"bench-{k}",
                }
            )
        payloads.append({"events": events})

    port = _port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=60) as client:
        client.post(
            "/api/v1/attendance/events", json={"events": payloads[0]["events"][:1]}
        ).raise_for_status()
        start = time.perf_counter()
        for body in payloads:
            response = client.post("/api/v1/attendance/events", json=body)
            response.raise_for_status()
        api_seconds = time.perf_counter() - start
        resent = sum(
            client.post("/api/v1/attendance/events", json=body).json()["accepted"] for body in payloads[:5]
        )
    server.should_exit = True
    thread.join(timeout=10)
    total = BATCH * BATCHES
    with app.state.db.session() as session:
        stored = session.exec(
            select(func.count()).select_from(AttendanceEvent).where(AttendanceEvent.course_id == course.id)
        ).one()
    # Baseline: the same volume straight into the log for the other course.
    other, others = bench.courses[1], bench.trainees[1]
    rows = [
        NewEvent(
            other.institution_id,
            other.id,
            others[k % len(others)],
            EventKind.CHECK_IN,
            Source.API,
            app.state.clock.now(),
            f"base-{uuid.uuid4()}",
            day=days[k % len(days)],
        )
        for k in range(total)
    ]
    start = time.perf_counter()
    with app.state.db.session() as session:
        for i in range(0, total, BATCH):
            store(session, app.state.clock.now(), rows[i : i + BATCH])
            session.commit()
    base_seconds = time.perf_counter() - start
    rate = total / api_seconds
    print(
        f"sent {total:,} events in {BATCHES} batches of {BATCH}: {api_seconds:.2f} s = {rate:,.0f} events/s (target ≥ 2,000)"
    )
    print(f"stored {stored:,} (lost {total - stored}, resent 2,500 stored again: {resent})")
    print(
        f"baseline (storage only, no HTTP): {base_seconds:.2f} s = {total / base_seconds:,.0f} events/s; API / baseline time ratio: {api_seconds / base_seconds:.2f}"
    )
    if stored != total or resent or rate < 2000:
        raise SystemExit("ingestion lost events, stored duplicates or is under 2,000 events/s")


if __name__ == "__main__":
    main()
