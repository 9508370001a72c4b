"""What each PDF record shows, gathered through the reads the portal's pages use, and the JSON copy
of the record each PDF carries.

Every builder returns a `Document` (or None when there is nothing to show: the view answers 404).
Its `record` holds everything the document shows, in both languages where the record has both;
the record is attached to the PDF as ``record.json`` and its hash is the document's version, so
any change to what a document shows invalidates the cached file. The records are the same
whoever reads them (the permission decides who may; nothing in a document depends on the reader
but the language, paper size and time zone, which are part of the cache key).

Builders are called inside `force_locale` with the reader's language: labels and titles come out
in it; the records themselves are language-independent.
"""

from app.exports.documents.cohorts import cohort_document
from app.exports.documents.letters import certificate_document, decision_letter_document
from app.exports.documents.partnerships import (
    internal_partnership_document,
    public_partnership_document,
)
from app.exports.documents.proposals import proposal_document
from app.exports.documents.reviews import dossier_document, review_summary_document

__all__ = [
    "certificate_document",
    "cohort_document",
    "decision_letter_document",
    "dossier_document",
    "internal_partnership_document",
    "proposal_document",
    "public_partnership_document",
    "review_summary_document",
]
