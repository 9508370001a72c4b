"""Introductions: factories for the tests of introductions and of the pages that show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app import clock
from app.accounts.models import Language, User
from app.extensions import db
from app.focus_areas import FocusArea
from app.introductions.models import Introduction, IntroductionState
from app.organizations.models import Country, Organization, OrganizationType
from tests.factories import make_organization, make_user


@dataclass
class Pair:
    """A U.S. county and a Chinese city government, one member each."""

    us: Organization
    us_member: User
    cn: Organization
    cn_member: User


def make_pair(**us_fields: object) -> Pair:
    """Two organizations of the two countries sharing a focus area, one member each (the
    Chinese one reads Chinese)."""
    us_member = make_user()
    cn_member = make_user(language=Language.ZH)
    us = make_organization(
        us_member,
        country=Country.US,
        type=OrganizationType.COUNTY_GOVERNMENT,
        focus_areas=[FocusArea.CLEAN_AIR],
        **us_fields,
    )
    cn = make_organization(
        cn_member,
        country=Country.CN,
        type=OrganizationType.CITY_GOVERNMENT,
        focus_areas=[FocusArea.CLEAN_AIR],
    )
    return Pair(us, us_member, cn, cn_member)


def make_introduction(
    sender: Organization,
    recipient: Organization,
    requester: User | None = None,
    *,
    state: IntroductionState = IntroductionState.PENDING,
    message: str = "We would like to work on clean air with you.",
    created_at: datetime | None = None,
) -> Introduction:
    """A request of `sender` to `recipient` in `state` (answered now unless pending)."""
    requester = requester or sender.memberships[0].user
    introduction = Introduction(
        from_organization=sender,
        to_organization=recipient,
        requested_by=requester,
        message=message,
        state=state,
        answered_at=None if state == IntroductionState.PENDING else clock.now(),
    )
    if created_at is not None:
        introduction.created_at = created_at
    db.session.add(introduction)
    db.session.flush()
    return introduction
