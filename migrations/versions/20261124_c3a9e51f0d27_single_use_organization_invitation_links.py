"""Single-use organization invitation links.

Trust issue. Reviewed by hand:
- organization_invitation.token_digest: the SHA-256 of the secret carried by the one link that
  works for an invitation. Each invitation, and each re-invite of the same address, mails a new
  secret; accepting or revoking clears it, so a revoked link never comes back to life.
- ck_organization_invitation_answered_link_spent: an answered invitation keeps no live link.
Links mailed before this revision carry no secret and stop working; their invitations stay
pending (the owner invites the address again to mail a working link). Existing rows satisfy
the check as they are (every digest starts empty), so no data is rewritten.

Revision ID: c3a9e51f0d27
Revises: 86e4f726fcc9
Create Date: 2026-11-24 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c3a9e51f0d27'
down_revision = '86e4f726fcc9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organization_invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_digest', sa.String(length=64), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_organization_invitation_answered_link_spent'),
            "state = 'pending' OR token_digest IS NULL",
        )


def downgrade():
    with op.batch_alter_table('organization_invitation', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_organization_invitation_answered_link_spent'), type_='check')
        batch_op.drop_column('token_digest')
