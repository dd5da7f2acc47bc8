"""Queued work of the quality package: closing attempts whose time ran out (their results and
signals follow), submitted by the server's periodic loop; idempotent (a closed attempt is not
closed again, locked rows are skipped)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from classroom.core.package import JobSpec, Periodic
from classroom.core.settings import Settings
from quality import attempts, employment, evidence_files

CLOSE_ATTEMPTS = "quality.close_attempts"
SWEEP_SECONDS = 300


def close_attempts(ctx: Any) -> dict[str, Any]:
    with ctx.session() as session:
        closed = attempts.sweep(session, ctx.clock)
        session.commit()
    return {"closed": closed}


def _every(settings: Settings) -> int:
    # Off where periodic work is off (`calendar_tick_seconds` = 0); pages show expired attempts
    # as closed anyway, the sweep stores it (results, signals) without waiting for a click.
    return min(settings.calendar_tick_seconds, SWEEP_SECONDS)


JOBS = (JobSpec(CLOSE_ATTEMPTS, close_attempts),)
PERIODIC = (Periodic(CLOSE_ATTEMPTS, _every, CLOSE_ATTEMPTS),)


def wire(app: FastAPI) -> None:
    """A replaced evidence file is deleted once the change that replaced it is committed; the
    demo finds the app's object store through its database engine."""
    evidence_files.register_store(app.state.db.engine, app.state.store)

    def delete_replaced(event: Any) -> None:
        evidence_files.delete_evidence(app.state.store, event.payload["key"])

    app.state.events.subscribe(employment.EVIDENCE_REPLACED, delete_replaced)
