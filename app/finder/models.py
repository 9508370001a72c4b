"""The partner finder's index: what the ranking reads of every organization, kept in step with
the organizations by `app.finder.index` (never per request).

- `FinderProfile`: one narrow row per organization (country, type, place, focus areas as a bit
  mask, and the length of its English and Chinese documents): the ranking scans these rows of
  the other country in one statement instead of the wide organization rows.
- `FinderTerm`: the postings of the description similarity, one row per (language, term,
  organization) with the organization's country, the term's frequency in the document and the
  document's length, so that the exact BM25 is computed in SQL with the corpus' current
  average length (nothing stored goes stale when other documents come and go); and its
  `impact`, the same BM25 term weight as it was when the document was written, by which a
  term's best postings are read first to pick candidates.
- `FinderTermStat`: in how many documents of a language and country each term occurs (its IDF
  among the counterparts a seeker may find).
- `FinderCorpus`: per language and country, how many documents and their total length.

Derived data, so no foreign key: the hook reads a deleted organization's terms before removing
them (a cascade would remove them first and leave the counts wrong).
"""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.focus_areas import FocusArea

TERM_LENGTH = 40  # longer "terms" (an address, a code) are not indexed
LANGUAGES = ("en", "zh")
K1, B = 1.2, 0.75  # BM25's usual constants


def saturation(frequency: int, length: int, average_length: float) -> float:
    """BM25's weight of a term occurring `frequency` times in a document of `length` terms,
    where documents have `average_length` terms on average (0 to K1 + 1)."""
    average_length = average_length or length or 1
    return frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / average_length))


# One bit per focus area, in the enum's order (a new area goes at the end: the bits of the
# others stay as they are).
FOCUS_BITS: dict[FocusArea, int] = {area: 1 << i for i, area in enumerate(FocusArea)}


def focus_mask(areas: object) -> int:
    """The bit mask of `areas` (focus areas or their values)."""
    mask = 0
    for area in areas:  # type: ignore[attr-defined]
        mask |= FOCUS_BITS[FocusArea(area)]
    return mask


class FinderProfile(Model):
    """What the ranking scans of one organization."""

    __tablename__ = "finder_profile"

    organization_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    country: Mapped[str] = mapped_column(String(2), index=True)
    type: Mapped[str] = mapped_column(String(32))
    subdivision_code: Mapped[str] = mapped_column(String(8))
    focus_mask: Mapped[int] = mapped_column(Integer, default=0)
    length_en: Mapped[int] = mapped_column(Integer, default=0)
    length_zh: Mapped[int] = mapped_column(Integer, default=0)


class FinderTerm(Model):
    """A term of one organization's document in one language (its name and description)."""

    __tablename__ = "finder_term"

    # The key starts with (language, term): a seeker's terms read their postings by range.
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    term: Mapped[str] = mapped_column(String(TERM_LENGTH), primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False, index=True
    )
    country: Mapped[str] = mapped_column(String(2))
    frequency: Mapped[int] = mapped_column(Integer)
    document_length: Mapped[int] = mapped_column(Integer)
    impact: Mapped[float] = mapped_column(Float)

    __table_args__ = (
        # A term's postings among one country's documents, the weightiest first (covering:
        # the candidates are read from the index alone).
        Index(
            "ix_finder_term_postings", "language", "country", "term", "impact", "organization_id"
        ),
    )


class FinderTermStat(Model):
    """In how many documents of `language` and `country` `term` occurs; a term no document
    holds is removed."""

    __tablename__ = "finder_term_stat"

    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    term: Mapped[str] = mapped_column(String(TERM_LENGTH), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)


class FinderCorpus(Model):
    """The documents of one language and country: how many (non-empty) and their total length
    in terms."""

    __tablename__ = "finder_corpus"

    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    total_length: Mapped[int] = mapped_column(Integer, default=0)
