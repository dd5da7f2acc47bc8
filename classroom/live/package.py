"""Live lessons: the WebSocket room, its presence log and attendance checks."""

import uuid
from datetime import UTC, date, datetime

from sqlmodel import Session

from classroom.core.package import Package
from classroom.core.permissions import Permission as P
from classroom.live.demo import seed_live
from classroom.live.messages import MESSAGES
from classroom.live.models import MODELS
from classroom.live.presence import seats_in_institution
from classroom.live.routes import router, socket_router
from classroom.live.runtime import wire


def _seats(session: Session, institution_id: uuid.UUID, on: date) -> int:
    """Seats held now (seats are not booked ahead, so every day shows the present figure): open
    connections and lost ones the sweeper has not yet closed."""
    del on
    return seats_in_institution(session, institution_id, datetime.min.replace(tzinfo=UTC))


PACKAGE = Package(
    name="live",
    models=MODELS,
    messages=MESSAGES,
    permissions=frozenset({P.LIVE_ATTEND, P.LIVE_EVIDENCE}),
    api_routers=(router,),
    ws_routers=(socket_router,),
    usage={"live_seats": _seats},
    demo=seed_live,
    # The rooms' timers run in each worker's hub (hub._sweeper), not as queued periodic jobs.
    wire=wire,
)

__all__ = ["PACKAGE"]
