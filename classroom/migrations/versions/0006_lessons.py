"""course_sessions becomes lessons (차시): the table, its indexes and its constraints are renamed

"Session" keeps two meanings only (database session, login session) before live lessons
arrive. Rows are kept as they are.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 09:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import classroom.core.db

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD, NEW = "course_sessions", "lessons"

# Suffixes after "ix_<table>_": the named composite indexes and the per-column ones.
INDEXES = {
    "course_time": ["course_id", "starts_at"],
    "institution_id": ["institution_id"],
    "institution_room_time": ["institution_id", "room_key", "starts_at"],
    "instructor_time": ["instructor_id", "starts_at"],
    "series_id": ["series_id"],
    "supervisor_id": ["supervisor_id"],
}
# Suffixes after "fk_<table>_": column and referred table.
FOREIGN_KEYS = {
    "course_id_courses": ("course_id", "courses.id"),
    "institution_id_institutions": ("institution_id", "institutions.id"),
    "instructor_id_users": ("instructor_id", "users.id"),
    "supervisor_id_users": ("supervisor_id", "users.id"),
}
CHECK = ("positive_length", "ends_at > starts_at")


def _constraint_names(table: str) -> list[str]:
    return [f"pk_{table}", f"ck_{table}_{CHECK[0]}", *(f"fk_{table}_{suffix}" for suffix in FOREIGN_KEYS)]


def _shape(table: str) -> sa.Table:
    """The table as 0002 created it, with every name derived from `table` (SQLite copies it)."""
    when = classroom.core.db.UTCDateTime(timezone=True)
    return sa.Table(
        table,
        sa.MetaData(),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", when, nullable=False),
        sa.Column("ends_at", when, nullable=False),
        sa.Column("instructor_id", sa.Uuid(), nullable=True),
        sa.Column("room", sa.String(length=100), nullable=True),
        sa.Column("room_key", sa.String(length=100), nullable=True),
        sa.Column("join_url", sa.String(length=500), nullable=True),
        sa.Column("content_id", sa.Uuid(), nullable=True),
        sa.Column("host_company", sa.String(length=200), nullable=True),
        sa.Column("supervisor_id", sa.Uuid(), nullable=True),
        sa.Column("series_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", when, nullable=False),
        sa.Column("updated_at", when, nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        sa.CheckConstraint(CHECK[1], name=f"ck_{table}_{CHECK[0]}"),
        *(
            sa.ForeignKeyConstraint([column], [target], name=f"fk_{table}_{suffix}")
            for suffix, (column, target) in FOREIGN_KEYS.items()
        ),
        *(sa.Index(f"ix_{table}_{suffix}", *columns) for suffix, columns in INDEXES.items()),
    )


def _rename(old: str, new: str) -> None:
    op.rename_table(old, new)
    if op.get_bind().dialect.name == "postgresql":
        for suffix in INDEXES:
            op.execute(f"ALTER INDEX ix_{old}_{suffix} RENAME TO ix_{new}_{suffix}")
        for before, after in zip(_constraint_names(old), _constraint_names(new), strict=True):
            op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT {before} TO {after}")
        return
    # SQLite cannot rename an index or a constraint: copy the rows into a table built with the
    # new names (batch mode), which also re-creates the indexes under their new names.
    with op.batch_alter_table(new, copy_from=_shape(new), recreate="always"):
        pass


def upgrade() -> None:
    _rename(OLD, NEW)


def downgrade() -> None:
    _rename(NEW, OLD)
