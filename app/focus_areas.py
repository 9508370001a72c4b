"""The Ten Year Framework action plans that proposals and partnerships address."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class FocusArea(enum.StrEnum):
    """An action plan of the U.S.–China Ten Year Framework on Energy and Environment."""

    CLEAN_AIR = "clean_air"
    CLEAN_WATER = "clean_water"
    CLEAN_ELECTRICITY = "clean_electricity"
    CLEAN_TRANSPORTATION = "clean_transportation"
    FORESTS_WETLANDS = "forests_wetlands"
    ENERGY_EFFICIENCY = "energy_efficiency"
    GREEN_GROWTH = "green_growth"
    LOW_CARBON_COMMUNITIES = "low_carbon_communities"

    @property
    def label(self) -> str:
        """The action plan's name in the reader's language."""
        return str(FOCUS_AREA_LABELS[self])


FOCUS_AREA_LABELS = {
    FocusArea.CLEAN_AIR: _l("Clean air"),
    FocusArea.CLEAN_WATER: _l("Clean water"),
    FocusArea.CLEAN_ELECTRICITY: _l("Clean and efficient electricity"),
    FocusArea.CLEAN_TRANSPORTATION: _l("Clean and efficient transportation"),
    FocusArea.FORESTS_WETLANDS: _l("Conservation of forest and wetland ecosystems"),
    FocusArea.ENERGY_EFFICIENCY: _l("Energy efficiency"),
    FocusArea.GREEN_GROWTH: _l("Green growth"),
    FocusArea.LOW_CARBON_COMMUNITIES: _l("Low-carbon sustainable communities"),
}
