"""Engine, unit of work and column types shared by every domain."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from fastapi import Depends
from sqlalchemy import DateTime, String, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel, create_engine
from starlette.requests import HTTPConnection

from classroom.core.events import discard_pending, flush_after_commit

# Stable constraint names keep Alembic's SQLite batch migrations and PostgreSQL in step.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in, aware UTC out, on SQLite (which drops the zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


E = TypeVar("E", bound=StrEnum)


class EnumText(TypeDecorator[E]):
    """A StrEnum column stored as its plain text value (VARCHAR, no database enum type), read
    back as the enum member, so models can type `status: CourseStatus` and migrations stay
    plain strings on both databases. An unknown stored value fails loudly on load."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int = 32) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Any) -> E | None:
        return None if value is None else self.enum(value)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook own the transaction start (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # SQLite cannot lock rows; taking the write lock at BEGIN serialises read-check-write
        # sequences (lease cap, budget) instead of failing them with "database is locked".
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        parsed = make_url(url)
        kwargs: dict[str, Any] = {"echo": echo}
        if parsed.get_backend_name() == "sqlite":
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        self.engine = create_engine(url, **kwargs)
        if parsed.get_backend_name() == "sqlite":
            _configure_sqlite(self.engine)
        self.sessionmaker: sessionmaker[Session] = sessionmaker(
            self.engine, class_=Session, expire_on_commit=False
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self.sessionmaker()

    @contextmanager
    def joined_to(self, connection: Connection) -> Iterator[None]:
        """Test hook: inside the block every session joins `connection`'s open transaction in a
        savepoint of its own (a session's commit releases its savepoint, a rollback undoes only
        it), so the test that owns the transaction can roll all of it back at the end."""
        production = self.sessionmaker
        self.sessionmaker = sessionmaker(
            connection, class_=Session, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        try:
            yield
        finally:
            self.sessionmaker = production

    def ping(self) -> bool:
        try:
            with self.session() as session:
                session.connection().execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def dispose(self) -> None:
        self.engine.dispose()


def get_db(request: HTTPConnection) -> Iterator[Session]:
    """One session per request: committed when the endpoint returns, rolled back on error.
    (A WebSocket's handshake is a request too: its gate and loaders read through this.)

    Nothing survives an error: bookkeeping that must outlive a refusal (a counted failed login)
    is written in its own short transaction by the service that keeps it."""
    db: Database = request.app.state.db
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


# "function" scope commits before the response is sent, so a 2xx always means stored.
DbSession = Annotated[Session, Depends(get_db, scope="function")]


def is_postgres(session: Session) -> bool:
    bind = session.get_bind()
    return bind.dialect.name == "postgresql"
