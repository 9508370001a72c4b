"""Is a draft ready to submit? The program's checks, grouped into the task list's sections.

One home for the rule: the proposal page's task list (each section's status), the step
indicator, the check-your-answers page (what is missing, and where to fix it) and
`services.submit_proposal` (which refuses whatever is not met) all read `submission_requirements`
and `task_list` here, so a status shown can never disagree with what the server refuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select

from app.errors import ServiceError
from app.extensions import db
from app.organizations.models import Country, Organization
from app.partnerships.models import Partnership, PartnershipParticipant, PartnershipStatus
from app.proposals.models import (
    EmailInvitationState,
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalState,
)
from app.solicitations.queries import why_not_accepting
from app.states import Labelled, Tone

PILOT_YEARS = (1, 2, 3)

# The texts each language section asks for (the deliverable's description is the Deliverable
# section's), with the labels the checklist names them by.
LANGUAGE_TEXTS = {
    "title": _l("Title"),
    "summary": _l("Summary"),
    "objectives": _l("Objectives"),
    "impact": _l("Expected impact"),
}


class Section(Labelled):
    """A part of the application, in the order the task list shows them."""

    PARTICIPANTS = "participants", _l("Participants")
    TEXTS_EN = "texts_en", _l("Proposal texts in English")
    TEXTS_ZH = "texts_zh", _l("Proposal texts in Chinese")
    DELIVERABLE = "deliverable", _l("Deliverable")
    RESPONSE = "response", _l("Response to last year's reviews")
    WORKPLAN = "workplan", _l("Workplan")
    LETTERS = "letters", _l("Letters of support")
    CHECK = "check", _l("Check and submit")


class SectionStatus(Labelled):
    """How far a section is; its tag on the task list."""

    NOT_STARTED = "not_started", _l("Not started"), Tone.WAITING
    IN_PROGRESS = "in_progress", _l("In progress"), Tone.UNDER_WAY
    COMPLETED = "completed", _l("Completed"), Tone.GOOD
    CANNOT_START = "cannot_start", _l("Cannot start yet"), Tone.NEUTRAL


@dataclass(frozen=True)
class Requirement:
    """One condition for submission, whether the proposal meets it, the section it belongs to
    and the id of the field (on that section's page) where it is put right."""

    message: str
    met: bool
    section: Section
    field: str = ""


@dataclass(frozen=True)
class SectionState:
    """One line of the task list: a section, its status and its requirements."""

    section: Section
    status: SectionStatus
    requirements: tuple[Requirement, ...]

    @property
    def missing(self) -> list[Requirement]:
        """The section's requirements not met yet."""
        return [r for r in self.requirements if not r.met]


class NotReady(ServiceError):
    """Submission refused because requirements are unmet. The message names them all (for a
    flash or the command line); a form shows the headline above and lists `unmet` as links."""

    def __init__(self, unmet: Sequence[Requirement]) -> None:
        self.headline = str(_l("The proposal cannot be submitted yet."))
        super().__init__(" ".join([self.headline, *(r.message for r in unmet)]))
        self.unmet = tuple(unmet)

    def attach_to(self, form: FlaskForm) -> None:
        """The headline above the form; the page lists what is missing, each with its link."""
        form.form_errors.append(self.headline)


def submission_requirements(proposal: Proposal) -> list[Requirement]:
    """Every rule a submission must meet, each with its state, section and field."""
    confirmed = [p for p in proposal.participants if p.state == ParticipantState.CONFIRMED]
    countries = {p.organization.country for p in confirmed}
    refusal = why_not_accepting(proposal.solicitation)
    people = Section.PARTICIPANTS
    requirements = [
        Requirement(
            str(_l("At least one confirmed U.S. participant.")),
            Country.US in countries,
            people,
            "organization_id",
        ),
        Requirement(
            str(_l("At least one confirmed Chinese participant.")),
            Country.CN in countries,
            people,
            "organization_id",
        ),
        Requirement(
            str(_l("No partner invitation is still waiting for an answer.")),
            not any(p.state == ParticipantState.INVITED for p in proposal.participants),
            people,
            "participants",
        ),
    ]
    for organization in _organizations_already_partnered(proposal, confirmed):
        message = _l(
            "%(name)s is already in an active EcoPartnership and may not apply with new partners.",
            name=organization.name_en,
        )
        requirements.append(Requirement(str(message), False, people, "participants"))
    for section, lang, language in (
        (Section.TEXTS_EN, "en", _l("English")),
        (Section.TEXTS_ZH, "zh", _l("Chinese")),
    ):
        for name, label in LANGUAGE_TEXTS.items():
            requirements.append(
                Requirement(
                    str(_l("%(field)s in %(language)s.", field=label, language=language)),
                    bool(getattr(proposal, f"{name}_{lang}").strip()),
                    section,
                    f"{name}_{lang}",
                )
            )
    deliverable = Section.DELIVERABLE
    requirements += [
        Requirement(
            str(_l("The kind of tangible deliverable (technology, policy or program).")),
            proposal.deliverable_kind is not None,
            deliverable,
            "deliverable_kind-0",
        ),
        *(
            Requirement(
                str(
                    _l(
                        "%(field)s in %(language)s.",
                        field=_l("Tangible deliverable"),
                        language=language,
                    )
                ),
                bool(getattr(proposal, f"deliverable_{lang}").strip()),
                deliverable,
                f"deliverable_{lang}",
            )
            for lang, language in (("en", _l("English")), ("zh", _l("Chinese")))
        ),
        Requirement(
            str(_l("At least one focus area.")),
            bool(proposal.focus_areas),
            deliverable,
            "focus_areas-0",
        ),
    ]
    if proposal.is_resubmission:
        for lang, language in (("en", _l("English")), ("zh", _l("Chinese"))):
            requirements.append(
                Requirement(
                    str(
                        _l(
                            "%(field)s in %(language)s.",
                            field=_l("Response to last year's reviews"),
                            language=language,
                        )
                    ),
                    bool(getattr(proposal, f"response_{lang}").strip()),
                    Section.RESPONSE,
                    f"response_{lang}",
                )
            )
    years = {task.pilot_year for task in proposal.tasks}
    for year in PILOT_YEARS:
        requirements.append(
            Requirement(
                str(_l("At least one workplan task in pilot year %(year)d.", year=year)),
                year in years,
                Section.WORKPLAN,
                "pilot_year",
            )
        )
    incomplete = [
        t for t in proposal.tasks if not (t.title_en and t.title_zh and t.target and t.due_month)
    ]
    requirements.append(
        Requirement(
            str(
                _l(
                    "Every workplan task has a title in both languages, a measurable target and a due month."
                )
            ),
            not incomplete,
            Section.WORKPLAN,
            "tasks",
        )
    )
    requirements.append(
        Requirement(
            refusal or str(_l("The call for proposals is open and its deadline has not passed.")),
            refusal is None,
            Section.CHECK,
        )
    )
    return requirements


def _started(proposal: Proposal, section: Section) -> bool:
    """Whether anything of `section` was done yet (a section done in part is in progress)."""
    if section == Section.PARTICIPANTS:
        return any(p.role != ParticipantRole.LEAD for p in proposal.participants) or any(
            i.state == EmailInvitationState.PENDING for i in proposal.email_invitations
        )
    if section in (Section.TEXTS_EN, Section.TEXTS_ZH):
        lang = "en" if section == Section.TEXTS_EN else "zh"
        return any(getattr(proposal, f"{name}_{lang}").strip() for name in LANGUAGE_TEXTS)
    if section == Section.DELIVERABLE:
        return bool(
            proposal.deliverable_kind
            or proposal.deliverable_en.strip()
            or proposal.deliverable_zh.strip()
            or proposal.focus_areas
        )
    if section == Section.RESPONSE:
        return bool(proposal.response_en.strip() or proposal.response_zh.strip())
    if section == Section.WORKPLAN:
        return bool(proposal.tasks)
    return bool(proposal.attachments)  # letters of support: optional, done once one is there


def _status(proposal: Proposal, section: Section, requirements: list[Requirement]) -> SectionStatus:
    if all(r.met for r in requirements) and (requirements or _started(proposal, section)):
        return SectionStatus.COMPLETED
    return SectionStatus.IN_PROGRESS if _started(proposal, section) else SectionStatus.NOT_STARTED


def task_list(
    proposal: Proposal, requirements: Iterable[Requirement] | None = None
) -> list[SectionState]:
    """The task list: every section with its status. "Check and submit" cannot start until
    every required section is completed and the call accepts proposals; letters are optional.
    Only a resubmission has the section answering last year's reviews."""
    listed = list(submission_requirements(proposal) if requirements is None else requirements)
    states: list[SectionState] = []
    for section in sections_of(proposal):
        own = [r for r in listed if r.section == section]
        if section != Section.CHECK:
            states.append(SectionState(section, _status(proposal, section, own), tuple(own)))
            continue
        if proposal.state != ProposalState.DRAFT:
            status = SectionStatus.COMPLETED
        elif all(r.met for r in listed):
            status = SectionStatus.NOT_STARTED
        else:
            status = SectionStatus.CANNOT_START
        states.append(SectionState(section, status, tuple(own)))
    return states


def sections_of(proposal: Proposal) -> list[Section]:
    """The sections of `proposal`'s task list, in order."""
    return [s for s in Section if s != Section.RESPONSE or proposal.is_resubmission]


def unmet(proposal: Proposal) -> list[Requirement]:
    """What stops `proposal` from being submitted, in the task list's order."""
    return [r for r in submission_requirements(proposal) if not r.met]


def _organizations_already_partnered(
    proposal: Proposal, confirmed: Iterable[Participant]
) -> list[Organization]:
    """Participants in an active partnership whose partners differ from this proposal's."""
    ours = {p.organization_id for p in confirmed}
    if not ours:
        return []
    rows = db.session.execute(
        select(PartnershipParticipant.partnership_id, PartnershipParticipant.organization_id)
        .join(Partnership, Partnership.id == PartnershipParticipant.partnership_id)
        .where(
            Partnership.status == PartnershipStatus.ACTIVE,
            Partnership.id.in_(
                select(PartnershipParticipant.partnership_id).where(
                    PartnershipParticipant.organization_id.in_(ours)
                )
            ),
        )
    ).all()
    partners: dict[int, set[int]] = {}
    for partnership_id, organization_id in rows:
        partners.setdefault(partnership_id, set()).add(organization_id)
    offending: set[int] = set()
    for members in partners.values():
        if ours - members:  # applying with someone outside the existing partnership
            offending |= ours & members
    return [p.organization for p in proposal.participants if p.organization_id in offending]
