"""Review due dates and declined assignments.

Issue 17 (reviewer due dates, reminders, declining). Reviewed by hand:
- solicitation.review_deadline: when the call's reviews are due; empty for existing calls (no
  reminder is sent until a chair sets one). ck_solicitation_review_after_submission: after the
  submission deadline.
- review_assignment.due_at: a chair's due date for one review, in place of the call's.
- review_assignment.declined_at / decline_note and the state 'declined': a reviewer without the
  time steps aside (not a conflict); ck_review_assignment_declined_with_note ties the state to
  the time and the note. Existing rows are not declined, so the check holds as they are.
- ck_review_assignment_state lists the new state.

Revision ID: b4d2e8f1a7c3
Revises: a4e8c1f09b37
Create Date: 2026-12-02 21:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'b4d2e8f1a7c3'
down_revision = "a4e8c1f09b37"
branch_labels = None
depends_on = None

STATES_BEFORE = ('assigned', 'recused', 'submitted')
STATES_AFTER = ('assigned', 'recused', 'declined', 'submitted')


def _state_check(states):
    return 'state IN (' + ', '.join(f"'{state}'" for state in states) + ')'


def upgrade():
    with op.batch_alter_table('solicitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_deadline', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_solicitation_review_after_submission'),
            'review_deadline IS NULL OR review_deadline > closes_at',
        )

    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('declined_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decline_note', sa.Text(), server_default='', nullable=False))
        batch_op.drop_constraint(op.f('ck_review_assignment_state'), type_='check')
        batch_op.create_check_constraint(op.f('ck_review_assignment_state'), _state_check(STATES_AFTER))
        batch_op.create_check_constraint(
            op.f('ck_review_assignment_declined_with_note'),
            "(state = 'declined') = (declined_at IS NOT NULL AND decline_note <> '')",
        )
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.alter_column('decline_note', existing_type=sa.Text(), server_default=None)


def downgrade():
    # A declined assignment has no place in the older schema: it goes, as a removed one does.
    op.execute("DELETE FROM review_assignment WHERE state = 'declined'")
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_review_assignment_declined_with_note'), type_='check')
        batch_op.drop_constraint(op.f('ck_review_assignment_state'), type_='check')
        batch_op.create_check_constraint(op.f('ck_review_assignment_state'), _state_check(STATES_BEFORE))
        batch_op.drop_column('decline_note')
        batch_op.drop_column('declined_at')
        batch_op.drop_column('due_at')

    with op.batch_alter_table('solicitation', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_solicitation_review_after_submission'), type_='check')
        batch_op.drop_column('review_deadline')
