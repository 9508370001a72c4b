"""The chairs' dashboard's order from an index (issue 21): "active first" as a column.

Reviewed by hand:
- partnership.is_active: whether the status is active, kept with it by the model
  (app.partnerships.models._keep_is_active, on every status set through the ORM) and held to
  it by ck_partnership_is_active_iff_active; filled here from the status.
- ix_partnership_dashboard_order (is_active, cohort_year): the dashboard sorted all
  partnerships by `status = 'active'`, an expression no plain index serves (231 ms at 100,000
  partnerships); read backwards, the index gives active first and the newest cohort first,
  and only the first cohorts' names are sorted.
- SQLite alters the table in batch mode (copy and rename): the column is added nullable,
  filled, then made NOT NULL with its CHECK.

Revision ID: a9c1e5d3b7f0
Revises: f4b8d0c2e6a3
Create Date: 2026-12-04 22:05:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'a9c1e5d3b7f0'
down_revision = 'f4b8d0c2e6a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_active', sa.Boolean(), nullable=True))
    op.execute("UPDATE partnership SET is_active = (status = 'active')")
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.alter_column('is_active', existing_type=sa.Boolean(), nullable=False)
        batch_op.create_check_constraint(
            op.f('ck_partnership_is_active_iff_active'), "is_active = (status = 'active')"
        )
        batch_op.create_index(
            'ix_partnership_dashboard_order', ['is_active', 'cohort_year'], unique=False
        )


def downgrade():
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.drop_index('ix_partnership_dashboard_order')
        batch_op.drop_constraint(op.f('ck_partnership_is_active_iff_active'), type_='check')
        batch_op.drop_column('is_active')
