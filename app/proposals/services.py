"""Proposal operations: drafting, workplan, attachments, submission, withdrawal and the outcome.

The program's rules for an application live here: the deadline to the second, nothing
submitted before it is complete (what that means is `readiness.py`'s, which the task list reads
too), and nothing changed once submitted. Partners are `invitations.py`'s business, reads
`queries.py`'s. Each operation flushes; the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app import clock
from app.accounts.models import User
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.focus_areas import FocusArea
from app.notifications.services import queue_mail
from app.organizations.domains import domains_of
from app.organizations.models import Organization, OrganizationMember
from app.proposals import readiness
from app.proposals.models import (
    Attachment,
    DeliverableKind,
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalFocusArea,
    ProposalState,
    WorkplanTask,
)
from app.proposals.queries import member_organization_ids, members_of, partners_to_tell
from app.solicitations.models import Solicitation
from app.solicitations.queries import why_not_accepting
from app.states import transition

# The fields an applicant writes, each in English and in Chinese.
BILINGUAL_FIELDS = ("title", "summary", "deliverable", "objectives", "impact")
TEXT_FIELDS = tuple(f"{name}_{lang}" for name in BILINGUAL_FIELDS for lang in ("en", "zh"))


def _transition(proposal: Proposal, target: ProposalState) -> None:
    """Move the proposal along ProposalState's table, refusing in the proposal's own words."""
    transition(
        proposal,
        target,
        refusal=lambda current: _l(
            "A %(state)s proposal cannot become %(target)s.", state=current, target=target
        ),
    )


def require_draft(proposal: Proposal) -> None:
    """Only a draft changes, and only while its call accepts proposals: a submitted proposal
    is withdrawn first; the draft of a closed call is read-only."""
    if proposal.state != ProposalState.DRAFT:
        raise ServiceError(
            _l(
                "This proposal has been submitted and can no longer be changed. "
                "Withdraw it first if the call is still open."
            )
        )
    refusal = why_not_accepting(proposal.solicitation)
    if refusal is not None:
        raise ServiceError(refusal)


# --- drafting ------------------------------------------------------------------------------


def start_proposal(
    solicitation: Solicitation, organization: Organization, *, actor: User
) -> Proposal:
    """Start a draft for the open call, led by `organization` (of which `actor` is a member)."""
    refusal = why_not_accepting(solicitation)
    if refusal is not None:
        raise ServiceError(refusal, field="solicitation_id")
    if organization.id not in member_organization_ids(actor):
        raise ServiceError(
            _l("You can only start a proposal for your own organization."), field="organization_id"
        )
    proposal = Proposal(
        solicitation=solicitation,
        lead_organization=organization,
        created_by_id=actor.id,
        state=ProposalState.DRAFT,
    )
    proposal.participants.append(
        Participant(
            organization=organization,
            role=ParticipantRole.LEAD,
            state=ParticipantState.CONFIRMED,
            invited_by_id=actor.id,
            answered_at=clock.now(),
        )
    )
    db.session.add(proposal)
    db.session.flush()
    record_event("proposal.started", proposal, actor=actor, organization=organization.name_en)
    return proposal


def save_draft(
    proposal: Proposal, data: dict[str, Any], *, actor: User, version: int | None = None
) -> None:
    """Save what was typed, complete or not. Refused once submitted, or if someone else saved
    a newer version meanwhile (the caller keeps the typed text and says so)."""
    require_draft(proposal)
    if version is not None and version != proposal.version:
        raise ServiceError(
            _l(
                "Someone else saved this proposal while you were editing. Your text is below; "
                "compare it with the current version and save again."
            )
        )
    for name in TEXT_FIELDS:
        if name in data:
            setattr(proposal, name, (data[name] or "").strip())
    kind = data.get("deliverable_kind")
    proposal.deliverable_kind = DeliverableKind(kind) if kind else None
    wanted = {FocusArea(value) for value in data.get("focus_areas") or ()}
    current = {area.focus_area: area for area in proposal.focus_areas}
    proposal.focus_areas = [
        current.get(area) or ProposalFocusArea(focus_area=area) for area in sorted(wanted)
    ]
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("Someone else saved this proposal at the same moment. Please save again.")
        ) from None
    record_event("proposal.draft_saved", proposal, actor=actor)


def save_task(
    proposal: Proposal,
    *,
    pilot_year: int,
    title_en: str,
    title_zh: str,
    target: str,
    due_month: date | None,
    actor: User,
    task: WorkplanTask | None = None,
) -> WorkplanTask:
    """Add a workplan task (numbered within its pilot year) or change one."""
    require_draft(proposal)
    if pilot_year not in readiness.PILOT_YEARS:
        raise ServiceError(_l("Choose pilot year 1, 2 or 3."), field="pilot_year")
    if task is None or task.pilot_year != pilot_year:
        number = 1 + (
            db.session.scalar(
                select(func.max(WorkplanTask.number)).where(
                    WorkplanTask.proposal_id == proposal.id, WorkplanTask.pilot_year == pilot_year
                )
            )
            or 0
        )
        if task is None:
            task = WorkplanTask(proposal=proposal)
            db.session.add(task)
        task.number = number
    task.pilot_year = pilot_year
    task.title_en = title_en.strip()
    task.title_zh = title_zh.strip()
    task.target = target.strip()
    task.due_month = due_month.replace(day=1) if due_month else None
    db.session.flush()
    record_event("proposal.task_saved", proposal, actor=actor, task=task.id)
    return task


def remove_task(task: WorkplanTask, *, actor: User) -> None:
    """Remove a workplan task from a draft."""
    proposal = task.proposal
    require_draft(proposal)
    proposal.tasks.remove(task)
    db.session.flush()
    record_event("proposal.task_removed", proposal, actor=actor, title=task.title_en)


# --- attachments -------------------------------------------------------------------------------


def _upload_dir() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_pdf(content: bytes) -> None:
    """Refuse anything but a letter of support within the upload limit that passes
    `app.proposals.letters.check_letter` (a plain PDF, no active content, no other file)."""
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if not content:
        raise ServiceError(_l("The file is empty."), field="file")
    if len(content) > limit:
        raise ServiceError(
            _l("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024)), field="file"
        )
    # pypdf (10 MB in a worker, with the fontTools it loads) at the first upload, not at start.
    from app.proposals.letters import check_letter

    check_letter(content)


def add_attachment(proposal: Proposal, filename: str, content: bytes, *, actor: User) -> Attachment:
    """Store a letter of support outside the web root under a random name."""
    require_draft(proposal)
    check_pdf(content)
    stored_name = secrets.token_hex(16)
    path = _upload_dir() / stored_name
    path.write_bytes(content)
    # No path, and no control character (a newline would break the download's header).
    printable = "".join(c for c in Path(filename or "letter.pdf").name if c.isprintable())
    safe_name = printable[:200] or "letter.pdf"
    if not safe_name.lower().endswith(".pdf"):
        safe_name += ".pdf"
    attachment = Attachment(
        proposal=proposal,
        filename=safe_name,
        stored_name=stored_name,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_id=actor.id,
    )
    db.session.add(attachment)
    db.session.flush()
    record_event("proposal.attachment_added", proposal, actor=actor, filename=safe_name)
    return attachment


def attachment_path(attachment: Attachment) -> Path:
    """Where an attachment's bytes are stored."""
    return _upload_dir() / attachment.stored_name


def remove_attachment(attachment: Attachment, *, actor: User) -> Path:
    """Remove a letter from a draft; returns the stored file for the caller to delete after
    the transaction has committed (a rollback must not lose the file)."""
    proposal = attachment.proposal
    require_draft(proposal)
    path = attachment_path(attachment)
    proposal.attachments.remove(attachment)
    db.session.flush()
    record_event("proposal.attachment_removed", proposal, actor=actor, filename=attachment.filename)
    return path


# --- submission ------------------------------------------------------------------------------


def _next_reference(proposal: Proposal) -> str:
    year = proposal.solicitation.year
    prefix = f"EP-{year}-"
    last = db.session.scalar(
        select(func.max(Proposal.reference)).where(Proposal.reference.like(f"{prefix}%"))
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:03d}"


def conflict_domains_now(proposal: Proposal) -> list[str]:
    """The telling e-mail domains of the verified members of the proposal's participant
    organizations, as they stand now: frozen into the proposal at submission."""
    organization_ids = [
        p.organization_id for p in proposal.participants if p.state != ParticipantState.DECLINED
    ]
    addresses = db.session.scalars(
        select(User.email)
        .join(OrganizationMember, OrganizationMember.user_id == User.id)
        .where(
            OrganizationMember.organization_id.in_(organization_ids),
            User.email_confirmed_at.is_not(None),
        )
    )
    return domains_of(addresses)


def submit_proposal(proposal: Proposal, *, actor: User) -> None:
    """Check every rule on the server, freeze the proposal, number it and send the receipt.

    Every unmet requirement is reported at once. A second submit (another tab, a double click)
    finds the proposal no longer a draft, or loses the optimistic-lock race, and is refused.
    """
    if not proposal.state.may_become(ProposalState.SUBMITTED):
        raise ServiceError(_l("This proposal has already been submitted."))
    refusal = why_not_accepting(proposal.solicitation)
    if refusal is not None:  # past the deadline, that alone is the answer
        raise ServiceError(refusal)
    missing = readiness.unmet(proposal)
    if missing:
        raise readiness.NotReady(missing)
    # Read first: a query would flush a half-change outside the optimistic-lock check below.
    domains = conflict_domains_now(proposal)
    if proposal.reference is None:
        proposal.reference = _next_reference(proposal)
    _transition(proposal, ProposalState.SUBMITTED)
    proposal.submitted_at = clock.now()
    proposal.conflict_domains = domains
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(_l("This proposal has already been submitted.")) from None
    except IntegrityError:  # another proposal took the same reference number at that moment
        raise ServiceError(
            _l("Please submit again: the portal was busy numbering proposals.")
        ) from None
    record_event("proposal.submitted", proposal, actor=actor, reference=proposal.reference)
    notified: set[int] = set()
    for participant in proposal.participants:
        if participant.state != ParticipantState.CONFIRMED:
            continue
        for member in members_of(participant.organization):
            if member.id not in notified:
                notified.add(member.id)
                queue_mail("proposals.submitted", to=member, proposal=proposal)


def withdraw_proposal(proposal: Proposal, *, actor: User) -> None:
    """Take a submitted proposal back to draft while the call is open; it keeps its reference.
    Every other member of its confirmed participants is told."""
    if proposal.state != ProposalState.SUBMITTED:
        raise ServiceError(_l("Only a submitted proposal can be withdrawn."))
    refusal = why_not_accepting(proposal.solicitation)
    if refusal is not None:
        raise ServiceError(refusal)
    _transition(proposal, ProposalState.DRAFT)
    proposal.submitted_at = None
    db.session.flush()
    record_event("proposal.withdrawn", proposal, actor=actor, reference=proposal.reference)
    for member in partners_to_tell(proposal, leaving_out=actor):
        queue_mail("proposals.withdrawn", to=member, proposal=proposal, actor=actor)


def record_outcome(proposal: Proposal, *, selected: bool, actor: User, **details: Any) -> None:
    """Publication of the call's decisions makes a submitted proposal selected or declined
    (`app.reviews.publication` knows which); `details` go to the audit event."""
    _transition(proposal, ProposalState.SELECTED if selected else ProposalState.DECLINED)
    proposal.decided_at = clock.now()
    db.session.flush()
    record_event("proposal.decided", proposal, actor=actor, reference=proposal.reference, **details)
