"""A unit of work outside a request (socket messages, the sweeper): commit, then deliver the
domain events raised inside it; roll back and drop them on error (see `core.db.get_db`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from classroom.core.db import Database
from classroom.core.events import discard_pending, flush_after_commit


@contextmanager
def unit_of_work(db: Database) -> Iterator[Session]:
    session = db.session()
    try:
        yield session
    except BaseException:
        session.rollback()
        discard_pending(session)
        raise
    else:
        session.commit()
        flush_after_commit(session)
    finally:
        session.close()
