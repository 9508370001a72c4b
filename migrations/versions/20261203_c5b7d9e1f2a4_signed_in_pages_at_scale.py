"""An index for the signed-in pages at scale (issue 21).

Reviewed by hand:
- ix_progress_update_partnership_public: the last public update of a page of partnerships,
  from the index alone; without the planner's statistics SQLite otherwise scans every public
  update through ix_progress_update_public_order.
Nothing to fill; it is built from the existing rows.

Revision ID: c5b7d9e1f2a4
Revises: b8c4d2e6f1a9
Create Date: 2026-12-03 06:20:00
"""
from alembic import op


revision = 'c5b7d9e1f2a4'
down_revision = "b8c4d2e6f1a9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_progress_update_partnership_public',
        'progress_update',
        ['partnership_id', 'state', 'visibility', 'published_at'],
    )


def downgrade():
    op.drop_index('ix_progress_update_partnership_public', table_name='progress_update')
