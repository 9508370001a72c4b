"""Introductions (issue 18): contact requests between organizations of the two countries.

Reviewed by hand:
- introduction: who asks (organization and member), whom, the message (plain text), the state
  (pending, accepted, declined, withdrawn; CHECK-ed, answered_at set exactly when answered),
  the abuse report beside it (reported_at, reason, outcome, settled_at: an outcome only for a
  report, and with its time), the proposal started from it, a version column.
- uq_introduction_one_pending: one pending request from an organization to another (a partial
  unique index, on SQLite and PostgreSQL alike); the other direction is refused by the code.
- introduction_block: the users a chair or an administrator blocked from sending requests.
- A new table on both databases: no batch copy of existing data, and downgrade drops both.

Revision ID: 353c2dec9d07
Revises: 74e33e1bb931
Create Date: 2026-12-03 12:48:58
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '353c2dec9d07'
down_revision = '74e33e1bb931'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('introduction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_organization_id', sa.Integer(), nullable=False),
    sa.Column('to_organization_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'accepted', 'declined', 'withdrawn', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('report_reason', sa.Text(), nullable=False),
    sa.Column('report_outcome', sa.Enum('dismissed', 'sender_blocked', name='report_outcome', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('report_settled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('report_settled_by_id', sa.Integer(), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(state = 'pending') = (answered_at IS NULL)", name=op.f('ck_introduction_answered_has_time')),
    sa.CheckConstraint('(report_outcome IS NULL) = (report_settled_at IS NULL)', name=op.f('ck_introduction_settled_has_time')),
    sa.CheckConstraint('from_organization_id <> to_organization_id', name=op.f('ck_introduction_two_organizations')),
    sa.CheckConstraint('report_outcome IS NULL OR reported_at IS NOT NULL', name=op.f('ck_introduction_settled_report_exists')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_introduction_answered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['from_organization_id'], ['organization.id'], name=op.f('fk_introduction_from_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_introduction_proposal_id_proposal'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_settled_by_id'], ['user.id'], name=op.f('fk_introduction_report_settled_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['user.id'], name=op.f('fk_introduction_reported_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_introduction_requested_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['to_organization_id'], ['organization.id'], name=op.f('fk_introduction_to_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_introduction'))
    )
    with op.batch_alter_table('introduction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_introduction_from_organization_id'), ['from_organization_id'], unique=False)
        batch_op.create_index('ix_introduction_reported_at', ['reported_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_introduction_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_introduction_to_organization_id'), ['to_organization_id'], unique=False)
        batch_op.create_index('uq_introduction_one_pending', ['from_organization_id', 'to_organization_id'], unique=True, sqlite_where=sa.text("state = 'pending'"), postgresql_where=sa.text("state = 'pending'"))

    op.create_table('introduction_block',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('blocked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('blocked_by_id', sa.Integer(), nullable=True),
    sa.Column('introduction_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['blocked_by_id'], ['user.id'], name=op.f('fk_introduction_block_blocked_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['introduction_id'], ['introduction.id'], name=op.f('fk_introduction_block_introduction_id_introduction'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_introduction_block_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_introduction_block'))
    )


def downgrade():
    op.drop_table('introduction_block')
    with op.batch_alter_table('introduction', schema=None) as batch_op:
        batch_op.drop_index('uq_introduction_one_pending', sqlite_where=sa.text("state = 'pending'"), postgresql_where=sa.text("state = 'pending'"))
        batch_op.drop_index(batch_op.f('ix_introduction_to_organization_id'))
        batch_op.drop_index(batch_op.f('ix_introduction_requested_by_id'))
        batch_op.drop_index('ix_introduction_reported_at')
        batch_op.drop_index(batch_op.f('ix_introduction_from_organization_id'))

    op.drop_table('introduction')
