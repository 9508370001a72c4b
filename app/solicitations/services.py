"""Solicitation operations and the one rule every submission obeys: the deadline."""

from __future__ import annotations

from datetime import datetime

from app import clock
from app.solicitations.models import Solicitation, SolicitationStatus


def is_accepting_proposals(solicitation: Solicitation, at: datetime | None = None) -> bool:
    """Open, and `at` (default: now, by the server's UTC clock) inside [opens_at, closes_at).

    The deadline is exclusive to the second: a proposal at 11:59:59 is in time, at 12:00:00 late.
    """
    moment = at or clock.now()
    return (
        solicitation.status == SolicitationStatus.OPEN
        and solicitation.opens_at <= moment < solicitation.closes_at
    )
