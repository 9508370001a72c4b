"""The search index's tables: a document per partnership and the vocabulary of every document.

Both are written only by `app.search.documents`. Each database indexes them its own way:

- SQLite: two FTS5 tables with the trigram tokenizer (any three characters, so Chinese as well
  as English), kept by triggers from their content tables (FTS5's "external content"):
  ``search_document_index`` over (title, body), ranked by bm25, and ``search_word_index`` over
  the vocabulary, where a misspelt word finds the words it shares trigrams with.
- PostgreSQL: pg_trgm's GIN trigram indexes on ``search_document.body`` (``LIKE``: substring
  matches) and on ``search_word.word`` (the ``%`` similarity operator).

The FTS5 tables are not models (SQLAlchemy cannot describe a virtual table): they are created
and dropped with their content tables here, by ``create_all``/``drop_all``, and by the
migration that introduced them, whose SQL is the same (tests/test_migrations.py compares the
two).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import DDL, Integer, String, Table, Text, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model

WORD_LENGTH = 40  # longer "words" (a web address, a code) are not worth correcting


class SearchDocument(Model):
    """What a search reads of one partnership: `title` its names, `body` everything else it is
    found by (goals, descriptions, its organizations and their places, its focus areas), each
    in both languages, followed by the Chinese character pairs of each (`documents.cjk_pairs`);
    in lower case."""

    __tablename__ = "search_document"

    # No foreign key: the document is derived data, removed by the hook after the partnership,
    # which first reads the words it held (a cascade would remove it before).
    partnership_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class SearchWord(Model):
    """A word of the documents (lower case, letters and digits) and how many documents hold it:
    what a misspelt word is corrected to. A word no document holds any more is removed."""

    __tablename__ = "search_word"

    word: Mapped[str] = mapped_column(String(WORD_LENGTH), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)


# --- SQLite's FTS5 tables and the triggers that fill them ----------------------------------------

SQLITE_DOCUMENT_INDEX = (
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
)
SQLITE_WORD_INDEX = (
    "CREATE VIRTUAL TABLE search_word_index USING fts5(word, "
    "content='search_word', tokenize='trigram')",
    "CREATE TRIGGER search_word_added AFTER INSERT ON search_word BEGIN "
    "INSERT INTO search_word_index(rowid, word) VALUES (new.rowid, new.word); END",
    "CREATE TRIGGER search_word_removed AFTER DELETE ON search_word BEGIN "
    "INSERT INTO search_word_index(search_word_index, rowid, word) "
    "VALUES ('delete', old.rowid, old.word); END",
)
# The virtual tables and the shadow tables FTS5 keeps for each: not models, so Alembic's
# comparison of the database with the models leaves them out (migrations/env.py).
SQLITE_INDEX_TABLES = frozenset(
    f"{index}{suffix}"
    for index in ("search_document_index", "search_word_index")
    for suffix in ("", "_data", "_idx", "_docsize", "_config", "_content")
)
POSTGRESQL_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
# pg_trgm's GIN indexes, made by DDL rather than declared: Alembic would compare them with
# SQLite's schema too, where they cannot exist.
POSTGRESQL_INDEXES = {
    "ix_search_document_body_trgm": "CREATE INDEX ix_search_document_body_trgm "
    "ON search_document USING gin (body gin_trgm_ops)",
    "ix_search_word_word_trgm": "CREATE INDEX ix_search_word_word_trgm "
    "ON search_word USING gin (word gin_trgm_ops)",
}


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic's filter of what it compares with the models: all but the trigram indexes."""
    return not (
        (type_ == "table" and name in SQLITE_INDEX_TABLES)
        or (type_ == "index" and name in POSTGRESQL_INDEXES)
    )


def _sqlite_index(statements: tuple[str, ...]) -> Callable[..., None]:
    def create(target: Table, connection: Connection, **_kw: object) -> None:
        if connection.dialect.name == "sqlite":
            for statement in statements:
                connection.exec_driver_sql(statement)

    return create


def _sqlite_drop(index: str) -> Callable[..., None]:
    def drop(target: Table, connection: Connection, **_kw: object) -> None:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {index}")

    return drop


for _model, _statements, _index in (
    (SearchDocument, SQLITE_DOCUMENT_INDEX, "search_document_index"),
    (SearchWord, SQLITE_WORD_INDEX, "search_word_index"),
):
    event.listen(_model.__table__, "after_create", _sqlite_index(_statements))
    event.listen(_model.__table__, "before_drop", _sqlite_drop(_index))
event.listen(
    Model.metadata, "before_create", DDL(POSTGRESQL_EXTENSION).execute_if(dialect="postgresql")
)
for _model, _index in ((SearchDocument, "ix_search_document_body_trgm"),
                       (SearchWord, "ix_search_word_word_trgm")):  # fmt: skip
    event.listen(
        _model.__table__,
        "after_create",
        DDL(POSTGRESQL_INDEXES[_index]).execute_if(dialect="postgresql"),
    )
