"""The Ten Year Framework action plans that proposals and partnerships address."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.states import Labelled


class FocusArea(Labelled):
    """An action plan of the U.S.–China Ten Year Framework on Energy and Environment."""

    CLEAN_AIR = "clean_air", _l("Clean air")
    CLEAN_WATER = "clean_water", _l("Clean water")
    CLEAN_ELECTRICITY = "clean_electricity", _l("Clean and efficient electricity")
    CLEAN_TRANSPORTATION = "clean_transportation", _l("Clean and efficient transportation")
    FORESTS_WETLANDS = "forests_wetlands", _l("Conservation of forest and wetland ecosystems")
    ENERGY_EFFICIENCY = "energy_efficiency", _l("Energy efficiency")
    GREEN_GROWTH = "green_growth", _l("Green growth")
    LOW_CARBON_COMMUNITIES = "low_carbon_communities", _l("Low-carbon sustainable communities")
