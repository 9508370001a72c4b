"""The review's two blueprints, the reviewer workspace (``/review``) and the chairs' pages
(``/secretariat/review``), with the pieces of page both views modules share."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_login import current_user

from app.proposals.models import Proposal
from app.reviews import policy, queries
from app.reviews.forms import CommentForm
from app.solicitations.models import Solicitation

bp = Blueprint("reviews", __name__, url_prefix="/review")
chairs = Blueprint("review_chairs", __name__, url_prefix="/secretariat/review")


def discussion(proposal: Proposal, comment_form: CommentForm | None = None) -> dict[str, Any]:
    """What the discussion partials show: the submitted reviews, the disagreement and the
    revisions of the reviews, the comments, the comment form (blank, or `comment_form` as it
    was refused)."""
    return {
        "reviews": queries.submitted_reviews(proposal),
        "comments": queries.comments_on(proposal),
        "comment_form": comment_form or CommentForm(formdata=None),
        "weighted_mean": queries.review_weighted_mean,
        "disagreement": queries.discussion_of(proposal),
        "revisions": queries.revisions_of(proposal),
    }


def visible_proposals(solicitation: Solicitation) -> tuple[list[Proposal], set[int]]:
    """The call's proposals and the ids of those the current chair is in conflict with."""
    proposals = queries.proposals_under_review(solicitation)
    hidden = {pid for _, pid in policy.conflict_pairs([current_user], proposals)}
    return proposals, hidden
