"""Partner-search notices ("Seeking a partner", issue 18).

Reviewed by hand:
- partner_notice: one organization's notice, empty to begin with. CHECK constraints tie the
  moderation times to the states where they are set (submitted, returned with a reason,
  published, withdrawn), ask for what the organization brings and seeks in at least one
  language and bound their lengths. Expiry is not stored: a published notice past `ends_on`
  is expired by the date, read through ix_partner_notice_standing (state, ends_on).
- partner_notice_focus_area / partner_notice_region: the notice's focus areas and the ISO
  3166-2 codes of the regions of interest, each indexed on its own for the open data's
  filters and the partner finder.

Revision ID: 74e33e1bb931
Revises: d2b6e4a8c1f3
Create Date: 2026-12-03 12:51:45
"""
from alembic import op
import sqlalchemy as sa


revision = '74e33e1bb931'
down_revision = 'd2b6e4a8c1f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partner_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('offer_en', sa.Text(), nullable=False),
    sa.Column('offer_zh', sa.Text(), nullable=False),
    sa.Column('seeking_en', sa.Text(), nullable=False),
    sa.Column('seeking_zh', sa.Text(), nullable=False),
    sa.Column('deliverable_kind', sa.Enum('technology', 'policy', 'program', name='deliverable_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'published', 'returned', 'withdrawn', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(state = 'returned') = (returned_at IS NOT NULL)", name=op.f('ck_partner_notice_returned_has_time')),
    sa.CheckConstraint("(state = 'withdrawn') = (withdrawn_at IS NOT NULL)", name=op.f('ck_partner_notice_withdrawn_has_time')),
    sa.CheckConstraint("(state IN ('published', 'withdrawn')) = (published_at IS NOT NULL)", name=op.f('ck_partner_notice_published_has_time')),
    sa.CheckConstraint("offer_en <> '' OR offer_zh <> ''", name=op.f('ck_partner_notice_offer_given')),
    sa.CheckConstraint("seeking_en <> '' OR seeking_zh <> ''", name=op.f('ck_partner_notice_seeking_given')),
    sa.CheckConstraint("state <> 'returned' OR return_reason <> ''", name=op.f('ck_partner_notice_returned_has_reason')),
    sa.CheckConstraint("state = 'draft' OR submitted_at IS NOT NULL", name=op.f('ck_partner_notice_submitted_has_time')),
    sa.CheckConstraint('length(offer_en) <= 2000 AND length(offer_zh) <= 2000', name=op.f('ck_partner_notice_offer_length')),
    sa.CheckConstraint('length(seeking_en) <= 2000 AND length(seeking_zh) <= 2000', name=op.f('ck_partner_notice_seeking_length')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_partner_notice_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_partner_notice_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_notice'))
    )
    with op.batch_alter_table('partner_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_notice_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index('ix_partner_notice_standing', ['state', 'ends_on'], unique=False)
        batch_op.create_index('ix_partner_notice_updated_at', ['updated_at'], unique=False)

    op.create_table('partner_notice_focus_area',
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('focus_area', sa.Enum('clean_air', 'clean_water', 'clean_electricity', 'clean_transportation', 'forests_wetlands', 'energy_efficiency', 'green_growth', 'low_carbon_communities', name='focus_area', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['partner_notice.id'], name=op.f('fk_partner_notice_focus_area_notice_id_partner_notice'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('notice_id', 'focus_area', name=op.f('pk_partner_notice_focus_area'))
    )
    with op.batch_alter_table('partner_notice_focus_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_notice_focus_area_focus_area'), ['focus_area'], unique=False)

    op.create_table('partner_notice_region',
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('subdivision_code', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['partner_notice.id'], name=op.f('fk_partner_notice_region_notice_id_partner_notice'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('notice_id', 'subdivision_code', name=op.f('pk_partner_notice_region'))
    )
    with op.batch_alter_table('partner_notice_region', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_notice_region_subdivision_code'), ['subdivision_code'], unique=False)



def downgrade():
    with op.batch_alter_table('partner_notice_region', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_notice_region_subdivision_code'))

    op.drop_table('partner_notice_region')
    with op.batch_alter_table('partner_notice_focus_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_notice_focus_area_focus_area'))

    op.drop_table('partner_notice_focus_area')
    with op.batch_alter_table('partner_notice', schema=None) as batch_op:
        batch_op.drop_index('ix_partner_notice_updated_at')
        batch_op.drop_index('ix_partner_notice_standing')
        batch_op.drop_index(batch_op.f('ix_partner_notice_organization_id'))

    op.drop_table('partner_notice')
