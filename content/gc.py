"""Housekeeping: expired uploads are dropped and deleted items past their retention purged.

Run by every server process on its tick (`CLASSROOM_CONTENT_GC_TICK_SECONDS`) and by
`classroom content gc`. Idempotent: rows are changed under row locks (skipping rows another
process holds) and deleting an object that is already gone is no error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import click
from fastapi import FastAPI

from classroom.core.cli import app_of
from classroom.core.events import flush_after_commit
from classroom.core.tenancy import tenant_system_principal
from content import items, uploads

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Collected:
    expired_uploads: int
    purged_items: int
    freed_bytes: int


def collect(app: FastAPI) -> Collected:
    clock, store, events = app.state.clock, app.state.store, app.state.events
    settings = app.state.content_settings
    with app.state.db.session() as session:
        dropped = uploads.expire_stale(session, clock)
        session.commit()
    for key, state in dropped:
        try:
            if state:
                store.abort_multipart(key, state)
            store.delete(key)
        except Exception:  # the row is expired already; a later run retries nothing, log it
            log.exception("could not remove the bytes of expired upload %s", key)
    freed = purged = 0
    with app.state.db.session() as session:
        before = clock.now() - timedelta(days=settings.purge_after_days)
        for item in items.due_for_purge(session, before):
            freed += items.purge_rows(
                session, clock, events, item, tenant_system_principal(item.institution_id)
            )
            purged += 1
        session.commit()
        flush_after_commit(session)  # the purge events delete the objects
    return Collected(len(dropped), purged, freed)


GC_JOB = "content.gc"


def gc_job(ctx: Any) -> dict[str, Any]:
    """The queued form (`ctx`: a `jobs.runner.JobContext`): idempotent, skips locked rows."""
    done = collect(ctx.app)
    return {
        "expired_uploads": done.expired_uploads,
        "purged_items": done.purged_items,
        "freed_bytes": done.freed_bytes,
    }


@click.group("content")
def content_group() -> None:
    """Lesson content housekeeping."""


@content_group.command("gc")
@click.pass_context
def content_gc(ctx: click.Context) -> None:
    """Drop expired uploads and purge deleted items past their retention (safe from cron)."""
    app = app_of(ctx)
    done = collect(app)
    click.echo(
        f"expired uploads: {done.expired_uploads}, purged items: {done.purged_items}, "
        f"freed: {done.freed_bytes:,} bytes"
    )
    app.state.db.dispose()
