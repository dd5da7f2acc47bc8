"""Job progress for API clients and page scripts (`GET /api/v1/jobs/{id}`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from classroom.core.db import DbSession
from classroom.jobs import service
from classroom.jobs.auth import JobRef, Requester
from classroom.jobs.schemas import JobOut

router = APIRouter(prefix="/api/v1", tags=["jobs"])


@router.get("/jobs", response_model=list[JobOut])
def my_jobs(
    session: DbSession, principal: Requester, kind: Annotated[str | None, Query(max_length=64)] = None
) -> list[JobOut]:
    """Your recent jobs, newest first."""
    return [JobOut.model_validate(job) for job in service.my_jobs(session, principal, kind=kind)]


@router.get("/jobs/{job_id}", response_model=JobOut)
def get_job(principal: Requester, job: JobRef) -> JobOut:
    return JobOut.model_validate(job)
