"""Full-text search of the partnerships (issue 21): a search document per partnership and the
vocabulary of all of them, indexed by trigrams.

Reviewed by hand:
- search_document (partnership_id, title, body) and search_word (word, documents): written only
  by app.search.documents, after every flush that changes what a document shows. Derived
  data, so no foreign key: the hook reads a deleted partnership's document before removing it.
- SQLite: FTS5 tables with the trigram tokenizer over both (external content, kept by
  triggers): search_document_index (title, body) and search_word_index (word). The SQL is the
  same as app/search/models.py's, which create_all runs; tests/test_migrations.py compares them.
- PostgreSQL: the pg_trgm extension (a trusted extension: the database's owner may create it)
  and GIN trigram indexes on search_document.body and search_word.word. Downgrade leaves the
  extension, which other databases' objects may use.
- Data: every partnership's document is written from the records (app.search.documents.reindex,
  the one place that knows what a document holds: its focus areas' names in both languages and
  its places' names come from the code, not from the database). About 10 s at 10,000
  partnerships on SQLite.

Revision ID: f7a3c2e9d1b4
Revises: c5b7d9e1f2a4
Create Date: 2026-12-03 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'f7a3c2e9d1b4'
down_revision = 'c5b7d9e1f2a4'
branch_labels = None
depends_on = None

SQLITE = (
    "CREATE VIRTUAL TABLE search_document_index USING fts5(title, body, "
    "content='search_document', content_rowid='partnership_id', tokenize='trigram')",
    "CREATE TRIGGER search_document_added AFTER INSERT ON search_document BEGIN "
    "INSERT INTO search_document_index(rowid, title, body) "
    "VALUES (new.partnership_id, new.title, new.body); END",
    "CREATE TRIGGER search_document_removed AFTER DELETE ON search_document BEGIN "
    "INSERT INTO search_document_index(search_document_index, rowid, title, body) "
    "VALUES ('delete', old.partnership_id, old.title, old.body); END",
    "CREATE TRIGGER search_document_changed AFTER UPDATE ON search_document BEGIN "
    "INSERT INTO search_document_index(search_document_index, rowid, title, body) "
    "VALUES ('delete', old.partnership_id, old.title, old.body); "
    "INSERT INTO search_document_index(rowid, title, body) "
    "VALUES (new.partnership_id, new.title, new.body); END",
    "CREATE VIRTUAL TABLE search_word_index USING fts5(word, "
    "content='search_word', tokenize='trigram')",
    "CREATE TRIGGER search_word_added AFTER INSERT ON search_word BEGIN "
    "INSERT INTO search_word_index(rowid, word) VALUES (new.rowid, new.word); END",
    "CREATE TRIGGER search_word_removed AFTER DELETE ON search_word BEGIN "
    "INSERT INTO search_word_index(search_word_index, rowid, word) "
    "VALUES ('delete', old.rowid, old.word); END",
)


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        'search_document',
        sa.Column('partnership_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('partnership_id', name=op.f('pk_search_document')),
    )
    op.create_table(
        'search_word',
        sa.Column('word', sa.String(length=40), nullable=False),
        sa.Column('documents', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('word', name=op.f('pk_search_word')),
    )
    if sqlite:
        for statement in SQLITE:
            op.execute(statement)
    else:
        op.execute("CREATE INDEX ix_search_document_body_trgm "
                   "ON search_document USING gin (body gin_trgm_ops)")
        op.execute("CREATE INDEX ix_search_word_word_trgm "
                   "ON search_word USING gin (word gin_trgm_ops)")

    from app.search.documents import reindex

    reindex(op.get_bind())


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_word_index")
        op.execute("DROP TABLE search_document_index")
    else:
        op.drop_index('ix_search_word_word_trgm', table_name='search_word')
        op.drop_index('ix_search_document_body_trgm', table_name='search_document')
    op.drop_table('search_word')
    op.drop_table('search_document')
