"""Small pieces of typesetting the print templates share: text fitted to a chart's room, names
kept whole across line breaks, and a message in both languages of a bilingual document."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import force_locale
from markupsafe import Markup

LANGUAGES = ("en", "zh_Hans")


def fit(text: str, width: int) -> str:
    """`text` cut to `width` columns, a Chinese character counting two, with "…" when cut
    (chart labels have a fixed room)."""

    def columns(char: str) -> int:
        return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1

    if sum(columns(char) for char in text) <= width:
        return text
    used, kept = 1, []  # the ellipsis takes a column
    for char in text:
        used += columns(char)
        if used > width:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def in_both_languages(text: object) -> dict[str, str]:
    """A lazily translated `text` in English and in Chinese (for bilingual letters)."""
    found = {}
    for language in LANGUAGES:
        with force_locale(language):
            found[language] = str(text)
    return found


_PARENTHESIS = re.compile(r"([（(][^（()）]*[)）])")


def unbroken(text: object) -> Markup:
    """`text` (escaped) with every parenthesis kept on one line: "湾区交通区（演示）" never breaks
    as "（演" / "示）"."""
    parts = _PARENTHESIS.split(str(text))
    return Markup("").join(
        Markup('<span class="nowrap">{}</span>').format(part) if index % 2 else part
        for index, part in enumerate(parts)
    )
