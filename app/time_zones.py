"""The time zones a person may choose, named in the reader's language.

One zone per country and region as the IANA database's ``zone.tab`` lists them (418, none of the
old aliases such as "Africa/Asmera" or "US/Eastern"), labelled with Babel's localized place
names ("United States (Los Angeles) Time", "美国（洛杉矶）时间"); Washington and Beijing, the
program's two zones, come first, then UTC.
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from importlib import resources
from pathlib import Path

from babel import Locale, dates
from babel.core import get_global
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import SelectChoice

from app import clock

PROGRAM_ZONES = (str(clock.WASHINGTON), str(clock.BEIJING))
# Cities Babel's CLDR has no Chinese name for (renamed or new zones): written here.
_CHINESE_CITIES = {
    "America/Argentina/Catamarca": "卡塔马卡",
    "America/Argentina/Cordoba": "科尔多瓦",
    "America/Coyhaique": "科伊艾克",
    "America/Indiana/Indianapolis": "印第安纳波利斯",
    "Europe/Kyiv": "基辅",
    "Pacific/Chuuk": "丘克",
}


def _zone_table() -> str:
    """``zone.tab`` of the time-zone data Python uses: the system's, else the tzdata package's."""
    for folder in zoneinfo.TZPATH:
        table = Path(folder) / "zone.tab"
        if table.is_file():
            return table.read_text(encoding="utf-8")
    return (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")


@cache
def listed_zones() -> dict[str, str]:
    """Every zone of ``zone.tab`` this Python can load, with its country's ISO code."""
    available = zoneinfo.available_timezones()
    rows = (line.split("\t") for line in _zone_table().splitlines() if line[:1] not in ("", "#"))
    return {row[2]: row[0] for row in sorted(rows, key=lambda r: r[2]) if row[2] in available}


@cache
def _cldr_ids() -> dict[str, str]:
    """IANA's current ids to the older ones CLDR keeps its city names under
    ("America/Argentina/Buenos_Aires" → "America/Buenos_Aires")."""
    return {new: old for old, new in get_global("zone_aliases").items()}


def zone_label(zone: str, locale: str) -> str:
    """A zone's place in `locale`, as CLDR writes it: the country alone when it has one zone
    ("Eritrea Time", "英国时间"), else with the city ("United States (Los Angeles) Time",
    "美国（洛杉矶）时间"); a city CLDR does not name keeps its IANA name in English."""
    data = Locale.parse(locale)
    country_code = listed_zones()[zone]
    country = data.territories.get(country_code, country_code)
    if sum(1 for code in listed_zones().values() if code == country_code) > 1:
        names = data.time_zones.get(_cldr_ids().get(zone, zone)) or data.time_zones.get(zone, {})
        chinese = _CHINESE_CITIES.get(zone) if locale.startswith("zh") else None
        city = chinese or names.get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        country = data.zone_formats["fallback"] % {"0": city, "1": country}
    return str(data.zone_formats["region"] % country)


@cache
def _choices(locale: str) -> tuple[tuple[str, str], ...]:
    others = sorted(
        ((zone, zone_label(zone, locale)) for zone in listed_zones() if zone not in PROGRAM_ZONES),
        key=lambda pair: zone_label(pair[0], "en"),  # one order in both languages
    )
    return tuple(others)


def time_zone_choices() -> list[SelectChoice]:
    """The choices of a time-zone field, for the reader's language."""
    locale = str(get_locale())
    washington = dates.get_timezone_name(clock.WASHINGTON, width="long", locale=locale)
    beijing = dates.get_timezone_name(clock.BEIJING, width="long", locale=locale)
    return [
        SelectChoice(PROGRAM_ZONES[0], _("Washington, D.C. (%(zone)s)", zone=washington)),
        SelectChoice(PROGRAM_ZONES[1], _("Beijing (%(zone)s)", zone=beijing)),
        SelectChoice("UTC", _("Coordinated Universal Time (UTC)")),
        *(SelectChoice(zone, label) for zone, label in _choices(locale)),
    ]
