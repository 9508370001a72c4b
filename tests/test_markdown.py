"""Untrusted Markdown renders to safe HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask_babel import force_locale

from app.markdown import dropped_from, render_markdown


class Elements(HTMLParser):
    """Collects the elements and attributes of rendered HTML (text stays text)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        "<iframe src='https://evil.example'></iframe>",
        '<a href="https://x.org" onclick="alert(1)">x</a>',
    ],
)
def test_scripts_and_handlers_never_survive(payload: str) -> None:
    elements = Elements()
    elements.feed(str(render_markdown(payload)))
    assert not {"script", "iframe", "img"} & {tag for tag, _ in elements.found}
    for _, attributes in elements.found:
        assert not any(name.startswith("on") for name, _ in attributes)
        assert not any((value or "").startswith("javascript:") for _, value in attributes)


def test_ordinary_markdown_is_kept() -> None:
    html = str(render_markdown("**Bold** and [a link](https://example.org)\n\n- one\n- two"))
    assert "<strong>Bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<li>one</li>" in html


def test_empty_text_is_empty() -> None:
    assert render_markdown(None) == "" and render_markdown("") == ""


def test_what_the_allow_list_drops_is_named(app) -> None:  # type: ignore[no-untyped-def]
    text = (
        "# Title\n\nSee ![a chart](https://tracker.example/pixel.png), "
        "[click](javascript:alert(1)), [files](ftp://files.example/a) and "
        "[our page](https://ok.example/) or [theirs](/partnerships/x)."
    )
    with app.test_request_context():
        notes = dropped_from(text)
        assert dropped_from("Plain **words** and [a site](https://ok.example/).") == []
    assert notes == [
        "A heading of level 1 is shown as plain text: start headings with ## or ###.",
        "The image “https://tracker.example/pixel.png” is left out: the text cannot show images.",
        "The link to “javascript:alert(1)” is left out (its text stays): only web (https://…) "
        "and e-mail (mailto:…) addresses are linked.",
        "The link to “ftp://files.example/a” is left out (its text stays): only web (https://…) "
        "and e-mail (mailto:…) addresses are linked.",
    ]


def test_what_is_dropped_is_named_in_chinese(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context(), force_locale("zh_Hans"):
        (note,) = dropped_from("![图](https://tracker.example/p.png)")
    assert "https://tracker.example/p.png" in note
    assert not re.search(r"[A-Za-z]{3,}", note.replace("https://tracker.example/p.png", ""))
