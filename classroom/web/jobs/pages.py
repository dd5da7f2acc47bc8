"""The job progress page: a bar that refreshes itself (no script) until the job is finished.

A package whose job has something to show when done adds `templates/jobs/result_<kind>.html`
(dots in the kind become underscores); it receives `job` (JobOut) in its context.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from classroom.core import i18n
from classroom.jobs.auth import JobRef, Requester
from classroom.jobs.schemas import JobOut
from classroom.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/jobs/{job_id}")
def job_page(request: Request, principal: Requester, job: JobRef) -> Response:
    out = JobOut.model_validate(job)
    kind_key = f"job.kind.{job.kind}"
    result_template = f"jobs/result_{job.kind.replace('.', '_')}.html"
    known = set(request.app.state.templates.env.list_templates())
    return render(
        request,
        "jobs/job.html",
        {
            "job": out,
            "kind_key": kind_key if i18n.has(kind_key) else "job.kind.unknown",
            "result_template": result_template if result_template in known else None,
            "refresh": not out.status.finished,
        },
    )
