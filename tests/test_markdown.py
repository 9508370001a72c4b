"""Untrusted Markdown renders to safe HTML."""

from __future__ import annotations

import pytest

from app.markdown import render_markdown


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
    html = str(render_markdown(payload))
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html.replace("(javascript:alert(1))", "")
    assert "<iframe" not in html and "<img" not in html


def test_ordinary_markdown_is_kept() -> None:
    html = str(render_markdown("**Bold** and [a link](https://example.org)\n\n- one\n- two"))
    assert "<strong>Bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<li>one</li>" in html


def test_empty_text_is_empty() -> None:
    assert render_markdown(None) == "" and render_markdown("") == ""
