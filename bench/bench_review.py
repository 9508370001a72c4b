"""Benchmark of the review computations.

    .venv/bin/python bench/bench_review.py

1. Automatic assignment of 200 proposals to 40 reviewers (20 per side), 3 reviewers each, with
   5 % random conflicts (target: under 2 s).
2. The ranking of 1,000 proposals with 5 reviews each on the default five-criterion rubric:
   the pure computation, and the chairs' page read (query + computation) on an in-memory SQLite
   database (target: under 200 ms).

Each figure is the best and the median of several runs, in milliseconds.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.reviews.calibration import Review, rank
from app.reviews.matching import ProposalToAssign, Reviewer, assign_reviewers, loads_after

RUNS = 5


def timed(label: str, work: Callable[[], object], runs: int = RUNS) -> object:
    """Run `work` `runs` times; print the best and median wall time."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label}: best {min(times):.0f} ms, median {statistics.median(times):.0f} ms")
    return result


def bench_assignment() -> None:
    rng = random.Random(2027)  # noqa: S311 - reproducible data
    reviewers = [Reviewer(i, "US" if i < 20 else "CN") for i in range(40)]
    proposals = [ProposalToAssign(1000 + j, f"EP-2027-{j:03d}") for j in range(200)]
    conflicts = {(r.id, p.id) for r in reviewers for p in proposals if rng.random() < 0.05}
    result = timed(
        "assignment 200 proposals x 40 reviewers (3 each)",
        lambda: assign_reviewers(proposals, reviewers, conflicts, 3),
    )
    loads = loads_after(reviewers, result)  # type: ignore[arg-type]
    print(f"  loads: min {min(loads.values())}, max {max(loads.values())}")


def ranking_data(rng: random.Random) -> tuple[list[Review], dict[int, float]]:
    weights = {1: 25.0, 2: 20.0, 3: 20.0, 4: 20.0, 5: 15.0}
    severity = {r: rng.uniform(-1, 1) for r in range(60)}
    reviews = []
    for p in range(1000):
        quality = rng.uniform(1.5, 4.5)
        for r in rng.sample(range(60), 5):
            scores = {
                c: max(1, min(5, round(quality + severity[r] + rng.gauss(0, 0.5)))) for c in weights
            }
            reviews.append(Review(r, p, scores))
    return reviews, weights


def bench_ranking() -> None:
    reviews, weights = ranking_data(random.Random(1))  # noqa: S311
    timed(
        "ranking 1,000 proposals x 5 reviews (computation)",
        lambda: rank(reviews, weights, (1, 5), 1.5),
    )


def bench_ranking_page() -> None:
    """The same through `ranking.ranking`: one query for the scores, one for conflicts."""
    from app import clock, create_app
    from app.accounts.models import Role, Side, User, UserRole
    from app.extensions import db
    from app.organizations.models import Country, Organization, OrganizationType
    from app.proposals.models import Proposal, ProposalState
    from app.reviews import ranking
    from app.reviews.models import AssignmentState, ReviewAssignment, ReviewScore
    from app.solicitations.models import Solicitation, SolicitationStatus
    from app.solicitations.services import default_criteria

    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    with app.app_context():
        db.create_all()
        now = clock.now()
        solicitation = Solicitation(
            year=2027,
            title_en="Bench",
            opens_at=now - timedelta(days=60),
            closes_at=now - timedelta(days=1),
            status=SolicitationStatus.CLOSED,
            criteria=default_criteria(),
        )
        organization = Organization(
            name_en="Bench Org",
            country=Country.US,
            type=OrganizationType.NGO,
            subdivision_code="US-UT",
        )
        users = [
            User(
                email=f"r{i}@bench.example",
                password_hash="-",  # noqa: S106 - nobody signs in
                display_name=f"R{i}",
                side=Side.US if i % 2 else Side.CN,
                roles=[UserRole(role=Role.REVIEWER)],
            )
            for i in range(60)
        ]
        chair = User(
            email="chair@bench.example",
            password_hash="-",  # noqa: S106 - nobody signs in
            display_name="Chair",
            side=Side.US,
            roles=[UserRole(role=Role.CHAIR)],
        )
        db.session.add_all([solicitation, organization, chair, *users])
        db.session.flush()
        criteria = [c.id for c in solicitation.criteria]
        reviews, _ = ranking_data(random.Random(1))  # noqa: S311
        proposals = [
            Proposal(
                solicitation_id=solicitation.id,
                lead_organization_id=organization.id,
                state=ProposalState.SUBMITTED,
                reference=f"EP-2027-{p:04d}",
                title_en=f"Proposal {p}",
                submitted_at=now,
            )
            for p in range(1000)
        ]
        db.session.add_all(proposals)
        db.session.flush()
        for review in reviews:
            db.session.add(
                ReviewAssignment(
                    proposal_id=proposals[review.proposal_id].id,
                    reviewer_id=users[review.reviewer_id].id,
                    state=AssignmentState.SUBMITTED,
                    submitted_at=now,
                    recommendation="discuss",
                    scores=[
                        ReviewScore(criterion_id=criteria[c - 1], score=s)
                        for c, s in review.scores.items()
                    ],
                )
            )
        db.session.commit()
        timed(
            "ranking 1,000 proposals x 5 reviews (page read: query + computation, SQLite)",
            lambda: ranking.ranking(solicitation, viewer=chair),
        )
        db.session.remove()


if __name__ == "__main__":
    bench_assignment()
    bench_ranking()
    bench_ranking_page()
