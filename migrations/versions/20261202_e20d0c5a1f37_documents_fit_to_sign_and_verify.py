"""Documents fit to sign and send: postal addresses of organizations, the titles and offices the
co-chairs sign with, and the register of issued PDF files for the verification page.

Reviewed by hand:
- organization.street_address / postal_code: empty for every existing organization (never
  guessed); a letter then names the city and province only.
- user.title_en/_zh, office_en/_zh: empty for every existing account; a signature block then
  shows the name and side only.
- solicitation.unlisted_selections: partnerships a call selected that no record names (the
  2014 cohort's six, for one); 0 for every existing call. The demo sets it for its history.
- issued_document: one row per PDF file handed out, by the SHA-256 of its bytes (unique);
  `code` names the document (kind and record) as printed on it. Nothing to fill: files issued
  before this revision are registered the next time they are downloaded.

Revision ID: e20d0c5a1f37
Revises: a6c1e2d3f4b5
Create Date: 2026-12-02 22:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'e20d0c5a1f37'
down_revision = "a6c1e2d3f4b5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('street_address', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('postal_code', sa.String(length=20), nullable=False, server_default=''))
    with op.batch_alter_table('user', schema=None) as batch_op:
        for name in ('title_en', 'title_zh', 'office_en', 'office_zh'):
            batch_op.add_column(sa.Column(name, sa.String(length=200), nullable=False, server_default=''))
    # The defaults only filled the existing rows; the application sets the values from now on.
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.alter_column('street_address', server_default=None)
        batch_op.alter_column('postal_code', server_default=None)
    with op.batch_alter_table('user', schema=None) as batch_op:
        for name in ('title_en', 'title_zh', 'office_en', 'office_zh'):
            batch_op.alter_column(name, server_default=None)

    with op.batch_alter_table('solicitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unlisted_selections', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_check_constraint('unlisted_selections_not_negative', 'unlisted_selections >= 0')
    with op.batch_alter_table('solicitation', schema=None) as batch_op:
        batch_op.alter_column('unlisted_selections', server_default=None)

    op.create_table('issued_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('paper', sa.String(length=10), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revocation_reason', sa.Text(), nullable=False),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_issued_document_sha256_length')),
    sa.CheckConstraint('revoked_at IS NULL OR length(revocation_reason) > 0', name=op.f('ck_issued_document_revocation_has_reason')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user.id'], name=op.f('fk_issued_document_revoked_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_document')),
    sa.UniqueConstraint('sha256', name=op.f('uq_issued_document_sha256'))
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_document_code'), ['code'], unique=False)
        batch_op.create_index('ix_issued_document_record', ['kind', 'record_id'], unique=False)


def downgrade():
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index('ix_issued_document_record')
        batch_op.drop_index(batch_op.f('ix_issued_document_code'))
    op.drop_table('issued_document')
    with op.batch_alter_table('solicitation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_solicitation_unlisted_selections_not_negative'), type_='check')
        batch_op.drop_column('unlisted_selections')
    with op.batch_alter_table('user', schema=None) as batch_op:
        for name in ('office_zh', 'office_en', 'title_zh', 'title_en'):
            batch_op.drop_column(name)
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('postal_code')
        batch_op.drop_column('street_address')
