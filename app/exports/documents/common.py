"""What every PDF record shares: the kinds' labels, the signatures, and the small pieces of
JSON (a day, a moment, a person, a call) the records are made of."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.solicitations.models import Solicitation

KIND_LABELS = {
    "proposal": _l("Proposal as submitted"),
    "dossier": _l("Review dossier"),
    "review-summary": _l("Review summary for the applicants"),
    "partnership": _l("Partnership record"),
    "partnership-internal": _l("Partnership record (internal)"),
    "cohort": _l("Cohort report"),
    "cohort-chairs": _l("Cohort report (Secretariat)"),
    "decision-letter": _l("Decision letter"),
    "certificate": _l("Selection certificate"),
}
# The two signatures a letter or certificate of the Joint Secretariat carries.
SIGNATURE_LABELS = (
    _l("U.S. Co-Chair, Joint Secretariat"),
    _l("Chinese Co-Chair, Joint Secretariat"),
)


def day(value: date | None) -> str | None:
    """A day as ISO 8601 (records that are the open data's own take theirs from
    `app.api.schemas`)."""
    return value.isoformat() if value is not None else None


def moment(value: datetime | None) -> str | None:
    """A moment as ISO 8601, with its offset."""
    return value.isoformat() if value is not None else None


def solicitation_brief(solicitation: Solicitation) -> dict[str, Any]:
    """The call a proposal answers, as its records name it."""
    return {
        "year": solicitation.year,
        "title_en": solicitation.title_en,
        "title_zh": solicitation.title_zh,
        "closes_at": moment(solicitation.closes_at),
    }


def person(user: User | None) -> dict[str, Any] | None:
    """Who did something, by display name and side (no e-mail address in any record)."""
    if user is None:
        return None
    return {"name": user.display_name, "side": user.side.value if user.side else None}


def safe_filename(text: str) -> str:
    """`text` as a download's file name: ASCII letters, digits and ``-_.`` only."""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in text)
    return "-".join(part for part in cleaned.split("-") if part) or "record"
