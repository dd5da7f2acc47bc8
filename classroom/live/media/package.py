"""Audio, video and screen sharing of live lessons through Janus (VideoRoom), with media
presence as attendance evidence. Without `CLASSROOM_JANUS_URL` nothing here runs and the
room says audio and video are unavailable."""

from __future__ import annotations

from fastapi import FastAPI

from classroom.core.package import Package, Periodic
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


def run_reconcile(app: FastAPI) -> dict[str, int]:
    runtime: MediaRuntime | None = getattr(app.state, "media", None)
    if runtime is None:
        return {}
    with app.state.db.session() as session:
        changed = reconcile(session, runtime, app.state.clock.now())
        session.commit()
    return changed


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
    periodic=(Periodic("media.reconcile", _every, run_reconcile),),
    wire=wire,
)

__all__ = ["PACKAGE"]
