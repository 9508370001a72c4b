"""Untrusted Markdown renders to safe HTML."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from app.markdown import render_markdown


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
