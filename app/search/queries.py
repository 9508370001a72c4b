"""What a search text finds: its terms, the words a misspelt term may stand for, and the
partnerships whose documents hold every term, with a rank (lower is better).

A term is a word between spaces, or a run of Chinese characters (written without spaces, so
"青海湿地" is one term and "Utah青海" two). A document matches a term when it holds it
anywhere, in either language, as a part of a word too ("wetland" finds "wetlands"). A term
nothing holds is not the end of the search (`_resolve`):

- an English term no word of the vocabulary contains may be misspelt: it also stands for the
  three vocabulary words most like it by trigram similarity (pg_trgm's, at least 0.3), so
  "Qinghia" finds Qinghai and "wetlnd" wetland;
- a Chinese term of three characters or more that no document holds stands for any of its
  character pairs: "湿地保户" still finds 湿地保护.

SQLite asks its FTS5 trigram tables (`app.search.models`) and ranks by bm25, the names
weighing ten times the rest; PostgreSQL asks pg_trgm's GIN indexes (``LIKE`` on the documents,
the ``%`` similarity operator on the vocabulary, both served by them) and ranks by where each
term first appears in the document, which opens with the names (`_postgresql_hits`). Two
characters are below a trigram: a Chinese pair is found as the pair and the space that follows
it in the document's list of pairs; any other term under three characters is looked for with a
plain LIKE, without an index.

Each search costs one statement for the terms' existence, one per misspelt term, then the
directory's own (count, page): the resolution is kept in the session until its next flush.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Subquery,
    and_,
    bindparam,
    column,
    event,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter, ColumnClause

from app.extensions import db
from app.search.documents import CJK
from app.search.models import SearchDocument

MAX_TERMS = 8
MIN_SIMILARITY = 0.3  # pg_trgm's default similarity threshold
CORRECTIONS = 3  # vocabulary words a misspelt term may stand for
CANDIDATES = 50  # vocabulary words sharing trigrams with it, compared one by one
TITLE_WEIGHT = 10.0  # bm25: a term in the names counts ten times one in the rest
_RESOLVED = "search.resolved"  # session.info: text → its resolved terms


@dataclass(frozen=True)
class Term:
    """A term of the search text and what may stand for it in a document: itself first, unless
    it holds one of the others (`_without_redundant`)."""

    text: str
    alternatives: tuple[str, ...]


def terms(text: str) -> list[str]:
    """The search text's terms, lower case, each once, at most `MAX_TERMS`."""
    found = [
        piece
        for chunk in text.lower().split()
        for piece in re.split(f"({CJK.pattern})", chunk)
        if piece
    ]
    return list(dict.fromkeys(found))[:MAX_TERMS]


def _is_chinese(term: str) -> bool:
    return CJK.fullmatch(term) is not None


def _indexed(term: str) -> bool:
    """Whether the trigram indexes can find `term` (else a plain LIKE looks for it)."""
    return len(term) >= 3 or (len(term) == 2 and _is_chinese(term))


def _misspellable(term: str) -> bool:
    return len(term) >= 3 and term.isalnum() and not term.isdigit() and not _is_chinese(term)


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity of two words: shared trigrams over all their trigrams."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second)


# --- each database's spelling -------------------------------------------------------------------


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _phrase(term: str) -> str:
    """`term` as an FTS5 string: a Chinese pair with the space that follows it in the list of
    pairs (`app.search.documents.cjk_pairs`)."""
    if len(term) == 2 and _is_chinese(term):
        term += " "
    return '"' + term.replace('"', '""') + '"'


def _pattern(term: str) -> str:
    """`term` as a LIKE pattern (``\\`` escapes); a Chinese pair as in `_phrase`."""
    escaped = re.sub(r"([\\%_])", r"\\\1", term)
    return f"%{escaped} %" if len(term) == 2 and _is_chinese(term) else f"%{escaped}%"


def _holds(column: ColumnElement[str], term: str) -> ColumnElement[bool]:
    """Whether `column` (in lower case, as the documents are) holds `term`."""
    pattern: BindParameter[str] = bindparam(None, _pattern(term), unique=True)
    return column.like(pattern, escape="\\")


def _exists_statement(term: str, *, sqlite: bool) -> str:
    """SQL that is 1 when `term` may be found as it is: in a vocabulary word if it could be
    misspelt, else in a document."""
    if _misspellable(term):
        if sqlite:
            return "SELECT 1 FROM search_word_index WHERE search_word_index MATCH :{} LIMIT 1"
        return "SELECT 1 FROM search_word WHERE word LIKE :{} ESCAPE '\\' LIMIT 1"
    if sqlite:
        return "SELECT 1 FROM search_document_index WHERE search_document_index MATCH :{} LIMIT 1"
    return "SELECT 1 FROM search_document WHERE body LIKE :{} ESCAPE '\\' LIMIT 1"


def _missing(session: Session, candidates: list[str]) -> set[str]:
    """Those of `candidates` that cannot be found as they are (one statement)."""
    if not candidates:
        return set()
    sqlite = _sqlite(session)
    parts, values = [], {}
    for n, term in enumerate(candidates):
        parts.append(f"({_exists_statement(term, sqlite=sqlite).format(f't{n}')})")
        values[f"t{n}"] = _phrase(term) if sqlite else _pattern(term)
    row = session.execute(text("SELECT " + ", ".join(parts)), values).one()
    return {term for term, found in zip(candidates, row, strict=True) if found is None}


def _corrections(session: Session, term: str) -> list[str]:
    """The vocabulary words `term` may be a misspelling of, most alike first."""
    if _sqlite(session):
        shared = " OR ".join(_phrase(t) for t in sorted(trigrams(term)) if " " not in t)
        if not shared:
            return []
        statement = text(
            "SELECT search_word.word, search_word.documents FROM search_word_index "
            "JOIN search_word ON search_word.rowid = search_word_index.rowid "
            "WHERE search_word_index MATCH :shared ORDER BY search_word_index.rank LIMIT :n"
        ).bindparams(shared=shared, n=CANDIDATES)
    else:
        statement = text(
            "SELECT word, documents FROM search_word WHERE word % :term "
            "ORDER BY similarity(word, :term) DESC, documents DESC LIMIT :n"
        ).bindparams(term=term, n=CANDIDATES)
    scored = [
        (similarity(term, word), documents, word) for word, documents in session.execute(statement)
    ]
    alike = sorted((s for s in scored if s[0] >= MIN_SIMILARITY), reverse=True)
    return [word for _score, _documents, word in alike[:CORRECTIONS]]


def _resolve(session: Session, text_: str) -> list[Term]:
    """The terms of `text_` with what may stand for each, remembered until the next flush."""
    remembered: dict[str, list[Term]] = session.info.setdefault(_RESOLVED, {})
    if text_ in remembered:
        return remembered[text_]
    asked = terms(text_)
    missing = _missing(
        session, [t for t in asked if _misspellable(t) or (_is_chinese(t) and len(t) >= 3)]
    )
    resolved = []
    for term in asked:
        alternatives = [term]
        if term in missing and _is_chinese(term):
            alternatives += [term[i : i + 2] for i in range(len(term) - 1)]
        elif term in missing:
            alternatives += _corrections(session, term)
        resolved.append(Term(term, _without_redundant(alternatives)))
    remembered[text_] = resolved
    return resolved


def _without_redundant(alternatives: list[str]) -> tuple[str, ...]:
    """`alternatives` less those holding another (a document holding "wetlands" holds
    "wetland"): each costs the index a lookup and the rank a score, and finds nothing more."""
    unique = list(dict.fromkeys(alternatives))
    return tuple(a for a in unique if not any(b != a and b in a for b in unique))


@event.listens_for(Session, "after_flush")
def _forget_resolved(session: Session, _flush: object) -> None:
    session.info.pop(_RESOLVED, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_transaction_end(session: Session, _transaction: object) -> None:
    session.info.pop(_RESOLVED, None)


# --- the hits -----------------------------------------------------------------------------------


_DOCUMENT_INDEX = table("search_document_index", column("rowid"), column("body"))


def _sqlite_hits(resolved: list[Term]) -> Subquery:
    index: ColumnClause[Any] = literal_column("search_document_index")
    indexed = [t for t in resolved if all(_indexed(a) for a in t.alternatives)]
    unindexed = [t for t in resolved if t not in indexed]
    if indexed:
        match = " AND ".join(
            "(" + " OR ".join(_phrase(a) for a in t.alternatives) + ")" for t in indexed
        )
        statement = select(
            _DOCUMENT_INDEX.c.rowid.label("partnership_id"),
            func.bm25(index, TITLE_WEIGHT, 1.0).label("rank"),
        ).where(index.op("MATCH")(bindparam(None, match, unique=True)))
        body: ColumnElement[str] = _DOCUMENT_INDEX.c.body
    else:
        statement = select(
            SearchDocument.partnership_id, literal(0.0, Float).label("rank")
        ).select_from(SearchDocument)
        body = SearchDocument.body.expression
    for term in unindexed:
        statement = statement.where(or_(*(_holds(body, a) for a in term.alternatives)))
    return statement.subquery("search_hits")


def _postgresql_hits(resolved: list[Term]) -> Subquery:
    # Ranked by where each term first appears: the document opens with the names, then the
    # goals, the descriptions, the organizations, places and focus areas. word_similarity over
    # every match was the other way, and cost 60–130 ms for 1,500 matches at 10,000
    # partnerships, more than the budget of the whole search.
    body = SearchDocument.body.expression
    first = [
        func.least(*(func.nullif(func.strpos(body, a), 0) for a in t.alternatives))
        for t in resolved
    ]
    return (
        select(SearchDocument.partnership_id, sum(first[1:], first[0]).label("rank"))
        .where(and_(*(or_(*(_holds(body, a) for a in t.alternatives)) for t in resolved)))
        .subquery("search_hits")
    )


def search_hits(text_: str) -> Subquery | None:
    """The partnerships whose documents hold every term of `text_` (each or what may stand for
    it), as (``partnership_id``, ``rank``), lower ranks first; None when `text_` has no term."""
    session = db.session()
    resolved = _resolve(session, text_)
    if not resolved:
        return None
    return _sqlite_hits(resolved) if _sqlite(session) else _postgresql_hits(resolved)
