"""Trainees known by their JupyterHub user: a nullable column, unique within a workshop.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A trainee on a hub has no token of ours: the hub's token names them, by this column."""
    with op.batch_alter_table("trainees") as batch:
        batch.add_column(sa.Column("hub_user", sa.String(255), nullable=True))
    op.create_index("ix_trainee_hub_user", "trainees", ["workshop_id", "hub_user"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_trainee_hub_user", table_name="trainees")
    with op.batch_alter_table("trainees") as batch:
        batch.drop_column("hub_user")
