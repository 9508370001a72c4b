"""The date an applicant's outcome was published, and score anchors per rubric criterion.

Issue 17 (applicants see their outcome; the rubric rules). Reviewed by hand:
- proposal.decided_at: when publication made the proposal selected or declined; shown on the
  applicant's proposal page. Proposals decided before this revision take the moment their
  call's decisions were published, from the audit log (else their last change).
- rubric_criterion.anchors_en / anchors_zh: what each of the five anchor points of the scale
  means for that criterion, bottom to top; an empty list (every existing criterion) keeps the
  program's own anchors.

Revision ID: a4b7c9d1e2f3
Revises: e3d15c0a7b21
Create Date: 2026-12-02 22:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = 'a4b7c9d1e2f3'
down_revision = "e3d15c0a7b21"
branch_labels = None
depends_on = None


def _anchors(name):
    return sa.Column(
        name,
        sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'),
        server_default=sa.text("'[]'"),
        nullable=False,
    )


def upgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        """
        UPDATE proposal SET decided_at = COALESCE(
            (SELECT MAX(event.occurred_at) FROM event
             WHERE event.action = 'solicitation.decisions_published'
               AND event.record_type = 'solicitation'
               AND event.record_id = proposal.solicitation_id),
            proposal.updated_at)
        WHERE proposal.state IN ('selected', 'declined')
        """
    )
    with op.batch_alter_table('rubric_criterion', schema=None) as batch_op:
        batch_op.add_column(_anchors('anchors_en'))
        batch_op.add_column(_anchors('anchors_zh'))


def downgrade():
    with op.batch_alter_table('rubric_criterion', schema=None) as batch_op:
        batch_op.drop_column('anchors_zh')
        batch_op.drop_column('anchors_en')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_column('decided_at')
