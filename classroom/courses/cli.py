"""`classroom courses advance` and the job the server's periodic loop submits for the same work."""

from __future__ import annotations

from typing import Any

import click
from fastapi import FastAPI

from classroom.core.cli import app_of
from classroom.courses.lifecycle import advance

ADVANCE_JOB = "courses.advance"


def advance_calendar(app: FastAPI) -> int:
    """Move courses along by date (published → running → finished); returns how many moved."""
    with app.state.db.session() as session:
        moved = advance(session, app.state.clock)
        session.commit()
    return len(moved)


def advance_job(ctx: Any) -> dict[str, Any]:
    """The queued form (`ctx`: a `jobs.runner.JobContext`): idempotent, it skips locked rows."""
    return {"moved": advance_calendar(ctx.app)}


@click.group("courses")
def courses_group() -> None:
    """Course housekeeping."""


@courses_group.command("advance")
@click.pass_context
def courses_advance(ctx: click.Context) -> None:
    """Move courses along by date: published → running → finished (safe to run from cron)."""
    app = app_of(ctx)
    click.echo(f"courses moved: {advance_calendar(app)}")
    app.state.db.dispose()
