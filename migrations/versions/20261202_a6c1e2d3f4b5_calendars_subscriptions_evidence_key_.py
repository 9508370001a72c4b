"""Personal calendar feeds, e-mail subscriptions to a partnership's updates, milestone evidence
files, and a chair's review of Key Accomplishments.

Issue 17 (calendars and subscriptions; milestone evidence; the Key Accomplishment rule).
Reviewed by hand:
- calendar_feed: one live feed address per user; only the SHA-256 digest of its random token.
- update_subscription: an address subscribed to one partnership's published updates, pending
  (confirm_digest set) until confirmed (confirmed_at set): ck_update_subscription_pending_has_secret
  ties the two. Unsubscribing deletes the row.
- milestone_evidence: PDFs and images attached to milestone reports, stored under UPLOAD_DIR with
  random names; the accepted media types are a CHECK.
- milestone.key_accomplishment_requested_at / _confirmed_at / _confirmed_by_id: the partners ask,
  a chair confirms; only then is is_key_accomplishment (the public flag) true. Key
  Accomplishments featured before this revision stay featured (they count as reviewed).

Revision ID: a6c1e2d3f4b5
Revises: a5e7c3d9b1f2
Create Date: 2026-12-02 21:40:18
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6c1e2d3f4b5'
down_revision = "a5e7c3d9b1f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_calendar_feed_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_token_hash')),
    sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feed_user_id'))
    )
    op.create_table('update_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('language', sa.Enum('en', 'zh_Hans', name='language', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirm_digest', sa.String(length=64), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(confirmed_at IS NULL) = (confirm_digest IS NOT NULL)', name=op.f('ck_update_subscription_pending_has_secret')),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_update_subscription_email_lower_case')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_update_subscription_partnership_id_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_update_subscription')),
    sa.UniqueConstraint('partnership_id', 'email', name='uq_update_subscription_address')
    )
    with op.batch_alter_table('update_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_update_subscription_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('milestone_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=40), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("media_type IN ('application/pdf', 'image/png', 'image/jpeg')", name=op.f('ck_milestone_evidence_media_type_accepted')),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], name=op.f('fk_milestone_evidence_milestone_id_milestone'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_milestone_evidence_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_milestone_evidence_stored_name'))
    )
    with op.batch_alter_table('milestone_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_evidence_milestone_id'), ['milestone_id'], unique=False)

    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_accomplishment_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('key_accomplishment_confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('key_accomplishment_confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_milestone_key_accomplishment_confirmed_by_id_user'), 'user', ['key_accomplishment_confirmed_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_milestone_key_accomplishment_request_is_done'), "key_accomplishment_requested_at IS NULL OR status = 'done'")
        batch_op.create_check_constraint(batch_op.f('ck_milestone_key_accomplishment_pending_or_confirmed'), 'NOT is_key_accomplishment OR key_accomplishment_requested_at IS NULL')


def downgrade():
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_milestone_key_accomplishment_pending_or_confirmed'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_milestone_key_accomplishment_request_is_done'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_milestone_key_accomplishment_confirmed_by_id_user'), type_='foreignkey')
        batch_op.drop_column('key_accomplishment_confirmed_by_id')
        batch_op.drop_column('key_accomplishment_confirmed_at')
        batch_op.drop_column('key_accomplishment_requested_at')

    with op.batch_alter_table('milestone_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_evidence_milestone_id'))

    op.drop_table('milestone_evidence')
    with op.batch_alter_table('update_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_update_subscription_partnership_id'))

    op.drop_table('update_subscription')
    op.drop_table('calendar_feed')
