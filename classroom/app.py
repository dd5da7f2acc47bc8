"""Composition root: the only place that wires the packages together."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from classroom.accounts.auth import public_route
from classroom.core.clock import Clock, SystemClock
from classroom.core.csrf import csrf_cookie_middleware
from classroom.core.db import Database
from classroom.core.errors import install_handlers
from classroom.core.events import EventBus
from classroom.core.security import Passwords
from classroom.core.settings import Settings
from content.storage import build_store

log = logging.getLogger(__name__)

# Message catalogues and page registries load with their packages.
import classroom.accounts.messages  # noqa: F401  isort: skip
import classroom.web.messages  # noqa: F401  isort: skip


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        tick = None
        if settings.calendar_tick_seconds > 0:
            tick = asyncio.create_task(_calendar_tick(app, settings.calendar_tick_seconds))
        yield
        if tick is not None:
            tick.cancel()
        app.state.db.dispose()

    app = FastAPI(title="classroom", version="0.1.0", lifespan=lifespan,
                  description="Multi-tenant online classroom for blended smart-training courses")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # Built here rather than in the lifespan so tests and the CLI can use the same app object
    # without starting the ASGI lifespan first.
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    app.state.db = Database(settings.resolved_database_url)
    app.state.passwords = Passwords(time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib)
    app.state.store = build_store(settings)
    app.state.events = EventBus()

    from classroom.web.templating import STATIC_DIR, build_templates, render

    app.state.templates = build_templates()
    app.state.page_renderer = render
    install_handlers(app)
    app.middleware("http")(csrf_cookie_middleware)

    from classroom.accounts.routes import router as accounts_api
    from classroom.audit.routes import router as audit_api
    from classroom.courses.routes import feed_router as calendar_feed
    from classroom.courses.routes import router as courses_api
    from classroom.institutions.routes import router as institutions_api
    from classroom.leases.routes import router as leases_api
    from classroom.web.pages_account import router as account_pages
    from classroom.web.pages_admin import router as admin_pages
    from classroom.web.pages_audit import router as audit_pages
    from classroom.web.pages_auth import router as auth_pages
    from classroom.web.pages_billing import router as billing_pages
    from classroom.web.pages_courses import router as course_pages
    from classroom.web.pages_leases import router as lease_pages
    from classroom.web.pages_programme import router as programme_pages

    for router in (accounts_api, audit_api, institutions_api, leases_api, courses_api, calendar_feed,
                   auth_pages, account_pages, admin_pages, audit_pages, lease_pages, billing_pages, programme_pages,
                   course_pages):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    _report_quota_usage()

    @app.get("/healthz", tags=["health"], dependencies=[Depends(public_route)])
    def healthz(request: Request) -> JSONResponse:
        """Database and object storage reachability (public: used by load balancers)."""
        database = request.app.state.db.ping()
        storage = request.app.state.store.ping()
        healthy = database and storage
        return JSONResponse({"status": "ok" if healthy else "degraded", "database": database, "storage": storage},
                            status_code=200 if healthy else 503)

    return app


def advance_calendar(app: FastAPI) -> int:
    """Move courses along by date (published → running → finished); returns how many moved."""
    from classroom.courses.lifecycle import advance

    with app.state.db.session() as session:
        moved = advance(session, app.state.clock)
        session.commit()
    return len(moved)


async def _calendar_tick(app: FastAPI, every_seconds: int) -> None:
    # Each worker ticks; the job is idempotent and skips rows another worker holds.
    while True:
        try:
            await asyncio.to_thread(advance_calendar, app)
        except Exception:  # a failed tick must not stop the next one
            log.exception("calendar tick failed")
        await asyncio.sleep(every_seconds)


def _report_quota_usage() -> None:
    """The lease pages show quota usage; the packages that own each figure report it here."""
    from classroom.core.tenancy import tenant_system_principal
    from classroom.courses.service import live_courses_on
    from classroom.leases.quotas import register_usage

    register_usage("classrooms",
                   lambda session, institution_id, on: live_courses_on(session, tenant_system_principal(institution_id), on))


def load_models() -> None:
    """Import every table module so metadata is complete (migrations, tests)."""
    import classroom.accounts.models  # noqa: F401
    import classroom.core.audit  # noqa: F401
    import classroom.courses.models  # noqa: F401
    import classroom.institutions.models  # noqa: F401
    import classroom.leases.models  # noqa: F401
