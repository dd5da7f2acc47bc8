"""content: items, versions, lesson links, tus uploads, viewing progress and heartbeats

Revision ID: content
Revises: attendance
Create Date: 2026-12-01 05:08:59.177811+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import classroom.core.db


revision: str = "content"
down_revision: str | Sequence[str] | None = "attendance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contents",
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("current_version_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", classroom.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", classroom.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", classroom.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.Uuid(), nullable=True),
        sa.Column("purged_at", classroom.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_contents_course_id_courses")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_contents_created_by_users")),
        sa.ForeignKeyConstraint(["deleted_by"], ["users.id"], name=op.f("fk_contents_deleted_by_users")),
        sa.ForeignKeyConstraint(
            ["institution_id"], ["institutions.id"], name=op.f("fk_contents_institution_id_institutions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contents")),
    )
    with op.batch_alter_table("contents", schema=None) as batch_op:
        batch_op.create_index("ix_contents_course_deleted", ["course_id", "deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_contents_institution_id"), ["institution_id"], unique=False)

    op.create_table(
        "uploads",
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("content_id", sa.Uuid(), nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("new_item", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("length", sa.BigInteger(), nullable=False),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("reserved_bytes", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=True),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("store_state", sa.JSON(), nullable=False),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.Column("created_at", classroom.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", classroom.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", classroom.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", classroom.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sha256_pending", sa.Boolean(), nullable=False),
        sa.Column("refusal", sa.String(length=100), nullable=True),
        sa.CheckConstraint("length >= 0", name=op.f("ck_uploads_length_not_negative")),
        sa.CheckConstraint(
            "received >= 0 AND received <= length", name=op.f("ck_uploads_received_within_length")
        ),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_uploads_course_id_courses")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_uploads_created_by_users")),
        sa.ForeignKeyConstraint(
            ["institution_id"], ["institutions.id"], name=op.f("fk_uploads_institution_id_institutions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
    )
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_uploads_created_by"), ["created_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_uploads_institution_id"), ["institution_id"], unique=False)
        batch_op.create_index("ix_uploads_status_expires", ["status", "expires_at"], unique=False)

    op.create_table(
        "content_versions",
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("content_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("poster_key", sa.String(length=300), nullable=True),
        sa.Column("probe_status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", classroom.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("purged_at", classroom.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_content_versions_size_not_negative")),
        sa.ForeignKeyConstraint(
            ["content_id"], ["contents.id"], name=op.f("fk_content_versions_content_id_contents")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_content_versions_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_content_versions_institution_id_institutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_versions")),
        sa.UniqueConstraint("content_id", "number", name=op.f("uq_content_versions_content_id_number")),
    )
    with op.batch_alter_table("content_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_content_versions_content_id"), ["content_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_content_versions_institution_id"), ["institution_id"], unique=False
        )

    op.create_table(
        "lesson_contents",
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("content_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"], ["contents.id"], name=op.f("fk_lesson_contents_content_id_contents")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_lesson_contents_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lessons.id"], name=op.f("fk_lesson_contents_lesson_id_lessons")
        ),
        sa.PrimaryKeyConstraint("lesson_id", "content_id", name=op.f("pk_lesson_contents")),
    )
    with op.batch_alter_table("lesson_contents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lesson_contents_content_id"), ["content_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_lesson_contents_institution_id"), ["institution_id"], unique=False
        )

    op.create_table(
        "viewing_progress",
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("trainee_id", sa.Uuid(), nullable=False),
        sa.Column("content_id", sa.Uuid(), nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("intervals", sa.JSON(), nullable=False),
        sa.Column("watched_ms", sa.Integer(), nullable=False),
        sa.Column("position_ms", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("last_heartbeat_at", classroom.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_playback", sa.String(length=64), nullable=True),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("threshold_at", classroom.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", classroom.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"], ["contents.id"], name=op.f("fk_viewing_progress_content_id_contents")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_viewing_progress_course_id_courses")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_viewing_progress_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["users.id"], name=op.f("fk_viewing_progress_trainee_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["content_versions.id"],
            name=op.f("fk_viewing_progress_version_id_content_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_viewing_progress")),
        sa.UniqueConstraint(
            "trainee_id", "version_id", name=op.f("uq_viewing_progress_trainee_id_version_id")
        ),
    )
    with op.batch_alter_table("viewing_progress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_viewing_progress_content_id"), ["content_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_viewing_progress_course_id"), ["course_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_viewing_progress_institution_id"), ["institution_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_viewing_progress_trainee_id"), ["trainee_id"], unique=False)

    op.create_table(
        "viewing_heartbeats",
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("progress_id", sa.Uuid(), nullable=False),
        sa.Column("trainee_id", sa.Uuid(), nullable=False),
        sa.Column("content_id", sa.Uuid(), nullable=False),
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("at", classroom.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("playback", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("position_ms", sa.Integer(), nullable=False),
        sa.Column("segment_start_ms", sa.Integer(), nullable=False),
        sa.Column("playing", sa.Boolean(), nullable=False),
        sa.Column("visible", sa.Boolean(), nullable=False),
        sa.Column("rate", sa.Float(), nullable=False),
        sa.Column("credited_ms", sa.Integer(), nullable=False),
        sa.Column("watched_ms", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("required_ms", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("device_id", sa.String(length=64), nullable=True),
        sa.Column("user_agent", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["content_id"], ["contents.id"], name=op.f("fk_viewing_heartbeats_content_id_contents")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_viewing_heartbeats_course_id_courses")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_viewing_heartbeats_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["progress_id"],
            ["viewing_progress.id"],
            name=op.f("fk_viewing_heartbeats_progress_id_viewing_progress"),
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["users.id"], name=op.f("fk_viewing_heartbeats_trainee_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["content_versions.id"],
            name=op.f("fk_viewing_heartbeats_version_id_content_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_viewing_heartbeats")),
    )
    with op.batch_alter_table("viewing_heartbeats", schema=None) as batch_op:
        batch_op.create_index("ix_viewing_heartbeats_institution_at", ["institution_id", "at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_viewing_heartbeats_institution_id"), ["institution_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_viewing_heartbeats_progress_id"), ["progress_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("viewing_heartbeats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_viewing_heartbeats_progress_id"))
        batch_op.drop_index(batch_op.f("ix_viewing_heartbeats_institution_id"))
        batch_op.drop_index("ix_viewing_heartbeats_institution_at")

    op.drop_table("viewing_heartbeats")
    with op.batch_alter_table("viewing_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_viewing_progress_trainee_id"))
        batch_op.drop_index(batch_op.f("ix_viewing_progress_institution_id"))
        batch_op.drop_index(batch_op.f("ix_viewing_progress_course_id"))
        batch_op.drop_index(batch_op.f("ix_viewing_progress_content_id"))

    op.drop_table("viewing_progress")
    with op.batch_alter_table("lesson_contents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lesson_contents_institution_id"))
        batch_op.drop_index(batch_op.f("ix_lesson_contents_content_id"))

    op.drop_table("lesson_contents")
    with op.batch_alter_table("content_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_content_versions_institution_id"))
        batch_op.drop_index(batch_op.f("ix_content_versions_content_id"))

    op.drop_table("content_versions")
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.drop_index("ix_uploads_status_expires")
        batch_op.drop_index(batch_op.f("ix_uploads_institution_id"))
        batch_op.drop_index(batch_op.f("ix_uploads_created_by"))

    op.drop_table("uploads")
    with op.batch_alter_table("contents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contents_institution_id"))
        batch_op.drop_index("ix_contents_course_deleted")

    op.drop_table("contents")
