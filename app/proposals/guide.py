"""The guided service's pages: which page completes each section of the task list, and the
step indicator over those pages. The statuses themselves are `readiness.py`'s."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import permissions
from app.proposals import readiness
from app.proposals.models import Proposal
from app.proposals.readiness import Section, SectionStatus

# The page that completes each section of the task list, the part of it the section's link
# opens at, and who may open it (the lead invites partners and submits; every confirmed
# participant writes).
SECTION_PAGES = {
    Section.PARTICIPANTS: ("proposals.partners", "", permissions.can_lead_proposal),
    Section.TEXTS_EN: ("proposals.edit", "", permissions.can_edit_proposal),
    Section.TEXTS_ZH: ("proposals.edit", "#title_zh", permissions.can_edit_proposal),
    Section.DELIVERABLE: ("proposals.edit", "#deliverable", permissions.can_edit_proposal),
    Section.RESPONSE: ("proposals.response", "", permissions.can_edit_proposal),
    Section.WORKPLAN: ("proposals.workplan", "", permissions.can_edit_proposal),
    Section.LETTERS: ("proposals.letters", "", permissions.can_edit_proposal),
    Section.CHECK: ("proposals.submit", "", permissions.can_lead_proposal),
}

# The step indicator of the pages that complete the sections: each step and its sections.
STEPS = (
    ("partners", _l("Participants"), (Section.PARTICIPANTS,)),
    ("texts", _l("Proposal texts"), (Section.TEXTS_EN, Section.TEXTS_ZH, Section.DELIVERABLE)),
    ("response", _l("Response to reviews"), (Section.RESPONSE,)),
    ("workplan", _l("Workplan"), (Section.WORKPLAN,)),
    ("letters", _l("Letters of support"), (Section.LETTERS,)),
    ("check", _l("Check and submit"), (Section.CHECK,)),
)


def guide(proposal: Proposal, step: str | None = None) -> dict[str, object]:
    """What the task list and the step indicator show: each section's state, the pages the
    user may open to complete them (section -> address), the steps with the current one, and
    what is missing as (message, address of the field that puts it right) pairs."""
    tasks = readiness.task_list(proposal)
    status = {task.section: task.status for task in tasks}
    pages = {
        section: url_for(endpoint, proposal_id=proposal.id)
        for section, (endpoint, _anchor, may) in SECTION_PAGES.items()
        if section in status and may(current_user, proposal)
    }
    anchors = {section: anchor for section, (_e, anchor, _m) in SECTION_PAGES.items()}
    missing = [
        (requirement.message, _where_to_fix(requirement, pages))
        for task in tasks
        for requirement in task.missing
    ]
    steps = [
        (key, label, all(status[s] == SectionStatus.COMPLETED for s in sections), key == step)
        for key, label, sections in STEPS
        if all(s in status for s in sections)  # a resubmission's step only for a resubmission
    ]
    return {
        "tasks": tasks,
        "pages": pages,
        "anchors": anchors,
        "steps": steps,
        "missing": missing,
    }


def _where_to_fix(requirement: readiness.Requirement, pages: dict[Section, str]) -> str | None:
    """The address of the field that puts `requirement` right; None when no page of the
    reader's does (the call's deadline)."""
    if requirement.section == Section.CHECK or requirement.section not in pages:
        return None
    return pages[requirement.section] + (f"#{requirement.field}" if requirement.field else "")
