"""A partnership's search document, and the one hook that keeps every document in step.

After every flush, `_reindex_after_flush` looks at what the flush changed that a document
shows: a partnership's names, goals or descriptions, a partnership added or deleted, a
participant or focus area added or removed, an organization renamed or moved. It rewrites the
documents of the partnerships concerned, and the vocabulary's counts, on the flush's own
connection, so the same transaction already finds what it wrote and a rollback takes it back.
Bulk INSERTs bypass the ORM's flush (the synthetic data set): whoever makes them calls
`reindex` afterwards (``flask seed-demo --scale`` does, with the tables' indexes built once
the rows are in, `app.bulk`; and ``flask reindex-search`` can, leaving them in place for the
searches that go on meanwhile).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from flask_babel import force_locale
from sqlalchemy import Connection, delete, event, insert, inspect, select, text
from sqlalchemy.orm import InstanceState, Session, UOWTransaction

from app import bulk
from app.focus_areas import FocusArea
from app.organizations.models import Organization
from app.organizations.subdivisions import subdivision
from app.partnerships.models import Partnership, PartnershipFocusArea, PartnershipParticipant
from app.search.models import WORD_LENGTH, SearchDocument, SearchWord

# Chinese, Japanese and Korean ideographs: written without spaces between words.
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+")
# What a document shows of each record (a partnership's collections too: a participant
# removed from one is deleted as an orphan only during the flush).
_SEARCHABLE: dict[type, tuple[str, ...]] = {
    Partnership: (
        *("name_en", "name_zh", "goal_en", "goal_zh", "description_en", "description_zh"),
        *("participants", "focus_areas"),
    ),
    Organization: ("name_en", "name_zh", "city", "subdivision_code"),
}
_INDEXES = ("search_document_index", "search_word_index")
_TABLES = (SearchDocument.__tablename__, SearchWord.__tablename__)
_BATCH = 500  # partnerships read and written per round trip


def cjk_pairs(text: str) -> str:
    """Every pair of neighbouring Chinese characters in `text`, once each, each followed by a
    space: "青海湖" gives "青海 海湖 ". A trigram index then finds a two-character word such as
    湿地 or 青海 as the three characters "湿地 " (`app.search.queries`)."""
    pairs = dict.fromkeys(run[i : i + 2] for run in CJK.findall(text) for i in range(len(run) - 1))
    return "".join(f"{pair} " for pair in pairs)


def words(text: str) -> set[str]:
    """The words of `text` a misspelling may be corrected to: lower case, in letters and digits,
    three characters or more, and no Chinese (whose words are not spelt)."""
    return {
        word
        for word in _WORD.findall(CJK.sub(" ", text.lower()))
        if 3 <= len(word) <= WORD_LENGTH and not word.isdigit()
    }


def _labels() -> dict[FocusArea, str]:
    labels: dict[FocusArea, list[str]] = {area: [] for area in FocusArea}
    for locale in ("en", "zh_Hans"):
        with force_locale(locale):
            for area in FocusArea:
                labels[area].append(area.label)
    return {area: " ".join(names) for area, names in labels.items()}


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    iterator = iter(sorted(ids))
    while chunk := list(islice(iterator, _BATCH)):
        yield chunk


def _documents(connection: Connection, ids: list[int] | None) -> list[dict[str, object]]:
    """The documents of the partnerships `ids` (those that exist; every one when None), read in
    three queries."""
    partnerships = select(
        Partnership.id,
        Partnership.name_en,
        Partnership.name_zh,
        Partnership.goal_en,
        Partnership.goal_zh,
        Partnership.description_en,
        Partnership.description_zh,
    ).order_by(Partnership.id)
    participants = (
        select(
            PartnershipParticipant.partnership_id,
            Organization.name_en,
            Organization.name_zh,
            Organization.city,
            Organization.subdivision_code,
        )
        .join(Organization, Organization.id == PartnershipParticipant.organization_id)
        .order_by(PartnershipParticipant.partnership_id, Organization.name_en)
    )
    focus_areas = select(PartnershipFocusArea.partnership_id, PartnershipFocusArea.focus_area)
    if ids is not None:
        partnerships = partnerships.where(Partnership.id.in_(ids))
        participants = participants.where(PartnershipParticipant.partnership_id.in_(ids))
        focus_areas = focus_areas.where(PartnershipFocusArea.partnership_id.in_(ids))
    organizations: dict[int, list[str]] = defaultdict(list)
    for partnership_id, name_en, name_zh, city, code in connection.execute(participants):
        place = subdivision(code)
        places = f"{place.name_en} {place.name_zh}" if place else code
        organizations[partnership_id].append(f"{name_en} {name_zh} {city} {places}")
    labels = _labels()
    areas: dict[int, list[str]] = defaultdict(list)
    for partnership_id, area in connection.execute(focus_areas):
        areas[partnership_id].append(labels[FocusArea(area)])
    documents = []
    for partnership_id, name_en, name_zh, *texts in connection.execute(partnerships):
        title = f"{name_en}\n{name_zh}"
        # The names again: the body alone is everything a document is found by (PostgreSQL's
        # one trigram index), the title what ranks first.
        body = "\n".join(
            t for t in (title, *texts, *organizations[partnership_id], *areas[partnership_id]) if t
        )
        # In lower case: searches are, and PostgreSQL's LIKE is three times faster than ILIKE.
        documents.append(
            {
                "partnership_id": partnership_id,
                "title": f"{title}\n{cjk_pairs(title)}".lower(),
                "body": f"{body}\n{cjk_pairs(body)}".lower(),
            }
        )
    return documents


def _words_of(document: dict[str, object]) -> set[str]:
    return words(f"{document['title']}\n{document['body']}")


def _count_words(connection: Connection, change: Counter[str]) -> None:
    """Add `change` to the vocabulary's counts; remove the words no document holds any more."""
    change = Counter({word: n for word, n in change.items() if n})
    if not change:
        return
    connection.execute(
        text(
            "INSERT INTO search_word (word, documents) VALUES (:word, :n) ON CONFLICT (word) "
            "DO UPDATE SET documents = search_word.documents + excluded.documents"
        ),
        [{"word": word, "n": n} for word, n in change.items()],
    )
    fewer = [word for word, n in change.items() if n < 0]
    for chunk in (fewer[i : i + _BATCH] for i in range(0, len(fewer), _BATCH)):
        connection.execute(
            delete(SearchWord).where(SearchWord.word.in_(chunk), SearchWord.documents <= 0)
        )


def reindex_partnerships(connection: Connection, ids: Iterable[int]) -> None:
    """Rewrite the documents of the partnerships `ids` (removing those of partnerships that no
    longer exist) and the vocabulary's counts with them."""
    for chunk in _chunks(set(ids)):
        old = connection.execute(
            select(SearchDocument.title, SearchDocument.body).where(
                SearchDocument.partnership_id.in_(chunk)
            )
        ).all()
        new = _documents(connection, chunk)
        change: Counter[str] = Counter()
        for title, body in old:
            change.subtract(words(f"{title}\n{body}"))
        for document in new:
            change.update(_words_of(document))
        connection.execute(delete(SearchDocument).where(SearchDocument.partnership_id.in_(chunk)))
        if new:
            connection.execute(insert(SearchDocument), new)
        _count_words(connection, change)


def reindex(connection: Connection, *, build_indexes_after: bool = False) -> int:
    """Write every partnership's document and the whole vocabulary again, from the records;
    how many documents. In the connection's transaction: the caller commits. With
    `build_indexes_after`, PostgreSQL builds the tables' indexes once the rows are written
    (`app.bulk.indexes_built_after`: the tables are locked until the commit)."""
    connection.execute(delete(SearchDocument))
    connection.execute(delete(SearchWord))
    if build_indexes_after:
        with bulk.indexes_built_after(connection, *_TABLES):
            count = _write_all(connection)
    else:
        count = _write_all(connection)
    if connection.dialect.name == "sqlite":  # merge the index's segments, as after any bulk load
        for index in _INDEXES:
            connection.exec_driver_sql(f"INSERT INTO {index}({index}) VALUES ('optimize')")  # noqa: S608
    return count


def _write_all(connection: Connection) -> int:
    """Every document and the vocabulary of them all, into the emptied tables, each table in
    one go (`app.bulk.write_rows`); how many documents."""
    documents = _documents(connection, None)
    vocabulary: Counter[str] = Counter()
    for document in documents:
        vocabulary.update(_words_of(document))
    bulk.write_rows(connection, SearchDocument, documents)
    bulk.write_rows(
        connection,
        SearchWord,
        [{"word": word, "documents": n} for word, n in sorted(vocabulary.items())],
    )
    return len(documents)


# --- the hook -------------------------------------------------------------------------------------


def _changed(instance: Partnership | Organization) -> bool:
    state: InstanceState[Partnership | Organization] = inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in _SEARCHABLE[type(instance)])


def _touched(session: Session) -> set[int]:
    """The partnerships whose document the flush changed."""
    ids: set[int] = set()
    organizations: set[int] = set()
    for instance in chain(session.new, session.dirty, session.deleted):
        new_or_deleted = instance in session.new or instance in session.deleted
        if isinstance(instance, Partnership) and (new_or_deleted or _changed(instance)):
            ids.add(instance.id)
        elif isinstance(instance, PartnershipParticipant | PartnershipFocusArea):
            ids.add(instance.partnership_id)
        elif isinstance(instance, Organization) and (
            instance in session.deleted or (instance not in session.new and _changed(instance))
        ):
            organizations.add(instance.id)
    if organizations:
        ids.update(
            session.connection().scalars(
                select(PartnershipParticipant.partnership_id).where(
                    PartnershipParticipant.organization_id.in_(organizations)
                )
            )
        )
    ids.discard(None)  # type: ignore[arg-type]
    return ids


@event.listens_for(Session, "after_flush")
def _reindex_after_flush(session: Session, _flush: UOWTransaction) -> None:
    """Rewrite the documents the flush changed, before anything else reads them."""
    ids = _touched(session)
    if ids:
        reindex_partnerships(session.connection(), ids)
