"""The bilingual decision letters publication queues to every applicant: English, then Chinese."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale

from app.accounts.models import User
from app.addresses import stable_base_url
from app.notifications.services import queue_mail
from app.proposals.models import ParticipantState, Proposal
from app.reviews.models import (
    DecisionOutcome,
)
from app.reviews.queries import submitted_reviews


def _applicants_of(proposal: Proposal) -> list[User]:
    """Active members of the confirmed participants, each once."""
    seen: dict[int, User] = {}
    for participant in proposal.participants:
        if participant.state != ParticipantState.CONFIRMED:
            continue
        for membership in participant.organization.memberships:
            if membership.user.is_active:
                seen.setdefault(membership.user.id, membership.user)
    return list(seen.values())


def _letter_part(locale: str, **context: Any) -> str:
    """One language of the letter: its subject line, then its body. It is rendered the way
    `queue_mail` renders every mail, in a request context on the portal's stable address so that its link is
    absolute whether publication runs from a page or the CLI."""
    base_url = stable_base_url()
    with current_app.test_request_context(base_url=base_url), force_locale(locale):
        text = render_template("email/reviews/_decision_letter_body.txt", **context).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def queue_decision_letters(proposal: Proposal, outcome: DecisionOutcome, reason: str) -> int:
    """A bilingual letter to every applicant: English, then Chinese. Comments to the applicant
    are included, unsigned; reviewer identities and confidential comments never are."""
    comments = [
        review.comments_to_applicant
        for review in submitted_reviews(proposal)
        if review.comments_to_applicant.strip()
    ]
    recipients = _applicants_of(proposal)
    for recipient in recipients:
        context = {
            "proposal": proposal,
            "outcome": outcome.value,
            "reason": reason,
            "comments": comments,
            "recipient": recipient,
        }
        subject_en, _, letter_en = _letter_part("en", **context).partition("\n")
        subject_zh, _, letter_zh = _letter_part("zh_Hans", **context).partition("\n")
        queue_mail(
            "reviews.decision_letter",
            to=recipient,
            subject=" / ".join(dict.fromkeys((subject_en.strip(), subject_zh.strip()))),
            letter_en=letter_en.strip(),
            letter_zh=letter_zh.strip(),
        )
    return len(recipients)
