"""What each score on a call's scale means (recommendations and outcomes label themselves)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.solicitations.models import Solicitation

# What each score means, from the bottom of the scale to the top; a longer scale shares them.
ANCHORS = (
    _l("Poor: does not address the criterion, or has serious flaws."),
    _l("Fair: addresses the criterion with major weaknesses."),
    _l("Good: addresses the criterion well, with some weaknesses."),
    _l("Very good: strong, with only minor weaknesses."),
    _l("Excellent: exceptionally strong, with no real weakness."),
)


@dataclass(frozen=True)
class Anchor:
    """What one score on the scale means."""

    score: int
    text: str


def score_anchors(solicitation: Solicitation) -> list[Anchor]:
    """The solicitation's scale, each score with the text that anchors it."""
    low, high = solicitation.score_min, solicitation.score_max
    steps = len(ANCHORS) - 1
    return [
        Anchor(score, str(ANCHORS[round((score - low) * steps / (high - low))]))
        for score in range(low, high + 1)
    ]
