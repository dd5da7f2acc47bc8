"""Who may see a job: the signed-in user who asked for it (anyone else gets 404)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from classroom.accounts.auth import path_loader, require
from classroom.core.permissions import Permission
from classroom.core.tenancy import Principal
from classroom.jobs import service
from classroom.jobs.models import Job

Requester = Annotated[Principal, Depends(require(Permission.SELF))]
JobRef = Annotated[Job, Depends(path_loader(Job, "job_id", service.get_job))]
