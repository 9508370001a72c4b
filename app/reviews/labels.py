"""What each score on a call's scale means (recommendations and outcomes label themselves)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

from app.solicitations.models import RubricCriterion, Solicitation

# What each score means, from the bottom of the scale to the top; a longer scale shares them.
# A chair may word them differently for one criterion (RubricCriterion.anchors_en/_zh).
ANCHORS = (
    _l("Poor: does not address the criterion, or has serious flaws."),
    _l("Fair: addresses the criterion with major weaknesses."),
    _l("Good: addresses the criterion well, with some weaknesses."),
    _l("Very good: strong, with only minor weaknesses."),
    _l("Excellent: exceptionally strong, with no real weakness."),
)


# An anchor's first words up to its colon name the score on its button ("Very good"); longer
# ones are a sentence, and the button shows the number alone.
WORD_LENGTH = 16


@dataclass(frozen=True)
class Anchor:
    """What one score on the scale means."""

    score: int
    text: str

    @property
    def word(self) -> str:
        """The anchor's name before its colon ("Very good", "很好"), or "" when it has none."""
        return self._parts()[0]

    @property
    def rest(self) -> str:
        """What follows the word, its colon included; the whole text when there is no word."""
        return self._parts()[1]

    def _parts(self) -> tuple[str, str]:
        head = re.split(r"[:：]", self.text, maxsplit=1)[0]
        if head == self.text or len(head.strip()) > WORD_LENGTH:
            return "", self.text
        return head.strip(), self.text[len(head) :]


@dataclass(frozen=True)
class Scale:
    """The scale as it reads for `criterion` (its chairs' own wording), or, for None, for every
    criterion worded as the program words it."""

    criterion: RubricCriterion | None
    anchors: list[Anchor]


def default_anchors(language: str) -> list[str]:
    """The program's anchors in `language` ("en" or "zh"), the starting text a chair edits."""
    with force_locale("zh_Hans" if language.startswith("zh") else "en"):
        return [str(text) for text in ANCHORS]


def criterion_anchors(criterion: RubricCriterion, locale: str | None = None) -> list[str]:
    """The five anchor texts of `criterion` in the reader's language: the chairs' wording
    where they gave one (in that language, else the other), the program's otherwise."""
    locale = locale or str(get_locale() or "en")
    first, second = (
        (criterion.anchors_zh, criterion.anchors_en)
        if locale.startswith("zh")
        else (criterion.anchors_en, criterion.anchors_zh)
    )
    chosen = first or second
    return list(chosen) if len(chosen) == len(ANCHORS) else [str(text) for text in ANCHORS]


def score_anchors(
    solicitation: Solicitation, criterion: RubricCriterion | None = None
) -> list[Anchor]:
    """The solicitation's scale, each score with the text that anchors it (for `criterion`,
    its own wording; without one, the program's)."""
    low, high = solicitation.score_min, solicitation.score_max
    texts = criterion_anchors(criterion) if criterion is not None else [str(a) for a in ANCHORS]
    steps = len(texts) - 1
    return [
        Anchor(score, texts[round((score - low) * steps / (high - low))])
        for score in range(low, high + 1)
    ]


def scales(solicitation: Solicitation) -> list[Scale]:
    """The scales the review form explains: the program's, when some criterion keeps its
    wording, then each criterion that the chairs worded their own way."""
    program = [str(text) for text in ANCHORS]
    own = [c for c in solicitation.criteria if criterion_anchors(c) != program]
    found = (
        [Scale(None, score_anchors(solicitation))] if len(own) < len(solicitation.criteria) else []
    )
    return found + [Scale(c, score_anchors(solicitation, c)) for c in own]
