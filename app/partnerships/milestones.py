"""Reports on a milestone: where it stands, the evidence and the date, and their history; a
chair's review of the partners' request to feature a done milestone as a Key Accomplishment.

The public page shows a Key Accomplishment only once a chair has confirmed it
(`Milestone.is_key_accomplishment`); until then the partners' request is pending
(`key_accomplishment_requested_at`), seen by members and chairs only. A report that changes what
a chair confirmed (status, evidence, date) asks for a new review.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app import clock
from app.accounts.appointments import active_chairs
from app.accounts.models import User
from app.audit.models import Event
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.partnerships.lifecycle import notify, require_active
from app.partnerships.models import (
    Milestone,
    MilestoneStatus,
    Partnership,
)
from app.partnerships.queries import partnership_members


def report_milestone(
    milestone: Milestone,
    *,
    status: MilestoneStatus,
    evidence: str,
    status_on: date | None,
    key_accomplishment: bool,
    actor: User,
    version: int | None = None,
) -> None:
    """Record where a milestone stands, with an evidence note and the date it refers to.

    A done milestone needs evidence and may be proposed as a Key Accomplishment: it reaches the
    public page once a chair confirms it. Any other status withdraws the request and the feature.
    """
    partnership = milestone.partnership
    require_active(partnership)
    if version is not None and version != milestone.version:
        raise ServiceError(
            _l(
                "Someone else reported on this milestone while you were editing. Your text is "
                "below; compare it with the saved report and save again."
            )
        )
    evidence = evidence.strip()
    if status_on is None:
        raise ServiceError(_l("Give the date this report refers to."), field="status_on")
    if status_on > clock.today():
        raise ServiceError(_l("The date cannot be in the future."), field="status_on")
    if status_on < partnership.pilot_starts_on:
        raise ServiceError(
            _l(
                "The date must fall within the pilot, which began on %(start)s.",
                start=partnership.pilot_starts_on.isoformat(),
            ),
            field="status_on",
        )
    if status == MilestoneStatus.DONE and not evidence:
        raise ServiceError(_l("Describe the evidence that the target was met."), field="evidence")
    if key_accomplishment and status != MilestoneStatus.DONE:
        raise ServiceError(
            _l("Only a done milestone can be featured as a Key Accomplishment."),
            field="key_accomplishment",
        )
    before = {
        "status": milestone.status,
        "status_on": milestone.status_on,
        "key_accomplishment": milestone.is_key_accomplishment,
    }
    completed_on = status_on if status == MilestoneStatus.DONE else None
    reviewed_unchanged = milestone.is_key_accomplishment and (
        (milestone.status, milestone.evidence, milestone.completed_on)
        == (status, evidence, completed_on)
    )
    milestone.status = status
    milestone.evidence = evidence
    milestone.status_on = status_on
    milestone.completed_on = completed_on
    requested = False
    if not key_accomplishment:
        _clear_feature(milestone)
    elif not reviewed_unchanged and not milestone.is_key_accomplishment_pending:
        _clear_feature(milestone)
        milestone.key_accomplishment_requested_at = clock.now()
        requested = True
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("Someone else reported on this milestone at the same moment. Please save again.")
        ) from None
    record_event(
        "milestone.reported",
        milestone,
        actor=actor,
        number=f"{milestone.pilot_year}.{milestone.number}",
        before=before,
        after={"status": status, "status_on": status_on, "key_accomplishment": key_accomplishment},
        evidence=evidence,
        key_accomplishment_pending=milestone.is_key_accomplishment_pending,
    )
    if requested:
        notify(
            active_chairs(),
            "partnerships.key_accomplishment_requested",
            partnership=milestone.partnership,
            milestone=milestone,
        )


def _clear_feature(milestone: Milestone) -> None:
    milestone.is_key_accomplishment = False
    milestone.key_accomplishment_requested_at = None
    milestone.key_accomplishment_confirmed_at = None
    milestone.key_accomplishment_confirmed_by_id = None


def _require_pending(milestone: Milestone) -> None:
    require_active(milestone.partnership)
    if not milestone.is_key_accomplishment_pending or milestone.status != MilestoneStatus.DONE:
        raise ServiceError(
            _l("The partners have not asked to feature this milestone as a Key Accomplishment.")
        )


def confirm_key_accomplishment(milestone: Milestone, *, actor: User) -> None:
    """A chair confirms a done milestone the partners asked to feature: it appears, dated, as
    a Key Accomplishment on the partnership's public page."""
    _require_pending(milestone)
    milestone.key_accomplishment_requested_at = None
    milestone.is_key_accomplishment = True
    milestone.key_accomplishment_confirmed_at = clock.now()
    milestone.key_accomplishment_confirmed_by_id = actor.id
    _answered(milestone, confirmed=True, actor=actor)


def decline_key_accomplishment(milestone: Milestone, *, actor: User) -> None:
    """A chair leaves a milestone off the public page: the request is withdrawn (the milestone
    stays done; the partners may ask again with a new report)."""
    _require_pending(milestone)
    _clear_feature(milestone)
    _answered(milestone, confirmed=False, actor=actor)


def _answered(milestone: Milestone, *, confirmed: bool, actor: User) -> None:
    """Save a chair's answer to a Key Accomplishment request, log it and tell the partnership's
    members whether it went public."""
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("The partners changed this milestone meanwhile. Please look at it again.")
        ) from None
    record_event(
        "milestone.key_accomplishment_confirmed"
        if confirmed
        else "milestone.key_accomplishment_declined",
        milestone,
        actor=actor,
        number=f"{milestone.pilot_year}.{milestone.number}",
    )
    notify(
        partnership_members(milestone.partnership),
        "partnerships.key_accomplishment_reviewed",
        partnership=milestone.partnership,
        milestone=milestone,
        confirmed=confirmed,
    )


def pending_key_accomplishments(partnership: Partnership) -> list[Milestone]:
    """Done milestones the partners asked to feature, waiting for a chair."""
    return [m for m in partnership.milestones if m.is_key_accomplishment_pending]


def milestone_history(milestone: Milestone) -> list[Event]:
    """Every status report on a milestone, newest first, from the audit log."""
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.record_type == Milestone.__tablename__,
                Event.record_id == milestone.id,
                Event.action == "milestone.reported",
            )
            .options(selectinload(Event.actor))
            .order_by(Event.occurred_at.desc(), Event.id.desc())
        )
    )
