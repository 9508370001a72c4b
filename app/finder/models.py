"""The partner finder's index: what the ranking reads of every organization, kept in step with
the organizations by `app.finder.index` (never per request).

- `FinderProfile`: one narrow row per organization (country, type, place, focus areas as a bit
  mask, and the length of its English and Chinese documents): the ranking scans these rows of
  the other country in one statement instead of the wide organization rows.
- `FinderTerm`: the postings of the description similarity, one row per (language, term,
  organization) with the term's frequency in the document and the document's length, so that
  BM25 is computed in SQL with the corpus' current average length (nothing stored goes stale
  when other documents come and go).
- `FinderTermStat`: in how many documents of a language each term occurs (its IDF).
- `FinderCorpus`: per language, how many documents and their total length (the average length).

Derived data, so no foreign key: the hook reads a deleted organization's terms before removing
them (a cascade would remove them first and leave the counts wrong).
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.focus_areas import FocusArea

TERM_LENGTH = 40  # longer "terms" (an address, a code) are not indexed
LANGUAGES = ("en", "zh")
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
    frequency: Mapped[int] = mapped_column(Integer)
    document_length: Mapped[int] = mapped_column(Integer)


class FinderTermStat(Model):
    """In how many documents of `language` `term` occurs; a term no document holds is removed."""

    __tablename__ = "finder_term_stat"

    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    term: Mapped[str] = mapped_column(String(TERM_LENGTH), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)


class FinderCorpus(Model):
    """The documents of one language: how many (non-empty) and their total length in terms."""

    __tablename__ = "finder_corpus"

    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    total_length: Mapped[int] = mapped_column(Integer, default=0)
