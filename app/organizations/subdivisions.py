"""U.S. states and Chinese provinces (ISO 3166-2, from pycountry), named in both languages."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache

import pycountry
from flask_babel import get_locale
from wtforms import SelectChoice

from app.organizations.models import Country

# pycountry gives romanised Chinese names ("Qinghai Sheng"); the program writes them in English.
_ENGLISH_OVERRIDES = {
    "CN-NM": "Inner Mongolia",
    "CN-XZ": "Tibet (Xizang)",
    "CN-HK": "Hong Kong",
    "CN-MO": "Macao",
}
# Missing from the iso-codes translation (it leaves these names in English).
_CHINESE_OVERRIDES = {"CN-NX": "宁夏回族自治区", "US-MD": "马里兰州"}
_ROMANISED_SUFFIX = re.compile(r"\s+(\w+zu\s+|Uygur\s+)?(Sheng|Shi|Zizhiqu)$")


@dataclass(frozen=True)
class Subdivision:
    """A state or province: its ISO 3166-2 code and names."""

    code: str
    country: Country
    name_en: str
    name_zh: str

    def name(self, locale: str) -> str:
        """The name in the reader's language."""
        return self.name_zh if locale.startswith("zh") else self.name_en


@cache
def subdivisions() -> dict[str, Subdivision]:
    """Every U.S. and Chinese subdivision, by code, in order of English name."""
    chinese = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    found = []
    for country in Country:
        for entry in pycountry.subdivisions.get(country_code=country.value):
            name_en = _ENGLISH_OVERRIDES.get(entry.code) or _ROMANISED_SUFFIX.sub("", entry.name)
            name_zh = _CHINESE_OVERRIDES.get(entry.code) or chinese.gettext(entry.name)
            found.append(Subdivision(entry.code, country, name_en, name_zh))
    found.sort(key=lambda s: (s.country.value != "US", s.name_en))
    return {s.code: s for s in found}


def subdivision(code: str) -> Subdivision | None:
    """The subdivision with this ISO 3166-2 code, or None."""
    return subdivisions().get(code)


def place_name(code: str) -> str:
    """A subdivision's name in the reader's language (templates' `place_name`), else the code."""
    place = subdivision(code)
    return place.name(str(get_locale())) if place else code


COUNTRY_GROUPS = {Country.US: "United States – 美国", Country.CN: "China – 中国"}


def subdivision_choices() -> list[SelectChoice]:
    """Select options "English – 中文", grouped by country (labels are bilingual as they are)."""
    return [
        SelectChoice(s.code, f"{s.name_en} – {s.name_zh}", optgroup=COUNTRY_GROUPS[s.country])
        for s in subdivisions().values()
    ]
