"""The partner finder's index (issue 18): what the ranking reads of every organization.

Reviewed by hand:
- finder_profile (organization_id, country, type, subdivision_code, focus_mask, length_en,
  length_zh): one narrow row per organization, scanned by the ranking; indexed by country.
- finder_term (language, term, organization_id, country, frequency, document_length, impact):
  the BM25 postings, keyed by (language, term) first so that candidates' exact scores read
  them by key; ix_finder_term_postings (language, country, term, impact, organization_id) reads a term's
  weightiest postings among one country's documents first; indexed by organization for
  rewriting one organization's terms.
- finder_term_stat (language, country, term, documents) and finder_corpus (language, country,
  documents, total_length): the counts IDF and the average length come from.
- All four are written only by app.finder.index, after every flush that changes what the
  finder reads. Derived data, so no foreign key (the hook reads a deleted organization's terms
  before removing them).
- Data: every organization's entries are written from the records (app.finder.index.reindex,
  the one place that knows the tokenizers); PostgreSQL's statistics of the new tables are
  refreshed after (a bulk load).

Revision ID: a4e8c1f5b7d2
Revises: 353c2dec9d07
Create Date: 2026-12-03 13:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'a4e8c1f5b7d2'
down_revision = '353c2dec9d07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'finder_profile',
        sa.Column('organization_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('type', sa.String(length=32), nullable=False),
        sa.Column('subdivision_code', sa.String(length=8), nullable=False),
        sa.Column('focus_mask', sa.Integer(), nullable=False),
        sa.Column('length_en', sa.Integer(), nullable=False),
        sa.Column('length_zh', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('organization_id', name=op.f('pk_finder_profile')),
    )
    op.create_index(op.f('ix_finder_profile_country'), 'finder_profile', ['country'])
    op.create_table(
        'finder_term',
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('term', sa.String(length=40), nullable=False),
        sa.Column('organization_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('frequency', sa.Integer(), nullable=False),
        sa.Column('document_length', sa.Integer(), nullable=False),
        sa.Column('impact', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('language', 'term', 'organization_id',
                                name=op.f('pk_finder_term')),
    )
    op.create_index(op.f('ix_finder_term_organization_id'), 'finder_term', ['organization_id'])
    op.create_index('ix_finder_term_postings', 'finder_term',
                    ['language', 'country', 'term', 'impact', 'organization_id'])
    op.create_table(
        'finder_term_stat',
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('term', sa.String(length=40), nullable=False),
        sa.Column('documents', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('language', 'country', 'term',
                                name=op.f('pk_finder_term_stat')),
    )
    op.create_table(
        'finder_corpus',
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('documents', sa.Integer(), nullable=False),
        sa.Column('total_length', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('language', 'country', name=op.f('pk_finder_corpus')),
    )

    from app.finder.index import analyze, reindex

    reindex(op.get_bind())
    analyze(op.get_bind())


def downgrade():
    op.drop_table('finder_corpus')
    op.drop_table('finder_term_stat')
    op.drop_index('ix_finder_term_postings', table_name='finder_term')
    op.drop_index(op.f('ix_finder_term_organization_id'), table_name='finder_term')
    op.drop_table('finder_term')
    op.drop_index(op.f('ix_finder_profile_country'), table_name='finder_profile')
    op.drop_table('finder_profile')
