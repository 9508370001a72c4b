"""Untrusted Markdown to safe HTML: rendered by markdown-it-py, then cleaned by an allow-list (nh3).

Used for solicitation guidance, proposal texts and progress updates, in pages, PDFs and feeds.
What the allow-list drops is said, not silently removed: `dropped_from` lists it, and the forms'
"Preview" button (`previews`) shows the text as it will be read with that list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3
from flask import request
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup
from wtforms import Field

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str | None) -> Markup:
    """Safe HTML for `text`: no raw HTML, no scripts, links only to web and mail addresses."""
    if not text:
        return Markup("")
    html = _parser.render(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)  # noqa: S704 - cleaned by the allow-list above


# The same parser, but keeping every link, even those the renderer refuses (javascript:), so
# that each can be named.
_inspector = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_inspector.validateLink = lambda url: True  # type: ignore[method-assign]
SHOWN_HEADINGS = {"h2", "h3", "h4"}


def _tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _tokens(token.children or [])


def dropped_from(text: str | None) -> list[str]:
    """What `render_markdown` leaves out of `text`, one sentence each, in the reader's language."""
    notes: list[str] = []
    for token in _tokens(_inspector.parse(text or "")):
        if token.type == "image":
            notes.append(
                _(
                    "The image “%(address)s” is left out: the text cannot show images.",
                    address=token.attrGet("src") or "",
                )
            )
        elif token.type == "link_open":
            address = str(token.attrGet("href") or "")
            scheme = urlsplit(address).scheme.lower()
            if scheme and scheme not in ALLOWED_URL_SCHEMES:
                notes.append(
                    _(
                        "The link to “%(address)s” is left out (its text stays): only web "
                        "(https://…) and e-mail (mailto:…) addresses are linked.",
                        address=address,
                    )
                )
        elif token.type == "heading_open" and token.tag not in SHOWN_HEADINGS:
            notes.append(
                _(
                    "A heading of level %(level)s is shown as plain text: start headings with "
                    "## or ###.",
                    level=token.tag.removeprefix("h"),
                )
            )
    return list(dict.fromkeys(notes))


@dataclass(frozen=True)
class Preview:
    """One Markdown field as it will be read, and what will be left out of it."""

    label: str
    html: Markup
    dropped: list[str] = field(default_factory=list)


def previews(*fields: Field) -> list[Preview] | None:
    """When the form's "Preview" button sent it (``name="preview"``): each field rendered as
    readers will see it, nothing saved; None for any other request."""
    if request.method != "POST" or "preview" not in request.form:
        return None
    return [
        Preview(str(f.label.text), render_markdown(f.data), dropped_from(f.data)) for f in fields
    ]
