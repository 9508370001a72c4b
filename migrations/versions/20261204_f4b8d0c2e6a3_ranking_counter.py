"""The ranking's counter (issue 21): the chairs' calibrated ranking is kept in memory under it.

Reviewed by hand:
- data_version.ranking_counter: added to the one row with 0 (server default), moved by every
  write to what the ranking reads (app.data_version.RANKED_TABLES); a process that remembers a
  ranking under an older value computes it again. Nothing else to fill.
- ix_review_assignment_state: the reviews still to write are few among the submitted ones (the
  ranking's overdue reviews scanned all 60,000 assignments at 10,000 partnerships: 7 ms).
- SQLite adds the column in batch mode (copy and rename).

Revision ID: f4b8d0c2e6a3
Revises: e3a7c9b1d5f2
Create Date: 2026-12-04 22:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'f4b8d0c2e6a3'
down_revision = 'e3a7c9b1d5f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('data_version', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('ranking_counter', sa.Integer(), nullable=False, server_default='0')
        )
    op.create_index(
        op.f('ix_review_assignment_state'), 'review_assignment', ['state'], unique=False
    )


def downgrade():
    op.drop_index(op.f('ix_review_assignment_state'), table_name='review_assignment')
    with op.batch_alter_table('data_version', schema=None) as batch_op:
        batch_op.drop_column('ranking_counter')
