"""Indexes for the public pages and the open data at 10,000 partnerships.

Issue 11. Reviewed by hand; each index was kept only where a query plan at 10,000 partnerships
(SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN ANALYZE) showed it used and the query faster
(figures in bench/RESULTS.md):
- updated_at of partnership, organization, milestone, progress_update and proposal: the public
  data version (HTTP validators) reads each table's latest change from the end of an index
  instead of scanning it; solicitation has one row a year and needs none;
- ix_progress_update_public_order (state, visibility, published_at, id): published public
  updates newest first, read in index order and stopped at the page (home, /updates, feeds, API);
- ix_partnership_name_en: the directory and API ordered by name;
- ix_partnership_focus_area_focus_area: the focus-area filter (the key starts with the
  partnership, so it could not serve it);
- ix_organization_type: the organization-type filter;
- ix_organization_name_en: the open-data list of organizations, ordered by name.
Only indexes are added: no table is rebuilt, on SQLite or PostgreSQL.

Revision ID: 86e4f726fcc9
Revises: 8e4f2b6c1d93
Create Date: 2026-11-23 20:00:00
"""
from alembic import op


revision = '86e4f726fcc9'
down_revision = '8e4f2b6c1d93'
branch_labels = None
depends_on = None

# (index, table, columns), created in this order and dropped in the reverse one.
INDEXES = (
    ('ix_partnership_updated_at', 'partnership', ['updated_at']),
    ('ix_organization_updated_at', 'organization', ['updated_at']),
    ('ix_milestone_updated_at', 'milestone', ['updated_at']),
    ('ix_progress_update_updated_at', 'progress_update', ['updated_at']),
    ('ix_proposal_updated_at', 'proposal', ['updated_at']),
    ('ix_progress_update_public_order', 'progress_update',
     ['state', 'visibility', 'published_at', 'id']),
    ('ix_partnership_name_en', 'partnership', ['name_en']),
    ('ix_partnership_focus_area_focus_area', 'partnership_focus_area', ['focus_area']),
    ('ix_organization_type', 'organization', ['type']),
    ('ix_organization_name_en', 'organization', ['name_en']),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
