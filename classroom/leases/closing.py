"""The month close as a job: checked at once in the request, run by the queue's workers.

The request answers the cheap refusals itself (a malformed month 422, a month not over 409, no
programme year 404) so the operator sees them immediately; the close then runs as a job (it
prorates every lease of the programme and posts to the ledger, which grows with the number of
institutions). `billing.close_month` is idempotent (leases already invoiced are skipped, under
the programme-year lock), so a retried or duplicated job changes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from classroom.accounts.auth import principal_for
from classroom.accounts.models import User
from classroom.core.clock import Clock
from classroom.core.errors import Conflict, NotFound
from classroom.core.events import EventBus
from classroom.core.tenancy import Principal
from classroom.jobs import service as jobs
from classroom.jobs.models import Job
from classroom.leases import billing
from classroom.leases.programmes import find_programme
from classroom.leases.rules.months import month_label

KIND = "leases.close_month"


def request_close(
    session: Session, clock: Clock, events: EventBus, principal: Principal, month_text: str
) -> Job:
    month = billing.parse_month(month_text)
    if not billing.closable(clock, month):
        raise Conflict("billing.month_not_over", code="month_not_over", params={"month": month_label(month)})
    if find_programme(session, month.year) is None:
        raise NotFound("programme.not_found", code="programme_not_found", params={"year": month.year})
    return jobs.submit(session, clock, events, principal, KIND, {"month": month_label(month)})


def result_of(result: billing.CloseResult) -> dict[str, Any]:
    return {
        "month": month_label(result.month),
        "invoices_created": result.invoices_created,
        "already_closed": result.already_closed,
        "total": result.total,
        "subsidy": result.subsidy,
        "budget_remaining": result.budget_remaining,
    }


def run(ctx: Any) -> dict[str, Any]:
    """The job (`ctx`: a `jobs.runner.JobContext`), as the operator who asked for it."""
    with ctx.session() as session:
        requester = (
            session.get(User, ctx.requested_by) if ctx.requested_by else None
        )  # tenancy: the job's requester
        principal = principal_for(requester) if requester is not None else None
        result = billing.close_month(session, ctx.clock, principal, billing.parse_month(ctx.params["month"]))
        session.commit()
        return result_of(result)
