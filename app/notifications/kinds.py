"""Which kinds of mail may wait for a reader's daily digest: the one list.

A reader who chose the digest on their profile gets these once a day in one mail; every other
kind leaves at once for everyone — a password reset, an e-mail confirmation, a decision that
awaits a chair's key, an invitation. Add a new non-urgent kind here and nowhere else.
"""

from __future__ import annotations

DIGESTIBLE_KINDS: frozenset[str] = frozenset(
    {
        "updates.published",
        "updates.submitted",
        # issue 18: a partner-search notice to moderate, or published
        "notices.submitted",
        "notices.published",
        "partnerships.reminder_update_due",
        "partnerships.reminder_milestone_due",
        "partnerships.key_accomplishment_requested",
        "partnerships.key_accomplishment_reviewed",
        # the Secretariat's discussion: a comment, a disagreement opened, a recusal, a decline
        "reviews.discussion_comment",
        "reviews.discussion_opened",
        "reviews.recused",
        "reviews.declined",
        # the partners of a proposal hear of a withdrawal or a removed partner
        "proposals.withdrawn",
        "proposals.partner_removed",
    }
)


def is_digestible(kind: str) -> bool:
    """Whether a notice of `kind` may wait for the daily digest."""
    return kind in DIGESTIBLE_KINDS
