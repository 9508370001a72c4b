"""Each review's weighted mean, stored (issue 21): the chairs' ranking reads one number a review
instead of summing every score against the rubric.

Reviewed by hand:
- review_assignment.weighted_mean: Σ weight·score / Σ weight over the call's criteria the
  review scores (app.reviews.calibration.weighted_mean), NULL while nothing is scored. Kept by
  ReviewAssignment.store_weighted_mean whenever the scores change; a call's weights cannot
  change once anything is scored (the rubric lock), so the scores are all that moves it.
- Data: every existing review's mean computed in SQL from its scores, the same sum the ranking
  ran on every request until now (a review without scores stays NULL).
- SQLite adds the column in batch mode (copy and rename).

Revision ID: e3a7c9b1d5f2
Revises: a4e8c1f5b7d2
Create Date: 2026-12-04 21:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'e3a7c9b1d5f2'
down_revision = 'a4e8c1f5b7d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('weighted_mean', sa.Float(), nullable=True))
    op.execute(
        """
        UPDATE review_assignment SET weighted_mean = (
            SELECT CAST(SUM(review_score.score * rubric_criterion.weight) AS FLOAT)
                   / CAST(NULLIF(SUM(rubric_criterion.weight), 0) AS FLOAT)
            FROM review_score
            JOIN rubric_criterion ON rubric_criterion.id = review_score.criterion_id
            JOIN proposal ON proposal.id = review_assignment.proposal_id
            WHERE review_score.assignment_id = review_assignment.id
              AND rubric_criterion.solicitation_id = proposal.solicitation_id
        )
        """
    )


def downgrade():
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.drop_column('weighted_mean')
