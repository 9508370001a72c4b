"""Reading the audit log: the filtered list of events, and the names that make them readable.

`readable_events` turns a page of events into sentences in a constant number of queries: one
query per kind of record on the page (at most one per entry of `RECORD_TYPES`) and one for the
people (actors and the people the details name), whatever the number of events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import RoleChange, User
from app.audit.models import Event
from app.audit.sentences import PEOPLE_KEYS, SENTENCES, Name, other_details, sentence
from app.extensions import db
from app.notices.models import PartnerNotice
from app.organizations.models import Organization
from app.partnerships.models import ImplementationPlan, Milestone, Partnership
from app.proposals.models import Proposal
from app.reviews.models import Conflict, Decision, ReviewAssignment, ReviewComment
from app.solicitations.models import Solicitation
from app.updates.models import ProgressUpdate

# The kinds of record events are about, as the filter offers them.
RECORD_TYPES: dict[str, LazyString] = {
    "proposal": _l("proposal"),
    "decision": _l("decision"),
    "review_assignment": _l("review assignment"),
    "review_comment": _l("discussion comment"),
    "conflict": _l("conflict of interest"),
    "solicitation": _l("call for proposals"),
    "partnership": _l("partnership"),
    "implementation_plan": _l("implementation plan"),
    "milestone": _l("milestone"),
    "progress_update": _l("progress update"),
    "partner_notice": _l("partner-search notice"),
    "organization": _l("organization"),
    "user": _l("account"),
    "role_change": _l("chair appointment"),
    "review_discussion": _l("disagreement"),
    "issued_document": _l("issued file"),
    "notification": _l("e-mail"),
    "introduction": _l("introduction request"),
}

# Kinds of event: the part of the action before the dot.
EVENT_KINDS: dict[str, LazyString] = {
    "proposal": _l("proposals"),
    "review": _l("reviews"),
    "decision": _l("decisions"),
    "solicitation": _l("calls for proposals"),
    "partnership": _l("partnerships"),
    "plan": _l("implementation plans"),
    "milestone": _l("milestones"),
    "update": _l("progress updates"),
    "notice": _l("partner-search notices"),
    "organization": _l("organizations"),
    "user": _l("accounts"),
    "role": _l("chair appointments"),
    "document": _l("issued documents"),
    "notification": _l("e-mail"),
    "calendar": _l("calendars"),
    "subscription": _l("e-mail subscriptions"),
    "demo": _l("demonstration data"),
    "introduction": _l("introductions"),
}


@dataclass(frozen=True)
class EventFilters:
    """What the reader asked for; None means any. Times are UTC, `until` exclusive."""

    record_type: str | None = None
    record_id: int | None = None
    actor_id: int | None = None
    kind: str | None = None  # a kind ("proposal") or one action ("proposal.submitted")
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class ReadableEvent:
    """One event as the audit page, its CSV and the PDFs show it."""

    event: Event
    actor: User | None
    record: str
    sentence: str
    details: list[tuple[str, str]]


def filtered_events(filters: EventFilters) -> Select[Event]:
    """The events matching `filters`, newest first."""
    statement = select(Event)
    if filters.record_type and filters.record_id is not None:
        statement = statement.where(_about(filters.record_type, filters.record_id))
    elif filters.record_type:
        statement = statement.where(Event.record_type == filters.record_type)
    elif filters.record_id is not None:
        statement = statement.where(Event.record_id == filters.record_id)
    if filters.actor_id is not None:
        statement = statement.where(Event.actor_id == filters.actor_id)
    if filters.kind:
        if "." in filters.kind:
            statement = statement.where(Event.action == filters.kind)
        else:
            statement = statement.where(
                Event.action.startswith(f"{filters.kind}.", autoescape=True)
            )
    if filters.since is not None:
        statement = statement.where(Event.occurred_at >= filters.since)
    if filters.until is not None:
        statement = statement.where(Event.occurred_at < filters.until)
    return statement.order_by(Event.occurred_at.desc(), Event.id.desc())


# A record's history includes the records that belong to it: a proposal's decisions, review
# assignments and discussion; a partnership's plan versions, milestones and updates (as its
# internal PDF's audit trail does).
PARTS: dict[str, tuple[tuple[Any, Any], ...]] = {
    "proposal": (
        (Decision, Decision.proposal_id),
        (ReviewAssignment, ReviewAssignment.proposal_id),
        (ReviewComment, ReviewComment.proposal_id),
    ),
    "partnership": (
        (ImplementationPlan, ImplementationPlan.partnership_id),
        (Milestone, Milestone.partnership_id),
        (ProgressUpdate, ProgressUpdate.partnership_id),
    ),
}


def _about(record_type: str, record_id: int) -> ColumnElement[bool]:
    """Events on one record and on the records that belong to it."""
    conditions = [(Event.record_type == record_type) & (Event.record_id == record_id)]
    for model, owner in PARTS.get(record_type, ()):
        conditions.append(
            (Event.record_type == model.__tablename__)
            & Event.record_id.in_(select(model.id).where(owner == record_id))
        )
    return or_(*conditions)


def iter_readable_events(filters: EventFilters, batch: int = 500) -> Iterator[ReadableEvent]:
    """Every matching event, readable, `batch` at a time (for an export of any size)."""
    last: tuple[datetime, int] | None = None
    while True:
        statement = filtered_events(filters)
        if last is not None:  # keyset pagination: stable while events keep arriving
            statement = statement.where(
                or_(
                    Event.occurred_at < last[0],
                    (Event.occurred_at == last[0]) & (Event.id < last[1]),
                )
            )
        events = list(db.session.scalars(statement.limit(batch)))
        if not events:
            return
        yield from readable_events(events)
        last = (events[-1].occurred_at, events[-1].id)
        if len(events) < batch:
            return


def readable_events(events: Sequence[Event]) -> list[ReadableEvent]:
    """`events` as sentences in the current locale, their records and people fetched in bulk."""
    by_type: dict[str, set[int]] = defaultdict(set)
    for event in events:
        by_type[event.record_type].add(event.record_id)
    names: dict[tuple[str, int], Name] = {}
    for record_type, ids in by_type.items():
        resolver = RESOLVERS.get(record_type)
        if resolver is not None:
            names.update(((record_type, key), name) for key, name in resolver(ids).items())
    people = people_by_id(_people_ids(events))
    for user_id, user in people.items():
        names.setdefault(("user", user_id), Name(user.display_name))
    readable = []
    for event in events:
        details = event.details or {}
        actor = people.get(event.actor_id) if event.actor_id is not None else None
        record = str(names.get((event.record_type, event.record_id)) or _fallback_name(event))
        readable.append(
            ReadableEvent(
                event=event,
                actor=actor,
                record=record,
                sentence=sentence(event.action, details, actor=actor, record=record, people=people),
                details=other_details(
                    event.action, details, actor=actor, record=record, people=people
                ),
            )
        )
    return readable


def people_by_id(ids: Iterable[int]) -> dict[int, User]:
    """The accounts with `ids`, their roles loaded, in one query (two with the roles)."""
    wanted = set(ids)
    if not wanted:
        return {}
    users = db.session.scalars(
        select(User).where(User.id.in_(wanted)).options(selectinload(User.roles))
    )
    return {user.id: user for user in users}


def known_actions() -> list[str]:
    """Every action that has a sentence, sorted (the "kind of event" filter lists them)."""
    return sorted(SENTENCES)


def _people_ids(events: Sequence[Event]) -> set[int]:
    ids: set[int] = set()
    for event in events:
        if event.actor_id is not None:
            ids.add(event.actor_id)
        if event.record_type == User.__tablename__:
            ids.add(event.record_id)
        for key in PEOPLE_KEYS:
            value = (event.details or {}).get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                ids.add(value)
    return ids


def _fallback_name(event: Event) -> str:
    """A record gone since (a discarded update, a removed assignment): what the event kept."""
    details = event.details or {}
    for key in ("reference", "proposal", "title", "name"):
        if isinstance(details.get(key), str) and details[key]:
            return str(details[key])
    label = RECORD_TYPES.get(event.record_type, event.record_type)
    return str(_l("%(kind)s #%(id)s", kind=label, id=event.record_id))


def _proposal_name(reference: str | None, title_en: str, title_zh: str) -> Name:
    if reference:
        return Name(reference)
    return Name(f"“{title_en}”" if title_en else "", f"“{title_zh}”" if title_zh else "")


def _rows(statement: Select[*tuple[Any, ...]], make: Callable[..., Name]) -> dict[int, Name]:
    return {row[0]: make(*row[1:]) for row in db.session.execute(statement)}


def _resolve_with_proposal(model: Any) -> Callable[[set[int]], dict[int, Name]]:
    def resolve(ids: set[int]) -> dict[int, Name]:
        statement = (
            select(model.id, Proposal.reference, Proposal.title_en, Proposal.title_zh)
            .join(Proposal, Proposal.id == model.proposal_id)
            .where(model.id.in_(ids))
        )
        return _rows(statement, _proposal_name)

    return resolve


def _resolve_with_partnership(model: Any) -> Callable[[set[int]], dict[int, Name]]:
    def resolve(ids: set[int]) -> dict[int, Name]:
        statement = (
            select(model.id, Partnership.name_en, Partnership.name_zh)
            .join(Partnership, Partnership.id == model.partnership_id)
            .where(model.id.in_(ids))
        )
        return _rows(statement, Name)

    return resolve


def _resolve_bilingual(model: Any, field: str) -> Callable[[set[int]], dict[int, Name]]:
    def resolve(ids: set[int]) -> dict[int, Name]:
        en, zh = getattr(model, f"{field}_en"), getattr(model, f"{field}_zh")
        return _rows(select(model.id, en, zh).where(model.id.in_(ids)), Name)

    return resolve


def _resolve_proposals(ids: set[int]) -> dict[int, Name]:
    statement = select(Proposal.id, Proposal.reference, Proposal.title_en, Proposal.title_zh).where(
        Proposal.id.in_(ids)
    )
    return _rows(statement, _proposal_name)


def _resolve_conflicts(ids: set[int]) -> dict[int, Name]:
    statement = (
        select(Conflict.id, Organization.name_en, Organization.name_zh)
        .join(Organization, Organization.id == Conflict.organization_id)
        .where(Conflict.id.in_(ids))
    )
    return _rows(statement, Name)


def _resolve_updates(ids: set[int]) -> dict[int, Name]:
    statement = select(ProgressUpdate.id, ProgressUpdate.title).where(ProgressUpdate.id.in_(ids))
    return _rows(statement, Name)


def _resolve_notices(ids: set[int]) -> dict[int, Name]:
    statement = (
        select(PartnerNotice.id, Organization.name_en, Organization.name_zh)
        .join(Organization, Organization.id == PartnerNotice.organization_id)
        .where(PartnerNotice.id.in_(ids))
    )
    return _rows(statement, Name)


def _resolve_role_changes(ids: set[int]) -> dict[int, Name]:
    statement = (
        select(RoleChange.id, User.display_name)
        .join(User, User.id == RoleChange.user_id)
        .where(RoleChange.id.in_(ids))
    )
    return _rows(statement, Name)


# One query per kind of record; "user" records come with the people.
RESOLVERS: dict[str, Callable[[set[int]], dict[int, Name]]] = {
    "proposal": _resolve_proposals,
    "decision": _resolve_with_proposal(Decision),
    "review_assignment": _resolve_with_proposal(ReviewAssignment),
    "review_comment": _resolve_with_proposal(ReviewComment),
    "conflict": _resolve_conflicts,
    "solicitation": _resolve_bilingual(Solicitation, "title"),
    "partnership": _resolve_bilingual(Partnership, "name"),
    "implementation_plan": _resolve_with_partnership(ImplementationPlan),
    "milestone": _resolve_with_partnership(Milestone),
    "progress_update": _resolve_updates,
    "partner_notice": _resolve_notices,
    "organization": _resolve_bilingual(Organization, "name"),
    "role_change": _resolve_role_changes,
}
