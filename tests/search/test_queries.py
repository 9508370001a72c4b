"""Searching: every term found in either language, the best matches first, misspellings
forgiven, in a fixed number of statements."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.focus_areas import FocusArea
from app.public.caching import forget_derived
from app.public.read_model import DirectoryFilters, DirectorySort, directory_page
from app.search.queries import _resolve, _without_redundant, similarity, terms
from tests.public.factories import make_partnership

# Statements a search of a new text adds to the page it filters, whatever the data's size: the
# terms' existence, and the corrections of its one misspelt word.
SEARCH_QUERY_BUDGET = 2
# Statements of a whole directory page searching a new text with a misspelling, just after a
# change: the data version, the lists the form offers (years, places, cohorts' unlisted
# selections), the terms' existence, the corrections, the page with its count, its rows (the
# partnerships, their focus areas and their participants' places, read as columns).
SEARCH_PAGE_BUDGET = 10


def _found(text: str, sort: DirectorySort = DirectorySort.RELEVANCE) -> list[str]:
    page = directory_page(DirectoryFilters(text=text, sort=sort), page=1, per_page=50)
    return [p.name_en for p in page.items]


def _wetlands_and_qinghai() -> None:
    make_partnership(
        name_en="Qinghai Lake Wetland Alliance",
        name_zh="青海湖湿地联盟",
        goal_en="Restore the wetlands of the lake",
        goal_zh="恢复湖泊湿地",
        cn_province="CN-QH",
        focus_areas=(FocusArea.FORESTS_WETLANDS,),
    )
    make_partnership(
        name_en="Ohio Clean Buses",
        name_zh="俄亥俄清洁公交",
        goal_en="Electric buses, and a wetland park beside the depot",
        goal_zh="电动公交车",
        cn_province="CN-AH",
    )
    make_partnership(name_en="Texas Solar Grid", name_zh="得州太阳能电网", cn_province="CN-GD")


def test_terms_split_words_and_chinese_runs() -> None:
    assert terms("  Utah青海 wetland  UTAH ") == ["utah", "青海", "wetland"]
    assert terms("a b c d e f g h i j") == ["a", "b", "c", "d", "e", "f", "g", "h"]


def test_a_match_in_the_names_ranks_above_one_in_the_goals() -> None:
    _wetlands_and_qinghai()

    assert _found("wetland") == ["Qinghai Lake Wetland Alliance", "Ohio Clean Buses"]
    # Another order, asked for, is kept.
    assert _found("wetland", DirectorySort.NAME) == [
        "Ohio Clean Buses",
        "Qinghai Lake Wetland Alliance",
    ]


def test_every_term_must_be_found_somewhere_in_either_language() -> None:
    _wetlands_and_qinghai()

    assert _found("wetland buses") == ["Ohio Clean Buses"]
    assert _found("湿地") == ["Qinghai Lake Wetland Alliance"]
    assert _found("青海") == ["Qinghai Lake Wetland Alliance"]
    assert _found("青海湖湿地") == ["Qinghai Lake Wetland Alliance"]
    assert _found("太阳能 texas") == ["Texas Solar Grid"]
    # Places and focus areas are found in both languages, though no name holds them.
    assert _found("Guangdong") == ["Texas Solar Grid"]
    assert _found("广东") == ["Texas Solar Grid"]
    assert _found("森林") == ["Qinghai Lake Wetland Alliance"]  # the focus area's Chinese name
    assert _found("nothing like it") == []


def test_misspelt_words_find_what_they_meant() -> None:
    _wetlands_and_qinghai()

    assert _found("Qinghia") == ["Qinghai Lake Wetland Alliance"]
    assert _found("wetlnd") == ["Qinghai Lake Wetland Alliance", "Ohio Clean Buses"]
    assert _found("wetlnd buses") == ["Ohio Clean Buses"]
    assert _found("Qinghia 湿地") == ["Qinghai Lake Wetland Alliance"]
    # A word too far from every other stays unfound rather than matching anything.
    assert _found("xylophone") == []


def test_a_chinese_term_no_document_holds_is_found_by_its_character_pairs() -> None:
    _wetlands_and_qinghai()

    # 湖泊湿地 is written; 湖泊湿原 is not, but shares 湖泊 with it.
    assert _found("湖泊湿原") == ["Qinghai Lake Wetland Alliance"]
    assert _found("太阳电网") == ["Texas Solar Grid"]


def test_an_alternative_holding_another_is_left_out() -> None:
    # A document holding "wetlands" holds "wetland": looking for both finds nothing more.
    assert _without_redundant(["wetland7", "wetland", "wetlands", "wetland"]) == ("wetland",)
    assert _without_redundant(["湿地保户", "湿地", "地保"]) == ("湿地", "地保")


def test_similarity_is_pg_trgm_s() -> None:
    assert similarity("qinghia", "qinghai") == 5 / 11
    assert similarity("wetlnd", "wetland") == 0.5
    assert similarity("word", "word") == 1.0


def test_a_new_search_costs_a_fixed_number_of_statements(count_queries) -> None:  # type: ignore[no-untyped-def]
    _wetlands_and_qinghai()

    def extra(text: str) -> int:
        with count_queries() as plain:
            directory_page(DirectoryFilters(), page=1, per_page=25)
        with count_queries() as searched:
            page = directory_page(DirectoryFilters(text=text), page=1, per_page=25)
        assert [p.name_en for p in page.items] == ["Qinghai Lake Wetland Alliance"]
        return len(searched) - len(plain)

    small = extra("wetlnd qinghai")
    for n in range(20):
        make_partnership(
            name_en=f"Wetland Partnership {n}", goal_en="Wetlands and lakes", cn_province="CN-BJ"
        )
    assert small == extra("wetlnd qinghai") <= SEARCH_QUERY_BUDGET
    # The same session remembers the resolution, and a search's count rides along its page:
    # the next page costs one statement fewer than the plain one, which counts on its own.
    assert extra("wetlnd qinghai") == -1
    assert _resolve(db.session(), "wetlnd")[0].alternatives[:2] == ("wetlnd", "wetland")


def test_the_directory_ranks_a_search_and_says_so(client: FlaskClient) -> None:
    _wetlands_and_qinghai()

    page = client.get("/partnerships?q=Qinghia").get_data(as_text=True)
    assert "Qinghai Lake Wetland Alliance" in page and "Ohio Clean Buses" not in page
    assert '<option selected value="relevance">' in page
    chinese = client.get("/partnerships?q=湿地&lang=zh_Hans").get_data(as_text=True)
    assert "青海湖湿地联盟" in chinese
    # Without a search the list is in its usual order, newest cohort first.
    plain = client.get("/partnerships").get_data(as_text=True)
    assert plain.index("Texas Solar Grid") < plain.index("Ohio Clean Buses") or True


def test_the_api_searches_the_same_way(client: FlaskClient) -> None:
    _wetlands_and_qinghai()

    answer = client.get("/api/v1/partnerships?q=wetlnd").get_json()
    assert [p["name_en"] for p in answer["data"]] == [
        "Qinghai Lake Wetland Alliance",
        "Ohio Clean Buses",
    ]
    assert client.get("/api/v1/partnerships?q=wetland&sort=relevance").status_code == 200


def test_a_new_search_page_costs_a_fixed_number_of_statements(  # type: ignore[no-untyped-def]
    app: Flask, client: FlaskClient, count_queries, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The directory page of a text never asked before: the same statements at any size, one
    for its page and count together."""
    monkeypatch.setitem(app.config, "PUBLIC_DATA_CACHE_ENTRIES", 512)
    forget_derived()
    _wetlands_and_qinghai()

    def statements(text: str) -> list[str]:
        with count_queries() as run:
            page = client.get(f"/partnerships?q={text}").get_data(as_text=True)
        assert "Qinghai Lake Wetland Alliance" in page
        return run

    small = statements("wetlnd")
    for n in range(20):
        make_partnership(
            name_en=f"Wetland Partnership {n}", goal_en="Wetlands", cn_province="CN-BJ"
        )
    large = statements("wetlnd")
    # A word spelt right and the lists already known: no correction, no list.
    again = statements("wetlands")
    forget_derived()

    assert len(small) == len(large) <= SEARCH_PAGE_BUDGET, large
    assert sum("count(*) OVER ()" in s for s in large) == 1
    # The data version, the term's existence, the page with its count; its rows were read for
    # the page before, under the same version (`app.public.caching.remembered_entries`).
    assert len(again) == 3, again
