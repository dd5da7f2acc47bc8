"""Engines, sessions, the request's unit of work and column types shared by every domain.

Reads and writes are different transactions (see `get_db`):
- a read (GET, HEAD, OPTIONS, a WebSocket handshake) begins a plain transaction that never takes
  SQLite's write lock (`BEGIN`, on connections opened with `PRAGMA query_only`) and runs
  `READ ONLY` on PostgreSQL; a read session that tries to write fails loudly (`ReadOnlyUnit`);
- a write begins with `BEGIN IMMEDIATE` on SQLite, after taking the per-process write gate
  (`classroom.core.gate`), so read-check-write sequences (lease cap, budget) stay serialised;
  PostgreSQL uses row locks (`SELECT … FOR UPDATE`) instead.
The request's unit of work (admission, one session, commit before the response) is in
`classroom.core.unit_of_work`; `get_db` and `DbSession` are re-exported here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import DateTime, String, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import ORMExecuteState, sessionmaker
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel, create_engine

from classroom.core.admission import Capacity, ServiceBusy
from classroom.core.gate import WriteGate

log = logging.getLogger(__name__)

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


GATE_KEY = "classroom.holds_write_gate"
_DATABASE_KEY = "classroom.database"
_READ_KEY = "classroom.read_only"
# An execution option of SQLite's per-statement read sessions: their begin hook opens nothing.
_PER_STATEMENT = "classroom_per_statement"


# A pooled PostgreSQL connection that sat unused this long is checked before it is handed out.
IDLE_PING_SECONDS = 5.0
_IDLE_SINCE = "classroom.idle_since"


def _ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection on checkout only when it has been idle for `idle_seconds`.

    SQLAlchemy's `pool_pre_ping` pays one round trip on *every* checkout — a fourth round trip
    on a one-query request, measured as the largest part of a short read's cost. Connections
    that break (a database restart, an idle timeout in a proxy) are the ones that sat unused: a
    busy pool hands out connections used a moment ago. A failed check raises
    `DisconnectionError`, on which the pool replaces the connection and tries again."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _taken(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_IDLE_SINCE)
        if since is None or time.monotonic() - since < idle_seconds:
            return  # a new connection, or one in use a moment ago
        dialect = engine.dialect
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as err:
            if dialect.is_disconnect(err, dbapi_connection, None):
                raise DisconnectionError("the idle connection is gone") from err
            raise


class ReadOnlyUnit(RuntimeError):
    """A read unit of work (a GET, a WebSocket handshake) tried to write: a bug in the route.
    A safe method must not change anything; a route that has to is declared with `writes`."""


def _configure_sqlite(engine: Engine, *, writer: bool, gate: WriteGate | None, wait: float) -> None:
    busy_ms = int(max(wait, 1) * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook own the transaction start (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Only other processes (another server worker, the CLI) make a writer wait here: within
        # this process the write gate queues them first.
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        if not writer:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    if not writer:

        @event.listens_for(engine, "begin")
        def _on_begin_read(conn: Connection) -> None:
            if conn.get_execution_options().get(_PER_STATEMENT):
                return  # the driver runs each statement in a transaction of its own
            # A deferred transaction: a consistent snapshot (WAL), never the write lock. Straight
            # to the driver: a hook on every request need not pay a statement's bookkeeping.
            conn.connection.driver_connection.execute("BEGIN")  # type: ignore[union-attr]

        return

    assert gate is not None

    @event.listens_for(engine, "begin")
    def _on_begin_write(conn: Connection) -> None:
        # SQLite cannot lock rows; taking the write lock at BEGIN serialises read-check-write
        # sequences (lease cap, budget) instead of failing them with "database is locked". The
        # gate first, so that writers of this process queue in order and with a bound.
        if not gate.acquire(wait):
            raise ServiceBusy(retry_after=min(wait, 5))
        info = conn.connection.info
        info[GATE_KEY] = True
        try:
            conn.connection.driver_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
        except BaseException:
            _give_back(info, gate)
            raise

    def _end(conn: Connection) -> None:
        _give_back(conn.connection.info, gate)

    event.listen(engine, "commit", _end)
    event.listen(engine, "rollback", _end)

    # A connection returned or dropped without a commit or rollback event still gives it back.
    @event.listens_for(engine.pool, "reset")
    def _on_reset(dbapi_connection: Any, record: Any, reset_state: Any) -> None:
        _give_back(record.info, gate)

    @event.listens_for(engine.pool, "close")
    def _on_close(dbapi_connection: Any, record: Any) -> None:
        _give_back(record.info, gate)


def _give_back(info: dict[Any, Any], gate: WriteGate) -> None:
    if info.pop(GATE_KEY, False):
        gate.release()


def _guard_reads(factory: sessionmaker[Session]) -> None:
    """Read sessions refuse to write, on every database and inside tests' shared connections
    (where the database-level guards — query_only, READ ONLY — do not apply)."""

    @event.listens_for(factory, "before_flush")
    def _no_flush(session: Session, *_: Any) -> None:
        if session.new or session.deleted or any(session.is_modified(obj) for obj in session.dirty):
            raise ReadOnlyUnit("a read-only unit of work (safe method) tried to store changes")

    @event.listens_for(factory, "do_orm_execute")
    def _no_dml(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            raise ReadOnlyUnit("a read-only unit of work (safe method) ran an INSERT, UPDATE or DELETE")


class Database:
    """The engines and session factories of one process.

    `session(write=True)` is a writing session (jobs, the CLI, tests' factories); request
    handlers get theirs from the unit of work, read or write by the request's method. Pools are
    sized from `Capacity` (see `classroom.core.admission`)."""

    def __init__(self, url: str, *, capacity: Capacity | None = None, echo: bool = False) -> None:
        self.url = url
        self.capacity = capacity or Capacity.plan(16, 4, 30, 15)
        parsed = make_url(url)
        self.gate: WriteGate | None = None
        connections = self.capacity.connections
        if parsed.get_backend_name() == "sqlite":
            sqlite_args: dict[str, Any] = {
                "echo": echo,
                "connect_args": {"check_same_thread": False, "timeout": self.capacity.write_wait_seconds},
                # SQLite connections are cheap; no request should ever wait for one.
                "pool_size": connections,
                "max_overflow": connections,
                "pool_timeout": self.capacity.queue_seconds,
            }
            self.gate = WriteGate()
            self.engine = create_engine(url, **sqlite_args)
            _configure_sqlite(self.engine, writer=True, gate=self.gate, wait=self.capacity.write_wait_seconds)
            reader = create_engine(url, **sqlite_args)
            _configure_sqlite(reader, writer=False, gate=None, wait=self.capacity.write_wait_seconds)
            self._reader: Engine = reader
            self._engines: tuple[Engine, ...] = (self.engine, reader)
        else:
            self.engine = create_engine(
                url,
                echo=echo,
                pool_size=connections,
                max_overflow=4,
                pool_timeout=self.capacity.queue_seconds,
            )
            _ping_when_idle(self.engine, IDLE_PING_SECONDS)
            # Same pool, but every transaction of a read session is BEGIN READ ONLY.
            self._reader = self.engine.execution_options(postgresql_readonly=True)
            self._engines = (self.engine,)
        self._writes = self._factory(self.engine)
        self._reads = self._factory(self._reader, read=True)
        _guard_reads(self._reads)
        if self.dialect == "sqlite":
            # The reader's begin hook opens no transaction for these (the driver's own
            # isolation_level is None: each statement commits by itself).
            statement_bind = self._reader.execution_options(**{_PER_STATEMENT: True})
        else:
            # Each statement its own snapshot, no BEGIN/COMMIT: one round trip instead of three
            # for a read that is one statement (see `session`). psycopg's autocommit is a client
            # setting, switched on checkout and back on return, without I/O.
            statement_bind = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._statement_reads = self._factory(statement_bind, read=True)
        _guard_reads(self._statement_reads)

    def _factory(
        self, bind: Engine | Connection, *, read: bool = False, **kwargs: Any
    ) -> sessionmaker[Session]:
        info = {_DATABASE_KEY: self, _READ_KEY: read}
        return sessionmaker(bind, class_=Session, expire_on_commit=False, info=info, **kwargs)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def sessionmaker(self) -> sessionmaker[Session]:
        return self._writes

    def session(self, *, write: bool = True, per_statement: bool = False) -> Session:
        """A writing session, or a reading one. `per_statement` (reads only): no transaction
        around the statements, each sees its own snapshot — for a unit of work that reads once
        (a route answering from its permission gate's look-up): on PostgreSQL it saves the
        BEGIN and the COMMIT, two of its three round trips; on SQLite, two statements' worth of
        work in the process. Still refuses to write (the session's guard and, on SQLite, the
        reader's query_only)."""
        if write:
            return self._writes()
        return self._statement_reads() if per_statement else self._reads()

    @contextmanager
    def joined_to(self, connection: Connection) -> Iterator[None]:
        """Test hook: inside the block every session joins `connection`'s open transaction in a
        savepoint of its own (a session's commit releases its savepoint, a rollback undoes only
        it), so the test that owns the transaction can roll all of it back at the end. Read
        sessions keep refusing to write."""
        production = self._writes, self._reads, self._statement_reads
        self._writes = self._factory(connection, join_transaction_mode="create_savepoint")
        self._reads = self._statement_reads = self._factory(
            connection, read=True, join_transaction_mode="create_savepoint"
        )
        _guard_reads(self._reads)
        try:
            yield
        finally:
            self._writes, self._reads, self._statement_reads = production

    def ping(self) -> bool:
        try:
            with self.session(write=False) as session:
                session.connection().execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def dispose(self) -> None:
        for engine in self._engines:
            engine.dispose()


@contextmanager
def side_write(session: Session) -> Iterator[Session]:
    """A session to store something from within a read unit of work — for the rare safe request
    that must write once (a secret created on first visit). From a read session: a short write
    session of its own, committed when the block ends (the read's snapshot does not see it).
    From a write session: that same session, committed with the rest of its unit of work."""
    if not session.info.get(_READ_KEY):
        yield session
        return
    database: Database = session.info[_DATABASE_KEY]
    with database.session() as own:
        yield own
        own.commit()


def reading_beside(session: Session) -> Session:
    """A short read-only session of `session`'s database, for a read that must end before slow
    work (a sign-in's look-up before the password is verified): on SQLite it never takes the
    write gate, so a flood of sign-ins queues no writer behind its look-ups."""
    database: Database | None = session.info.get(_DATABASE_KEY)
    if database is None:  # a session built outside `Database` (a script): its own bind
        return Session(session.get_bind(), expire_on_commit=False, join_transaction_mode="create_savepoint")
    return database.session(write=False)


def is_postgres(session: Session) -> bool:
    bind = session.get_bind()
    return bind.dialect.name == "postgresql"


# The request's unit of work lives in its own module; most code imports it from here.
from classroom.core.unit_of_work import DbSession, get_db, writes  # noqa: E402

__all__ = [
    "Database",
    "DbSession",
    "EnumText",
    "ReadOnlyUnit",
    "UTCDateTime",
    "get_db",
    "is_postgres",
    "reading_beside",
    "side_write",
    "writes",
]
