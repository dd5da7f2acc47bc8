"""A course's records are computed from a read snapshot and stored in a short write transaction
(the recompute job); evidence that arrives in between must not be overwritten by the stale
result — the store notices the inputs moved and computes again under the lock."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from attendance import records
from attendance.ingest import NewEvent, store
from attendance.models import AttendanceDay
from attendance.rules.kinds import EventKind, Source
from classroom.core.clock import seoul_date
from tests.factories.attendance import attend, lesson_days


def _statuses(session, course):  # type: ignore[no-untyped-def]
    rows = session.exec(select(AttendanceDay).where(AttendanceDay.course_id == course.id))  # tenancy: test
    return {(d.trainee_id, d.day): d.status for d in rows}


def _late_arrival(course, trainee, lesson):  # type: ignore[no-untyped-def]
    day = seoul_date(lesson.starts_at)
    return [
        NewEvent(
            course.institution_id,
            course.id,
            trainee.id,
            kind,
            Source.QR,
            at,
            key,
            lesson_id=lesson.id,
            day=day,
        )
        for kind, at, key in (
            (EventKind.CHECK_IN, lesson.starts_at - timedelta(minutes=5), f"t:in:{lesson.id}"),
            (EventKind.CHECK_OUT, lesson.ends_at, f"t:out:{lesson.id}"),
        )
    ]


def test_evidence_stored_between_compute_and_store_is_not_lost(app, session, klass):
    clock = app.state.clock
    held = sorted(lesson_days(session, klass.course, clock.now() + timedelta(days=400)).items())
    first_day, lessons = next((d, ls) for d, ls in held if all(ls_.mode == "classroom" for ls_ in ls))
    clock.set(lessons[-1].ends_at + timedelta(hours=1))
    present, absent = klass.trainees
    attend(session, app, klass.course, klass.admin, [present])

    snapshot = records.compute_course(session, klass.course, clock.now())
    # Evidence arrives after the snapshot was taken (another request, committed meanwhile).
    store(
        session, clock.now(), [e for lesson in lessons for e in _late_arrival(klass.course, absent, lesson)]
    )
    written = records.store_course(session, klass.course, snapshot, clock.now())

    statuses = _statuses(session, klass.course)
    assert written == len(statuses) == 2 * len({d for d, _ in held if d <= first_day})
    assert statuses[(absent.id, first_day)] != "absent"  # the late evidence counted
    assert statuses[(present.id, first_day)] == "present"


def test_an_unchanged_snapshot_is_stored_as_computed(app, session, klass):
    clock = app.state.clock
    held = sorted(lesson_days(session, klass.course, clock.now() + timedelta(days=400)))
    clock.set(
        clock.now().replace(year=held[2].year, month=held[2].month, day=held[2].day) + timedelta(days=1)
    )
    attend(session, app, klass.course, klass.admin, klass.trainees[:1])
    snapshot = records.compute_course(session, klass.course, clock.now())
    assert records.store_course(session, klass.course, snapshot, clock.now()) == len(snapshot.rows) > 0
    stored = _statuses(session, klass.course)
    assert {(r["trainee_id"], r["day"]): r["status"] for r in snapshot.rows} == stored
