"""The search documents follow every change of what they show, in the same transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from app.demo.scale import seed_scale
from app.extensions import db
from app.focus_areas import FocusArea
from app.partnerships.models import Partnership, PartnershipFocusArea
from app.public.read_model import DirectoryFilters, directory_total
from app.search.documents import cjk_pairs, reindex, reindex_partnerships, words
from app.search.models import SearchDocument, SearchWord
from tests.public.factories import make_partnership


def _finds(text: str) -> int:
    return directory_total(DirectoryFilters(text=text))


def _documents() -> list[tuple[int, str, str]]:
    return [
        tuple(row)
        for row in db.session.execute(
            select(
                SearchDocument.partnership_id, SearchDocument.title, SearchDocument.body
            ).order_by(SearchDocument.partnership_id)
        )
    ]


def _vocabulary() -> dict[str, int]:
    return dict(db.session.execute(select(SearchWord.word, SearchWord.documents)).all())


def test_a_new_partnership_is_found_at_once() -> None:
    make_partnership(name_en="Marsh Alliance", name_zh="沼泽联盟", goal_en="Peat bogs")

    assert _finds("marsh") == _finds("沼泽") == _finds("peat") == 1
    assert _vocabulary()["marsh"] == 1


def test_an_edit_replaces_what_the_partnership_is_found_by() -> None:
    partnership = make_partnership(name_en="Marsh Alliance", goal_en="Peat bogs")
    partnership.name_en = "Prairie Alliance"
    partnership.goal_zh = "草原保护"
    db.session.flush()

    assert _finds("marsh") == 0 and _finds("prairie") == 1 and _finds("草原") == 1
    assert "marsh" not in _vocabulary() and _vocabulary()["prairie"] == 1


def test_an_organization_renamed_or_a_focus_area_added_changes_its_partnerships() -> None:
    partnership = make_partnership(focus_areas=(FocusArea.CLEAN_AIR,))
    organization = partnership.participants[0].organization
    organization.name_en = "Zephyr Institute"
    partnership.focus_areas.append(PartnershipFocusArea(focus_area=FocusArea.CLEAN_WATER))
    db.session.flush()

    assert _finds("zephyr") == 1
    assert _finds("clean water") == 1


def test_a_participant_removed_is_no_longer_searched() -> None:
    partnership = make_partnership(name_en="Two Cities", name_zh="两城")
    leaving = partnership.participants[1].organization.name_en
    assert _finds(leaving) == 1
    partnership.participants.pop(1)
    db.session.flush()

    assert _finds(leaving) == 0


def test_a_deleted_partnership_leaves_the_index_and_its_words_the_vocabulary() -> None:
    partnership = make_partnership(name_en="Quokka Exchange", focus_areas=())
    partnership.participants.clear()
    db.session.flush()
    db.session.delete(partnership)
    db.session.flush()

    assert _finds("quokka") == 0
    assert db.session.get(SearchDocument, partnership.id) is None
    assert "quokka" not in _vocabulary()


@pytest.mark.parametrize("build_indexes_after", [False, True])
def test_reindexing_writes_what_the_flushes_wrote(build_indexes_after: bool) -> None:
    for name in ("Marsh Alliance", "Marsh Institute", "Solar Grid"):
        make_partnership(name_en=name)
    documents = _documents()
    vocabulary = _vocabulary()

    count = reindex(db.session.connection(), build_indexes_after=build_indexes_after)
    assert count == db.session.query(Partnership).count()
    assert _documents() == documents
    assert _vocabulary() == vocabulary and vocabulary["marsh"] == 2
    assert _finds("marsh") == 2 and _finds("solar") == 1  # the indexes are there again


def test_the_bulk_reindex_of_a_scale_set_writes_what_the_hook_writes() -> None:
    # Bulk-loaded rows: no flush told the hook. The hook's own path, partnership by
    # partnership, must write the same documents and vocabulary as the one bulk pass.
    seed_scale(30, seed=3)
    reindex(db.session.connection(), build_indexes_after=True)
    documents, vocabulary = _documents(), _vocabulary()
    assert len(documents) == db.session.query(Partnership).count() and vocabulary
    db.session.execute(delete(SearchDocument))
    db.session.execute(delete(SearchWord))
    reindex_partnerships(db.session.connection(), db.session.scalars(select(Partnership.id)))

    assert _documents() == documents
    assert _vocabulary() == vocabulary


def test_chinese_pairs_and_words() -> None:
    assert cjk_pairs("青海湖 湿地，Utah") == "青海 海湖 湿地 "
    assert words("Qinghai Lake's 2015 wetlands 湿地 a an") == {"qinghai", "lake", "wetlands"}
