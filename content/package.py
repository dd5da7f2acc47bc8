"""Content: lesson videos and documents — tus uploads, streaming, viewing progress."""

import uuid
from datetime import date

from sqlmodel import Session

from classroom.core.package import JobSpec, Package, Periodic
from classroom.core.permissions import Permission as P
from content import gc, items, processing
from content.demo import seed_content
from content.messages import MESSAGES
from content.models import (
    ContentItem,
    ContentVersion,
    LessonContent,
    Upload,
    ViewingHeartbeat,
    ViewingProgress,
)
from content.routes import router
from content.settings import ContentSettings
from content.tus import router as tus_router
from content.wiring import wire


def _storage_used(session: Session, institution_id: uuid.UUID, on: date) -> int:
    return items.stored_bytes(session, institution_id)


PACKAGE = Package(
    name="content",
    models=(ContentItem, ContentVersion, LessonContent, Upload, ViewingProgress, ViewingHeartbeat),
    messages=MESSAGES,
    permissions=frozenset({P.CONTENT_READ, P.CONTENT_WRITE, P.CONTENT_PROGRESS}),
    api_routers=(tus_router, router),
    usage={"storage_bytes": _storage_used},
    demo=seed_content,
    periodic=(
        # CLASSROOM_CONTENT_GC_TICK_SECONDS; 0 leaves it to `classroom content gc`.
        Periodic("content.gc", lambda settings: ContentSettings().gc_tick_seconds, gc.GC_JOB),
    ),
    commands=(gc.content_group,),
    jobs=(
        JobSpec(items.PROCESS_JOB, processing.run_job, retries=2, retry_delay_seconds=30),
        JobSpec(gc.GC_JOB, gc.gc_job),
    ),
    wire=wire,
)
