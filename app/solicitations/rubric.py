"""The rubric's rules beyond one criterion: the weights add up to 100, and each criterion's
five score anchors, in each language, are either all worded by the chairs or all the program's.

`services.py` applies them when a call is created or edited and when it is opened; the chairs'
form reads the starting wording from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import format_number
from flask_babel import lazy_gettext as _l

from app.errors import ServiceError
from app.reviews.labels import ANCHORS, default_anchors
from app.solicitations.models import RubricCriterion

WEIGHT_TOTAL = 100
ANCHOR_LANGUAGES = ("en", "zh")
ANCHOR_POINTS = range(1, len(ANCHORS) + 1)


def check_weights(weights: Iterable[float]) -> None:
    """The weights are percentages of the weighted mean: together exactly 100 (to the cent)."""
    total = round(sum(weights), 2)
    if total != WEIGHT_TOTAL:
        raise ServiceError(
            _l(
                "The weights add up to %(total)s; together they must make exactly 100.",
                total=format_number(total),
            ),
            field="criteria",
        )


def clean_anchors(row: Mapping[str, Any], language: str) -> list[str]:
    """A form row's five anchors in `language` as stored: [] when left blank or when they are
    the program's wording (so it stays the program's), else the five texts."""
    texts = [str(row.get(f"anchor_{language}_{point}") or "").strip() for point in ANCHOR_POINTS]
    if not any(texts) or texts == default_anchors(language):
        return []
    if not all(texts):
        raise ServiceError(
            _l(
                "Word all five score anchors of a criterion, or clear them all to keep the "
                "program's wording."
            ),
            field="criteria",
        )
    return texts


def anchor_values(criterion: RubricCriterion | object) -> dict[str, str]:
    """The anchor fields of a criterion's form row (a criterion, or a default of
    `services.DEFAULT_CRITERIA`): its own wording, else the program's."""
    values = {}
    for language in ANCHOR_LANGUAGES:
        stored = getattr(criterion, f"anchors_{language}", None) or []
        texts = stored if len(stored) == len(ANCHORS) else default_anchors(language)
        for point, text in zip(ANCHOR_POINTS, texts, strict=True):
            values[f"anchor_{language}_{point}"] = text
    return values
