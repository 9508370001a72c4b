"""Automatic reviewer assignment, solved as a minimum-cost flow.

The problem: every proposal needs ``per_proposal`` reviewers, at least one from each side of the
Joint Secretariat (U.S. and Chinese), never a reviewer with a conflict, never the same reviewer
twice, and the reviewers' loads as even as the rest allows. Reviewers already assigned by hand
(or by an earlier run) count: towards the proposal's number and sides, and towards their load.

The model (one integral flow; every unit of flow is one review)::

    source ──(k-th unit of r: capacity 1, cost 2·(load_r + k) − 1)──▶ r
    r ──(capacity 1, cost 0; only if r is free of conflict with p)──▶ (p, side of r)
    (p, US) ──(capacity needed_p)──▶ p          (p, CN) ──(capacity needed_p)──▶ p

Node demands (networkx: positive = must receive): the source supplies Σ needed_p; ``(p, US)``
must keep ``us_p`` units (1 when p has no U.S. reviewer yet, else 0), ``(p, CN)`` likewise
``cn_p``; p itself must receive ``needed_p − us_p − cn_p``. So p gets exactly ``needed_p`` new
reviewers, at least ``us_p`` U.S. and ``cn_p`` Chinese ones: the per-side lower bound of 1 is
written as node demands, the standard reduction of a lower bound on an arc.

Balance: the costs of a reviewer's successive units increase (they are the differences of
``load²``), so the flow minimizes Σ load², a separable convex function. The loads a feasible flow
can give form an integral base polyhedron (an M-convex set), on which a minimizer of Σ load² is
also a minimizer of the largest load and a maximizer of the smallest (Frank & Murota, 2020,
"decreasingly minimal" bases). Hence: when loads with max − min ≤ 1 exist, this finds them, and
otherwise it finds the most even loads there are. No greedy pass is involved; `network_simplex`
solves it exactly in integers.

Feasibility is a per-proposal question, because reviewers have no upper limit of load: a
proposal can be served iff it has enough reviewers free of conflict, with at least one of each
side it still lacks. `assign_reviewers` checks that first and raises `AssignmentError` naming
every proposal that cannot be served and why, before any flow is solved.

This module is pure: plain values in, plain values out, no database and no Flask.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

SIDES = ("US", "CN")


@dataclass(frozen=True)
class Reviewer:
    """A reviewer who may be assigned: id, side ("US" or "CN") and the reviews already held."""

    id: int
    side: str
    load: int = 0


@dataclass(frozen=True)
class ProposalToAssign:
    """A proposal to staff; `assigned` are the ids of reviewers it already has (they count)."""

    id: int
    label: str = ""
    assigned: tuple[int, ...] = ()


class Shortfall(enum.StrEnum):
    """Why a proposal cannot get its reviewers."""

    TOO_FEW_REVIEWERS = "too_few_reviewers"  # fewer reviewers free of conflict than needed
    NO_US_REVIEWER = "no_us_reviewer"  # no U.S. reviewer free of conflict
    NO_CN_REVIEWER = "no_cn_reviewer"  # no Chinese reviewer free of conflict
    SIDES_FULL = "sides_full"  # already full, but from one side only


@dataclass(frozen=True)
class Problem:
    """One proposal that cannot be served, with the numbers that explain it."""

    proposal_id: int
    label: str
    reason: Shortfall
    needed: int
    available: int


class AssignmentError(ValueError):
    """The constraints cannot be met; `problems` names each proposal and the reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.label or p.proposal_id}: {p.reason}" for p in problems))


@dataclass
class _Need:
    proposal: ProposalToAssign
    total: int
    by_side: dict[str, int] = field(default_factory=dict)
    candidates: list[Reviewer] = field(default_factory=list)


def _needs(
    proposals: Iterable[ProposalToAssign],
    reviewers: list[Reviewer],
    conflicts: Collection[tuple[int, int]],
    per_proposal: int,
) -> tuple[list[_Need], list[Problem]]:
    side_of = {r.id: r.side for r in reviewers}
    needs, problems = [], []
    for proposal in proposals:
        label = proposal.label or str(proposal.id)
        have = set(proposal.assigned)
        total = max(0, per_proposal - len(have))
        have_sides = {side_of.get(rid) for rid in have}
        by_side = {side: 0 if side in have_sides else 1 for side in SIDES}
        candidates = [
            r for r in reviewers if r.id not in have and (r.id, proposal.id) not in conflicts
        ]
        if sum(by_side.values()) > total:
            problems.append(
                Problem(proposal.id, label, Shortfall.SIDES_FULL, per_proposal, len(have))
            )
            continue
        if len(candidates) < total:
            problems.append(
                Problem(proposal.id, label, Shortfall.TOO_FEW_REVIEWERS, total, len(candidates))
            )
            continue
        lacking = [
            Problem(proposal.id, label, reason, 1, 0)
            for side, reason in (("US", Shortfall.NO_US_REVIEWER), ("CN", Shortfall.NO_CN_REVIEWER))
            if by_side[side] and not any(r.side == side for r in candidates)
        ]
        if lacking:
            problems.extend(lacking)
        elif total:
            needs.append(_Need(proposal, total, by_side, candidates))
    return needs, problems


def _solve(
    needs: list[_Need], reviewers: list[Reviewer], cap: int | None
) -> dict[int, list[int]] | None:
    """Build and solve the flow; `cap` limits each reviewer's new reviews (None: no limit).
    None when no flow meets every need under `cap`."""
    import networkx as nx  # 12 MB: loaded when reviewers are first assigned, not at start

    graph = nx.MultiDiGraph()
    source = ("source",)
    supply = sum(need.total for need in needs)
    graph.add_node(source, demand=-supply)
    eligible_count: dict[int, int] = {}
    for need in needs:
        for reviewer in need.candidates:
            eligible_count[reviewer.id] = eligible_count.get(reviewer.id, 0) + 1
    for reviewer in reviewers:
        units = min(eligible_count.get(reviewer.id, 0), supply)
        if cap is not None:
            units = min(units, cap)
        node = ("reviewer", reviewer.id)
        graph.add_node(node, demand=0)
        for k in range(1, units + 1):
            graph.add_edge(source, node, capacity=1, weight=2 * (reviewer.load + k) - 1)
    for need in needs:
        pid = need.proposal.id
        graph.add_node(("proposal", pid), demand=need.total - sum(need.by_side.values()))
        for side in SIDES:
            graph.add_node(("side", pid, side), demand=need.by_side[side])
            graph.add_edge(("side", pid, side), ("proposal", pid), capacity=need.total, weight=0)
        for reviewer in need.candidates:
            graph.add_edge(
                ("reviewer", reviewer.id), ("side", pid, reviewer.side), capacity=1, weight=0
            )
    try:
        _, flow = nx.network_simplex(graph)
    except nx.NetworkXUnfeasible:
        return None
    result: dict[int, list[int]] = {}
    for reviewer in reviewers:
        node = ("reviewer", reviewer.id)
        for target, arcs in flow.get(node, {}).items():
            if target[0] == "side" and any(arcs.values()):
                result.setdefault(target[1], []).append(reviewer.id)
    return result


def assign_reviewers(
    proposals: Iterable[ProposalToAssign],
    reviewers: Iterable[Reviewer],
    conflicts: Collection[tuple[int, int]],
    per_proposal: int,
) -> dict[int, list[int]]:
    """New assignments: proposal id → ids of the reviewers to add (sorted).

    `conflicts` holds (reviewer id, proposal id) pairs that may never be assigned. Raises
    `AssignmentError` listing every proposal that cannot be served, and assigns nothing then.
    """
    if per_proposal < 2:
        raise ValueError("per_proposal must be at least 2: one reviewer from each side")
    pool = sorted(reviewers, key=lambda r: r.id)
    if any(r.side not in SIDES for r in pool):
        raise ValueError("every reviewer needs a side, US or CN")
    conflict_set = conflicts if isinstance(conflicts, (set, frozenset)) else set(conflicts)
    needs, problems = _needs(
        sorted(proposals, key=lambda p: p.id), pool, conflict_set, per_proposal
    )
    if problems:
        raise AssignmentError(problems)
    if not needs:
        return {}
    # Speed: first with each reviewer limited to a little above the even share; the optimum
    # lies there whenever balance is possible. Without the limit only if that is infeasible.
    supply = sum(need.total for need in needs)
    loads = [r.load for r in pool]
    even = -(-(supply + sum(loads)) // len(pool)) - min(loads) + 1
    result = _solve(needs, pool, cap=even)
    if result is None or _reaches(result, even):
        # The limit was infeasible or binding: the even loads are impossible, so solve without
        # it for the most even loads there are (a non-binding limit changes no optimum).
        result = _solve(needs, pool, cap=None)
    if result is None:  # `_needs` found every proposal servable, so this cannot happen
        raise AssertionError("the uncapped assignment flow has no solution")
    return {pid: sorted(ids) for pid, ids in sorted(result.items())}


def _reaches(result: Mapping[int, list[int]], cap: int) -> bool:
    counts: dict[int, int] = {}
    for ids in result.values():
        for rid in ids:
            counts[rid] = counts.get(rid, 0) + 1
    return any(count >= cap for count in counts.values())


def loads_after(
    reviewers: Iterable[Reviewer], assignments: Mapping[int, Iterable[int]]
) -> dict[int, int]:
    """Each reviewer's load once `assignments` are added to what they already hold."""
    loads = {r.id: r.load for r in reviewers}
    for ids in assignments.values():
        for rid in ids:
            loads[rid] = loads.get(rid, 0) + 1
    return loads
