"""Partnership workspace: plan versions with tasks, milestone reports, moderated updates, reminders.

Issue 5. Reviewed by hand:
- plan_task: the structured tasks of each implementation-plan version (approved tasks become
  milestones);
- implementation_plan.returned_at / is_amendment, with CHECKs tying times to states;
- milestone.status_on and version (optimistic locking);
- partnership.ended_on (graduation or withdrawal date; an active partnership has none);
- progress_update: the non-sensitive declaration time, return time and an optional re-encoded
  image with its alt text (required when there is an image);
- reminder: one row per reminder sent, so the hourly cron never sends the same one twice.
New NOT NULL columns get server defaults so existing rows migrate.

Revision ID: 5a1c3e9d7b20
Revises: 76ab0f2df08a
Create Date: 2026-11-23 19:25:00
"""
from alembic import op
import sqlalchemy as sa


revision = '5a1c3e9d7b20'
down_revision = '76ab0f2df08a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('record_type', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=40), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder')),
    sa.UniqueConstraint('kind', 'record_type', 'record_id', 'period', name='uq_reminder_key')
    )
    op.create_table('plan_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('pilot_year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('title_zh', sa.String(length=300), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.CheckConstraint('number >= 1', name=op.f('ck_plan_task_number_positive')),
    sa.CheckConstraint('pilot_year BETWEEN 1 AND 3', name=op.f('ck_plan_task_pilot_year_range')),
    sa.ForeignKeyConstraint(['plan_id'], ['implementation_plan.id'], name=op.f('fk_plan_task_plan_id_implementation_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_task')),
    sa.UniqueConstraint('plan_id', 'pilot_year', 'number', name='uq_plan_task_number')
    )
    with op.batch_alter_table('plan_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_task_plan_id'), ['plan_id'], unique=False)

    with op.batch_alter_table('implementation_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('is_amendment', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_check_constraint(op.f('ck_implementation_plan_returned_has_time'), "(state = 'returned') = (returned_at IS NOT NULL)")
        batch_op.create_check_constraint(op.f('ck_implementation_plan_submitted_has_time'), "state = 'draft' OR submitted_at IS NOT NULL")

    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))

    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_partnership_active_has_not_ended'), "status <> 'active' OR ended_on IS NULL")

    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.add_column(sa.Column('declared_non_sensitive_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('image_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('image_alt', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('image_width', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('image_height', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_progress_update_image_name'), ['image_name'])
        batch_op.create_check_constraint(op.f('ck_progress_update_returned_has_time'), "(state = 'returned') = (returned_at IS NOT NULL)")
        batch_op.create_check_constraint(op.f('ck_progress_update_image_has_alt'), "image_name IS NULL OR image_alt <> ''")


def downgrade():
    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_progress_update_image_has_alt'), type_='check')
        batch_op.drop_constraint(op.f('ck_progress_update_returned_has_time'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_progress_update_image_name'), type_='unique')
        batch_op.drop_column('image_height')
        batch_op.drop_column('image_width')
        batch_op.drop_column('image_alt')
        batch_op.drop_column('image_name')
        batch_op.drop_column('returned_at')
        batch_op.drop_column('declared_non_sensitive_at')

    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_partnership_active_has_not_ended'), type_='check')
        batch_op.drop_column('ended_on')

    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_column('version')
        batch_op.drop_column('status_on')

    with op.batch_alter_table('implementation_plan', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_implementation_plan_submitted_has_time'), type_='check')
        batch_op.drop_constraint(op.f('ck_implementation_plan_returned_has_time'), type_='check')
        batch_op.drop_column('is_amendment')
        batch_op.drop_column('returned_at')

    with op.batch_alter_table('plan_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_task_plan_id'))
    op.drop_table('plan_task')
    op.drop_table('reminder')
