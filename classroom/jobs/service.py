"""Submitting jobs and reading them back (only the person who asked may see a job)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from classroom.core.clock import Clock
from classroom.core.errors import NotFound
from classroom.core.events import DomainEvent, EventBus, publish_on_commit
from classroom.core.tenancy import Principal, parse_id, scoped
from classroom.jobs.models import Job

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
