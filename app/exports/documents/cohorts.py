"""The cohort reports, public and the Secretariat's."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app import clock
from app.api import schemas
from app.exports.documents.common import KIND_LABELS, day, moment
from app.exports.rendering import Document
from app.partnerships import dashboard as partnership_dashboard
from app.partnerships.models import (
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipStatus,
)
from app.public import queries as public_queries
from app.public import read_model
from app.updates.models import ProgressUpdate

# Milestone states in the order a report stacks them: what is done first.
MILESTONE_STATES = (
    MilestoneStatus.DONE,
    MilestoneStatus.IN_PROGRESS,
    MilestoneStatus.DELAYED,
    MilestoneStatus.PLANNED,
    MilestoneStatus.DROPPED,
)


@dataclass(frozen=True)
class CohortEntry:
    """One partnership of a cohort, with what the report counts."""

    partnership: Partnership
    milestones: dict[str, int]  # status → how many
    accomplishments: list[Milestone]
    updates: list[ProgressUpdate]
    row: partnership_dashboard.DashboardRow | None = None  # the chairs' flags

    @property
    def total(self) -> int:
        """Milestones in the work plan."""
        return sum(self.milestones.values())

    @property
    def done(self) -> int:
        """Milestones done."""
        return self.milestones.get(MilestoneStatus.DONE.value, 0)


def _counts(milestones: Iterable[Milestone]) -> dict[str, int]:
    found = Counter(m.status.value for m in milestones)
    return {status.value: found.get(status.value, 0) for status in MILESTONE_STATES}


def cohort_document(year: int, *, chairs: bool) -> Document | None:
    """Every partnership of the `year` cohort with a chart of its work plan and a summary table.

    The public report covers the partnerships the public sees (not withdrawn), from their public
    records; the chairs' report covers them all, with the dashboard's flags (plan, overdue
    milestones, silence, graduation), as of today. None when no partnership of the cohort is
    known, neither listed nor counted as selected without a name.
    """
    entries: list[CohortEntry] = []
    today = clock.today()
    if chairs:
        rows = partnership_dashboard.dashboard_rows(
            partnership_dashboard.DashboardFilters(cohort_year=year), today
        )
        rows.sort(key=lambda r: (r.partnership.name_en, r.partnership.id))
        for row in rows:
            p = row.partnership
            entries.append(
                CohortEntry(
                    partnership=p,
                    milestones=_counts(p.milestones),
                    accomplishments=list(read_model.key_accomplishments(p)),
                    updates=list(read_model.published_updates(p, limit=None)),
                    row=row,
                )
            )
    else:
        filters = read_model.DirectoryFilters(cohort_year=year, sort=read_model.DirectorySort.NAME)
        for p in read_model.directory_rows(filters):
            milestones = [m for _year, items in read_model.work_plan(p) for m in items]
            entries.append(
                CohortEntry(
                    partnership=p,
                    milestones=_counts(milestones),
                    accomplishments=list(read_model.key_accomplishments(p)),
                    updates=list(read_model.published_updates(p, limit=None)),
                )
            )
    # Where the record is incomplete, the report says so rather than print zeros: partnerships
    # selected but named by no record, and cohorts whose work plans predate the portal.
    unlisted = public_queries.unlisted_selections().get(year, 0)
    if not entries and not unlisted:
        return None
    kind = "cohort-chairs" if chairs else "cohort"
    record: dict[str, Any] = {
        "cohort_year": year,
        "variant": "chairs" if chairs else "public",
        "partnerships": [_cohort_entry(entry) for entry in entries],
        "totals": {
            "partnerships": len(entries),
            "active": sum(e.partnership.status == PartnershipStatus.ACTIVE for e in entries),
            "graduated": sum(e.partnership.status == PartnershipStatus.GRADUATED for e in entries),
            "withdrawn": sum(e.partnership.status == PartnershipStatus.WITHDRAWN for e in entries),
            "milestones": {
                status.value: sum(e.milestones[status.value] for e in entries)
                for status in MILESTONE_STATES
            },
            "key_accomplishments": sum(len(e.accomplishments) for e in entries),
            "published_updates": sum(len(e.updates) for e in entries),
        },
    }
    record["totals"]["unlisted_selections"] = unlisted
    record["milestones_recorded"] = any(sum(e.milestones.values()) for e in entries)
    if chairs:
        record["as_of"] = day(today)
    return Document(
        kind=kind,
        record_id=year,
        label=str(KIND_LABELS[kind]),
        reference=_("Cohort %(year)d", year=year),
        title=_("The %(year)d cohort of EcoPartnerships", year=year),
        filename=f"ecopartnerships-cohort-{year}{'-secretariat' if chairs else ''}.pdf",
        template="pdf/cohort.html",
        context={
            "year": year,
            "entries": entries,
            "chairs": chairs,
            "as_of": today,
            "totals": record["totals"],
            "unlisted": unlisted,
            "milestones_recorded": record["milestones_recorded"],
            "milestone_states": list(MILESTONE_STATES),
        },
        record=record,
        public=not chairs,
        contents=True,
    )


def _cohort_entry(entry: CohortEntry) -> dict[str, Any]:
    p = entry.partnership
    document = schemas.PartnershipSummary.of(p).as_json()
    document.update(
        {
            "milestones": entry.milestones,
            "key_accomplishments": [
                schemas.KeyAccomplishment.model_validate(m).as_json() for m in entry.accomplishments
            ],
            "published_updates": len(entry.updates),
            "last_update_at": moment(entry.updates[0].published_at) if entry.updates else None,
            "last_update_title": entry.updates[0].title if entry.updates else None,
        }
    )
    if entry.row is not None:
        row = entry.row
        document["secretariat"] = {
            "plan_status": row.plan.key.value,
            "plan_due_on": day(row.plan.due_on),
            "plan_overdue": row.plan.is_overdue,
            "overdue_milestones": row.overdue_milestones,
            "update_due_on": day(row.update_due_on),
            "is_silent": row.is_silent,
            "is_graduation_due": row.is_graduation_due,
            "status_reason": p.status_reason,
        }
    return document
