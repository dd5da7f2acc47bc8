"""Recomputing a finished course's attendance: 30 trainees, 140 h over 35 days, 20 events per
trainee-day (21,000 events). Targets: one course < 1 s; 300 course recomputations < 60 s.

Baseline measured in the same run: reading the course's events alone (the query recompute
starts with), so the ratio says how much the rules and the writes add to the I/O floor. The
300 recomputations run over 10 distinct courses in turn (building 300 × 21,000 events would
only measure the set-up), each in its own transaction, as the job does."""

from __future__ import annotations

import time

from attendance_world import DAYS, TRAINEES, build, day_events, make_app, training_days

from attendance.ingest import store
from attendance.records import evidence_by_day, recompute_course
from classroom.core.tenancy import tenant_system_principal

DISTINCT = 10


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
    for n in range(300):
        one(bench.courses[n % DISTINCT])
    many = time.perf_counter() - start
    print(f"events per course: {TRAINEES * DAYS * 20:,}; day records per course: {TRAINEES * DAYS:,}")
    print(f"baseline (read the course's events): {baseline:.3f} s")
    print(f"recompute one course: {single:.3f} s  (target < 1 s)  ratio to baseline: {single / baseline:.2f}")
    print(
        f"recompute 300 courses: {many:.1f} s  (target < 60 s)  ratio to 300 × baseline: {many / (300 * baseline):.2f}"
    )
    if single >= 1 or many >= 60:
        raise SystemExit("attendance recompute is over its budget")


if __name__ == "__main__":
    main()
