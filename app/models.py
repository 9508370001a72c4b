"""Every model of every module, imported in one place so that Alembic sees them all."""

from app.accounts.models import User, UserRole
from app.audit.models import Event
from app.notifications.models import Notification
from app.organizations.models import Organization, OrganizationInvitation, OrganizationMember
from app.partnerships.models import (
    ImplementationPlan,
    Milestone,
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
)
from app.proposals.models import Attachment, Participant, Proposal, ProposalFocusArea, WorkplanTask
from app.reviews.models import Conflict, Decision, ReviewAssignment, ReviewScore
from app.solicitations.models import RubricCriterion, Solicitation
from app.updates.models import ProgressUpdate

__all__ = [
    "Attachment",
    "Conflict",
    "Decision",
    "Event",
    "ImplementationPlan",
    "Milestone",
    "Notification",
    "Organization",
    "OrganizationInvitation",
    "OrganizationMember",
    "Participant",
    "Partnership",
    "PartnershipFocusArea",
    "PartnershipParticipant",
    "ProgressUpdate",
    "Proposal",
    "ProposalFocusArea",
    "ReviewAssignment",
    "ReviewScore",
    "RubricCriterion",
    "Solicitation",
    "User",
    "UserRole",
    "WorkplanTask",
]
