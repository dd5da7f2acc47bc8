"""One declaration per package of everything it contributes to the running service.

The composition root (`classroom.registry`) imports each listed package's `package.py`, reads
its `PACKAGE`, and wires it: routers into the app, tables into the metadata (migrations,
tests), messages into the catalogue, usage reporters into the quota pages, demo steps into
`classroom demo`, periodic work into the server, commands into the CLI. Nothing registers
itself by being imported, so what a package adds can be read in one place and a package that
is not listed contributes nothing.

A package's pages are declared beside its templates, in `classroom/web/<name>/package.py`
(`classroom.web.pages.Pages`), because only the web layer may import the web framework's
templates and every package's services together.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from sqlmodel import Session, SQLModel

from classroom.core.permissions import Permission

if TYPE_CHECKING:
    import click
    from fastapi import FastAPI

# (session, institution id, day) → units used on that day; shown on the lease pages' quota bars.
UsageProvider = Callable[[Session, uuid.UUID, date], int]
QUOTA_KINDS = ("classrooms", "storage_bytes", "live_seats")

# (session, clock, passwords, demo result) → None; the result type belongs to the accounts demo.
DemoStep = Callable[[Session, Any, Any, Any], None]


@dataclass(frozen=True)
class Periodic:
    """Work repeated while the server runs: every `every_seconds`, each server process submits
    a job of kind `job` (declared in a package's `jobs`) unless one is already waiting or
    running, and the queue's workers run it — never the server's event loop or its request
    threads. The job must be idempotent: several processes may submit one each."""

    name: str
    every_seconds: Callable[[Any], int]  # settings → seconds; 0 turns it off
    job: str


@dataclass(frozen=True)
class JobSpec:
    """Long or heavy work a package runs on the job queue, never inside a request.

    `run(ctx)` receives a `classroom.jobs.runner.JobContext` (the job's parameters, its own
    database sessions, progress reporting) and returns a JSON-able result. A job may run more
    than once (a retry after a failure, a restart while it ran), so `run` must be idempotent:
    do the work in one transaction, or skip what an earlier attempt already stored."""

    kind: str
    run: Callable[[Any], dict[str, Any] | None]
    retries: int = 2
    retry_delay_seconds: int = 5


@dataclass(frozen=True)
class Package:
    name: str
    models: tuple[type[SQLModel], ...] = ()
    messages: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    permissions: frozenset[Permission] = frozenset()
    api_routers: tuple[APIRouter, ...] = ()
    ws_routers: tuple[APIRouter, ...] = ()
    usage: Mapping[str, UsageProvider] = field(default_factory=dict)
    demo: DemoStep | None = None
    periodic: tuple[Periodic, ...] = ()
    commands: tuple[click.Command, ...] = ()
    jobs: tuple[JobSpec, ...] = ()
    # Called once by create_app after everything is built: subscribe to domain events, etc.
    wire: Callable[[FastAPI], None] | None = None

    def __post_init__(self) -> None:
        unknown = set(self.usage) - set(QUOTA_KINDS)
        if unknown:
            raise ValueError(f"{self.name}: unknown quota kinds {sorted(unknown)}")
