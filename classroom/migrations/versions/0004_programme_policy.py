"""programme years carry the smart-training policy (hours, online share, daily maximum)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 02:55:00+00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Server defaults so years opened before this revision get the DOMAIN.md figures.
COLUMNS = (
    ('min_total_hours', '140'),
    ('online_min_num', '1'),
    ('online_min_den', '10'),
    ('online_max_num', '1'),
    ('online_max_den', '2'),
    ('min_online_hours', '20'),
    ('max_daily_hours', '8'),
)

CHECKS = (
    ('policy_hours', 'min_total_hours >= 0 AND min_online_hours >= 0'),
    ('policy_daily', 'max_daily_hours > 0 AND max_daily_hours <= 24'),
    ('policy_shares', 'online_min_num >= 0 AND online_min_den > 0 AND online_min_num <= online_min_den '
                      'AND online_max_num >= 0 AND online_max_den > 0 AND online_max_num <= online_max_den '
                      'AND online_min_num * online_max_den <= online_max_num * online_min_den'),
)


def upgrade() -> None:
    with op.batch_alter_table('programme_years', schema=None) as batch_op:
        for name, default in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text(default)))
        for name, condition in CHECKS:
            batch_op.create_check_constraint(batch_op.f(f'ck_programme_years_{name}'), condition)


def downgrade() -> None:
    with op.batch_alter_table('programme_years', schema=None) as batch_op:
        for name, _ in reversed(CHECKS):
            batch_op.drop_constraint(batch_op.f(f'ck_programme_years_{name}'), type_='check')
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)
