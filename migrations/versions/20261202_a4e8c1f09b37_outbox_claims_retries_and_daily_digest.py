"""The outbox delivered by the job runner: claims, retries with back-off, failure, and the
daily digest.

Reviewed by hand:
- notification.state gains sending, failed, held and digested (the column widens to 8).
- notification.next_attempt_at: not before this moment (back-off); filled with queued_at for
  the messages already in the outbox, so they are due at once.
- notification.claim_token / claimed_at: a worker's claim while it sends (the lease).
- notification.digest_id: the digest mail that carried a held notice.
- user.daily_digest: the reader's choice of one daily mail for non-urgent notices (false for
  everyone to begin with: nothing changes for anyone until they choose).

Revision ID: a4e8c1f09b37
Revises: d7f1a2b3c4e5
Create Date: 2026-12-02 22:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'a4e8c1f09b37'
down_revision = 'd7f1a2b3c4e5'
branch_labels = None
depends_on = None

OLD_STATES = ('queued', 'sent')
NEW_STATES = ('queued', 'sending', 'sent', 'failed', 'held', 'digested')


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_notification_state'), type_='check')
        batch_op.alter_column('state', existing_type=sa.String(length=6), type_=sa.String(length=8), existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_notification_state'), sa.column('state').in_(NEW_STATES))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('digest_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notification_digest_id'), ['digest_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notification_digest_id_notification'), 'notification', ['digest_id'], ['id'], ondelete='SET NULL')
    op.execute('UPDATE notification SET next_attempt_at = queued_at')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.alter_column('next_attempt_at', existing_type=sa.DateTime(timezone=True), nullable=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('daily_digest', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('daily_digest')

    # Messages the old outbox cannot hold: claimed ones are waiting again, held ones are sent
    # one by one, failed ones are tried again, digested ones count as sent.
    op.execute("UPDATE notification SET state = 'queued' WHERE state IN ('sending', 'held', 'failed')")
    op.execute("UPDATE notification SET state = 'sent' WHERE state = 'digested'")
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notification_digest_id_notification'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notification_digest_id'))
        batch_op.drop_column('digest_id')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('claim_token')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_constraint(op.f('ck_notification_state'), type_='check')
        batch_op.alter_column('state', existing_type=sa.String(length=8), type_=sa.String(length=6), existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_notification_state'), sa.column('state').in_(OLD_STATES))
