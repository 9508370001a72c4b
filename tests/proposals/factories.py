"""Proposal factories: a draft ready to submit, or one in any state."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from app import clock
from app.accounts.models import User
from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations.models import Country, Organization
from app.proposals.models import (
    DeliverableKind,
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalFocusArea,
    ProposalState,
    WorkplanTask,
)
from app.solicitations.models import Solicitation
from tests.factories import make_organization, make_user
from tests.solicitations.factories import make_solicitation

_references = itertools.count(900)

COMPLETE_TEXTS = {
    "title_en": "Clean buses for harbor cities",
    "title_zh": "港口城市清洁公交",
    "summary_en": "Electrify bus fleets.",
    "summary_zh": "公交车队电动化。",
    "deliverable_en": "A fleet procurement program.",
    "deliverable_zh": "车队采购计划。",
    "objectives_en": "Replace 100 diesel buses.",
    "objectives_zh": "替换100辆柴油公交车。",
    "impact_en": "Cleaner air in two ports.",
    "impact_zh": "两个港口空气更清洁。",
}


def make_proposal(
    *,
    lead: Organization | None = None,
    partner: Organization | None = None,
    solicitation: Solicitation | None = None,
    complete: bool = True,
    state: ProposalState = ProposalState.DRAFT,
    partner_state: ParticipantState = ParticipantState.CONFIRMED,
    **fields: Any,
) -> Proposal:
    """A proposal led by a U.S. organization with a Chinese partner; complete enough to submit."""
    solicitation = solicitation or make_solicitation()
    lead = lead or make_organization(make_user(), country=Country.US)
    partner = partner or make_organization(make_user(), country=Country.CN)
    proposal = Proposal(solicitation=solicitation, lead_organization=lead, state=state, **fields)
    proposal.participants = [
        Participant(organization=lead, role=ParticipantRole.LEAD, state=ParticipantState.CONFIRMED),
        Participant(organization=partner, role=ParticipantRole.PARTNER, state=partner_state),
    ]
    if complete:
        for name, value in COMPLETE_TEXTS.items():
            setattr(proposal, name, fields.get(name, value))
        proposal.deliverable_kind = DeliverableKind.PROGRAM
        proposal.focus_areas = [ProposalFocusArea(focus_area=FocusArea.CLEAN_AIR)]
        proposal.tasks = [
            WorkplanTask(
                pilot_year=year,
                number=1,
                title_en=f"Year {year} task",
                title_zh=f"第{year}年任务",
                target="10 buses",
                due_month=date(2027 + year, 6, 1),
            )
            for year in (1, 2, 3)
        ]
    if state != ProposalState.DRAFT:
        proposal.submitted_at = clock.now()
        proposal.reference = f"EP-{solicitation.year}-{next(_references):03d}"
    db.session.add(proposal)
    db.session.flush()
    return proposal


def owner_of(organization: Organization) -> User:
    """The owner (first member) of an organization made by the factories."""
    return organization.memberships[0].user
