"""Solicitation closing, proposal invitations by e-mail, and no 'withdrawn' proposal state.

Issue 3. Reviewed by hand:
- solicitation.closed_at / closing_reason: when and why a chair closed the call (a reason is
  required to close before the deadline). Existing rows get an empty reason.
- proposal_invitation: an invitation by e-mail to a partner whose organization is not yet
  registered.
- proposal.state: withdrawing returns a proposal to draft, so 'withdrawn' is no longer a state;
  the CHECK constraint is rebuilt without it (any withdrawn row becomes a draft first).

Revision ID: 76ab0f2df08a
Revises: 13e0a628f1bf
Create Date: 2026-11-23 19:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '76ab0f2df08a'
down_revision = '13e0a628f1bf'
branch_labels = None
depends_on = None

STATES_BEFORE = ('draft', 'submitted', 'withdrawn', 'selected', 'declined')
STATES_AFTER = ('draft', 'submitted', 'selected', 'declined')


def _state_type(states):
    return sa.Enum(*states, name='state', native_enum=False, create_constraint=True, length=9)


def upgrade():
    with op.batch_alter_table('solicitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closing_reason', sa.Text(), nullable=False, server_default=''))

    op.create_table('proposal_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('pending', 'accepted', 'revoked', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_proposal_invitation_email_lower_case')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_proposal_invitation_invited_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_invitation_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_invitation')),
    sa.UniqueConstraint('proposal_id', 'email', name='uq_proposal_invitation_email')
    )
    with op.batch_alter_table('proposal_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_invitation_proposal_id'), ['proposal_id'], unique=False)

    op.execute("UPDATE proposal SET state = 'draft', submitted_at = NULL WHERE state = 'withdrawn'")
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.alter_column('state', existing_type=_state_type(STATES_BEFORE), type_=_state_type(STATES_AFTER),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.alter_column('state', existing_type=_state_type(STATES_AFTER), type_=_state_type(STATES_BEFORE),
                              existing_nullable=False)

    with op.batch_alter_table('proposal_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_invitation_proposal_id'))
    op.drop_table('proposal_invitation')

    with op.batch_alter_table('solicitation', schema=None) as batch_op:
        batch_op.drop_column('closing_reason')
        batch_op.drop_column('closed_at')
