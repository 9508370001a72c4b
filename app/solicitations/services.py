"""Solicitation operations: creating and editing a call, its status from draft to archive, and
the one rule every submission obeys: the deadline.

Like every service module, these functions check the program's rules, change the records, write
one audit event per change and flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import clock
from app.accounts.models import User
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.reviews.models import ReviewScore
from app.solicitations import queries, rubric
from app.solicitations.models import RubricCriterion, Solicitation, SolicitationStatus
from app.states import transition
from app.time_entry import zoned_to_utc

# A call is a public record once decisions are out: its terms no longer change.
EDITABLE_STATUSES = frozenset(
    {SolicitationStatus.DRAFT, SolicitationStatus.OPEN, SolicitationStatus.CLOSED}
)

TEXT_FIELDS = ("title_en", "title_zh", "guidance_en", "guidance_zh")
NUMBER_FIELDS = ("year", "reviewers_per_proposal", "target_selections")
SCALE_FIELDS = ("score_min", "score_max")
CRITERION_FIELDS = (
    *("name_en", "name_zh", "description_en", "description_zh", "weight"),
    *("anchors_en", "anchors_zh"),
)


@dataclass(frozen=True)
class CriterionDefaults:
    """A rubric criterion every new solicitation starts with (weights in percent)."""

    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    weight: float
    # Empty: the program's anchors (app.reviews.labels.ANCHORS).
    anchors_en: list[str] = field(default_factory=list)
    anchors_zh: list[str] = field(default_factory=list)


# Record data in both languages, not interface strings: they are stored on each solicitation.
DEFAULT_CRITERIA: tuple[CriterionDefaults, ...] = (
    CriterionDefaults(
        "Impact",
        "影响力",
        "Scale and significance of the energy, climate or environmental benefits.",
        "能源、气候或环境效益的规模与重要性。",
        25,
    ),
    CriterionDefaults(
        "Innovation",
        "创新性",
        "How new the approach is, for the partners and for their peers.",
        "所采用方法对合作双方及同行而言的新颖程度。",
        20,
    ),
    CriterionDefaults(
        "Viability",
        "可行性",
        "Capacity, resources and commitment of the partners to deliver over three years.",
        "合作双方在三年内实施项目的能力、资源和承诺。",
        20,
    ),
    CriterionDefaults(
        "Tangible deliverable",
        "有形成果",
        "A technology, policy or program that will be developed and demonstrated.",
        "将被开发并示范的技术、政策或项目。",
        20,
    ),
    CriterionDefaults(
        "Replicability",
        "可复制性",
        "How readily others in both countries could adopt the results.",
        "两国其他机构采用其成果的难易程度。",
        15,
    ),
)


def default_criteria() -> list[RubricCriterion]:
    """Fresh, unsaved copies of the default rubric, numbered from 1."""
    return [
        RubricCriterion(
            position=position,
            name_en=spec.name_en,
            name_zh=spec.name_zh,
            description_en=spec.description_en,
            description_zh=spec.description_zh,
            weight=spec.weight,
        )
        for position, spec in enumerate(DEFAULT_CRITERIA, start=1)
    ]


def is_rubric_locked(solicitation: Solicitation) -> bool:
    """Whether any reviewer has scored a criterion of this solicitation's rubric.

    From then on the criteria, their weights and the score scale are fixed: scores given
    against one rubric cannot be compared with scores given against another.
    """
    if solicitation.id is None:
        return False
    return (
        db.session.scalar(
            select(ReviewScore.criterion_id)
            .join(RubricCriterion, RubricCriterion.id == ReviewScore.criterion_id)
            .where(RubricCriterion.solicitation_id == solicitation.id)
            .limit(1)
        )
        is not None
    )


# --- creating and editing ---------------------------------------------------------------------


@dataclass
class _Terms:
    """A solicitation's editable terms, cleaned and checked, ready to be applied."""

    values: dict[str, Any]
    criteria: list[dict[str, Any]] | None  # None: leave the rubric as it is


def _text(data: Mapping[str, Any], key: str) -> str:
    return str(data.get(key) or "").strip()


def _is_blank_criterion(row: Mapping[str, Any]) -> bool:
    return not any(
        _text(row, key) for key in ("name_en", "name_zh", "description_en", "description_zh")
    ) and row.get("weight") in (None, "")


def _clean_criteria(rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    criteria = []
    for row in rows:
        if row.get("remove") or _is_blank_criterion(row):
            continue
        weight = row.get("weight")
        criteria.append(
            {
                "name_en": _text(row, "name_en"),
                "name_zh": _text(row, "name_zh"),
                "description_en": _text(row, "description_en"),
                "description_zh": _text(row, "description_zh"),
                "weight": float(weight) if isinstance(weight, (int, float, Decimal)) else weight,
                "anchors_en": rubric.clean_anchors(row, "en"),
                "anchors_zh": rubric.clean_anchors(row, "zh"),
            }
        )
    if not criteria:
        raise ServiceError(_l("A rubric needs at least one criterion."), field="criteria")
    for criterion in criteria:
        if not criterion["name_en"] or not criterion["name_zh"]:
            raise ServiceError(
                _l("Every criterion needs a name in English and in Chinese."), field="criteria"
            )
        if not isinstance(criterion["weight"], float) or criterion["weight"] <= 0:
            raise ServiceError(_l("Every criterion needs a weight above zero."), field="criteria")
    return criteria


def _check_terms(
    data: Mapping[str, Any], solicitation: Solicitation | None, *, new: bool
) -> _Terms:
    """Clean `data` and check every rule before anything is written."""
    values: dict[str, Any] = {key: _text(data, key) for key in TEXT_FIELDS}
    if not values["title_en"]:
        raise ServiceError(_l("Enter the title in English."), field="title_en")
    if not values["title_zh"]:
        raise ServiceError(_l("Enter the title in Chinese."), field="title_zh")
    for key in NUMBER_FIELDS:
        if data.get(key) is None:
            raise ServiceError(_l("Enter a whole number."), field=key)
        values[key] = int(data[key])

    for key in ("opens_at", "closes_at"):
        if not isinstance(data.get(key), datetime):
            raise ServiceError(_l("Enter a date and a time."), field=key)
        values[key] = zoned_to_utc(data[key], str(data.get(f"{key}_zone") or ""), field=key)
    if values["closes_at"] <= values["opens_at"]:
        raise ServiceError(
            _l("The closing time must be after the opening time."), field="closes_at"
        )
    values["review_deadline"] = _review_deadline(data, values["closes_at"])
    if (
        solicitation is not None
        and solicitation.status == SolicitationStatus.CLOSED
        and (values["opens_at"], values["closes_at"])
        != (solicitation.opens_at, solicitation.closes_at)
    ):
        raise ServiceError(
            _l("Submissions to this call are over: its dates can no longer change."),
            field="closes_at",
        )
    if (
        solicitation is not None
        and solicitation.status == SolicitationStatus.OPEN
        and values["closes_at"] != solicitation.closes_at
        and values["closes_at"] <= clock.now()
    ):
        raise ServiceError(
            _l(
                "The call is open: its deadline cannot be moved into the past. To end "
                "submissions early, close the call and give the reason."
            ),
            field="closes_at",
        )

    if values["reviewers_per_proposal"] < 2:
        raise ServiceError(
            _l("At least two reviewers per proposal: one from each side."),
            field="reviewers_per_proposal",
        )
    if values["target_selections"] < 1:
        raise ServiceError(_l("Aim to select at least one proposal."), field="target_selections")

    duplicate = db.session.scalar(
        select(Solicitation.id).where(
            Solicitation.year == values["year"],
            *([Solicitation.id != solicitation.id] if solicitation is not None else []),
        )
    )
    if duplicate is not None:
        raise ServiceError(
            _l("There is already a solicitation for %(year)s.", year=values["year"]), field="year"
        )

    has_scale = all(data.get(key) is not None for key in SCALE_FIELDS)
    if has_scale:
        scale = {key: int(data[key]) for key in SCALE_FIELDS}
        if scale["score_max"] <= scale["score_min"]:
            raise ServiceError(_l("The highest score must be above the lowest."), field="score_max")
    elif new:
        scale = {"score_min": 1, "score_max": 5}
    else:
        scale = {key: getattr(solicitation, key) for key in SCALE_FIELDS}

    rows = data.get("criteria")
    criteria = _clean_criteria(list(rows)) if rows is not None else None
    if criteria is None and new:
        criteria = [
            {key: getattr(spec, key) for key in CRITERION_FIELDS} for spec in DEFAULT_CRITERIA
        ]

    if solicitation is not None and is_rubric_locked(solicitation):
        current = [
            {key: getattr(c, key) for key in CRITERION_FIELDS} for c in solicitation.criteria
        ]
        scale_changed = any(getattr(solicitation, key) != scale[key] for key in SCALE_FIELDS)
        if scale_changed or (criteria is not None and criteria != current):
            raise ServiceError(
                _l(
                    "Reviewers have already scored proposals against this rubric, so its "
                    "criteria, weights and score scale can no longer change."
                ),
                field="score_min" if scale_changed else "criteria",
            )
    if criteria is not None:  # after the lock: a locked rubric is refused as such
        rubric.check_weights(criterion["weight"] for criterion in criteria)
    values.update(scale)
    return _Terms(values=values, criteria=criteria)


def _review_deadline(data: Mapping[str, Any], closes_at: datetime) -> datetime | None:
    """The review deadline in UTC (None when left empty): reviews are due after proposals."""
    local = data.get("review_deadline")
    if local is None or local == "":
        return None
    if not isinstance(local, datetime):
        raise ServiceError(_l("Enter a date and a time."), field="review_deadline")
    moment = zoned_to_utc(
        local, str(data.get("review_deadline_zone") or ""), field="review_deadline"
    )
    if moment <= closes_at:
        raise ServiceError(
            _l("Reviews are due after the deadline for proposals: choose a later time."),
            field="review_deadline",
        )
    return moment


def _apply_criteria(solicitation: Solicitation, criteria: list[dict[str, Any]]) -> None:
    """Make the rubric `criteria`, in order, reusing the existing rows position by position."""
    existing = list(solicitation.criteria)
    for position, values in enumerate(criteria, start=1):
        if position <= len(existing):
            criterion = existing[position - 1]
        else:
            criterion = RubricCriterion(position=position)
            solicitation.criteria.append(criterion)
        for key, value in values.items():
            setattr(criterion, key, value)
        criterion.position = position
    for criterion in existing[len(criteria) :]:
        solicitation.criteria.remove(criterion)


def create_solicitation(data: Mapping[str, Any], *, actor: User) -> Solicitation:
    """A new call for proposals, as a draft the public cannot see until it is opened.

    `data` holds the terms: titles and guidance in both languages, ``opens_at``/``closes_at`` as
    wall-clock times with ``opens_at_zone``/``closes_at_zone``, the score scale, the number of
    reviewers per proposal, the target number of selections and, optionally, the rubric's
    ``criteria`` (the five default criteria when absent).
    """
    terms = _check_terms(data, None, new=True)
    solicitation = Solicitation(status=SolicitationStatus.DRAFT, **terms.values)
    _apply_criteria(solicitation, terms.criteria or [])
    db.session.add(solicitation)
    db.session.flush()
    record_event(
        "solicitation.created",
        solicitation,
        actor=actor,
        year=solicitation.year,
        opens_at=solicitation.opens_at.isoformat(),
        closes_at=solicitation.closes_at.isoformat(),
    )
    db.session.flush()
    return solicitation


def update_solicitation(
    solicitation: Solicitation, data: Mapping[str, Any], *, actor: User
) -> None:
    """Change a call's terms, recording what changed.

    Refused once decisions are published; the rubric and score scale are refused once any
    review score exists (leave ``criteria`` and the scale out of `data` to keep them).
    """
    if solicitation.status not in EDITABLE_STATUSES:
        raise ServiceError(
            _l("Decisions on this call are published: its terms are now a public record.")
        )
    terms = _check_terms(data, solicitation, new=False)
    changes = {
        key: {"before": _plain(getattr(solicitation, key)), "after": _plain(value)}
        for key, value in terms.values.items()
        if getattr(solicitation, key) != value
    }
    if terms.criteria is not None:
        before = [{key: getattr(c, key) for key in CRITERION_FIELDS} for c in solicitation.criteria]
        if before != terms.criteria:
            changes["criteria"] = {"before": before, "after": terms.criteria}
            _apply_criteria(solicitation, terms.criteria)
    for key, value in terms.values.items():
        setattr(solicitation, key, value)
    if changes:
        record_event("solicitation.updated", solicitation, actor=actor, changes=changes)
    db.session.flush()


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


# --- status -----------------------------------------------------------------------------------


def _move(solicitation: Solicitation, to: SolicitationStatus) -> SolicitationStatus:
    """Change the status along SolicitationStatus's table; returns the status it left."""
    return transition(
        solicitation,
        to,
        refusal=lambda before: _l(
            "A solicitation that is %(before)s cannot become %(after)s.",
            before=before.label.lower(),
            after=to.label.lower(),
        ),
    )


def open_solicitation(solicitation: Solicitation, *, actor: User) -> None:
    """Publish a draft call: the public sees it, and applicants may submit from opens_at.

    At most one solicitation is open at a time, so applicants never wonder which call to
    answer; a call whose deadline has already passed cannot be opened.
    """
    other = queries.current_solicitation(other_than=solicitation)
    if other is not None and solicitation.status == SolicitationStatus.DRAFT:
        raise ServiceError(
            _l(
                "At most one solicitation open at a time: close the %(year)s call first.",
                year=other.year,
            )
        )
    if solicitation.status == SolicitationStatus.DRAFT and solicitation.closes_at <= clock.now():
        raise ServiceError(
            _l("Its deadline has already passed. Set a new closing time before opening it.")
        )
    if solicitation.status == SolicitationStatus.DRAFT and not solicitation.criteria:
        raise ServiceError(_l("Add at least one rubric criterion before opening it."))
    if solicitation.status == SolicitationStatus.DRAFT:
        rubric.check_weights(criterion.weight for criterion in solicitation.criteria)
    before = _move(solicitation, SolicitationStatus.OPEN)
    record_event(
        "solicitation.opened",
        solicitation,
        actor=actor,
        before=before,
        after=solicitation.status,
        opens_at=solicitation.opens_at.isoformat(),
        closes_at=solicitation.closes_at.isoformat(),
    )
    db.session.flush()


def close_solicitation(solicitation: Solicitation, *, actor: User, reason: str = "") -> None:
    """End submissions. After the deadline any chair may; before it only with a reason, which
    is shown on the public page, and submissions end at once (closed early)."""
    moment = clock.now()
    reason = (reason or "").strip()
    early = moment < solicitation.closes_at
    if early and solicitation.status == SolicitationStatus.OPEN and not reason:
        raise ServiceError(
            _l(
                "The deadline has not passed yet. To end submissions early, give the reason; "
                "it is shown on the public page."
            ),
            field="reason",
        )
    before = _move(solicitation, SolicitationStatus.CLOSED)
    solicitation.closed_at = moment
    solicitation.closing_reason = reason if early else ""
    record_event(
        "solicitation.closed",
        solicitation,
        actor=actor,
        before=before,
        after=solicitation.status,
        early=early,
        reason=solicitation.closing_reason,
    )
    db.session.flush()


def archive_solicitation(solicitation: Solicitation, *, actor: User) -> None:
    """File a call away once its decisions are published; it stays readable among past calls."""
    before = _move(solicitation, SolicitationStatus.ARCHIVED)
    record_event(
        "solicitation.archived", solicitation, actor=actor, before=before, after=solicitation.status
    )
    db.session.flush()


def mark_decisions_published(solicitation: Solicitation, *, actor: User, **counts: int) -> None:
    """The call's decisions are out (`app.reviews.publication` gave every proposal its outcome);
    `counts` (selected, declined, letters) go to the audit event."""
    before = _move(solicitation, SolicitationStatus.DECISIONS_PUBLISHED)
    db.session.flush()
    record_event(
        "solicitation.decisions_published",
        solicitation,
        actor=actor,
        before=before,
        after=solicitation.status,
        **counts,
    )
