"""The PDF pipeline's parts: the reader's options, the URL fetcher, CSS strings, the cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask

from app.exports import engine, rendering
from app.exports.engine import PortalURLFetcher, RefusedURL
from app.exports.rendering import (
    CacheKey,
    Document,
    PdfCache,
    ReaderOptions,
    counter_content,
    css_string,
    reader_options,
)
from tests.exports.reading import ReadPdf

BASE = "http://portal.test/"


def options(**given: str | None) -> ReaderOptions:
    values: dict[str, str | None] = {
        "language": None,
        "paper": None,
        "zone": None,
        "reader_language": "en",
        "reader_zone": None,
    }
    values.update(given)
    return reader_options(**values)  # type: ignore[arg-type]


# --- the reader's options -------------------------------------------------------------------------


def test_paper_follows_the_readers_zone_then_language() -> None:
    assert options(reader_zone="America/Chicago").paper == "letter"
    assert options(reader_zone="Pacific/Honolulu").paper == "letter"
    assert options(reader_zone="Asia/Shanghai").paper == "a4"
    assert options(reader_zone="Europe/Paris").paper == "a4"
    assert options().paper == "letter"  # English, no zone
    assert options(reader_language="zh_Hans").paper == "a4"  # Chinese, no zone
    assert options(language="zh").paper == "a4"


def test_the_address_wins_over_the_readers_preferences() -> None:
    chosen = options(
        language="zh", paper="A4", zone="Asia/Shanghai", reader_zone="America/New_York"
    )
    assert chosen == ReaderOptions("zh_Hans", "a4", "Asia/Shanghai")
    assert options(paper="letter", reader_zone="Asia/Shanghai").paper == "letter"


def test_unknown_options_are_ignored() -> None:
    chosen = options(language="fr", paper="tabloid", zone="Mars/Olympus_Mons")
    assert chosen == options()
    assert options(reader_zone="Not/A_Zone").zone is None


# --- CSS strings ----------------------------------------------------------------------------------


def test_css_strings_cannot_break_out_of_the_stylesheet() -> None:
    hostile = 'EP"; } body { display: none } </style><script>x</script>\\\n'
    quoted = str(css_string(hostile))
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    for forbidden in ('"', "<", ">", "{", "}", "\n"):
        assert forbidden not in inner
    assert (
        str(css_string("中美绿色合作伙伴计划 · EP-2027-001"))
        == '"中美绿色合作伙伴计划 · EP-2027-001"'
    )


def test_page_counters_follow_the_translated_pattern() -> None:
    assert str(counter_content("Page %(page)s of %(pages)s")) == (
        '"Page " counter(page) " of " counter(pages)'
    )
    assert str(counter_content("第%(page)s页，共%(pages)s页")) == (
        '"第" counter(page) "页，共" counter(pages) "页"'
    )


# --- the URL fetcher ------------------------------------------------------------------------------


@pytest.fixture
def fetcher(app: Flask) -> PortalURLFetcher:
    return PortalURLFetcher(base_url=BASE, static_folder=Path(app.static_folder or ""))


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://evil.example/track.png",
        "https://portal.test/static/css/print.css",  # another origin (scheme)
        "http://portal.test:8080/static/css/print.css",  # another origin (port)
        "http://portal.test/partnerships/x",  # the portal, but not a static file
        "http://portal.test/static/../../config.py",
        "http://portal.test/static/%2e%2e/%2e%2e/config.py",
        "http://portal.test/static/css/no-such.css",
        "ftp://portal.test/static/css/print.css",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(
    fetcher: PortalURLFetcher, url: str
) -> None:
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_the_fetcher_serves_static_files_from_disk(fetcher: PortalURLFetcher, app: Flask) -> None:
    response = fetcher.fetch("http://portal.test/static/css/print.css")
    assert response.read() == (Path(app.static_folder or "") / "css" / "print.css").read_bytes()
    assert response.content_type == "text/css"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_a_hostile_document_renders_without_fetching_outside(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, bool]] = []
    original = PortalURLFetcher.fetch

    def spy(self: PortalURLFetcher, url: str, headers: object = None) -> object:
        try:
            found = original(self, url, headers)  # type: ignore[arg-type]
        except RefusedURL:
            asked.append((url, False))
            raise
        asked.append((url, True))
        return found

    monkeypatch.setattr(PortalURLFetcher, "fetch", spy)
    html = """<!DOCTYPE html><html lang="en"><head><title>Hostile</title>
    <link rel="stylesheet" href="/static/css/print.css">
    <link rel="stylesheet" href="http://evil.example/x.css"></head>
    <body><p>Hello 你好</p><img src="file:///etc/passwd" alt="x">
    <img src="/static/../../../etc/passwd" alt="y"><img src="http://evil.example/t.png" alt="z">
    </body></html>"""
    with app.test_request_context():
        data = engine.render_pdf(html, record=b"{}", description="test", base_url=BASE)
    pdf = ReadPdf(data)
    assert pdf.has("Hello 你好") and not pdf.has("root:")
    assert ("http://portal.test/static/css/print.css", True) in asked
    refused = {url for url, served in asked if not served}
    assert "file:///etc/passwd" in refused and "http://evil.example/x.css" in refused
    assert "http://evil.example/t.png" in refused
    assert all(not served or "/static/css/" in url for url, served in asked)


# --- documents and the cache ----------------------------------------------------------------------


def document(record: dict, kind: str = "proposal", record_id: int = 7) -> Document:
    return Document(
        kind=kind,
        record_id=record_id,
        label="Proposal",
        reference="EP-2027-007",
        title="A title",
        filename="x.pdf",
        template="pdf/proposal.html",
        context={},
        record=record,
    )


def test_the_version_is_the_records_content() -> None:
    first = document({"title_en": "Clean air", "tasks": [1, 2]})
    assert first.fingerprint == document({"tasks": [1, 2], "title_en": "Clean air"}).fingerprint
    assert first.fingerprint != document({"title_en": "Clean air!", "tasks": [1, 2]}).fingerprint
    assert (
        first.fingerprint != document({"title_en": "Clean air", "tasks": [1, 2]}, "x").fingerprint
    )


def test_the_cache_keeps_one_version_per_document_and_options(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path / "pdf-cache")
    english, chinese = ReaderOptions("en", "letter", None), ReaderOptions("zh_Hans", "a4", None)
    old = CacheKey("proposal", 7, "v1", english)
    assert cache.get(old) is None
    cache.put(old, b"%PDF old")
    cache.put(CacheKey("proposal", 7, "v1", chinese), b"%PDF chinese")
    cache.put(CacheKey("proposal", 70, "v1", english), b"%PDF another proposal")
    new = CacheKey("proposal", 7, "v2", english)
    assert new.etag != old.etag and new.slot == old.slot
    path = cache.put(new, b"%PDF new")
    assert cache.get(new) == path and path.read_bytes() == b"%PDF new"
    assert cache.get(old) is None  # the previous version is gone
    assert cache.get(CacheKey("proposal", 7, "v1", chinese)) is not None  # other options stay
    assert cache.get(CacheKey("proposal", 70, "v1", english)) is not None  # other records stay
    assert not list((tmp_path / "pdf-cache").glob(".*.part"))  # no half-written file left


def test_chart_labels_fit_their_room_in_either_script() -> None:
    assert rendering.fit("Utah – Qinghai", 44) == "Utah – Qinghai"
    assert rendering.fit("Bayfront Transit District – Qingmiao Electric Bus Group", 20) == (
        "Bayfront Transit Di…"
    )
    assert rendering.fit("湾畔公共交通区—青苗电动公交集团", 10) == "湾畔公共…"


def test_only_the_short_list_of_zones_may_be_asked_for() -> None:
    """Six hundred IANA zones would be six hundred renders and files of every record."""
    assert options(zone="America/New_York").zone == "America/New_York"
    assert options(zone="Asia/Shanghai").zone == "Asia/Shanghai"
    assert options(zone="UTC").zone is None  # printed anyway: the same file as no zone
    for other in ("Europe/Paris", "Pacific/Auckland", "Etc/GMT+5", "Mars/Base", ""):
        assert options(zone=other) == options()
    # A signed-in reader may also ask for their own zone, and gets it by default.
    assert options(zone="Europe/Paris", reader_zone="Europe/Paris").zone == "Europe/Paris"
    assert options(reader_zone="Europe/Paris").zone == "Europe/Paris"
    assert options(zone="Pacific/Auckland", reader_zone="Europe/Paris").zone == "Europe/Paris"


def test_the_cache_keeps_at_most_its_number_of_files_evicting_the_oldest(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path / "pdf-cache", max_files=3)
    english = ReaderOptions("en", "letter", None)
    keys = [CacheKey("partnership", number, "v1", english) for number in range(5)]
    for age, key in enumerate(keys[:3]):
        path = cache.put(key, b"%PDF " + bytes([age]))
        os.utime(path, ns=(1_000_000_000 * (age + 1),) * 2)  # written in order, seconds apart
    cache.put(keys[3], b"%PDF 3")
    assert [cache.get(key) is not None for key in keys] == [False, True, True, True, False]
    os.utime(cache.path(keys[1]), ns=(10**18,) * 2)  # rewritten last: now the newest
    cache.put(keys[4], b"%PDF 4")
    assert [cache.get(key) is not None for key in keys] == [False, True, False, True, True]
    assert len(list((tmp_path / "pdf-cache").glob("*.pdf"))) == 3
    unbounded = PdfCache(tmp_path / "pdf-cache")  # no cap: nothing removed
    unbounded.put(keys[0], b"%PDF 0")
    assert len(list((tmp_path / "pdf-cache").glob("*.pdf"))) == 4


def test_the_application_cache_takes_its_cap_from_the_configuration(app) -> None:  # type: ignore[no-untyped-def]
    from app.exports.rendering import pdf_cache

    assert app.config["PDF_CACHE_MAX_FILES"] == 2000
    with app.test_request_context():
        assert pdf_cache().max_files == 2000


def test_a_name_never_breaks_inside_its_parenthesis() -> None:
    from app.exports.typesetting import unbroken

    assert str(unbroken("湾畔公共交通区（演示）<b>")) == (
        '湾畔公共交通区<span class="nowrap">（演示）</span>&lt;b&gt;'
    )
    assert str(unbroken("Bayfront (Demo)")) == 'Bayfront <span class="nowrap">(Demo)</span>'
