"""The search documents follow every change of what they show, in the same transaction."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.focus_areas import FocusArea
from app.partnerships.models import Partnership, PartnershipFocusArea
from app.public.read_model import DirectoryFilters, directory_total
from app.search.documents import cjk_pairs, reindex, words
from app.search.models import SearchDocument, SearchWord
from tests.public.factories import make_partnership


def _finds(text: str) -> int:
    return directory_total(DirectoryFilters(text=text))


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


def test_reindexing_writes_what_the_flushes_wrote() -> None:
    for name in ("Marsh Alliance", "Marsh Institute", "Solar Grid"):
        make_partnership(name_en=name)
    documents = db.session.execute(select(SearchDocument.title, SearchDocument.body)).all()
    vocabulary = _vocabulary()

    assert reindex(db.session.connection()) == db.session.query(Partnership).count()
    assert db.session.execute(select(SearchDocument.title, SearchDocument.body)).all() == documents
    assert _vocabulary() == vocabulary and vocabulary["marsh"] == 2


def test_chinese_pairs_and_words() -> None:
    assert cjk_pairs("青海湖 湿地，Utah") == "青海 海湖 湿地 "
    assert words("Qinghai Lake's 2015 wetlands 湿地 a an") == {"qinghai", "lake", "wetlands"}
