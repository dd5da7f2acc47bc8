"""Attendance work on the job queue: recomputing a course's day records from its events."""

from __future__ import annotations

import uuid
from typing import Any

from attendance.detection import detect_course
from attendance.records import compute_course, store_course
from attendance.sources import CATCH_UP_JOB, CATCH_UP_SECONDS, catch_up_job
from classroom.core.package import JobSpec, Periodic
from classroom.courses.models import Course


def run_recompute(ctx: Any) -> dict[str, Any]:
    """Idempotent: the records are computed from a snapshot in a read session, then stored in a
    short write transaction that recomputes under the lock if the inputs moved meanwhile."""
    course_id = uuid.UUID(ctx.params["course_id"])
    with ctx.session(write=False) as session:
        course = session.get(Course, course_id)  # tenancy: the job names its course
        if course is None:
            return {"days": 0}
        now = ctx.clock.now()
        computed = compute_course(session, course, now)
    with ctx.session() as session:
        course = session.get(Course, course_id)  # tenancy: the job names its course
        if course is None:
            return {"days": 0}
        written = store_course(session, course, computed, now)
        flagged = detect_course(session, ctx.clock, course)
        session.commit()
    return {"days": written, "new_signals": flagged}


JOBS = (
    JobSpec("attendance.recompute", run_recompute),
    JobSpec(CATCH_UP_JOB, catch_up_job),
)


PERIODIC = (Periodic("attendance.catch_up", lambda settings: CATCH_UP_SECONDS, CATCH_UP_JOB),)
