"""The Implementation Plan and its versions: partners save and submit a draft, a chair approves
or returns it, and a new version (a revision or an amendment) starts from the latest. An approved
version's tasks become the partnership's milestones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from app import clock
from app.accounts.appointments import active_chairs
from app.accounts.models import User
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.partnerships.lifecycle import notify, require_active
from app.partnerships.models import (
    ImplementationPlan,
    Milestone,
    MilestoneStatus,
    Partnership,
    PlanState,
    PlanTask,
)
from app.partnerships.queries import (
    latest_plan,
    partnership_members,
    plan_in_force,
)
from app.partnerships.schedule import (
    OPEN_MILESTONE_STATES,
    PILOT_YEARS,
    pilot_year_bounds,
)
from app.states import transition


def _plan_transition(plan: ImplementationPlan, target: PlanState) -> None:
    """Move the plan along PlanState's table; a refused move says why for this version."""
    transition(plan, target, refusal=lambda _current: _plan_refusal(plan))


def _plan_refusal(plan: ImplementationPlan) -> str:
    if plan.state == PlanState.SUBMITTED:
        return str(
            _l(
                "Version %(n)d of the plan is with the Secretariat for approval; it cannot be "
                "changed until a chair approves or returns it.",
                n=plan.version_number,
            )
        )
    if plan.state == PlanState.APPROVED:
        return str(
            _l(
                "Version %(n)d of the plan is approved and kept as it is. To change the plan, "
                "propose an amendment.",
                n=plan.version_number,
            )
        )
    if plan.state == PlanState.RETURNED:
        return str(
            _l(
                "Version %(n)d was returned and is kept as it is. Start a revision to change it.",
                n=plan.version_number,
            )
        )
    return str(_l("This version of the plan is still a draft."))


@dataclass(frozen=True)
class TaskInput:
    """One row of the plan form, as typed."""

    pilot_year: int | None
    number: int | None
    title_en: str
    title_zh: str
    target: str
    due_on: date | None

    @property
    def is_blank(self) -> bool:
        """An empty row (the form offers a few to add tasks)."""
        return not (self.title_en or self.title_zh or self.target or self.due_on)


class PlanTaskError(ServiceError):
    """A problem with one task row; `row` is its index in the form."""

    def __init__(self, message: object, *, row: int, field: str) -> None:
        super().__init__(message, field=field)
        self.row = row

    def attach_to(self, form: FlaskForm) -> None:
        """Next to the field in the task's own row of the plan form."""
        field = form["tasks"][self.row].form[self.field]
        field.errors = [*field.errors, self.message]


def _check_task(partnership: Partnership, row: int, task: TaskInput, *, complete: bool) -> None:
    if task.pilot_year not in range(1, PILOT_YEARS + 1):
        raise PlanTaskError(_l("Choose pilot year 1, 2 or 3."), row=row, field="pilot_year")
    if task.number is None or task.number < 1:
        raise PlanTaskError(_l("Number the task 1, 2, 3 …"), row=row, field="number")
    if not (task.title_en or task.title_zh):
        raise PlanTaskError(_l("Give the task a title."), row=row, field="title_en")
    if task.due_on is not None:
        starts_on, ends_on = pilot_year_bounds(partnership, task.pilot_year or 1)
        if not starts_on <= task.due_on <= ends_on:
            raise PlanTaskError(
                _l(
                    "A task of pilot year %(year)d is due within that year, %(start)s to "
                    "%(end)s: change the date or the pilot year.",
                    year=task.pilot_year,
                    start=starts_on.isoformat(),
                    end=ends_on.isoformat(),
                ),
                row=row,
                field="due_on",
            )
    if complete and not task.target:
        raise PlanTaskError(
            _l("State a measurable target (what will show the task is done)."),
            row=row,
            field="target",
        )
    if complete and task.due_on is None:
        raise PlanTaskError(_l("Give the task a due date."), row=row, field="due_on")


def save_plan(
    plan: ImplementationPlan,
    *,
    body: str,
    tasks: Sequence[TaskInput],
    actor: User,
    version: int | None = None,
) -> None:
    """Save a draft version: its notes and its numbered tasks, replacing the previous ones.

    Refused while the version is with the Secretariat (or once decided), for dates outside the
    pilot, for two tasks with one number, and when someone else saved the draft meanwhile.
    """
    partnership = plan.partnership
    require_active(partnership)
    if plan.state != PlanState.DRAFT:
        raise ServiceError(_plan_refusal(plan))
    if version is not None and version != plan.version:
        raise ServiceError(
            _l(
                "Someone else saved this plan while you were editing. Your text is below; "
                "compare it with the saved version and save again."
            )
        )
    seen: dict[tuple[int, int], int] = {}
    kept: list[tuple[int, TaskInput]] = []
    for row, task in enumerate(tasks):
        if task.is_blank:
            continue
        _check_task(partnership, row, task, complete=False)
        key = (task.pilot_year or 0, task.number or 0)
        if key in seen:
            raise PlanTaskError(
                _l(
                    "Task %(number)s appears twice; give each task its own number.",
                    number=f"{key[0]}.{key[1]}",
                ),
                row=row,
                field="number",
            )
        seen[key] = row
        kept.append((row, task))
    plan.body = body.strip()
    # Old rows go first: the new ones may reuse their (pilot year, number).
    plan.tasks.clear()
    db.session.flush()
    plan.tasks = [
        PlanTask(
            pilot_year=task.pilot_year or 1,
            number=task.number or 1,
            title_en=task.title_en[:300],
            title_zh=task.title_zh[:300],
            target=task.target,
            due_on=task.due_on,
        )
        for _, task in sorted(kept, key=lambda item: (item[1].pilot_year, item[1].number))
    ]
    flag_modified(plan, "body")  # a new version_id even when only the tasks changed
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("Someone else saved this plan at the same moment. Please save again.")
        ) from None
    record_event(
        "plan.saved", plan, actor=actor, version_number=plan.version_number, tasks=len(plan.tasks)
    )


def submission_problems(plan: ImplementationPlan) -> list[str]:
    """Why a draft cannot be submitted yet; empty when it can."""
    if not plan.tasks:
        return [str(_l("Add at least one task: tasks become the partnership's milestones."))]
    problems = []
    for task in plan.tasks:
        row = TaskInput(
            task.pilot_year, task.number, task.title_en, task.title_zh, task.target, task.due_on
        )
        try:
            _check_task(plan.partnership, 0, row, complete=True)
        except ServiceError as error:
            problems.append(
                str(
                    _l(
                        "Task %(number)s: %(problem)s",
                        number=f"{task.pilot_year}.{task.number}",
                        problem=error.message,
                    )
                )
            )
    return problems


def submit_plan(plan: ImplementationPlan, *, actor: User) -> None:
    """Send a draft version to the Secretariat; it is frozen until a chair decides."""
    require_active(plan.partnership)
    problems = submission_problems(plan) if plan.state == PlanState.DRAFT else []
    if problems:
        raise ServiceError(" ".join(problems))
    _plan_transition(plan, PlanState.SUBMITTED)
    plan.submitted_at = clock.now()
    db.session.flush()
    record_event(
        "plan.submitted",
        plan,
        actor=actor,
        version_number=plan.version_number,
        is_amendment=plan.is_amendment,
    )
    notify(active_chairs(), "partnerships.plan_submitted", partnership=plan.partnership, plan=plan)


def _apply_tasks(plan: ImplementationPlan, on: date) -> dict[str, list[str]]:
    """Make the approved version's tasks the partnership's milestones.

    A task updates the milestone with its number (progress kept) or becomes a new one; an open
    milestone whose number the version no longer has is dropped (done ones stay done).
    """
    partnership = plan.partnership
    existing = {(m.pilot_year, m.number): m for m in partnership.milestones}
    changes: dict[str, list[str]] = {"created": [], "updated": [], "dropped": []}
    for task in plan.tasks:
        key = (task.pilot_year, task.number)
        assert task.due_on is not None  # checked at submission
        milestone = existing.get(key)
        if milestone is None:
            partnership.milestones.append(
                Milestone(
                    pilot_year=task.pilot_year,
                    number=task.number,
                    title_en=task.title_en,
                    title_zh=task.title_zh,
                    target=task.target,
                    due_on=task.due_on,
                    status=MilestoneStatus.PLANNED,
                )
            )
            changes["created"].append(f"{key[0]}.{key[1]}")
            continue
        before = (milestone.title_en, milestone.title_zh, milestone.target, milestone.due_on)
        milestone.title_en, milestone.title_zh = task.title_en, task.title_zh
        milestone.target, milestone.due_on = task.target, task.due_on
        if before != (task.title_en, task.title_zh, task.target, task.due_on):
            changes["updated"].append(f"{key[0]}.{key[1]}")
    planned = {(t.pilot_year, t.number) for t in plan.tasks}
    for key, milestone in existing.items():
        if key not in planned and milestone.status in OPEN_MILESTONE_STATES:
            milestone.status = MilestoneStatus.DROPPED
            milestone.status_on = on
            note = str(_l("Removed from the plan by version %(n)d.", n=plan.version_number))
            milestone.evidence = f"{milestone.evidence}\n\n{note}".strip()
            changes["dropped"].append(f"{key[0]}.{key[1]}")
    return changes


def approve_plan(plan: ImplementationPlan, *, actor: User, comments: str = "") -> None:
    """A chair approves a submitted version; its tasks become (or update) the milestones."""
    require_active(plan.partnership)
    _plan_transition(plan, PlanState.APPROVED)
    plan.approved_at = clock.now()
    plan.approved_by_id = actor.id
    plan.chair_comments = comments.strip()
    changes = _apply_tasks(plan, clock.today())
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("The plan changed while you were deciding. Please look at it again.")
        ) from None
    record_event(
        "plan.approved",
        plan,
        actor=actor,
        version_number=plan.version_number,
        is_amendment=plan.is_amendment,
        milestones=changes,
    )
    notify(
        partnership_members(plan.partnership),
        "partnerships.plan_approved",
        partnership=plan.partnership,
        plan=plan,
    )


def return_plan(plan: ImplementationPlan, *, actor: User, comments: str) -> None:
    """A chair returns a submitted version with comments; the partners revise it."""
    comments = comments.strip()
    if not comments:
        raise ServiceError(
            _l("Say what the partners should change before the plan can be approved."),
            field="comments",
        )
    require_active(plan.partnership)
    _plan_transition(plan, PlanState.RETURNED)
    plan.returned_at = clock.now()
    plan.chair_comments = comments
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("The plan changed while you were deciding. Please look at it again.")
        ) from None
    record_event(
        "plan.returned", plan, actor=actor, version_number=plan.version_number, comments=comments
    )
    notify(
        partnership_members(plan.partnership),
        "partnerships.plan_returned",
        partnership=plan.partnership,
        plan=plan,
    )


def start_plan_version(partnership: Partnership, *, actor: User) -> ImplementationPlan:
    """Open a new draft version: a revision of a returned version, an amendment of the approved
    plan, or the first plan of a partnership recorded without one. Earlier versions are kept."""
    require_active(partnership)
    latest = latest_plan(partnership)
    if latest is not None and latest.state in (PlanState.DRAFT, PlanState.SUBMITTED):
        raise ServiceError(
            _l("Version %(n)d is still a draft: edit it.", n=latest.version_number)
            if latest.state == PlanState.DRAFT
            else _plan_refusal(latest)
        )
    approved_before = plan_in_force(partnership) is not None
    plan = ImplementationPlan(
        version_number=(latest.version_number + 1) if latest else 1,
        state=PlanState.DRAFT,
        is_amendment=approved_before,
        body=latest.body if latest else "",
        # A revision of a first plan keeps its deadlines; an amendment has none.
        draft_due_on=None if approved_before or latest is None else latest.draft_due_on,
        approval_due_on=None if approved_before or latest is None else latest.approval_due_on,
    )
    if latest is not None and latest.tasks:
        source = [
            (t.pilot_year, t.number, t.title_en, t.title_zh, t.target, t.due_on)
            for t in latest.tasks
        ]
    else:  # plans recorded before tasks were structured: start from the milestones
        source = [
            (m.pilot_year, m.number, m.title_en, m.title_zh, m.target, m.due_on)
            for m in partnership.milestones
            if m.status != MilestoneStatus.DROPPED
        ]
    plan.tasks = [
        PlanTask(pilot_year=y, number=n, title_en=en, title_zh=zh, target=target, due_on=due)
        for y, n, en, zh, target, due in source
    ]
    partnership.plans.append(plan)
    db.session.flush()
    record_event(
        "plan.version_started",
        plan,
        actor=actor,
        version_number=plan.version_number,
        is_amendment=plan.is_amendment,
        after_state=latest.state if latest else None,
    )
    return plan
