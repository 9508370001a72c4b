"""The documents the Joint Secretariat signs and sends: the decision letter and the selection
certificate.

They read as an office's letters, not as printouts of a database: the letterheads of both
secretariats (``SECRETARIAT_OFFICES``), the reference, the date the decision was taken (from the
decision's own records, `decided_at`, never the day of rendering), the addressee (the lead
organization's contact person, the organization and its postal address), a body in prose in
both languages, and the signature blocks of the two co-chairs who gave their keys — the one who
proposed the decision and the one of the other side who approved it — with the names, titles
and offices of their profiles. Technical facts (PDF/A, the attached JSON, when the file was
made) live in the file's metadata; the page carries one line telling the reader where to verify
it (`app.exports.verification`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from babel import dates
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import Side, User
from app.api import schemas
from app.exports.documents.common import SIGNATURE_LABELS, day, moment, person
from app.exports.documents.proposals import (
    PUBLISHED_OUTCOMES,
    approved_decision,
    decided_at,
    ordered_proposal_participants,
    outcome_of,
    proposal_file,
    proposal_summary,
)
from app.exports.rendering import Document
from app.exports.typesetting import LANGUAGES, in_both_languages
from app.extensions import db
from app.organizations.models import Country, Organization
from app.organizations.subdivisions import place_name
from app.partnerships.models import Partnership
from app.proposals.models import ParticipantState, Proposal, ProposalState
from app.reviews import queries as review_queries

SECRETARIAT_NAME = _l("Joint Secretariat of the U.S.–China EcoPartnerships")


@dataclass(frozen=True)
class Signatory:
    """A co-chair who signs, with what the signature block prints in each language."""

    user: User
    label: dict[str, str]  # "U.S. Co-Chair, Joint Secretariat" in English and in Chinese

    def title(self, language: str) -> str:
        """The signer's title in `language`, falling back to the other language."""
        return _either(self.user.title_en, self.user.title_zh, language)

    def office(self, language: str) -> str:
        """The signer's office in `language`, falling back to the other language."""
        return _either(self.user.office_en, self.user.office_zh, language)

    def as_json(self) -> dict[str, Any]:
        """The signer as the attached record names them."""
        return {
            **(person(self.user) or {}),
            "title_en": self.user.title_en,
            "title_zh": self.user.title_zh,
            "office_en": self.user.office_en,
            "office_zh": self.user.office_zh,
        }


def _either(english: str, chinese: str, language: str) -> str:
    return (chinese or english) if language.startswith("zh") else (english or chinese)


def signatories(proposal: Proposal) -> list[Signatory]:
    """The two co-chairs who gave their keys to the decision, the U.S. side's first. Empty when
    no approved decision is recorded (history loaded without one): the document then carries
    no signature block rather than lines nobody signed."""
    decision = approved_decision(proposal)
    if decision is None or decision.approved_by is None:
        return []
    signers = sorted(
        (decision.proposed_by, decision.approved_by), key=lambda user: user.side != Side.US
    )
    labels = dict(zip((Side.US, Side.CN), SIGNATURE_LABELS, strict=True))
    return [
        Signatory(user, in_both_languages(labels.get(user.side or Side.US, SIGNATURE_LABELS[0])))
        for user in signers
    ]


def contact_person(proposal: Proposal) -> User | None:
    """Whom the letter is addressed to: the applicant who wrote the proposal when they belong
    to the lead organization, else the lead organization's owner."""
    lead = proposal.lead_organization
    members = {m.user_id: m for m in lead.memberships}
    if proposal.created_by is not None and proposal.created_by_id in members:
        return proposal.created_by
    owners = sorted((m for m in lead.memberships if m.is_owner), key=lambda m: m.joined_at)
    return owners[0].user if owners else None


def postal_lines(organization: Organization) -> list[str]:
    """The organization's address as lines of an envelope, in its country's language whoever
    reads the letter: the street address as entered, then the city, province or state and postal
    code, then the country. Only what is recorded; nothing is guessed."""
    with force_locale("zh_Hans" if organization.country == Country.CN else "en"):
        return _postal_lines(organization)


def _postal_lines(organization: Organization) -> list[str]:
    lines = [line.strip() for line in organization.street_address.splitlines() if line.strip()]
    place = ", ".join(
        part for part in (organization.city, place_name(organization.subdivision_code)) if part
    )
    if organization.postal_code:
        place = f"{place} {organization.postal_code}".strip()
    if place:
        lines.append(place)
    lines.append(str(organization.country.label))
    return lines


def partnership_of(proposal: Proposal) -> Partnership | None:
    """The EcoPartnership a selected proposal became, if any."""
    return db.session.scalar(select(Partnership).where(Partnership.proposal_id == proposal.id))


def _decision_record(proposal: Proposal, kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    outcome = outcome_of(proposal)
    participants = [
        p for p in ordered_proposal_participants(proposal) if p.state == ParticipantState.CONFIRMED
    ]
    partnership = partnership_of(proposal)
    decided = decided_at(proposal)
    signers = signatories(proposal)
    contact = contact_person(proposal)
    lead = proposal.lead_organization
    comments = [
        review.comments_to_applicant
        for review in review_queries.submitted_reviews(proposal)
        if review.comments_to_applicant.strip()
    ]
    reason = "" if proposal.is_eligible else proposal.ineligibility_reason
    letter_date: date | None = decided.date() if decided else None
    record: dict[str, Any] = {
        "proposal": proposal_summary(proposal),
        "outcome": outcome.value if outcome else None,
        "is_eligible": proposal.is_eligible,
        "ineligibility_reason": reason,
        "decided_at": moment(decided),
        "decision_date": day(letter_date),
        "signatories": [signer.as_json() for signer in signers],
        "addressee": {
            "name": contact.display_name if contact else None,
            "organization_en": lead.name_en,
            "organization_zh": lead.name_zh,
            "postal_address": postal_lines(lead),
        },
        "participants": [schemas.Participant.of_participant(p).as_json() for p in participants],
        "partnership": {
            "slug": partnership.slug,
            "name_en": partnership.name_en,
            "name_zh": partnership.name_zh,
            "cohort_year": partnership.cohort_year,
            "signed_on": day(partnership.signed_on),
            "pilot_starts_on": day(partnership.pilot_starts_on),
            "pilot_ends_on": day(partnership.pilot_ends_on),
            "focus_areas": sorted(a.focus_area.value for a in partnership.focus_areas),
        }
        if partnership is not None
        else None,
    }
    if kind == "decision-letter":
        record["comments_to_applicant"] = comments
    context = {
        "proposal": proposal,
        "outcome": outcome.value if outcome else None,
        "reason": reason,
        "comments": comments,
        "participants": participants,
        "partnership": partnership,
        "letter_date": letter_date,
        "signatories": signers,
        "contact": contact,
        "lead": lead,
        "address_lines": postal_lines(lead),
        "offices": current_app.config["SECRETARIAT_OFFICES"],
        "secretariat": in_both_languages(SECRETARIAT_NAME),
        "letter_dates": {
            language: dates.format_date(letter_date, "long", locale=language)
            for language in LANGUAGES
        }
        if letter_date
        else None,
        "labels": {
            "reference": in_both_languages(_l("Reference")),
            "date": in_both_languages(_l("Date")),
            "copy": in_both_languages(_l("Copy to")),
        },
        "closing": in_both_languages(_l("Sincerely,")) if kind == "decision-letter" else None,
        "unsigned_labels": [in_both_languages(label) for label in SIGNATURE_LABELS],
    }
    return record, context


def decision_letter_document(proposal: Proposal) -> Document | None:
    """The decision letter, in English and in Chinese, for a proposal whose outcome is published
    (comments to the applicant unsigned, no reviewer named)."""
    if proposal.state not in PUBLISHED_OUTCOMES:
        return None
    record, context = _decision_record(proposal, "decision-letter")
    return proposal_file(
        proposal,
        "decision-letter",
        "decision-letter",
        lambda reference: _("Decision on proposal %(reference)s", reference=reference),
        template="pdf/letter.html",
        bilingual="pdf/_letter_body.html",
        context=context,
        record=record,
        formal=True,
    )


def certificate_document(proposal: Proposal) -> Document | None:
    """The selection certificate of a selected proposal, in both languages, signed by the two
    co-chairs who gave their keys."""
    if proposal.state != ProposalState.SELECTED:
        return None
    record, context = _decision_record(proposal, "certificate")
    return proposal_file(
        proposal,
        "certificate",
        "certificate",
        lambda reference: _("Certificate of selection: %(reference)s", reference=reference),
        template="pdf/certificate.html",
        bilingual="pdf/_certificate_body.html",
        context=context,
        record=record,
        landscape=True,
        formal=True,
    )
