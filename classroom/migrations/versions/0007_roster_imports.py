"""accounts: roster imports (staged, queued, imported by a job; secrets sealed) and the
login-failure address index (throttling per client address)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 03:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "roster_imports",
        sa.Column("institution_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("supplied_passwords", sa.Integer(), nullable=False),
        sa.Column("rows", sa.LargeBinary(), nullable=True),
        sa.Column("passwords", sa.LargeBinary(), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("generated", sa.Integer(), nullable=False),
        sa.Column("error_key", sa.String(length=64), nullable=True),
        sa.Column("error_params", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("passwords_taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["institution_id"], ["institutions.id"], name="fk_roster_imports_institution_id_institutions"
        ),
        sa.ForeignKeyConstraint(["requested_by"], ["users.id"], name="fk_roster_imports_requested_by_users"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name="fk_roster_imports_job_id_jobs"),
        sa.PrimaryKeyConstraint("id", name="pk_roster_imports"),
    )
    for column in ("institution_id", "requested_by", "expires_at"):
        op.create_index(f"ix_roster_imports_{column}", "roster_imports", [column])
    op.create_index("ix_login_failures_ip", "login_failures", ["ip"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_ip", table_name="login_failures")
    for column in ("institution_id", "requested_by", "expires_at"):
        op.drop_index(f"ix_roster_imports_{column}", table_name="roster_imports")
    op.drop_table("roster_imports")
