"""Reports on a milestone: where it stands, the evidence and the date, and their history."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app import clock
from app.accounts.models import User
from app.audit.models import Event
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.partnerships.lifecycle import require_active
from app.partnerships.models import (
    Milestone,
    MilestoneStatus,
)


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

    A done milestone needs evidence and may be featured as a Key Accomplishment on the public
    page; any other status clears the feature.
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
    milestone.status = status
    milestone.evidence = evidence
    milestone.status_on = status_on
    milestone.completed_on = status_on if status == MilestoneStatus.DONE else None
    milestone.is_key_accomplishment = key_accomplishment
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
    )


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
