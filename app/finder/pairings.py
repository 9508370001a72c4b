"""Which kinds of organization complement each other across the Pacific: the finder's table of
type pairings, each with its points and the reason a result shows.

The table is symmetric (a city with a company is a company with a city) and small on purpose:
it records the pairings the program's own partnerships were made of (Utah – Qinghai, a state
and a province; Duke Energy/Charlotte – ENN/Langfang, companies with a city; US BCSD – CBCSD,
two business councils; Sea Turtles 911 – Hainan Normal University, an NGO with a university).
A pairing not in the table earns nothing: it is not refused, only not favoured.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from app.organizations.models import OrganizationType as T

COMPLEMENTARY = 2  # points of a complementary pairing
PEERS = 1  # points of two of a kind that often pair (sister states, sister cities)


@dataclass(frozen=True)
class Pairing:
    """Why two types of organization go together, and what it is worth."""

    points: int
    reason: LazyString


_CITY_WITH_COMPANY = Pairing(
    COMPLEMENTARY, _l("a local government offers a pilot site for a company's technology")
)
_GOVERNMENT_WITH_RESEARCH = Pairing(
    COMPLEMENTARY, _l("a university brings research and monitoring to a government's program")
)
_COMPANY_WITH_RESEARCH = Pairing(
    COMPLEMENTARY, _l("a university tests and improves a company's technology")
)
_NGO_WITH_RESEARCH = Pairing(COMPLEMENTARY, _l("an NGO's field work meets a university's research"))
_NGO_WITH_GOVERNMENT = Pairing(
    COMPLEMENTARY, _l("an NGO carries a government's program to the communities")
)
_ASSOCIATION_WITH_COMPANY = Pairing(
    COMPLEMENTARY, _l("an industry association spreads a company's results to its members")
)
_SISTER_GOVERNMENTS = Pairing(
    PEERS, _l("governments of the same level, as sister states, provinces and cities pair")
)
_PEER_ASSOCIATIONS = Pairing(PEERS, _l("two industry associations of the same field"))
_PEER_RESEARCH = Pairing(PEERS, _l("two research institutions of the same field"))

_LOCAL = (T.CITY_GOVERNMENT, T.COUNTY_GOVERNMENT, T.STATE_GOVERNMENT)

PAIRINGS: dict[frozenset[T], Pairing] = {
    **{frozenset((level, T.ENTERPRISE)): _CITY_WITH_COMPANY for level in _LOCAL},
    **{frozenset((level, T.UNIVERSITY)): _GOVERNMENT_WITH_RESEARCH for level in _LOCAL},
    **{frozenset((level, T.NGO)): _NGO_WITH_GOVERNMENT for level in _LOCAL},
    **{frozenset((level,)): _SISTER_GOVERNMENTS for level in _LOCAL},
    frozenset((T.ENTERPRISE, T.UNIVERSITY)): _COMPANY_WITH_RESEARCH,
    frozenset((T.NGO, T.UNIVERSITY)): _NGO_WITH_RESEARCH,
    frozenset((T.INDUSTRY_ASSOCIATION, T.ENTERPRISE)): _ASSOCIATION_WITH_COMPANY,
    frozenset((T.INDUSTRY_ASSOCIATION,)): _PEER_ASSOCIATIONS,
    frozenset((T.UNIVERSITY,)): _PEER_RESEARCH,
}


def pairing(one: T | str, other: T | str) -> Pairing | None:
    """How `one` and `other` pair, if the table says they do."""
    return PAIRINGS.get(frozenset((T(one), T(other))))


def partners_of(kind: T | str) -> dict[T, Pairing]:
    """Every type that pairs with `kind`, with its pairing."""
    return {other: found for other in T if (found := pairing(kind, other)) is not None}
