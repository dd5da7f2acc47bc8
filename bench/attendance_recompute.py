"""Recomputing a finished course's attendance: 30 trainees, 140 h over 35 days, 20 events per
trainee-day (21,000 events). Targets: one course < 1 s; 300 course recomputations < 60 s.

The 300 run as the job queue runs them in production: `WORKERS` worker processes (what
`classroom worker` processes on a shared queue are), each recomputing its share in its own
transactions against the same SQLite file: the records are computed in a read session
(outside SQLite's write lock) and stored in a short write transaction, as the job does.

Baseline measured in the same run: reading the course's events alone (the query recompute
starts with), so the ratio says how much the rules and the writes add to the I/O floor. The
300 recomputations run over 10 distinct courses in turn (building 300 × 21,000 events would
only measure the set-up), each in its own transaction, as the job does."""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor

from attendance_world import DAYS, TRAINEES, build, day_events, make_app, training_days

from attendance.ingest import store
from attendance.records import compute_course, evidence_by_day, recompute_course, store_course
from classroom.core.tenancy import tenant_system_principal

DISTINCT = 10
WORKERS = 2  # one per core of this machine


def _worker(job: tuple[str, list[str]]) -> int:
    """A worker process: its own engine, one transaction per course (as the job does)."""
    import uuid

    from attendance_world import NOW

    from classroom.core.db import Database
    from classroom.courses.models import Course

    url, ids = job
    db = Database(url)
    done = 0
    for course_id in ids:
        # As the job does: compute from a read snapshot, then a short write transaction.
        with db.session(write=False) as session:
            course = session.get(Course, uuid.UUID(course_id))
            computed = compute_course(session, course, NOW)
        with db.session() as session:
            course = session.get(Course, uuid.UUID(course_id))
            store_course(session, course, computed, NOW)
            session.commit()
        done += 1
    db.dispose()
    return done


def main() -> None:
    app = make_app()
    bench = build(app, courses=DISTINCT)
    clock = app.state.clock
    with app.state.db.session() as session:
        for course, trainees in zip(bench.courses, bench.trainees, strict=True):
            events = []
            for i, day in enumerate(training_days()):
                mode = "live" if i % 3 == 0 else "classroom"
                for t, trainee in enumerate(trainees):
                    events.extend(day_events(course, trainee, day, mode, seed=t * 7 + i))
            store(session, clock.now(), events, chunk=2000)
        session.commit()
    course = bench.courses[0]
    principal = tenant_system_principal(course.institution_id)

    def timed(fn) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    def read_only() -> None:
        with app.state.db.session() as session:
            evidence_by_day(session, principal, course)

    def one(target=course) -> None:  # type: ignore[no-untyped-def]
        with app.state.db.session() as session:
            written = recompute_course(session, target, clock.now())
            session.commit()
        assert written == TRAINEES * DAYS, written

    read_only()
    one()  # warm caches
    baseline = min(timed(read_only) for _ in range(3))
    single = min(timed(one) for _ in range(3))
    start = time.perf_counter()
    url = app.state.settings.resolved_database_url
    ids = [str(bench.courses[n % DISTINCT].id) for n in range(300)]
    with ProcessPoolExecutor(WORKERS) as pool:
        assert sum(pool.map(_worker, [(url, ids[w::WORKERS]) for w in range(WORKERS)])) == 300
    many = time.perf_counter() - start
    print(f"events per course: {TRAINEES * DAYS * 20:,}; day records per course: {TRAINEES * DAYS:,}")
    print(f"baseline (read the course's events): {baseline:.3f} s")
    print(f"recompute one course: {single:.3f} s  (target < 1 s)  ratio to baseline: {single / baseline:.2f}")
    print(
        f"recompute 300 courses in {WORKERS} worker processes: {many:.1f} s  (target < 60 s)  ratio to 300 × baseline: {many / (300 * baseline):.2f}"
    )
    if single >= 1 or many >= 60:
        raise SystemExit("attendance recompute is over its budget")


if __name__ == "__main__":
    main()
