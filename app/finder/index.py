"""The finder's index kept in step with the organizations, and the one hook that does it.

After every flush, `_reindex_after_flush` looks at what the flush changed that the finder
reads: an organization added or deleted, its names, descriptions, country, type or place
changed, a focus area added or removed. It rewrites those organizations' profile and terms and
the counts of the terms and of the corpus, on the flush's own connection: the same transaction
already ranks with what it wrote, and a rollback takes it back. Nothing is rebuilt per request
or per change of another organization.

Bulk INSERTs bypass the ORM's flush (the synthetic data set): whoever makes them calls
`reindex` afterwards (``flask seed-demo --scale`` does; so does the migration that made the
tables), which writes the whole index in bulk (``COPY`` on PostgreSQL; for the load, with the
tables' indexes built once the rows are in: `app.bulk`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import Any

from sqlalchemy import Connection, delete, event, insert, inspect, select, text
from sqlalchemy.orm import InstanceState, Session, UOWTransaction

from app import bulk
from app.finder.models import (
    LANGUAGES,
    FinderCorpus,
    FinderProfile,
    FinderTerm,
    FinderTermStat,
    focus_mask,
    saturation,
)
from app.finder.text import document, term_frequencies
from app.organizations.models import Organization, OrganizationFocusArea

# What the finder reads of an organization (its focus areas too: removed ones are deleted as
# orphans only during the flush).
_WATCHED = (
    *("name_en", "name_zh", "description", "description_zh"),
    *("country", "type", "subdivision_code", "focus_areas"),
)
_BATCH = 1_000  # organizations read and written per round trip
_TABLES = tuple(
    model.__tablename__ for model in (FinderProfile, FinderTerm, FinderTermStat, FinderCorpus)
)


def _chunks(ids: Iterable[int], size: int = _BATCH) -> Iterator[list[int]]:
    iterator = iter(sorted(ids))
    while chunk := list(islice(iterator, size)):
        yield chunk


def _averages(connection: Connection) -> dict[tuple[str, str], float]:
    """Each (language, country)'s average document length, as the corpus stands."""
    return {
        (language, country): total / documents
        for language, country, documents, total in connection.execute(
            select(
                FinderCorpus.language,
                FinderCorpus.country,
                FinderCorpus.documents,
                FinderCorpus.total_length,
            )
        )
        if documents
    }


def _entries(
    connection: Connection,
    ids: Sequence[int] | None,
    averages: dict[tuple[str, str], float] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The profile rows and term rows of the organizations `ids` (every one when None), read in
    two queries; the terms' impact with `averages` (the documents' own when None)."""
    organizations = select(
        Organization.id,
        Organization.country,
        Organization.type,
        Organization.subdivision_code,
        Organization.name_en,
        Organization.description,
        Organization.name_zh,
        Organization.description_zh,
    )
    areas = select(OrganizationFocusArea.organization_id, OrganizationFocusArea.focus_area)
    if ids is not None:
        organizations = organizations.where(Organization.id.in_(ids))
        areas = areas.where(OrganizationFocusArea.organization_id.in_(ids))
    held: dict[int, list[str]] = {}
    for organization_id, area in connection.execute(areas):
        held.setdefault(organization_id, []).append(area)
    profiles: list[dict[str, Any]] = []
    postings: list[dict[str, Any]] = []
    for organization_id, country, kind, code, *texts in connection.execute(organizations):
        lengths = {}
        for language, (name, description) in zip(LANGUAGES, (texts[0:2], texts[2:4]), strict=True):
            counts = term_frequencies(document(name or "", description or ""), language)
            length = sum(counts.values())
            lengths[language] = length
            postings.extend(
                {
                    "language": language,
                    "term": term,
                    "organization_id": organization_id,
                    "country": str(country),
                    "frequency": frequency,
                    "document_length": length,
                    "impact": frequency,  # weighed below, once every length is known
                }
                for term, frequency in counts.items()
            )
        profiles.append(
            {
                "organization_id": organization_id,
                "country": str(country),
                "type": str(kind),
                "subdivision_code": code,
                "focus_mask": focus_mask(held.get(organization_id, ())),
                "length_en": lengths["en"],
                "length_zh": lengths["zh"],
            }
        )
    if averages is None:
        totals: Counter[tuple[str, str]] = Counter()
        documents: Counter[tuple[str, str]] = Counter()
        for row in profiles:
            for language in LANGUAGES:
                if length := row[f"length_{language}"]:
                    totals[(language, row["country"])] += length
                    documents[(language, row["country"])] += 1
        averages = {key: totals[key] / documents[key] for key in documents}
    for row in postings:
        average = averages.get((row["language"], row["country"]), row["document_length"])
        row["impact"] = saturation(row["frequency"], row["document_length"], average)
    return profiles, postings


Key = tuple[str, str, str]  # (language, country, term)


def _count(
    connection: Connection, terms: Counter[Key], corpus: Counter[tuple[str, str, str]]
) -> None:
    """Add `terms` ((language, country, term) → documents) to the terms' counts, removing the
    terms no document holds any more, and `corpus` ((language, country, "documents" or
    "length") → change) to the corpus."""
    terms = Counter({key: n for key, n in terms.items() if n})
    if terms:
        connection.execute(
            text(
                "INSERT INTO finder_term_stat (language, country, term, documents) "
                "VALUES (:language, :country, :term, :n) ON CONFLICT (language, country, term) "
                "DO UPDATE SET documents = finder_term_stat.documents + excluded.documents"
            ),
            [
                {"language": language, "country": country, "term": term, "n": n}
                for (language, country, term), n in terms.items()
            ],
        )
        if any(n < 0 for n in terms.values()):
            connection.execute(delete(FinderTermStat).where(FinderTermStat.documents <= 0))
    keys = {(language, country) for language, country, _what in corpus}
    changes = [
        {
            "language": language,
            "country": country,
            "n": corpus[(language, country, "documents")],
            "length": corpus[(language, country, "length")],
        }
        for language, country in sorted(keys)
    ]
    changes = [change for change in changes if change["n"] or change["length"]]
    if changes:
        connection.execute(
            text(
                "INSERT INTO finder_corpus (language, country, documents, total_length) "
                "VALUES (:language, :country, :n, :length) "
                "ON CONFLICT (language, country) DO UPDATE SET "
                "documents = finder_corpus.documents + excluded.documents, "
                "total_length = finder_corpus.total_length + excluded.total_length"
            ),
            changes,
        )
        if any(corpus[(lang, country, "documents")] < 0 for lang, country in keys):  # no empty rows
            connection.execute(delete(FinderCorpus).where(FinderCorpus.documents <= 0))


def reindex_organizations(connection: Connection, ids: Iterable[int]) -> None:
    """Rewrite the profile and terms of the organizations `ids` (removing those of
    organizations that no longer exist), and the counts with them."""
    averages = None
    for chunk in _chunks(set(ids)):
        terms: Counter[Key] = Counter()
        corpus: Counter[tuple[str, str, str]] = Counter()
        for language, country, term in connection.execute(
            select(FinderTerm.language, FinderTerm.country, FinderTerm.term).where(
                FinderTerm.organization_id.in_(chunk)
            )
        ):
            terms[(language, country, term)] -= 1
        for row in connection.execute(
            select(FinderProfile.country, FinderProfile.length_en, FinderProfile.length_zh).where(
                FinderProfile.organization_id.in_(chunk)
            )
        ):
            for language in LANGUAGES:
                if length := getattr(row, f"length_{language}"):
                    corpus[(language, row.country, "documents")] -= 1
                    corpus[(language, row.country, "length")] -= length
        averages = averages if averages is not None else _averages(connection)
        profiles, postings = _entries(connection, chunk, averages)
        for posting in postings:
            terms[(posting["language"], posting["country"], posting["term"])] += 1
        for profile in profiles:
            for language in LANGUAGES:
                if length := profile[f"length_{language}"]:
                    corpus[(language, profile["country"], "documents")] += 1
                    corpus[(language, profile["country"], "length")] += length
        connection.execute(delete(FinderTerm).where(FinderTerm.organization_id.in_(chunk)))
        connection.execute(delete(FinderProfile).where(FinderProfile.organization_id.in_(chunk)))
        if profiles:
            connection.execute(insert(FinderProfile), profiles)
        if postings:
            connection.execute(insert(FinderTerm), postings)
        _count(connection, terms, corpus)


def reindex(connection: Connection, *, build_indexes_after: bool = False) -> int:
    """Write the whole index again from the organizations, in bulk; how many organizations.
    In the connection's transaction: the caller commits (and, after a bulk load on PostgreSQL,
    analyzes). With `build_indexes_after`, PostgreSQL builds the tables' indexes once the rows
    are written (`app.bulk.indexes_built_after`: the tables are locked until the commit)."""
    for model in (FinderTerm, FinderTermStat, FinderCorpus, FinderProfile):
        connection.execute(delete(model))
    if build_indexes_after:
        with bulk.indexes_built_after(connection, *_TABLES):
            return _write_all(connection)
    return _write_all(connection)


def _write_all(connection: Connection) -> int:
    profiles, postings = _entries(connection, None)
    terms: Counter[Key] = Counter(
        (row["language"], row["country"], row["term"]) for row in postings
    )
    corpus: Counter[tuple[str, str, str]] = Counter()
    for profile in profiles:
        for language in LANGUAGES:
            if length := profile[f"length_{language}"]:
                corpus[(language, profile["country"], "documents")] += 1
                corpus[(language, profile["country"], "length")] += length
    bulk.write_rows(connection, FinderProfile, profiles)
    bulk.write_rows(connection, FinderTerm, postings)
    bulk.write_rows(
        connection,
        FinderTermStat,
        [
            {"language": language, "country": country, "term": term, "documents": n}
            for (language, country, term), n in terms.items()
        ],
    )
    keys = sorted({(language, country) for language, country, _what in corpus})
    bulk.write_rows(
        connection,
        FinderCorpus,
        [
            {
                "language": language,
                "country": country,
                "documents": corpus[(language, country, "documents")],
                "total_length": corpus[(language, country, "length")],
            }
            for language, country in keys
        ],
    )
    return len(profiles)


def analyze(connection: Connection) -> None:
    """Refresh the statistics of the index's tables after a bulk load (PostgreSQL's manual,
    "Populating a Database"; autovacuum does it soon after in a deployment)."""
    if connection.dialect.name == "postgresql":
        for table in _TABLES:
            connection.execute(text(f"ANALYZE {table}"))


# --- the hook -------------------------------------------------------------------------------------


def _changed(instance: Organization) -> bool:
    state: InstanceState[Organization] = inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in _WATCHED)


def _touched(session: Session) -> set[int]:
    """The organizations whose entries the flush changed."""
    ids: set[int] = set()
    for instance in chain(session.new, session.dirty, session.deleted):
        if isinstance(instance, Organization) and (
            instance in session.new or instance in session.deleted or _changed(instance)
        ):
            ids.add(instance.id)
        elif isinstance(instance, OrganizationFocusArea):
            ids.add(instance.organization_id)
    ids.discard(None)  # type: ignore[arg-type]
    return ids


@event.listens_for(Session, "after_flush")
def _reindex_after_flush(session: Session, _flush: UOWTransaction) -> None:
    """Rewrite the entries the flush changed, before anything else reads them."""
    ids = _touched(session)
    if ids:
        reindex_organizations(session.connection(), ids)
