"""Sessions that can be ended, two-person chair appointments, two-key ineligibility, and
conflicts of interest from facts frozen at submission.

Trust issue. Reviewed by hand:
- user_session: one row per signed-in browser; the cookie's random token and the "keep me
  signed in" token are stored only as SHA-256 digests. No row exists for sessions begun before
  this revision, so everyone signs in again once (and old remember-me cookies stop working).
- user_role.granted_at: when a role took effect; the second key of a decision must come from a
  chair who held the role before the decision was proposed. Existing roles count from the
  account's creation.
- role_change: an administrator's request to appoint or remove a chair, pending until a chair
  of the same side confirms; uq_role_change_one_pending allows one open request per person and
  role.
- proposal.conflict_domains: the participants' verified member e-mail domains at submission,
  the only basis of domain conflicts. Filled here for proposals already submitted, from their
  participants' members as they are now.
- proposal.ineligibility_marked_by_id/_at, ineligibility_confirmed_by_id/_at and the check
  ineligibility_two_keys. Proposals marked ineligible before this revision have no recorded
  marker: a chair marks them again and a chair of the other side confirms.

Revision ID: d7f1a2b3c4e5
Revises: c3a9e51f0d27
Create Date: 2026-12-02 15:40:00
"""
import json
import os

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = 'd7f1a2b3c4e5'
down_revision = 'c3a9e51f0d27'
branch_labels = None
depends_on = None

PENDING = sa.text("state = 'pending'")


def upgrade():
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('remember_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('remember_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('remember_hash', name=op.f('uq_user_session_remember_hash')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    op.create_table('role_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('applicant', 'reviewer', 'chair', 'admin', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('side', sa.Enum('US', 'CN', name='side', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('grant', sa.Boolean(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'confirmed', 'refused', 'cancelled', name='role_change_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_role_change_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_role_change_requested_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_role_change_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_change'))
    )
    with op.batch_alter_table('role_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_change_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_role_change_one_pending', ['user_id', 'role'], unique=True, sqlite_where=PENDING, postgresql_where=PENDING)

    with op.batch_alter_table('user_role', schema=None) as batch_op:
        batch_op.add_column(sa.Column('granted_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        'UPDATE user_role SET granted_at = '
        '(SELECT "user".created_at FROM "user" WHERE "user".id = user_role.user_id)'
    )
    with op.batch_alter_table('user_role', schema=None) as batch_op:
        batch_op.alter_column('granted_at', existing_type=sa.DateTime(timezone=True), nullable=False)

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conflict_domains', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column('ineligibility_marked_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ineligibility_marked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ineligibility_confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ineligibility_confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_proposal_ineligibility_marked_by_id_user'), 'user', ['ineligibility_marked_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_proposal_ineligibility_confirmed_by_id_user'), 'user', ['ineligibility_confirmed_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_proposal_ineligibility_two_keys'), 'ineligibility_confirmed_by_id IS NULL OR ineligibility_confirmed_by_id <> ineligibility_marked_by_id')
    _freeze_conflict_domains()


def _freeze_conflict_domains():
    """The verified member domains of every submitted proposal's participants, as the portal
    freezes them at submission from now on (app.organizations.domains holds the rule)."""
    from app.organizations import domains

    secretariat = domains.registrable_domains(
        os.environ.get(
            'SECRETARIAT_MAIL_DOMAINS', 'state.gov,ndrc.gov.cn,ecopartnerships.org'
        ).split(',')
    )
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        'SELECT p.id, u.email FROM proposal p '
        'JOIN participant pa ON pa.proposal_id = p.id AND pa.state <> \'declined\' '
        'JOIN organization_member m ON m.organization_id = pa.organization_id '
        'JOIN "user" u ON u.id = m.user_id AND u.email_confirmed_at IS NOT NULL '
        'WHERE p.state <> \'draft\''
    )).all()
    addresses = {}
    for proposal_id, email in rows:
        addresses.setdefault(proposal_id, []).append(email)
    for proposal_id, emails in addresses.items():
        found = domains.domains_of(emails, secretariat)
        if found:
            connection.execute(
                sa.text('UPDATE proposal SET conflict_domains = :d WHERE id = :id'),
                {'d': json.dumps(found), 'id': proposal_id},
            )


def downgrade():
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_proposal_ineligibility_two_keys'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_proposal_ineligibility_confirmed_by_id_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_proposal_ineligibility_marked_by_id_user'), type_='foreignkey')
        batch_op.drop_column('ineligibility_confirmed_at')
        batch_op.drop_column('ineligibility_confirmed_by_id')
        batch_op.drop_column('ineligibility_marked_at')
        batch_op.drop_column('ineligibility_marked_by_id')
        batch_op.drop_column('conflict_domains')

    with op.batch_alter_table('user_role', schema=None) as batch_op:
        batch_op.drop_column('granted_at')

    with op.batch_alter_table('role_change', schema=None) as batch_op:
        batch_op.drop_index('uq_role_change_one_pending', sqlite_where=PENDING, postgresql_where=PENDING)
        batch_op.drop_index(batch_op.f('ix_role_change_user_id'))
    op.drop_table('role_change')

    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))
    op.drop_table('user_session')
