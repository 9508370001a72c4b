"""Resubmissions (issue 18): a declined proposal carried into a later call.

Reviewed by hand:
- proposal.resubmission_of_id: the original it carries on (nullable; SET NULL if the original
  is ever removed, the resubmission stays), indexed for the original's "resubmitted as" link.
- proposal.response_en / response_zh: the applicant's response to the original's reviews,
  empty for every existing proposal (none is a resubmission).
- uq_proposal_resubmission_call: an original goes into a given call once (NULLs, every
  proposal that is no resubmission, never clash).
- SQLite alters the table in batch mode (copy and rename); the foreign key is named so that
  downgrade can drop it.

Revision ID: d2b6e4a8c1f3
Revises: f7a3c2e9d1b4
Create Date: 2026-12-03 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'd2b6e4a8c1f3'
down_revision = 'f7a3c2e9d1b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resubmission_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('response_en', sa.Text(), nullable=False, server_default='')
        )
        batch_op.add_column(
            sa.Column('response_zh', sa.Text(), nullable=False, server_default='')
        )
        batch_op.create_index(
            batch_op.f('ix_proposal_resubmission_of_id'), ['resubmission_of_id'], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_proposal_resubmission_of_id_proposal'),
            'proposal',
            ['resubmission_of_id'],
            ['id'],
            ondelete='SET NULL',
        )
        batch_op.create_unique_constraint(
            'uq_proposal_resubmission_call', ['resubmission_of_id', 'solicitation_id']
        )


def downgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_constraint('uq_proposal_resubmission_call', type_='unique')
        batch_op.drop_constraint(
            batch_op.f('fk_proposal_resubmission_of_id_proposal'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_proposal_resubmission_of_id'))
        batch_op.drop_column('response_zh')
        batch_op.drop_column('response_en')
        batch_op.drop_column('resubmission_of_id')
