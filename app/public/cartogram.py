"""The directory's map: a tile cartogram of U.S. states and Chinese provinces.

No outside map service is used and no geographic outline data ships with the portal's
packages, so each state or province is one square tile placed roughly where it lies (the
common U.S. tile-grid layout, and a hand-made one for China's 34 provincial-level divisions).
Tiles are shaded by the number of partnerships with a participant there and link to the
directory filtered to that place; the page lists the same numbers as text beside the map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.organizations.models import Country
from app.organizations.subdivisions import subdivision

# (column, row) of each tile.
US_TILES: dict[str, tuple[int, int]] = {
    "US-AK": (0, 0), "US-ME": (11, 0),
    "US-VT": (10, 1), "US-NH": (11, 1),
    "US-WA": (0, 2), "US-ID": (1, 2), "US-MT": (2, 2), "US-ND": (3, 2), "US-MN": (4, 2),
    "US-IL": (5, 2), "US-WI": (6, 2), "US-MI": (7, 2), "US-NY": (8, 2), "US-RI": (9, 2),
    "US-MA": (10, 2),
    "US-OR": (0, 3), "US-NV": (1, 3), "US-WY": (2, 3), "US-SD": (3, 3), "US-IA": (4, 3),
    "US-IN": (5, 3), "US-OH": (6, 3), "US-PA": (7, 3), "US-NJ": (8, 3), "US-CT": (9, 3),
    "US-CA": (0, 4), "US-UT": (1, 4), "US-CO": (2, 4), "US-NE": (3, 4), "US-MO": (4, 4),
    "US-KY": (5, 4), "US-WV": (6, 4), "US-VA": (7, 4), "US-MD": (8, 4), "US-DE": (9, 4),
    "US-AZ": (1, 5), "US-NM": (2, 5), "US-KS": (3, 5), "US-AR": (4, 5), "US-TN": (5, 5),
    "US-NC": (6, 5), "US-SC": (7, 5), "US-DC": (8, 5),
    "US-OK": (3, 6), "US-LA": (4, 6), "US-MS": (5, 6), "US-AL": (6, 6), "US-GA": (7, 6),
    "US-HI": (0, 7), "US-TX": (3, 7), "US-FL": (8, 7), "US-PR": (10, 7),
}  # fmt: skip

CN_TILES: dict[str, tuple[int, int]] = {
    "CN-HL": (7, 0),
    "CN-NM": (4, 1), "CN-BJ": (5, 1), "CN-JL": (7, 1),
    "CN-XJ": (0, 2), "CN-GS": (2, 2), "CN-NX": (3, 2), "CN-SX": (4, 2), "CN-HE": (5, 2),
    "CN-TJ": (6, 2), "CN-LN": (7, 2),
    "CN-QH": (1, 3), "CN-SN": (3, 3), "CN-HA": (4, 3), "CN-SD": (5, 3),
    "CN-XZ": (0, 4), "CN-SC": (2, 4), "CN-CQ": (3, 4), "CN-HB": (4, 4), "CN-AH": (5, 4),
    "CN-JS": (6, 4), "CN-SH": (7, 4),
    "CN-GZ": (3, 5), "CN-HN": (4, 5), "CN-JX": (5, 5), "CN-ZJ": (6, 5),
    "CN-YN": (2, 6), "CN-GX": (3, 6), "CN-GD": (4, 6), "CN-FJ": (5, 6), "CN-TW": (7, 6),
    "CN-HI": (3, 7), "CN-MO": (4, 7), "CN-HK": (5, 7),
}  # fmt: skip

TILE = 46  # side of a tile, in SVG units
GAP = 4


@dataclass(frozen=True)
class Band:
    """A range of partnership counts and the colours its tiles are drawn in."""

    low: int
    high: int | None
    fill: str
    text: str

    def holds(self, count: int) -> bool:
        """Whether `count` falls in this band."""
        return count >= self.low and (self.high is None or count <= self.high)


# USWDS colours; every label keeps a contrast of at least 4.5:1 against its tile.
BANDS = (
    Band(0, 0, "#f0f0f0", "#565c65"),
    Band(1, 1, "#d9e8f6", "#1b1b1b"),
    Band(2, 3, "#73b3e7", "#1b1b1b"),
    Band(4, 6, "#005ea2", "#ffffff"),
    Band(7, None, "#162e51", "#ffffff"),
)

_CHINESE_SUFFIX = re.compile(r"(维吾尔|回族|壮族)?(自治区|特别行政区|省|市)$")


@dataclass(frozen=True)
class Tile:
    """One state or province on the map."""

    code: str
    x: int
    y: int
    label: str
    name: str
    count: int
    band: Band


@dataclass(frozen=True)
class Cartogram:
    """One country's tiles and the drawing's size."""

    country: Country
    tiles: list[Tile]
    width: int
    height: int


def short_label(code: str, locale: str) -> str:
    """What fits on a tile: the postal or ISO code, or in Chinese a province's short name."""
    place = subdivision(code)
    if place is not None and place.country == Country.CN and locale.startswith("zh"):
        return _CHINESE_SUFFIX.sub("", place.name_zh) or code[3:]
    return code[3:]


def cartogram(country: Country, counts: dict[str, int], locale: str) -> Cartogram:
    """The tiles of `country`, shaded by `counts` (partnerships per ISO 3166-2 code)."""
    layout = US_TILES if country == Country.US else CN_TILES
    tiles = []
    for code, (column, row) in layout.items():
        place = subdivision(code)
        count = counts.get(code, 0)
        tiles.append(
            Tile(
                code=code,
                x=column * (TILE + GAP),
                y=row * (TILE + GAP),
                label=short_label(code, locale),
                name=place.name(locale) if place else code,
                count=count,
                band=next(band for band in BANDS if band.holds(count)),
            )
        )
    columns = max(column for column, _ in layout.values()) + 1
    rows = max(row for _, row in layout.values()) + 1
    return Cartogram(
        country=country,
        tiles=tiles,
        width=columns * (TILE + GAP) - GAP,
        height=rows * (TILE + GAP) - GAP,
    )
