"""Every model of every module, imported in one place so that Alembic sees them all."""

from app.accounts.models import User, UserRole
from app.audit.models import Event
from app.calendars.models import CalendarFeed
from app.data_version import DataVersion
from app.exports.models import IssuedDocument
from app.finder.models import FinderCorpus, FinderProfile, FinderTerm, FinderTermStat
from app.introductions.models import Introduction, IntroductionBlock
from app.notices.models import NoticeFocusArea, NoticeRegion, PartnerNotice
from app.notifications.models import Notification
from app.organizations.models import (
    Organization,
    OrganizationFocusArea,
    OrganizationInvitation,
    OrganizationMember,
)
from app.partnerships.models import (
    ImplementationPlan,
    Milestone,
    MilestoneEvidence,
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
    PlanTask,
    Reminder,
)
from app.proposals.models import (
    Attachment,
    Participant,
    Proposal,
    ProposalFocusArea,
    ProposalInvitation,
    WorkplanTask,
)
from app.reviews.models import (
    Conflict,
    Decision,
    ReviewAssignment,
    ReviewComment,
    ReviewScore,
)
from app.search.models import SearchDocument, SearchWord
from app.solicitations.models import RubricCriterion, Solicitation
from app.subscriptions.models import UpdateSubscription
from app.updates.models import ProgressUpdate

__all__ = [
    "Attachment",
    "CalendarFeed",
    "Conflict",
    "DataVersion",
    "Decision",
    "Event",
    "FinderCorpus",
    "FinderProfile",
    "FinderTerm",
    "FinderTermStat",
    "ImplementationPlan",
    "Introduction",
    "IntroductionBlock",
    "IssuedDocument",
    "Milestone",
    "MilestoneEvidence",
    "NoticeFocusArea",
    "NoticeRegion",
    "Notification",
    "Organization",
    "OrganizationFocusArea",
    "OrganizationInvitation",
    "OrganizationMember",
    "Participant",
    "PartnerNotice",
    "Partnership",
    "PartnershipFocusArea",
    "PartnershipParticipant",
    "PlanTask",
    "ProgressUpdate",
    "Proposal",
    "ProposalFocusArea",
    "ProposalInvitation",
    "Reminder",
    "ReviewAssignment",
    "ReviewComment",
    "ReviewScore",
    "RubricCriterion",
    "SearchDocument",
    "SearchWord",
    "Solicitation",
    "UpdateSubscription",
    "User",
    "UserRole",
    "WorkplanTask",
]
