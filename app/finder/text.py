"""The terms of a text, for the description similarity (no library: two rules).

- English: lower-case words of letters and digits, two characters or more, without the common
  words that say nothing of a field of work ("the", "and", "works"), with a plural -s taken off
  ("wetlands" and "wetland" are one term).
- Chinese: written without spaces, so every pair of neighbouring characters is a term (青海湖
  gives 青海, 海湖): a two-character word, the commonest length, is always among them. A run of
  one character stands for itself. Latin words inside Chinese text count as English words do.
"""

from __future__ import annotations

import re
from collections import Counter

from app.finder.models import TERM_LENGTH

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+")
# Words of every description (and of the synthetic ones): no evidence of a shared field.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "both",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "more",
        "most",
        "much",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "work",
        "works",
        "working",
        "inc",
        "co",
        "ltd",
        "llc",
    ]
)
# Characters that carry no field either (的 "of", 和 "and", 在 "in", …): a pair holding one
# is still a term, a lone one is not.
CJK_STOP = frozenset("的了和与在是及等为对将并或")


def _english(text: str) -> list[str]:
    terms = []
    for word in _WORD.findall(CJK.sub(" ", text.lower())):
        if len(word) < 2 or word in STOP_WORDS or word.isdigit():
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        terms.append(word[:TERM_LENGTH])
    return terms


def _chinese(text: str) -> list[str]:
    terms = []
    for run in CJK.findall(text):
        if len(run) == 1:
            if run not in CJK_STOP:
                terms.append(run)
            continue
        terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    return terms


def terms(text: str, language: str) -> list[str]:
    """Every term of `text` in `language` ("en" or "zh"), in order, repeated as often as it
    occurs."""
    if language == "zh":
        return _chinese(text) + _english(text)
    return _english(text)


def term_frequencies(text: str, language: str) -> Counter[str]:
    """How often each term occurs in `text`."""
    return Counter(terms(text, language))


def document(name: str, description: str) -> str:
    """The text an organization is found by in one language: its name and its description."""
    return f"{name}\n{description}"
