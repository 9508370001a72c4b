"""Review discussion comments, and at most one live decision per proposal.

Issue 4. Reviewed by hand:
- review_comment: internal discussion of a proposal by chairs and non-conflicted reviewers;
- uq_decision_live: a partial unique index — one proposed or approved decision per proposal;
  withdrawn decisions stay as history.

Revision ID: 8e4f2b6c1d93
Revises: 5a1c3e9d7b20
Create Date: 2026-11-23 19:26:00
"""
from alembic import op
import sqlalchemy as sa


revision = '8e4f2b6c1d93'
down_revision = '5a1c3e9d7b20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('length(body) > 0', name=op.f('ck_review_comment_body_not_empty')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_review_comment_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_review_comment_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_comment'))
    )
    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_comment_proposal_id'), ['proposal_id'], unique=False)

    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index('uq_decision_live', ['proposal_id'], unique=True, sqlite_where=sa.text("state <> 'withdrawn'"), postgresql_where=sa.text("state <> 'withdrawn'"))


def downgrade():
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index('uq_decision_live', sqlite_where=sa.text("state <> 'withdrawn'"), postgresql_where=sa.text("state <> 'withdrawn'"))

    with op.batch_alter_table('review_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_comment_proposal_id'))
    op.drop_table('review_comment')
