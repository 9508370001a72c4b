"""The checks every review operation opens with: the review runs between the call's deadline and
the publication of its decisions, and a broken rule is a `ServiceError` the form shows."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.errors import ServiceError
from app.solicitations.models import Solicitation, SolicitationStatus

# Reviewing, screening, assigning and deciding happen between the deadline and publication.
REVIEW_STATUS = SolicitationStatus.CLOSED


MAX_TEXT = 10_000


def require(condition: bool, message: object, field: str | None = None) -> None:
    if not condition:
        raise ServiceError(message, field=field)


def require_review_period(solicitation: Solicitation) -> None:
    if solicitation.status == SolicitationStatus.DECISIONS_PUBLISHED or (
        solicitation.status == SolicitationStatus.ARCHIVED
    ):
        raise ServiceError(_l("Decisions on this call are published: the review is over."))
    require(
        solicitation.status == REVIEW_STATUS,
        _l("The review starts when the call has closed."),
    )
