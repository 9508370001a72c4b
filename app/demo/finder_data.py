"""The organizations the scale data set adds for the partner finder (issue 18): three per
partnership (30,000 at the bench's 10,000), of both countries, each with one to three focus
areas and a two-sentence description in English and in Chinese drawn from the themes' and
activities' word pairs, so that descriptions differ as real ones do and BM25 has something
to tell apart. Plain values, drawn from their own random generator (the same seed gives the
same rows); `app.demo.scale` writes them in bulk.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from app.demo.data import words
from app.demo.synthetic import day_at
from app.focus_areas import FocusArea
from app.organizations.models import Country

PER_PARTNERSHIP = 3
# (English, Chinese) pairs of what an organization does, two or three to a description.
ACTIVITIES = (
    ("field monitoring stations", "野外监测站"),
    ("pilot projects with local utilities", "与地方公用事业单位的试点项目"),
    ("policy research for provincial regulators", "为监管部门开展政策研究"),
    ("training for plant engineers", "工厂工程师培训"),
    ("low-cost sensors and data platforms", "低成本传感器和数据平台"),
    ("community outreach and education", "社区宣传和教育"),
    ("financing models for small projects", "小型项目融资模式"),
    ("emissions inventories", "排放清单"),
    ("heat pumps and building retrofits", "热泵和建筑改造"),
    ("battery recycling", "电池回收"),
    ("mangrove and coastal habitat restoration", "红树林和滨海栖息地修复"),
    ("migratory bird surveys", "候鸟调查"),
    ("watershed management plans", "流域管理规划"),
    ("wastewater treatment upgrades", "污水处理升级"),
    ("charging networks for electric buses", "电动公交充电网络"),
    ("rooftop solar cooperatives", "屋顶光伏合作社"),
    ("grid integration studies", "电网接入研究"),
    ("industrial boiler conversion", "工业锅炉改造"),
    ("forest carbon accounting", "森林碳汇核算"),
    ("urban tree planting", "城市植树"),
    ("green bond standards", "绿色债券标准"),
    ("circular supply chains", "循环供应链"),
    ("district heating", "区域供热"),
    ("air quality forecasting", "空气质量预报"),
    ("clean cookstoves", "清洁炉灶"),
    ("freight logistics efficiency", "货运物流能效"),
    ("methane capture at landfills", "垃圾填埋场甲烷回收"),
    ("desert greening", "荒漠绿化"),
    ("smart meters", "智能电表"),
    ("hydrogen fuel cells", "氢燃料电池"),
)


def plan_finder_organizations(
    n: int, places: dict[Country, list[tuple[str, str, str]]], *, seed: int
) -> tuple[list[dict[str, Any]], list[list[FocusArea]]]:
    """The organizations of a data set of `n` partnerships, and each one's focus areas."""
    draw = random.Random(f"finder-{seed}")
    kinds = [kind for kind, _weight in words.TYPE_WEIGHTS]
    weights = [weight for _kind, weight in words.TYPE_WEIGHTS]
    organizations, areas = [], []
    for number in range(1, PER_PARTNERSHIP * n + 1):
        country = Country.US if number % 2 else Country.CN
        code, place_en, place_zh = draw.choice(places[country])
        kind = draw.choices(kinds, weights)[0]
        kind_en, kind_zh = draw.choice(words.KINDS[kind])
        theme_en, theme_zh, area = draw.choice(words.THEMES)
        qualifier_en, qualifier_zh = draw.choice(words.QUALIFIERS)
        doing = draw.sample(ACTIVITIES, draw.randint(2, 3))
        held = {area, *(draw.choice(list(FocusArea)) for _ in range(draw.randint(0, 2)))}
        name_en = " ".join(w for w in (place_en, qualifier_en, theme_en, kind_en) if w)
        stamp = day_at(date(2015, 1, 1) + timedelta(days=draw.randrange(3650)))
        organizations.append(
            {
                "name_en": f"{name_en} {number}"[:200],
                "name_zh": f"{place_zh}{qualifier_zh}{theme_zh}{kind_zh}{number}"[:200],
                "country": country,
                "type": kind,
                "subdivision_code": code,
                "city": "",
                "website": "",
                "description": (
                    f"{theme_en} work in {place_en}: "
                    + ", ".join(en for en, _zh in doing[:-1])
                    + f" and {doing[-1][0]}. We seek a partner across the Pacific."
                ),
                "description_zh": f"在{place_zh}开展{theme_zh}工作："
                + "、".join(zh for _en, zh in doing)
                + "。寻求太平洋彼岸的合作伙伴。",
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        areas.append(sorted(held))
    return organizations, areas
