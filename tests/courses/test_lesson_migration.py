"""Migration 0006 renames course_sessions to lessons, keeping every row, on both databases."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from classroom.core.db import UTCDateTime
from classroom.core.migrate import alembic_config, upgrade
from tests.conftest import PG_URL_ENV
from tests.support.require import need

NOW = datetime(2026, 4, 6, tzinfo=UTC)


def _fresh_database(backend: str, tmp_path: Path) -> str:
    """An empty database of its own: the migrations run here from an earlier revision."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'lessons.db'}"
    base = os.environ.get(PG_URL_ENV)
    need(None if base else "PostgreSQL cluster did not start")
    assert base is not None
    name = f"lessons_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + f"/{name}"


def _kind(value: object) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    if isinstance(value, bool):
        return sa.Boolean()
    if isinstance(value, uuid.UUID):
        return sa.Uuid()
    if isinstance(value, datetime):
        return UTCDateTime(timezone=True)
    if isinstance(value, date):
        return sa.Date()
    return sa.Integer() if isinstance(value, int) else sa.String()


def _insert(conn: sa.Connection, table: str, **values: object) -> None:
    columns = (sa.column(name, _kind(value)) for name, value in values.items())
    conn.execute(sa.table(table, *columns).insert().values(**values))


def _seed(conn: sa.Connection) -> uuid.UUID:
    """One institution, course and lesson row written as revision 0005 left the schema."""
    institution, course, lesson = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    _insert(
        conn,
        "institutions",
        id=institution,
        code="hanbit",
        name="한빛",
        shared_networks="",
        is_active=True,
        created_at=NOW,
    )
    _insert(
        conn,
        "courses",
        id=course,
        institution_id=institution,
        title="과정",
        category="ict",
        description="",
        starts_on=NOW.date(),
        ends_on=NOW.date(),
        capacity=10,
        status="draft",
        pass_mark=60,
        created_at=NOW,
        updated_at=NOW,
    )
    _insert(
        conn,
        "course_sessions",
        id=lesson,
        institution_id=institution,
        course_id=course,
        mode="live",
        title="오리엔테이션",
        starts_at=NOW,
        ends_at=NOW.replace(hour=3),
        created_at=NOW,
        updated_at=NOW,
    )
    return lesson


def _names(engine: sa.Engine, table: str) -> set[str]:
    inspector = sa.inspect(engine)
    found = {i["name"] for i in inspector.get_indexes(table)}
    found |= {c["name"] for c in inspector.get_foreign_keys(table)}
    found |= {c["name"] for c in inspector.get_check_constraints(table)}
    found.add(inspector.get_pk_constraint(table)["name"])
    return {name for name in found if name}


def test_lessons_keep_their_rows_and_take_new_names(backend, tmp_path):
    from alembic import command

    engine = sa.create_engine(_fresh_database(backend, tmp_path))
    upgrade(engine, "0005")
    with engine.begin() as conn:
        lesson = _seed(conn)
    before = _names(engine, "course_sessions")
    upgrade(engine, "0006")
    tables = set(sa.inspect(engine).get_table_names())
    assert "lessons" in tables and "course_sessions" not in tables
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, mode, title FROM lessons")).all()
    assert [(uuid.UUID(str(r[0])), r[1], r[2]) for r in rows] == [(lesson, "live", "오리엔테이션")]
    after = _names(engine, "lessons")
    assert after == {name.replace("course_sessions", "lessons") for name in before}
    assert len(after) == 12 and not any("course_sessions" in name for name in after)
    with engine.begin() as conn:  # the check constraint still holds under its new name
        try:
            with conn.begin_nested():
                conn.execute(sa.text("UPDATE lessons SET ends_at = starts_at"))
            refused = False
        except sa.exc.IntegrityError:
            refused = True
    assert refused

    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
    assert _names(engine, "course_sessions") == before
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM course_sessions")).scalar_one() == 1
    engine.dispose()
