"""Run Alembic from code: `classroom migrate`, `make run` and the test set-up share this."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

INI = Path(__file__).resolve().parent.parent / "alembic.ini"


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(INI))
    config.set_main_option("script_location", str(INI.parent / "migrations"))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def pending(engine: Engine) -> bool:
    """True when the database is behind the newest migration (or was never migrated)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current != heads
