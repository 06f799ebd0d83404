"""The first workshop schema: workshops, trainees, rounds, replies.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the four tables; written out in full so later edits of db.py cannot change it."""
    op.create_table(
        "workshops",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("ended_at", sa.Float),
        sa.Column("names_revealed", sa.Boolean, nullable=False),
        sa.Column("projector", sa.JSON, nullable=False),
        sa.Column("current_round_id", sa.String(32)),
    )
    op.create_table(
        "trainees",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("workshop_id", sa.String(32), sa.ForeignKey("workshops.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("joined_at", sa.Float, nullable=False),
        sa.UniqueConstraint("workshop_id", "seq", name="uq_trainee_seq"),
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("workshop_id", sa.String(32), sa.ForeignKey("workshops.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("family", sa.String(64), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("timer_s", sa.Integer, nullable=False),
        sa.Column("minutes_since_post", sa.Float, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("started_at", sa.Float),
        sa.Column("deadline", sa.Float),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.UniqueConstraint("workshop_id", "number", name="uq_round_number"),
    )
    op.create_table(
        "replies",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("round_id", sa.String(32), sa.ForeignKey("rounds.id"), nullable=False),
        sa.Column("trainee_id", sa.String(32), sa.ForeignKey("trainees.id"), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("client_id", sa.String(64)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("latency_s", sa.Float, nullable=False),
        sa.Column("total", sa.Float, nullable=False),
        sa.Column("grade", sa.JSON, nullable=False),
        sa.Column("starred", sa.Boolean, nullable=False),
        sa.Column("hidden", sa.Boolean, nullable=False),
        sa.Column("verdict", sa.String(16)),
        sa.Column("verdict_comment", sa.Text),
        sa.UniqueConstraint("trainee_id", "client_id", name="uq_reply_client_id"),
    )
    op.create_index("ix_replies_round_attempt", "replies", ["round_id", "attempt"])


def downgrade() -> None:
    """Drop everything the revision made, children first."""
    op.drop_index("ix_replies_round_attempt", table_name="replies")
    for table in ("replies", "rounds", "trainees", "workshops"):
        op.drop_table(table)
