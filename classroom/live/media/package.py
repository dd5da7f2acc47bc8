"""Audio, video and screen sharing of live lessons through Janus (VideoRoom), with media
presence as attendance evidence. Without `CLASSROOM_JANUS_URL` nothing here runs and the
room says audio and video are unavailable."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from classroom.core.package import JobSpec, Package, Periodic
from classroom.core.permissions import Permission as P
from classroom.live import hooks
from classroom.live.media import grants
from classroom.live.media.demo import seed_media
from classroom.live.media.messages import MESSAGES
from classroom.live.media.models import MODELS
from classroom.live.media.rooms import reconcile
from classroom.live.media.routes import router
from classroom.live.media.runtime import MediaRuntime
from classroom.live.media.settings import MediaSettings


def wire(app: FastAPI) -> None:
    settings = MediaSettings()
    app.state.media = MediaRuntime(app, settings) if settings.configured else None
    if app.state.media is not None:
        hooks.on_admit(grants.on_admit)
        hooks.on_depart(grants.on_depart)


RECONCILE_JOB = "media.reconcile"


def run_reconcile(ctx: Any) -> dict[str, Any]:
    """The queued job (idempotent): make Janus agree with the database."""
    runtime: MediaRuntime | None = getattr(ctx.app.state, "media", None)
    if runtime is None:
        return {"skipped": "no Janus configured in this process"}
    with ctx.session() as session:
        changed = reconcile(session, runtime, ctx.clock.now())
        session.commit()
    return {"changed": changed}


def _every(settings: object) -> int:
    del settings
    media = MediaSettings()
    return media.reconcile_seconds if media.configured else 0


PACKAGE = Package(
    name="media",
    models=MODELS,
    messages=MESSAGES,
    permissions=frozenset({P.LIVE_MODERATE}),
    api_routers=(router,),
    demo=seed_media,
    periodic=(Periodic(RECONCILE_JOB, _every, RECONCILE_JOB),),
    jobs=(JobSpec(RECONCILE_JOB, run_reconcile, retries=0),),
    wire=wire,
)

__all__ = ["PACKAGE"]
