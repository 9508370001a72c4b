"""Organization profiles worth reading: a description in Chinese and the focus areas an
organization works on (issue 18).

Reviewed by hand:
- organization.description_zh: empty for every existing organization (the English
  `description` stays as it was); members fill it in on the profile form.
- organization_focus_area: one row per (organization, focus area), empty to begin with; the
  index on focus_area alone serves the directory's filter and the Partners page's suggestions
  (the key starts with the organization).

Revision ID: c5f08e2a9d14
Revises: e20d0c5a1f37
Create Date: 2026-12-03 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c5f08e2a9d14'
down_revision = 'e20d0c5a1f37'
branch_labels = None
depends_on = None

FOCUS_AREAS = (
    'clean_air', 'clean_water', 'clean_electricity', 'clean_transportation', 'forests_wetlands',
    'energy_efficiency', 'green_growth', 'low_carbon_communities',
)


def upgrade():
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description_zh', sa.Text(), nullable=False, server_default=''))
    # The default only filled the existing rows; the application sets the value from now on.
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.alter_column('description_zh', server_default=None)
    op.create_table('organization_focus_area',
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('focus_area', sa.Enum(*FOCUS_AREAS, name='focus_area', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_organization_focus_area_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organization_id', 'focus_area', name=op.f('pk_organization_focus_area'))
    )
    with op.batch_alter_table('organization_focus_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_focus_area_focus_area'), ['focus_area'], unique=False)


def downgrade():
    with op.batch_alter_table('organization_focus_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_focus_area_focus_area'))
    op.drop_table('organization_focus_area')
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('description_zh')
