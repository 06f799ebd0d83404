"""A crisis drill run live for the room (issue 13): the drill's clock, the trainees' seats,
their replies and their pinned posts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Four new tables; written out in full so later edits of db.py cannot change them."""
    op.create_table(
        "drills",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("workshop_id", sa.String(32), sa.ForeignKey("workshops.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("drill", sa.String(64), nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("started_at", sa.Float, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("held", sa.Boolean, nullable=False),
        sa.Column("held_at", sa.Float),
        sa.Column("offset_s", sa.Float, nullable=False),
        sa.Column("stopped_at", sa.Float),
        sa.UniqueConstraint("workshop_id", "number", name="uq_drill_number"),
    )
    op.create_table(
        "drill_seats",
        sa.Column("drill_id", sa.String(32), sa.ForeignKey("drills.id"), primary_key=True),
        sa.Column("trainee_id", sa.String(32), sa.ForeignKey("trainees.id"), primary_key=True),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("joined_at", sa.Float, nullable=False),
    )
    op.create_table(
        "drill_replies",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("drill_id", sa.String(32), sa.ForeignKey("drills.id"), nullable=False),
        sa.Column("trainee_id", sa.String(32), sa.ForeignKey("trainees.id"), nullable=False),
        sa.Column("client_id", sa.String(64)),
        sa.Column("case_id", sa.String(128), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("sim_s", sa.Float, nullable=False),
        sa.Column("latency_s", sa.Float, nullable=False),
        sa.Column("total", sa.Float),
        sa.Column("points", sa.Float, nullable=False),
        sa.Column("grade", sa.JSON),
        sa.Column("action_grade", sa.JSON, nullable=False),
        sa.Column("pasted_from", sa.String(128)),
        sa.UniqueConstraint("trainee_id", "client_id", name="uq_drill_reply_client_id"),
        sa.UniqueConstraint("drill_id", "trainee_id", "case_id", name="uq_drill_reply_case"),
    )
    op.create_table(
        "drill_posts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("drill_id", sa.String(32), sa.ForeignKey("drills.id"), nullable=False),
        sa.Column("trainee_id", sa.String(32), sa.ForeignKey("trainees.id"), nullable=False),
        sa.Column("client_id", sa.String(64)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("sim_s", sa.Float, nullable=False),
        sa.Column("total", sa.Float, nullable=False),
        sa.Column("grade", sa.JSON, nullable=False),
        sa.UniqueConstraint("trainee_id", "client_id", name="uq_drill_post_client_id"),
    )
    op.create_index("ix_drill_replies_drill", "drill_replies", ["drill_id", "trainee_id"])
    op.create_index("ix_drill_posts_drill", "drill_posts", ["drill_id", "trainee_id"])


def downgrade() -> None:
    """Drop everything the revision made, children first."""
    op.drop_index("ix_drill_posts_drill", table_name="drill_posts")
    op.drop_index("ix_drill_replies_drill", table_name="drill_replies")
    for table in ("drill_posts", "drill_replies", "drill_seats", "drills"):
        op.drop_table(table)
