"""lesson series: the lessons one recurring generator made, movable and deletable together;
and the lead instructor (책임강사) of a course

Revision ID: lesson_series
Revises: media
Create Date: 2026-12-01 23:26:07.483087+00:00

Series made before this revision exist only as a shared `lessons.series_id`: each gets its row
(course, mode and the earliest creation time of its lessons). Each course's lead becomes its
author when the author teaches it, else its instructor whose name sorts first.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import classroom.core.db

revision: str = "lesson_series"
down_revision: str | Sequence[str] | None = "media"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_LEAD = sa.text("is_lead")


WHEN = classroom.core.db.UTCDateTime(timezone=True)


def _backfill_series() -> None:
    bind = op.get_bind()
    query = sa.text(
        "SELECT series_id, institution_id, course_id, mode, created_at, updated_at"
        " FROM lessons WHERE series_id IS NOT NULL"
    ).columns(
        sa.column("series_id", sa.Uuid()),
        sa.column("institution_id", sa.Uuid()),
        sa.column("course_id", sa.Uuid()),
        sa.column("mode", sa.String()),
        sa.column("created_at", WHEN),
        sa.column("updated_at", WHEN),
    )
    found: dict[object, dict[str, object]] = {}
    for r in bind.execute(query):
        row = found.setdefault(
            r.series_id,
            {
                "id": r.series_id,
                "institution_id": r.institution_id,
                "course_id": r.course_id,
                "mode": r.mode,
                "created_at": r.created_at,
                "updated_at": r.updated_at,
            },
        )
        row["created_at"] = min(row["created_at"], r.created_at)  # type: ignore[type-var]
        row["updated_at"] = max(row["updated_at"], r.updated_at)  # type: ignore[type-var]
    if not found:
        return
    series = sa.table(
        "lesson_series",
        sa.column("id", sa.Uuid()),
        sa.column("institution_id", sa.Uuid()),
        sa.column("course_id", sa.Uuid()),
        sa.column("mode", sa.String()),
        sa.column("created_at", WHEN),
        sa.column("updated_at", WHEN),
    )
    op.bulk_insert(series, list(found.values()))


def _backfill_leads() -> None:
    bind = op.get_bind()
    query = sa.text(
        "SELECT ci.course_id AS course_id, ci.user_id AS user_id, c.created_by AS created_by, u.name AS name"
        " FROM course_instructors ci JOIN courses c ON c.id = ci.course_id JOIN users u ON u.id = ci.user_id"
    ).columns(
        sa.column("course_id", sa.Uuid()),
        sa.column("user_id", sa.Uuid()),
        sa.column("created_by", sa.Uuid()),
        sa.column("name", sa.String()),
    )
    chosen: dict[object, tuple[tuple[int, str], object]] = {}
    for r in bind.execute(query):
        rank = (0 if r.user_id == r.created_by else 1, r.name or "")
        if r.course_id not in chosen or rank < chosen[r.course_id][0]:
            chosen[r.course_id] = (rank, r.user_id)
    links = sa.table(
        "course_instructors",
        sa.column("course_id", sa.Uuid()),
        sa.column("user_id", sa.Uuid()),
        sa.column("is_lead", sa.Boolean()),
    )
    for course_id, (_rank, user_id) in chosen.items():
        bind.execute(
            links.update()
            .where(links.c.course_id == course_id, links.c.user_id == user_id)
            .values(is_lead=True)
        )


def upgrade() -> None:
    op.create_table(
        "lesson_series",
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", classroom.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", classroom.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_lesson_series_course_id_courses")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_lesson_series_created_by_users")),
        sa.ForeignKeyConstraint(
            ["institution_id"], ["institutions.id"], name=op.f("fk_lesson_series_institution_id_institutions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_series")),
    )
    op.create_index(op.f("ix_lesson_series_course_id"), "lesson_series", ["course_id"], unique=False)
    op.create_index(op.f("ix_lesson_series_institution_id"), "lesson_series", ["institution_id"], unique=False)
    _backfill_series()

    with op.batch_alter_table("course_instructors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_lead", sa.Boolean(), nullable=False, server_default=sa.false()))
    _backfill_leads()
    op.create_index(
        "uq_course_instructors_one_lead",
        "course_instructors",
        ["course_id"],
        unique=True,
        sqlite_where=ONE_LEAD,
        postgresql_where=ONE_LEAD,
    )


def downgrade() -> None:
    op.drop_index("uq_course_instructors_one_lead", table_name="course_instructors")
    with op.batch_alter_table("course_instructors", schema=None) as batch_op:
        batch_op.drop_column("is_lead")
    op.drop_index(op.f("ix_lesson_series_institution_id"), table_name="lesson_series")
    op.drop_index(op.f("ix_lesson_series_course_id"), table_name="lesson_series")
    op.drop_table("lesson_series")
