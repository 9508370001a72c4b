"""The partner finder's ranking: counterparts across the Pacific by a transparent score.

A result's score is the sum of five components, each shown to the reader:

=========================  ==================================================================
shared focus areas         3 points for each focus area the seeker and the result share
complementary types        the pairing's points (2 complementary, 1 peers: `pairings`)
region wishes              2 points when the result is in a region the seeker wishes for
their wishes               2 points when the result has a standing partner-search notice
                           that wishes for the seeker's region (or for anywhere in its country)
similar description        up to 4 points: 4 × the BM25 similarity of the seeker's text to
                           the result's description in the same language (the better of
                           English and Chinese), divided by the best a document could score
=========================  ==================================================================

The similarity reads the seeker's `MAX_TERMS` most distinctive terms per language (by TF-IDF
among the other country's documents), as a search engine cuts a long query: the rarer terms
say most about a field of work and have the shortest postings. Everything is read in a
constant number of statements, whatever the number of organizations: the terms' counts and the
corpus (2); the candidates (3: the `CANDIDATES` best by focus areas, types and regions, from one
scan of the other country's narrow profiles; the `CANDIDATES` best by the `POSTINGS` weightiest
postings of each term; those whose notices wish for the seeker); their exact scores (1); then
the results' organizations, focus areas, matching terms and standing notices (4).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Float, and_, case, cast, func, literal, or_, select, text, union_all
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Select, Subquery

from app import clock
from app.extensions import db
from app.finder.models import (
    FOCUS_BITS,
    K1,
    B,
    FinderCorpus,
    FinderProfile,
    FinderTerm,
    FinderTermStat,
)
from app.finder.pairings import Pairing, pairing, partners_of
from app.finder.seekers import Seeker
from app.finder.text import term_frequencies
from app.focus_areas import FocusArea
from app.notices.models import NoticeRegion, PartnerNotice
from app.notices.queries import standing
from app.organizations.models import Organization
from app.organizations.queries import OrganizationFilters, directory_conditions
from app.organizations.subdivisions import place_name

FOCUS_POINTS = 3
REGION_POINTS = 2
TEXT_POINTS = 4
MAX_TERMS = 10  # the seeker's most distinctive terms per language
CANDIDATES = 60  # scored exactly: the best by structure, and the best by text
POSTINGS = 150  # of each term's postings read to find the best by text
SHOWN_TERMS = 5  # matching terms named in a result's "why"
LIMIT = 20


@dataclass(frozen=True)
class Result:
    """One counterpart, its score and what the score is made of."""

    organization: Organization
    score: float
    shared: tuple[FocusArea, ...]
    pairing: Pairing | None
    in_wished_region: bool
    similarity: float  # 0 to 1
    terms: tuple[str, ...]  # the seeker's terms its description holds, most distinctive first
    wishes_for_seeker: bool = False  # its standing notice looks for a partner where the seeker is
    seeker_region: str | None = None
    notice: PartnerNotice | None = None  # its standing notice ending first, if any

    @property
    def why(self) -> list[str]:
        """The reasons it ranks where it does, in the reader's language, largest first."""
        reasons = []
        if self.shared:
            names = "; ".join(str(area.label) for area in self.shared)
            reasons.append(
                ngettext(
                    "Shares %(num)d focus area: %(names)s (+%(points)d)",
                    "Shares %(num)d focus areas: %(names)s (+%(points)d)",
                    len(self.shared),
                    names=names,
                    points=FOCUS_POINTS * len(self.shared),
                )
            )
        if self.pairing is not None:
            reasons.append(
                _(
                    "%(type)s: %(reason)s (+%(points)d)",
                    type=self.organization.type.label,
                    reason=self.pairing.reason,
                    points=self.pairing.points,
                )
            )
        if self.in_wished_region:
            reasons.append(
                _(
                    "In %(place)s, a region sought (+%(points)d)",
                    place=place_name(self.organization.subdivision_code),
                    points=REGION_POINTS,
                )
            )
        if self.wishes_for_seeker and self.seeker_region:
            reasons.append(
                _(
                    "Its partner-search notice looks for a partner in %(place)s (+%(points)d)",
                    place=place_name(self.seeker_region),
                    points=REGION_POINTS,
                )
            )
        if self.terms:
            reasons.append(
                _(
                    "Similar description: %(terms)s (+%(points).1f)",
                    terms=", ".join(self.terms),
                    points=TEXT_POINTS * self.similarity,
                )
            )
        return reasons


@dataclass(frozen=True)
class _Query:
    """The seeker's distinctive terms: (language, term) → its weight (IDF over the best score
    a document could reach in that language), and each language's average document length,
    among the documents of the other country."""

    country: str
    weights: dict[tuple[str, str], float]
    average_length: dict[str, float]

    def condition(self) -> ColumnElement[bool]:
        by_language: dict[str, list[str]] = {}
        for language, term in self.weights:
            by_language.setdefault(language, []).append(term)
        return or_(
            *(
                and_(FinderTerm.language == language, FinderTerm.term.in_(sorted(terms)))
                for language, terms in by_language.items()
            )
        )


def _idf(documents: int, holding: int) -> float:
    return math.log(1 + (documents - holding + 0.5) / (holding + 0.5))


def _query(seeker: Seeker) -> _Query | None:
    """The seeker's `MAX_TERMS` most distinctive terms in each language among the other
    country's documents: a term none of them holds finds nothing (two statements)."""
    other = str(seeker.other_country)
    frequencies = {
        language: found
        for language, text in seeker.texts.items()
        if text.strip() and (found := term_frequencies(text, language))
    }
    if not frequencies:
        return None
    corpus = {
        language: (documents, total)
        for language, documents, total in db.session.execute(
            select(FinderCorpus.language, FinderCorpus.documents, FinderCorpus.total_length).where(
                FinderCorpus.country == other
            )
        )
    }
    holding = {
        (language, term): documents
        for language, term, documents in db.session.execute(
            select(FinderTermStat.language, FinderTermStat.term, FinderTermStat.documents).where(
                FinderTermStat.country == other,
                or_(
                    *(
                        and_(
                            FinderTermStat.language == language,
                            FinderTermStat.term.in_(sorted(terms)),
                        )
                        for language, terms in frequencies.items()
                    )
                ),
            )
        )
    }
    weights: dict[tuple[str, str], float] = {}
    average_length: dict[str, float] = {}
    for language, found in frequencies.items():
        documents, total = corpus.get(language, (0, 0))
        if not documents:
            continue
        average_length[language] = total / documents
        idf = {
            term: _idf(documents, holding[(language, term)])
            for term in found
            if (language, term) in holding
        }
        chosen = sorted(idf, key=lambda term: (-found[term] * idf[term], term))[:MAX_TERMS]
        best = sum(idf[term] * (K1 + 1) for term in chosen)
        for term in chosen:
            weights[(language, term)] = idf[term] / best if best else 0.0
    return _Query(other, weights, average_length) if weights else None


def _similarity(query: _Query, candidates: Sequence[int]) -> Subquery:
    """The exact similarity (0 to 1) of each of `candidates` to the query, the better of its
    languages, with the corpus' current average lengths. Each language reads its postings by
    key (language, term, organization): only those of the candidates."""
    frequency = cast(FinderTerm.frequency, Float)
    by_language: dict[str, dict[str, float]] = {}
    for (language, term), value in query.weights.items():
        by_language.setdefault(language, {})[term] = value
    branches = []
    for language, weights in sorted(by_language.items()):
        weight = case(*((FinderTerm.term == term, value) for term, value in weights.items()))
        length = cast(FinderTerm.document_length, Float) / query.average_length[language]
        saturation = (frequency * (K1 + 1)) / (frequency + K1 * (1 - B + B * length))
        branches.append(
            select(
                FinderTerm.organization_id.label("organization_id"),
                func.sum(weight * saturation).label("similarity"),
            )
            .where(
                FinderTerm.language == language,
                FinderTerm.term.in_(sorted(weights)),
                FinderTerm.organization_id.in_(candidates),
            )
            .group_by(FinderTerm.organization_id)
        )
    per_language = union_all(*branches).subquery("per_language")
    return (
        select(
            per_language.c.organization_id,
            func.max(per_language.c.similarity).label("similarity"),
        )
        .group_by(per_language.c.organization_id)
        .subquery("similar")
    )


def _by_text(query: _Query, seeker: Seeker) -> list[int]:
    """The `CANDIDATES` organizations most similar to the query by their terms' best
    postings: each of the seeker's terms reads at most `POSTINGS` of its postings among the
    other country's documents, the weightiest first (by their impact, from the covering index
    ix_finder_term_postings), in one statement. Written as SQL text: twenty-odd subqueries
    built as expressions cost more to compile than the database takes to run them."""
    branches, values = [], {"country": query.country, "postings": POSTINGS}
    for number, ((language, term), weight) in enumerate(sorted(query.weights.items())):
        branches.append(
            "SELECT organization_id, part FROM (SELECT organization_id, "  # noqa: S608
            f"impact * :w{number} AS part FROM finder_term WHERE language = :l{number} "
            f"AND country = :country AND term = :t{number} ORDER BY impact DESC "
            f"LIMIT :postings) AS p{number}"
        )
        values |= {f"w{number}": weight, f"l{number}": language, f"t{number}": term}
    values["limit"] = CANDIDATES + len(seeker.excluded)
    statement = text(
        "SELECT organization_id FROM ("  # noqa: S608 - only placeholders are interpolated
        + " UNION ALL ".join(branches)
        + ") AS postings GROUP BY organization_id "
        "ORDER BY sum(part) DESC, organization_id LIMIT :limit"
    )
    return list(db.session.scalars(statement, values))


def rank(
    seeker: Seeker, filters: OrganizationFilters | None = None, *, limit: int = LIMIT
) -> list[Result]:
    """The counterparts of `seeker` under the directory's `filters`, best first: organizations
    of the other country, never one of `seeker.excluded`, each with a score above zero.

    Scored exactly among the candidates: the `CANDIDATES` best by the shared focus areas,
    types and regions, and the `CANDIDATES` most similar by their terms' best postings."""
    query = _query(seeker)
    profile = FinderProfile
    shared = sum(
        (
            case((profile.focus_mask.op("&")(FOCUS_BITS[area]) != 0, 1), else_=0)
            for area in sorted(seeker.focus_areas)
        ),
        start=literal(0),
    )
    kinds = partners_of(seeker.type) if seeker.type is not None else {}
    type_points = (
        case(*((profile.type == str(kind), p.points) for kind, p in kinds.items()), else_=0)
        if kinds
        else literal(0)
    )
    region = (
        case((profile.subdivision_code.in_(sorted(seeker.wished_regions)), 1), else_=0)
        if seeker.wished_regions
        else literal(0)
    )
    wishing = _wishing_for(seeker)
    their_wish = (
        case((profile.organization_id.in_(wishing), 1), else_=0)
        if wishing is not None
        else literal(0)
    )
    structure = FOCUS_POINTS * shared + type_points + REGION_POINTS * region
    conditions: list[ColumnElement[bool]] = [profile.country == str(seeker.other_country)]
    if seeker.excluded:
        conditions.append(profile.organization_id.not_in(sorted(seeker.excluded)))
    if filters is not None and (narrowed := directory_conditions(filters)):
        conditions.append(profile.organization_id.in_(select(Organization.id).where(*narrowed)))
    candidates = set(
        db.session.scalars(
            select(profile.organization_id)
            .where(*conditions, structure > 0)
            .order_by(structure.desc(), profile.organization_id)
            .limit(CANDIDATES)
        )
    )
    if query is not None:
        candidates.update(_by_text(query, seeker))
    if wishing is not None:
        candidates.update(
            db.session.scalars(
                select(profile.organization_id)
                .where(*conditions, profile.organization_id.in_(wishing))
                .order_by(profile.organization_id)
                .limit(CANDIDATES)
            )
        )
    if not candidates:
        return []
    ids = sorted(candidates)
    statement = select(profile.organization_id)
    similarity: ColumnElement[float] = literal(0.0)
    if query is not None:
        similar = _similarity(query, ids)
        statement = statement.outerjoin(
            similar, similar.c.organization_id == profile.organization_id
        )
        similarity = func.coalesce(similar.c.similarity, 0.0)
    total = structure + REGION_POINTS * their_wish + TEXT_POINTS * similarity
    statement = statement.add_columns(
        region.label("region"),
        their_wish.label("their_wish"),
        similarity.label("similarity"),
        total.label("total"),
    ).where(profile.organization_id.in_(ids), *conditions, total > 0)
    rows = db.session.execute(
        statement.order_by(total.desc(), profile.organization_id).limit(limit)
    ).all()
    return _results(seeker, query, rows)


def _wishing_for(seeker: Seeker) -> Select[int] | None:
    """The organizations whose standing notices wish for the seeker's region, or name no
    region (anywhere in the seeker's country), or None when the seeker's region is unknown."""
    if seeker.home_region is None:
        return None
    names_a_region = select(NoticeRegion.notice_id).where(
        NoticeRegion.notice_id == PartnerNotice.id
    )
    return select(PartnerNotice.organization_id).where(
        standing(clock.today()),
        or_(
            ~names_a_region.exists(),
            names_a_region.where(NoticeRegion.subdivision_code == seeker.home_region).exists(),
        ),
    )


def _results(seeker: Seeker, query: _Query | None, rows: Sequence[object]) -> list[Result]:
    """The ranked rows as results, with their organizations, focus areas, matching terms and
    standing notices (four statements)."""
    ids = [row.organization_id for row in rows]  # type: ignore[attr-defined]
    if not ids:
        return []
    found = {
        o.id: o
        for o in db.session.scalars(
            select(Organization)
            .where(Organization.id.in_(ids))
            .options(selectinload(Organization.focus_areas))
        )
    }
    matched: dict[int, list[tuple[float, str]]] = {i: [] for i in ids}
    if query is not None:
        for organization_id, language, term in db.session.execute(
            select(FinderTerm.organization_id, FinderTerm.language, FinderTerm.term).where(
                FinderTerm.organization_id.in_(ids), query.condition()
            )
        ):
            matched[organization_id].append((query.weights[(language, term)], term))
    notices: dict[int, PartnerNotice] = {}
    for notice in db.session.scalars(
        select(PartnerNotice)
        .where(PartnerNotice.organization_id.in_(ids), standing(clock.today()))
        .order_by(PartnerNotice.ends_on.desc(), PartnerNotice.id.desc())
    ):
        notices[notice.organization_id] = notice  # the one ending first is kept
    results = []
    for row in rows:
        organization = found[row.organization_id]  # type: ignore[attr-defined]
        shared = tuple(
            sorted(
                FocusArea(a.focus_area)
                for a in organization.focus_areas
                if a.focus_area in seeker.focus_areas
            )
        )
        terms = tuple(
            dict.fromkeys(term for _w, term in sorted(matched[organization.id], reverse=True))
        )[:SHOWN_TERMS]
        results.append(
            Result(
                organization=organization,
                score=round(float(row.total), 1),  # type: ignore[attr-defined]
                shared=shared,
                pairing=pairing(seeker.type, organization.type) if seeker.type else None,
                in_wished_region=bool(row.region),  # type: ignore[attr-defined]
                similarity=float(row.similarity or 0.0),  # type: ignore[attr-defined]
                terms=terms if row.similarity else (),  # type: ignore[attr-defined]
                wishes_for_seeker=bool(row.their_wish),  # type: ignore[attr-defined]
                seeker_region=seeker.home_region,
                notice=notices.get(organization.id),
            )
        )
    return results


PICK_LIMIT = 50


def organizations_to_pick(who: str, *, limit: int = PICK_LIMIT) -> list[Organization]:
    """What the finder's combo box offers besides a member's own: up to `limit` organizations
    whose names or descriptions hold every word of `who` (the directory's text search; every
    one without), by English name (one statement, along the name's index)."""
    conditions = directory_conditions(OrganizationFilters(text=who))
    return list(
        db.session.scalars(
            select(Organization)
            .where(*conditions)
            .order_by(Organization.name_en, Organization.id)
            .limit(limit)
        )
    )
