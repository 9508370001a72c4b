"""The version of the public data: one row, bumped in the same transaction as every write to a
public record (app/data_version.py), read by every public request to key its cached page.

Reviewed by hand: the row is inserted here with a random epoch and counter 0; nothing else to
fill.

Revision ID: b8c4d2e6f1a9
Revises: c5f08e2a9d14
Create Date: 2026-12-03 06:10:00
"""
import secrets
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


revision = "b8c4d2e6f1a9"
down_revision = "c5f08e2a9d14"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    moment = datetime.now(UTC)
    if op.get_bind().dialect.name == "sqlite":
        moment = moment.replace(tzinfo=None)
    op.bulk_insert(
        table, [{"id": 1, "epoch": secrets.token_hex(8), "counter": 0, "changed_at": moment}]
    )


def downgrade():
    op.drop_table("data_version")
