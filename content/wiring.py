"""What the content package adds to a built app (called by `create_app` through `PACKAGE.wire`):
its settings, the streaming fast path in front of the framework, the caches, and the
after-commit reactions that clean the object store.
"""

from __future__ import annotations

import logging
import uuid
import weakref
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session

from classroom.core.events import DomainEvent
from classroom.core.front import add_front
from content import items, uploads
from content.fastpath import GrantCache, StreamFastPath
from content.hashing import RunningHashes
from content.settings import ContentSettings
from content.storage import ObjectStore

log = logging.getLogger(__name__)

# The object store of each app's database engine, so a demo step (which is handed only a
# database session) stores its files where that app serves them from.
_stores: weakref.WeakKeyDictionary[Engine, ObjectStore] = weakref.WeakKeyDictionary()


def store_for(session: Session) -> ObjectStore:
    bind: Any = session.get_bind()
    engine = getattr(bind, "engine", bind)
    store = _stores.get(engine)
    if store is None:
        raise LookupError("no app was built for this database: create_app(...) first")
    return store


def wire(app: FastAPI) -> None:
    state = app.state
    if not hasattr(state, "content_settings"):
        state.content_settings = ContentSettings()
    state.grant_cache = GrantCache()
    state.running_hashes = RunningHashes()
    _stores[state.db.engine] = state.store
    add_front(app, StreamFastPath)
    store: ObjectStore = state.store

    def forget(event: DomainEvent) -> None:
        state.grant_cache.forget(uuid.UUID(event.payload["content_id"]))

    def purge(event: DomainEvent) -> None:
        for key in event.payload["keys"]:
            try:
                store.delete(key)
            except Exception:  # the rows say purged; a leftover object is only wasted space
                log.exception("could not delete purged object %s", key)

    def dropped(event: DomainEvent) -> None:
        key, upload_state = event.payload["key"], event.payload["state"]
        try:
            if upload_state:
                store.abort_multipart(key, upload_state)
            store.delete(key)
        except Exception:
            log.exception("could not remove the bytes of dropped upload %s", key)

    state.events.subscribe(items.CHANGED, forget)
    state.events.subscribe(items.PURGED, purge)
    state.events.subscribe(uploads.DROPPED, dropped)
