"""The synthetic data set's partner-search notices (issue 18): 3,000 at the benchmark's scale
(three a partnership below 1,000 partnerships), on its organizations, in both languages.

Drawn with the data set's seed and dated from its fixed day (`AS_OF`), never the clock: most
are published and stand well past it, a tenth of those have already expired, some wait for
the chairs and a few are drafts, so the standing reads filter as they would in production.
References to organizations are positions in the plan's list, resolved to keys when written
(`app.demo.scale`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from app.demo.data import words
from app.demo.synthetic import AS_OF, day_at, places
from app.focus_areas import FocusArea
from app.notices.models import NoticeState
from app.organizations.models import Country
from app.proposals.models import DeliverableKind

SCALE_NOTICES = 3000


def notice_count(n: int) -> int:
    """How many notices the data set of `n` partnerships holds."""
    return min(SCALE_NOTICES, 3 * n)


@dataclass
class NoticePlan:
    """The notices' rows; ``"notice"`` and ``"organization"`` are positions in the lists."""

    notices: list[dict[str, Any]] = field(default_factory=list)
    focus_areas: list[dict[str, Any]] = field(default_factory=list)
    regions: list[dict[str, Any]] = field(default_factory=list)


def plan_notices(countries: Sequence[Country], n: int, *, seed: int) -> NoticePlan:
    """Notices of organizations drawn from `countries` (each organization's, by position)."""
    rng = random.Random(f"notices-{seed}")
    plan = NoticePlan()
    if not countries:
        return plan
    codes = {country: [code for code, _en, _zh in rows] for country, rows in places().items()}
    kinds = list(DeliverableKind)
    for index in range(notice_count(n)):
        organization = rng.randrange(len(countries))
        other = Country.CN if countries[organization] == Country.US else Country.US
        theme_en, theme_zh, area = rng.choice(words.THEMES)
        roll = rng.random()
        state = (
            NoticeState.DRAFT
            if roll < 0.05
            else NoticeState.SUBMITTED
            if roll < 0.15
            else NoticeState.PUBLISHED
        )
        expired = state == NoticeState.PUBLISHED and rng.random() < 0.1
        ends_on = AS_OF + timedelta(
            days=-rng.randrange(1, 200) if expired else rng.randrange(120, 600)
        )
        submitted = day_at(AS_OF - timedelta(days=rng.randrange(1, 300)))
        chinese_only = rng.random() < 0.2
        plan.notices.append(
            {
                "organization": organization,
                "offer_en": "" if chinese_only else f"{theme_en} expertise and pilot sites.",
                "offer_zh": f"{theme_zh}领域的专业经验和试点场地。",
                "seeking_en": ""
                if chinese_only
                else f"A partner across the Pacific to pilot {theme_en.lower()} together.",
                "seeking_zh": f"寻找大洋彼岸的合作伙伴，共同开展{theme_zh}试点。",
                "deliverable_kind": rng.choice(kinds),
                "ends_on": ends_on,
                "state": state,
                "submitted_at": submitted if state != NoticeState.DRAFT else None,
                "published_at": submitted + timedelta(days=3)
                if state == NoticeState.PUBLISHED
                else None,
                "created_at": submitted,
                "updated_at": submitted,
            }
        )
        areas = {area, *rng.sample(list(FocusArea), rng.randrange(0, 2))}
        plan.focus_areas += [{"notice": index, "focus_area": a} for a in sorted(areas)]
        plan.regions += [
            {"notice": index, "subdivision_code": code}
            for code in sorted(rng.sample(codes[other], rng.randrange(0, 4)))
        ]
    return plan
