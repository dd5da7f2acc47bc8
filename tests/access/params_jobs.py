"""Path-parameter factory for the jobs routes: a job only its requester may see.

Registered as personal: the walker asks for a job of each signed-in user it tries, and one of
the same role in the other institution for the 404 check (the row rule itself, every other
user answering 404, is tested in tests/jobs).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlmodel import Session

from classroom.accounts.models import User
from classroom.jobs import service
from tests.access.params import register_personal
from tests.factories.accounts import World, principal_of


def _job(session: Session, app: FastAPI, world: World, tenant: str, user: User) -> Any:
    job = service.submit(session, app.state.clock, app.state.events, principal_of(user), "walker.noop", {})
    session.commit()
    return job.id


register_personal("job_id", _job)
