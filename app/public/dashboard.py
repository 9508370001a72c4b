"""The signed-in dashboard (``/dashboard``): what the user has to do, by role, in one read.

Its route is `app.public.views.dashboard` (endpoint ``public.dashboard``); everything it shows
is gathered here, so the page, its template and its tests have one place to look.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.organizations.models import Organization
from app.organizations.services import organizations_of
from app.partnerships import queries as partnership_queries
from app.partnerships.models import PartnershipStatus
from app.proposals.models import Participant, Proposal
from app.proposals.queries import invitations_for, proposals_of, resubmission_offer
from app.public.next_tasks import NextTask, next_tasks
from app.reviews.models import ReviewAssignment
from app.solicitations.models import Solicitation
from app.solicitations.queries import accepting_solicitation


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard shows one user; the template's context."""

    organizations: list[Organization]
    proposals: list[Proposal]
    invitations: list[Participant]
    assignments: list[ReviewAssignment]
    solicitation: Solicitation | None
    my_partnerships: partnership_queries.Agendas
    next_tasks: list[NextTask]
    # Declined proposals the user may carry into the open call: proposal id -> that call.
    resubmittable: dict[int, Solicitation]

    @property
    def is_new(self) -> bool:
        """Nothing yet: no organization, proposal, invitation, review or partnership (the page
        then shows the steps to a first proposal)."""
        return not (
            self.organizations
            or self.proposals
            or self.invitations
            or self.assignments
            or self.my_partnerships
        )


def review_assignments(user: User) -> list[ReviewAssignment]:
    """The user's review assignments, oldest first."""
    return list(
        db.session.scalars(
            select(ReviewAssignment)
            .where(ReviewAssignment.reviewer_id == user.id)
            .order_by(ReviewAssignment.created_at)
        )
    )


def partnership_agenda(agendas: partnership_queries.Agendas) -> partnership_queries.Agendas:
    """Of the user's partnerships with their agendas, the active ones."""
    return [
        (partnership, agenda)
        for partnership, agenda in agendas
        if partnership.status == PartnershipStatus.ACTIVE
    ]


def dashboard_for(user: User) -> Dashboard:
    """Everything the dashboard shows `user`."""
    proposals = proposals_of(user)
    offers = {p.id: resubmission_offer(p, user) for p in proposals}
    agendas = partnership_queries.agendas_of(user)  # listed, and the cards' source
    return Dashboard(
        organizations=organizations_of(user),
        proposals=proposals,
        invitations=invitations_for(user),
        assignments=review_assignments(user),
        solicitation=accepting_solicitation(),
        my_partnerships=partnership_agenda(agendas),
        next_tasks=next_tasks(user, agendas),
        resubmittable={pid: call for pid, call in offers.items() if call is not None},
    )
