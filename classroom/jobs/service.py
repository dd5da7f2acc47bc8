"""Submitting jobs and reading them back (only the person who asked may see a job)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from classroom.core.clock import Clock
from classroom.core.errors import NotFound
from classroom.core.events import DomainEvent, EventBus, flush_after_commit, publish_on_commit
from classroom.core.tenancy import Principal, parse_id, scoped
from classroom.jobs.models import Job, JobStatus

SUBMITTED = "jobs.submitted"


def submit(
    session: Session,
    clock: Clock,
    events: EventBus,
    principal: Principal | None,
    kind: str,
    params: dict[str, Any],
    *,
    institution_id: uuid.UUID | None = None,
    total: int = 0,
) -> Job:
    """Record the job; it is handed to the queue only after this transaction commits, so a
    worker never looks for a job that is not stored (and a rolled-back request queues nothing)."""
    job = Job(
        kind=kind,
        params=params,
        institution_id=institution_id
        if institution_id is not None
        else (principal.institution_id if principal else None),
        requested_by=principal.user_id if principal else None,
        total=total,
        created_at=clock.now(),
    )
    session.add(job)
    session.flush()
    publish_on_commit(session, events, DomainEvent(SUBMITTED, {"job_id": str(job.id)}))
    return job


def _mine(principal: Principal) -> SelectOfScalar[Job]:
    return scoped(select(Job), principal).where(Job.requested_by == principal.user_id)


def get_job(session: Session, principal: Principal, job_id: object) -> Job:
    """Someone else's job answers 404, like a missing one: results may carry secrets."""
    job = session.exec(_mine(principal).where(Job.id == parse_id(job_id))).first()
    if job is None:
        raise NotFound()
    return job


def my_jobs(session: Session, principal: Principal, *, kind: str | None = None, limit: int = 20) -> list[Job]:
    statement = _mine(principal)
    if kind is not None:
        statement = statement.where(Job.kind == kind)
    return list(session.exec(statement.order_by(Job.created_at.desc()).limit(limit)))  # type: ignore[attr-defined]


def submit_periodic(app: Any, kind: str) -> Job | None:
    """A system job of `kind` (no requester), unless one is already waiting or running: the
    periodic loop of every server process calls this, and a slow run must not pile up copies."""
    with app.state.db.session() as session:
        # tenancy: platform housekeeping looks at system jobs of every institution
        busy = session.exec(
            select(Job.id).where(
                Job.kind == kind,
                col(Job.requested_by).is_(None),
                col(Job.status).in_([JobStatus.QUEUED, JobStatus.RUNNING]),
            )
        ).first()
        if busy is not None:
            return None
        job = submit(session, app.state.clock, app.state.events, None, kind, {})
        session.commit()
        flush_after_commit(session)
        return job
