"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from classroom.app import load_models
from classroom.core.migrate import alembic_config


def test_migrated_schema_matches_models(database_url):
    load_models()
    engine = create_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == [], f"models and migrations disagree: {differences}"


def test_single_head_and_linear_history():
    script = ScriptDirectory.from_config(alembic_config())
    heads = script.get_heads()
    assert len(heads) == 1, f"several migration heads: {heads} (rebase the newer one onto the other)"
    revisions = list(script.walk_revisions())
    merges = [r.revision for r in revisions if isinstance(r.down_revision, tuple | list)]
    assert not merges, f"merge revisions make the history branch: {merges}"
    chain, current = [], script.get_revision(heads[0])
    while current is not None:
        chain.append(current.revision)
        current = script.get_revision(current.down_revision) if current.down_revision else None
    assert sorted(chain) == sorted(r.revision for r in revisions), "revisions off the line to the head"


def test_programme_years_opened_before_0004_get_the_domain_policy(backend, tmp_path):
    """Rows that exist when 0004 runs get the DOMAIN.md policy from the server defaults."""
    import uuid
    from datetime import UTC, datetime

    import sqlalchemy as sa

    from classroom.core.migrate import upgrade
    from tests.conftest import _prepare_postgres, _prepare_sqlite

    url = _prepare_sqlite(tmp_path) if backend == "sqlite" else _prepare_postgres()
    engine = create_engine(url)
    upgrade(engine, "0003")
    now = datetime(2026, 1, 2, tzinfo=UTC)
    columns = {
        "id": sa.Uuid(),
        "year": sa.Integer(),
        "lease_cap": sa.Integer(),
        "rate_num": sa.Integer(),
        "rate_den": sa.Integer(),
        "budget": sa.BigInteger(),
        "monthly_fee": sa.BigInteger(),
        "storage_bytes_per_classroom": sa.BigInteger(),
        "live_seats_per_classroom": sa.Integer(),
        "subsidy_committed": sa.BigInteger(),
        "invoices_closed": sa.Integer(),
        "created_at": sa.DateTime(timezone=True),
        "updated_at": sa.DateTime(timezone=True),
    }
    table = sa.table("programme_years", *(sa.column(name, kind) for name, kind in columns.items()))
    with engine.begin() as conn:
        conn.execute(
            table.insert().values(
                id=uuid.uuid4(),
                year=2020,
                lease_cap=300,
                rate_num=1,
                rate_den=2,
                budget=5_200_000_000,
                monthly_fee=300_000,
                storage_bytes_per_classroom=1,
                live_seats_per_classroom=30,
                subsidy_committed=0,
                invoices_closed=0,
                created_at=now,
                updated_at=now,
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "SELECT min_total_hours, online_min_num, online_min_den, online_max_num, online_max_den, "
                "min_online_hours, max_daily_hours FROM programme_years WHERE year = 2020"
            )
        ).one()
        # The new checks hold: a daily maximum of 0 is refused by the database itself.
        try:
            conn.execute(sa.text("UPDATE programme_years SET max_daily_hours = 0"))
            refused = False
        except sa.exc.IntegrityError:
            refused = True
    engine.dispose()
    assert tuple(row) == (140, 1, 10, 1, 2, 20, 8)
    assert refused
