"""Disagreements resolved, not just flagged: a proposal's discussion state, revised reviews,
and the chairs' threshold per call.

Issue 17. Reviewed by hand:
- review_discussion: one row per proposal whose reviews disagreed (flagged, in discussion,
  resolved), with the spread and threshold at the moment it was flagged and the chair's
  resolution note. No row is made here for proposals that disagreed before this revision: the
  ranking still shows them flagged, and the chairs setting the threshold again opens them.
- review_revision / review_revision_score: every revision of a submitted review during its
  discussion, the recommendation and each criterion's score before and after. Append-only.
- solicitation.disagreement_spread: the threshold the chairs choose (until now a query
  parameter of the ranking page); existing calls get the portal's old default, 1.5.

Revision ID: e3d15c0a7b21
Revises: b4d2e8f1a7c3
Create Date: 2026-12-02 21:40:11
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3d15c0a7b21'
down_revision = "b4d2e8f1a7c3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_discussion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('flagged', 'in_discussion', 'resolved', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('spread', sa.Numeric(precision=5, scale=2, asdecimal=False), nullable=False),
    sa.Column('threshold', sa.Numeric(precision=4, scale=2, asdecimal=False), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(state = 'resolved') = (resolved_at IS NOT NULL)", name=op.f('ck_review_discussion_resolved_at_iff_resolved')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_review_discussion_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_review_discussion_resolved_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_discussion')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_review_discussion_proposal_id'))
    )
    op.create_table('review_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('revised_by_id', sa.Integer(), nullable=True),
    sa.Column('revised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('old_recommendation', sa.Enum('select', 'discuss', 'decline', name='old_recommendation', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('new_recommendation', sa.Enum('select', 'discuss', 'decline', name='new_recommendation', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['review_assignment.id'], name=op.f('fk_review_revision_assignment_id_review_assignment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revised_by_id'], ['user.id'], name=op.f('fk_review_revision_revised_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_revision'))
    )
    with op.batch_alter_table('review_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_revision_assignment_id'), ['assignment_id'], unique=False)

    op.create_table('review_revision_score',
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('old_score', sa.Integer(), nullable=True),
    sa.Column('new_score', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['rubric_criterion.id'], name=op.f('fk_review_revision_score_criterion_id_rubric_criterion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['review_revision.id'], name=op.f('fk_review_revision_score_revision_id_review_revision'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('revision_id', 'criterion_id', name=op.f('pk_review_revision_score'))
    )
    with op.batch_alter_table('solicitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disagreement_spread', sa.Numeric(precision=4, scale=2, asdecimal=False), server_default='1.5', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_solicitation_disagreement_spread_positive'), 'disagreement_spread > 0')


def downgrade():
    with op.batch_alter_table('solicitation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_solicitation_disagreement_spread_positive'), type_='check')
        batch_op.drop_column('disagreement_spread')

    op.drop_table('review_revision_score')
    with op.batch_alter_table('review_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_revision_assignment_id'))

    op.drop_table('review_revision')
    op.drop_table('review_discussion')
