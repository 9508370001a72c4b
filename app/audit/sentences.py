"""The audit log in words: one readable sentence per recorded action, in the reader's language.

The one home of how an event reads. `SENTENCES` maps every action the code records (``grep
record_event(``) to a lazily translated template with named placeholders; tests/audit fails
when an action has none. Every template may use:

- ``%(actor)s``: who acted, with their seat ("Chair Li Wei (CN)", "主席李伟（中方）"), or the
  portal itself when nobody did (a command, a scheduled task);
- ``%(record)s``: the record's human name (a proposal's reference, a partnership's or an
  organization's name, an update's title), resolved in bulk by `app.audit.queries`;
- any key of the event's details, made readable (`readable`): people's ids become their names,
  outcomes, sides and languages their translated words.

Details a template does not use are listed beside it by `other_details`, key by key, never as a
Python dict. To render events, call `app.audit.queries.readable_events(events)` inside the
locale you want (``flask_babel.force_locale``): it resolves names and people in a constant number
of queries and returns `ReadableEvent` rows with the sentence and those details.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l

from app.accounts.models import Language, Role, Side, User

SENTENCES: dict[str, LazyString] = {
    # accounts and roles
    "user.created": _l("%(actor)s opened the account of %(record)s"),
    "user.email_confirmed": _l("%(record)s confirmed their e-mail address"),
    "user.signed_in": _l("%(actor)s signed in"),
    "user.password_reset_requested": _l("A password reset was requested for %(record)s"),
    "user.password_reset": _l("%(actor)s reset their password"),
    "user.password_changed": _l("%(actor)s changed their password"),
    "user.signed_out_everywhere": _l("%(actor)s signed out on every device"),
    "user.profile_updated": _l("%(actor)s updated their profile"),
    "user.language_changed": _l("%(actor)s changed their language to %(language)s"),
    "user.account_updated": _l("%(actor)s updated the account of %(record)s"),
    "role.change_requested": _l("%(actor)s asked to %(appointment)s"),
    "role.change_confirmed": _l("%(actor)s confirmed the request to %(appointment)s"),
    "role.change_refused": _l("%(actor)s refused the change of chair role for %(user)s"),
    "role.change_cancelled": _l("%(actor)s cancelled the change of chair role for %(user)s"),
    "role.first_chair_appointed": _l(
        "%(record)s was appointed the first chair of the %(side)s from the command line"
    ),
    # organizations
    "organization.created": _l("%(actor)s registered the organization %(record)s"),
    "organization.updated": _l("%(actor)s updated the profile of %(record)s"),
    "organization.member_invited": _l("%(actor)s invited %(email)s to join %(record)s"),
    "organization.member_joined": _l("%(actor)s joined %(record)s"),
    "organization.invitation_revoked": _l(
        "%(actor)s revoked the invitation of %(email)s to %(record)s"
    ),
    "organization.member_removed": _l("%(actor)s removed %(email)s from %(record)s"),
    # solicitations
    "solicitation.created": _l("%(actor)s created the call %(record)s"),
    "solicitation.updated": _l("%(actor)s edited the call %(record)s"),
    "solicitation.opened": _l("%(actor)s opened the call %(record)s"),
    "solicitation.closed": _l("%(actor)s closed the call %(record)s"),
    "solicitation.archived": _l("%(actor)s archived the call %(record)s"),
    "solicitation.decisions_published": _l(
        "%(actor)s published the decisions of the call %(record)s"
    ),
    # proposals
    "proposal.started": _l("%(actor)s started the proposal %(record)s for %(organization)s"),
    "proposal.draft_saved": _l("%(actor)s saved the draft of %(record)s"),
    "proposal.task_saved": _l("%(actor)s saved a workplan task of %(record)s"),
    "proposal.task_removed": _l("%(actor)s removed the workplan task “%(title)s” from %(record)s"),
    "proposal.attachment_added": _l("%(actor)s attached %(filename)s to %(record)s"),
    "proposal.attachment_removed": _l(
        "%(actor)s removed the attachment %(filename)s from %(record)s"
    ),
    "proposal.submitted": _l("%(actor)s submitted the proposal %(record)s"),
    "proposal.withdrawn": _l("%(actor)s withdrew the proposal %(record)s"),
    "proposal.resubmitted": _l(
        "%(actor)s resubmitted %(original)s to the %(solicitation)s call as %(record)s"
    ),
    "proposal.response_saved": _l(
        "%(actor)s saved the response of %(record)s to last year's reviews"
    ),
    "proposal.decided": _l("%(actor)s published the outcome of %(record)s: %(outcome_label)s"),
    "proposal.partner_invited": _l("%(actor)s invited %(organization)s to join %(record)s"),
    "proposal.partner_invited_by_email": _l(
        "%(actor)s invited %(email)s by e-mail to join %(record)s"
    ),
    "proposal.partner_confirmed": _l(
        "%(actor)s confirmed that %(organization)s takes part in %(record)s"
    ),
    "proposal.partner_declined": _l(
        "%(actor)s declined, for %(organization)s, to take part in %(record)s"
    ),
    "proposal.partner_removed": _l("%(actor)s removed %(organization)s from %(record)s"),
    # introductions (issue 18)
    "introduction.requested": _l(
        "%(actor)s asked, for %(organization)s, for an introduction to %(counterpart)s"
    ),
    "introduction.accepted": _l("%(actor)s accepted, for %(organization)s, an introduction"),
    "introduction.declined": _l("%(actor)s declined, for %(organization)s, an introduction"),
    "introduction.withdrawn": _l("%(actor)s withdrew the introduction request of %(organization)s"),
    "introduction.reported": _l(
        "%(actor)s reported an introduction request of %(organization)s as abuse"
    ),
    "introduction.report_dismissed": _l("%(actor)s dismissed a report of an introduction"),
    "introduction.sender_blocked": _l(
        "%(actor)s blocked %(user)s from sending introduction requests"
    ),
    "introduction.proposal_started": _l(
        "%(actor)s started a proposal of %(organization)s with %(counterpart)s from an introduction"
    ),
    # reviews and decisions
    "review.screened": _l("%(actor)s screened %(record)s: %(eligibility)s"),
    "review.ineligibility_confirmed": _l("%(actor)s confirmed that %(record)s is ineligible"),
    "review.assigned": _l("%(actor)s assigned %(reviewer)s to review %(record)s"),
    "review.assigned_automatically": _l(
        "%(actor)s assigned reviewers automatically for %(record)s (%(added)s new assignments)"
    ),
    "review.unassigned": _l("%(actor)s removed %(reviewer)s from the review of %(record)s"),
    "review.draft_saved": _l("%(actor)s saved a draft review of %(record)s"),
    "review.submitted": _l("%(actor)s submitted their review of %(record)s"),
    "review.comment_posted": _l("%(actor)s commented in the discussion of %(record)s"),
    "review.recused": _l("%(actor)s recorded a recusal from the review of %(record)s"),
    "review.conflict_declared": _l(
        "%(actor)s declared a conflict of interest between %(reviewer)s and %(organization)s"
    ),
    "review.declined": _l("%(actor)s declined to review %(record)s for lack of time"),
    "review.due_date_set": _l("%(actor)s set the due date of a review of %(record)s"),
    "review.revised": _l("%(actor)s revised their review of %(record)s during the discussion"),
    "review.disagreement_threshold_set": _l(
        "%(actor)s changed the disagreement threshold of %(record)s"
    ),
    "review.discussion_opened": _l(
        "%(actor)s opened a discussion of %(record)s: its reviewers disagree"
    ),
    "review.discussion_reviewer_added": _l(
        "%(actor)s asked %(reviewer)s to review %(record)s as one more reviewer"
    ),
    "review.discussion_resolved": _l("%(actor)s resolved the disagreement on %(record)s"),
    "decision.proposed": _l("%(actor)s proposed the decision to %(outcome)s %(record)s"),
    "decision.approved": _l("%(actor)s approved the decision to %(outcome)s %(record)s"),
    "decision.withdrawn": _l("%(actor)s withdrew the decision on %(record)s"),
    "decision.approval_withdrawn": _l(
        "%(actor)s withdrew their approval of the decision on %(record)s"
    ),
    # partnerships, plans, milestones
    "partnership.created": _l("%(actor)s created the partnership %(record)s from %(proposal)s"),
    "partnership.recorded": _l(
        "%(actor)s recorded the partnership %(record)s (cohort %(cohort_year)s)"
    ),
    "partnership.updated": _l("%(actor)s updated the partnership %(record)s"),
    "partnership.graduated": _l("%(actor)s graduated the partnership %(record)s"),
    "partnership.withdrawn": _l("%(actor)s withdrew the partnership %(record)s"),
    "plan.saved": _l(
        "%(actor)s saved version %(version_number)s of the implementation plan of %(record)s"
    ),
    "plan.submitted": _l(
        "%(actor)s submitted version %(version_number)s of the implementation plan of %(record)s"
    ),
    "plan.approved": _l(
        "%(actor)s approved version %(version_number)s of the implementation plan of %(record)s"
    ),
    "plan.returned": _l(
        "%(actor)s returned version %(version_number)s of the implementation plan of %(record)s"
    ),
    "plan.version_started": _l(
        "%(actor)s started version %(version_number)s of the implementation plan of %(record)s"
    ),
    "milestone.reported": _l("%(actor)s reported on milestone %(number)s of %(record)s"),
    "milestone.evidence_added": _l(
        "%(actor)s attached %(filename)s as evidence to milestone %(number)s of %(record)s"
    ),
    "milestone.evidence_removed": _l(
        "%(actor)s removed the evidence file %(filename)s from milestone %(number)s of %(record)s"
    ),
    "milestone.key_accomplishment_confirmed": _l(
        "%(actor)s confirmed milestone %(number)s of %(record)s as a Key Accomplishment"
    ),
    "milestone.key_accomplishment_declined": _l(
        "%(actor)s declined to show milestone %(number)s of %(record)s as a Key Accomplishment"
    ),
    # progress updates
    "update.drafted": _l("%(actor)s drafted the update “%(record)s”"),
    "update.edited": _l("%(actor)s edited the update “%(record)s”"),
    "update.submitted": _l("%(actor)s submitted the update “%(record)s” for publication"),
    "update.published": _l("%(actor)s published the update “%(record)s”"),
    "update.returned": _l("%(actor)s returned the update “%(record)s” to its authors"),
    "update.discarded": _l("%(actor)s discarded the draft update “%(record)s”"),
    # partner-search notices (issue 18); the record is named by its organization
    "notice.drafted": _l("%(actor)s drafted a partner-search notice of %(record)s"),
    "notice.edited": _l("%(actor)s edited a partner-search notice of %(record)s"),
    "notice.submitted": _l("%(actor)s submitted a partner-search notice of %(record)s"),
    "notice.published": _l("%(actor)s published a partner-search notice of %(record)s"),
    "notice.returned": _l("%(actor)s returned a partner-search notice of %(record)s"),
    "notice.withdrawn": _l("%(actor)s withdrew a partner-search notice of %(record)s"),
    # documents, mail, calendars and subscriptions
    "document.revoked": _l("%(actor)s revoked an issued file of %(record)s"),
    "notification.retried": _l("%(actor)s asked for a failed e-mail to be sent again"),
    "calendar.address_made": _l("%(actor)s made a new address for their calendar"),
    "calendar.address_revoked": _l("%(actor)s stopped their calendar address"),
    "subscription.requested": _l("Someone asked for e-mail of the updates of %(record)s"),
    "subscription.confirmed": _l("A subscriber confirmed e-mail of the updates of %(record)s"),
    "subscription.ended": _l("A subscriber ended e-mail of the updates of %(record)s"),
    # demonstration data
    "demo.seeded": _l("%(actor)s loaded the demonstration data"),
    "demo.scaled": _l("%(actor)s generated benchmark data (size %(n)s)"),
}

# An action recorded by code newer than this table still reads as a sentence, never as a code.
FALLBACK = _l("%(actor)s recorded “%(action)s” on %(record)s")

OUTCOME_VERBS = {"selected": _l("select"), "declined": _l("decline")}
OUTCOME_LABELS = {"selected": _l("selected"), "declined": _l("not selected")}
DETAIL_LABELS: dict[str, LazyString] = {
    "spread": _l("Spread"),
    "subscription": _l("Subscription"),
    "reason": _l("Reason"),
    "comments": _l("Comments"),
    "changes": _l("Changed"),
    "before": _l("Before"),
    "after": _l("After"),
    "visibility": _l("Visibility"),
    "early": _l("Closed early"),
    "sessions_ended": _l("Sessions ended"),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
PEOPLE_KEYS = ("reviewer", "user")  # details that hold a user's id


@dataclass(frozen=True)
class Name:
    """A record's human name in both languages; `str()` gives the reader's."""

    en: str
    zh: str = ""

    def __str__(self) -> str:
        if str(get_locale()).startswith("zh"):
            return self.zh or self.en
        return self.en or self.zh


def actor_phrase(user: User | None) -> str:
    """Who acted, with their Joint Secretariat seat and side."""
    if user is None:
        return str(_l("The portal"))
    side = user.side.value if user.side else None
    if user.has_role(Role.CHAIR):
        if side == Side.CN:
            return str(_l("Chair %(name)s (CN)", name=user.display_name))
        if side == Side.US:
            return str(_l("Chair %(name)s (US)", name=user.display_name))
        return str(_l("Chair %(name)s", name=user.display_name))
    if user.has_role(Role.REVIEWER):
        if side == Side.CN:
            return str(_l("Reviewer %(name)s (CN)", name=user.display_name))
        if side == Side.US:
            return str(_l("Reviewer %(name)s (US)", name=user.display_name))
    if user.has_role(Role.ADMIN):
        return str(_l("Administrator %(name)s", name=user.display_name))
    return user.display_name


def template_of(action: str) -> LazyString:
    """The sentence template of `action` (the fallback for an action it does not know)."""
    return SENTENCES.get(action, FALLBACK)


def sentence(
    action: str,
    details: Mapping[str, Any],
    *,
    actor: User | None,
    record: Name | str,
    people: Mapping[int, User],
) -> str:
    """The event as one sentence in the current locale."""
    values = _Placeholders(readable(key, value, people) for key, value in details.items())
    values.update(derived(details, people))
    values.update(actor=actor_phrase(actor), record=str(record), action=action)
    return str(template_of(action)) % values


def other_details(
    action: str,
    details: Mapping[str, Any],
    *,
    actor: User | None,
    record: Name | str,
    people: Mapping[int, User],
) -> list[tuple[str, str]]:
    """The details the sentence does not say, as (label, readable value) pairs: neither those
    its template uses nor those repeating its record's name or its actor's side."""
    used = set(PLACEHOLDER.findall(str(template_of(action))))
    said = {str(record)}
    return [
        (str(DETAIL_LABELS.get(key, key.replace("_", " ").capitalize())), text)
        for key, value in details.items()
        if key not in used and not (key == "side" and actor is not None and actor.side == value)
        for text in [readable(key, value, people)[1]]
        if text and text not in said
    ]


def derived(details: Mapping[str, Any], people: Mapping[int, User]) -> dict[str, str]:
    """Placeholders worded from several details (an appointment, an eligibility verdict)."""
    values: dict[str, str] = {}
    if "grant" in details:
        user = _person(details.get("user"), people)
        side = _side(details.get("side"))
        template = (
            _l("appoint %(user)s as chair of the %(side)s")
            if details["grant"]
            else _l("remove %(user)s as chair of the %(side)s")
        )
        values["appointment"] = str(template) % {"user": user, "side": side}
    after = details.get("after")
    if isinstance(after, dict) and "eligible" in after:
        values["eligibility"] = str(
            _l("eligible") if after["eligible"] else _l("marked ineligible")
        )
    if "outcome" in details:
        values["outcome_label"] = str(OUTCOME_LABELS.get(details["outcome"], details["outcome"]))
    return values


def readable(key: str, value: Any, people: Mapping[int, User]) -> tuple[str, str]:
    """A detail's value as text a reader understands (never a Python dict or list)."""
    if key in PEOPLE_KEYS and isinstance(value, int):
        return key, _person(value, people)
    if key == "outcome" and value in OUTCOME_VERBS:
        return key, str(OUTCOME_VERBS[value])
    if key == "side":
        return key, _side(value)
    if key == "language" and value in Language._value2member_map_:
        return key, str(Language(value).label)
    return key, _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_text(v) or '—'}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _person(user_id: Any, people: Mapping[int, User]) -> str:
    user = people.get(user_id) if isinstance(user_id, int) else None
    return user.display_name if user is not None else str(_l("account %(id)s", id=user_id))


def _side(value: Any) -> str:
    return str(Side(value).label) if value in Side._value2member_map_ else _text(value)


class _Placeholders(dict[str, str]):
    """A template's values; one a detail lacks (an older event) reads as a dash."""

    def __missing__(self, key: str) -> str:
        return "—"
