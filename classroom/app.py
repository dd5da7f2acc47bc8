"""Composition root: the only place that wires the packages together (see `classroom.registry`)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Literal

import anyio
from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from classroom.accounts.auth import public_route
from classroom.core.admission import Admission, Capacity
from classroom.core.clock import Clock, SystemClock
from classroom.core.csrf import CsrfCookieMiddleware
from classroom.core.db import Database
from classroom.core.errors import install_handlers
from classroom.core.events import EventBus
from classroom.core.front import FrontedApp
from classroom.core.headers import SecurityHeadersMiddleware
from classroom.core.openapi import document_errors
from classroom.core.package import Periodic
from classroom.core.security import Passwords
from classroom.core.settings import Settings
from classroom.core.text_input import refuse_control_characters
from classroom.core.unit_of_work import UnitOfWorkMiddleware
from classroom.jobs.queue import JobQueue
from classroom.jobs.runner import JobRunner
from classroom.jobs.service import SUBMITTED, submit_periodic
from classroom.registry import registry
from classroom.web.templating import STATIC_DIR, build_templates, render
from content.storage import build_store

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    packages = registry()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The worker thread pool is sized with admission and the connection pools (see
        # core.admission); the limiter belongs to the running loop, so it is set here.
        anyio.to_thread.current_default_thread_limiter().total_tokens = capacity.threads
        if settings.jobs_workers > 0:
            # Jobs accepted before a restart (or orphaned by a dead worker) are queued again,
            # then this process's consumer threads run them.
            await asyncio.to_thread(app.state.jobs.recover)
            app.state.queue.start(settings.jobs_workers)
        tasks = [
            asyncio.create_task(_repeat(app, job, seconds))
            for job in packages.periodic
            if (seconds := job.every_seconds(settings)) > 0
        ]
        yield
        for task in tasks:
            task.cancel()
        await asyncio.to_thread(app.state.queue.stop)
        app.state.db.dispose()

    app = FrontedApp(
        title="classroom",
        version="0.1.0",
        lifespan=lifespan,
        description="Multi-tenant online classroom for blended smart-training courses",
        # FastAPI's documentation pages load scripts from a CDN and run inline script, which the
        # content security policy (and the house rules) refuse; the schema is at /openapi.json.
        docs_url=None,
        redoc_url=None,
        telemetry=None if settings.opentelemetry else {"tracing": False, "metrics": False, "logs": False},
        # Before every route's own dependencies: text input with control characters is refused
        # in one place (core.text_input).
        dependencies=[Depends(refuse_control_characters)],
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # Built here rather than in the lifespan so tests and the CLI can use the same app object
    # without starting the ASGI lifespan first.
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    capacity = Capacity.plan(
        settings.max_concurrent_requests,
        # Connections used outside requests: job threads, the periodic loop, health checks.
        background=settings.jobs_workers + 2,
        queue_seconds=settings.request_queue_seconds,
        write_wait_seconds=settings.write_wait_seconds,
    )
    app.state.admission = Admission(capacity)
    app.state.db = Database(settings.resolved_database_url, capacity=capacity)
    app.state.passwords = Passwords(
        time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib
    )
    app.state.store = build_store(settings)
    app.state.events = EventBus()
    app.state.registry = packages
    app.state.navigation = packages.navigation
    app.state.usage = packages.usage
    app.state.queue = JobQueue(settings.jobs_url, settings.jobs_file)
    app.state.jobs = JobRunner(app, {spec.kind: spec for spec in packages.jobs}, app.state.queue)
    app.state.queue.bind(app.state.jobs.execute)
    app.state.events.subscribe(
        SUBMITTED, lambda event: app.state.queue.enqueue(uuid.UUID(event.payload["job_id"]))
    )
    app.state.templates = build_templates()
    app.state.page_renderer = render
    install_handlers(app)
    app.add_middleware(CsrfCookieMiddleware)
    app.add_middleware(UnitOfWorkMiddleware)

    # Declared before the packages' routers: load balancers poll it, and routes are matched in order.
    @app.get(
        "/healthz",
        tags=["health"],
        dependencies=[Depends(public_route)],
        response_model=Health,
        responses={
            503: {"model": Health, "description": "The database or the object storage is unreachable"}
        },
    )
    def healthz(request: Request) -> JSONResponse:
        """Database and object storage reachability (public: used by load balancers). Not queued
        behind requests (no admission): a busy server is still a healthy one."""
        database = request.app.state.db.ping()
        storage = request.app.state.store.ping()
        healthy = database and storage
        return JSONResponse(
            {"status": "ok" if healthy else "degraded", "database": database, "storage": storage},
            status_code=200 if healthy else 503,
        )

    for router in (*packages.api_routers, *packages.page_routers):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    document_errors(app, lambda dependant: _declares(dependant, public_route))

    for entry in packages:
        if entry.package.wire is not None:
            entry.package.wire(app)
    # Outermost of the middleware: every response the framework answers carries the security
    # headers (front layers — content's streaming fast path — send their own).
    app.add_middleware(SecurityHeadersMiddleware)
    return app


async def _repeat(app: FastAPI, periodic: Periodic, every_seconds: int) -> None:
    # Enqueue, never run here: the work belongs to the queue's workers (see core.package.Periodic).
    while True:
        try:
            await asyncio.to_thread(submit_periodic, app, periodic.job)
        except Exception:  # a failed submission must not stop the next one
            log.exception("periodic job %s could not be submitted", periodic.name)
        await asyncio.sleep(every_seconds)


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: bool
    storage: bool


def _declares(dependant: Dependant, marker: object) -> bool:
    stack = [dependant]
    while stack:
        current = stack.pop()
        if current.call is marker:
            return True
        stack.extend(current.dependencies)
    return False


def load_models() -> None:
    """Import every registered package's tables so the metadata is complete (migrations, tests)."""
    registry()
