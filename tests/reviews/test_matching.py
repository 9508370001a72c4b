"""Automatic assignment: exact answers on small cases, and properties on random pools."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.reviews.matching import (
    AssignmentError,
    ProposalToAssign,
    Reviewer,
    Shortfall,
    assign_reviewers,
    loads_after,
)


def pool(us: int, cn: int) -> list[Reviewer]:
    """`us` U.S. reviewers (ids 1…) then `cn` Chinese ones."""
    return [Reviewer(i, "US") for i in range(1, us + 1)] + [
        Reviewer(i, "CN") for i in range(us + 1, us + cn + 1)
    ]


def proposals(count: int) -> list[ProposalToAssign]:
    return [ProposalToAssign(100 + j, f"EP-2027-{j:03d}") for j in range(1, count + 1)]


def check(result, props, reviewers, conflicts, n) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """The rules every answer obeys; returns the loads."""
    side = {r.id: r.side for r in reviewers}
    for proposal in props:
        chosen = result.get(proposal.id, []) + list(proposal.assigned)
        assert len(chosen) == len(set(chosen)) == max(n, len(proposal.assigned))
        assert {side[r] for r in chosen} == {"US", "CN"}
        assert not any((r, proposal.id) in conflicts for r in result.get(proposal.id, []))
    return loads_after(reviewers, result)


def test_a_small_case_is_staffed_and_balanced() -> None:
    reviewers, props = pool(2, 2), proposals(4)
    result = assign_reviewers(props, reviewers, set(), 2)
    loads = check(result, props, reviewers, set(), 2)
    assert sorted(loads.values()) == [2, 2, 2, 2]


def test_conflicts_are_respected() -> None:
    reviewers, props = pool(2, 2), proposals(3)
    conflicts = {(1, 101), (3, 101), (2, 102)}
    result = assign_reviewers(props, reviewers, conflicts, 2)
    check(result, props, reviewers, conflicts, 2)
    assert set(result[101]) == {2, 4}


def test_existing_assignments_count_towards_sides_and_loads() -> None:
    reviewers = [Reviewer(1, "US", load=3), Reviewer(2, "US"), Reviewer(3, "CN"), Reviewer(4, "CN")]
    props = [ProposalToAssign(101, "A", assigned=(1,)), ProposalToAssign(102, "B")]
    result = assign_reviewers(props, reviewers, set(), 2)
    assert len(result[101]) == 1 and result[101][0] in (3, 4)  # a Chinese reviewer completes it
    loads = check(result, props, reviewers, set(), 2)
    assert loads[1] == 3  # the busiest reviewer gets nothing more


def test_an_unstaffable_proposal_is_named_with_its_reason() -> None:
    reviewers, props = pool(1, 2), proposals(2)
    with pytest.raises(AssignmentError) as caught:
        assign_reviewers(props, reviewers, {(1, 102)}, 2)
    [problem] = caught.value.problems
    assert (problem.label, problem.reason) == ("EP-2027-002", Shortfall.NO_US_REVIEWER)


def test_too_few_reviewers_free_of_conflict() -> None:
    reviewers, props = pool(2, 2), proposals(1)
    with pytest.raises(AssignmentError) as caught:
        assign_reviewers(props, reviewers, {(1, 101), (3, 101)}, 3)
    [problem] = caught.value.problems
    assert problem.reason == Shortfall.TOO_FEW_REVIEWERS
    assert (problem.needed, problem.available) == (3, 2)


def test_full_from_one_side() -> None:
    reviewers = pool(2, 1)
    props = [ProposalToAssign(101, "A", assigned=(1, 2))]
    with pytest.raises(AssignmentError) as caught:
        assign_reviewers(props, reviewers, set(), 2)
    assert caught.value.problems[0].reason == Shortfall.SIDES_FULL


def test_a_reviewer_needs_a_side_and_a_proposal_two_reviewers() -> None:
    with pytest.raises(ValueError):
        assign_reviewers(proposals(1), [Reviewer(1, "UK"), Reviewer(2, "CN")], set(), 2)
    with pytest.raises(ValueError):
        assign_reviewers(proposals(1), pool(1, 1), set(), 1)


def test_uneven_sides_still_give_the_most_even_loads() -> None:
    """One U.S. reviewer must review every proposal; the Chinese ones share the rest evenly."""
    reviewers, props = pool(1, 3), proposals(6)
    result = assign_reviewers(props, reviewers, set(), 2)
    loads = check(result, props, reviewers, set(), 2)
    assert loads[1] == 6
    assert sorted(loads[i] for i in (2, 3, 4)) == [2, 2, 2]


# --- properties ---------------------------------------------------------------------------------


def balance_is_possible(props, reviewers, conflicts, n) -> bool:  # type: ignore[no-untyped-def]
    """Independently of the solver's costs: is there a valid assignment whose loads all lie
    in [L, L + 1] for some L? A feasibility flow with lower bounds (written as demands)."""
    total = n * len(props)
    for low in range(0, total // len(reviewers) + 1):
        graph = nx.DiGraph()
        demand: dict[object, int] = {"S": -total}

        def arc(u: object, v: object, lower: int, upper: int, graph=graph, demand=demand) -> None:  # type: ignore[no-untyped-def]
            graph.add_edge(u, v, capacity=upper - lower)
            demand[u] = demand.get(u, 0) + lower
            demand[v] = demand.get(v, 0) - lower

        for r in reviewers:
            arc("S", ("r", r.id), low, low + 1)
        for p in props:
            for side in ("US", "CN"):
                arc(("s", p.id, side), ("p", p.id), 1, n)
            demand[("p", p.id)] = demand.get(("p", p.id), 0) + n
            for r in reviewers:
                if (r.id, p.id) not in conflicts:
                    arc(("r", r.id), ("s", p.id, r.side), 0, 1)
        for node, value in demand.items():
            graph.add_node(node, demand=value)
        try:
            nx.network_simplex(graph)
        except (nx.NetworkXUnfeasible, nx.NetworkXError):
            continue
        return True
    return False


@st.composite
def instances(draw):  # type: ignore[no-untyped-def]
    us = draw(st.integers(1, 5))
    cn = draw(st.integers(1, 5))
    count = draw(st.integers(1, 10))
    n = draw(st.integers(2, 4))
    reviewers, props = pool(us, cn), proposals(count)
    rate = draw(st.sampled_from([0.0, 0.1, 0.3, 0.6]))
    flags = draw(
        st.lists(st.floats(0, 1), min_size=len(reviewers) * count, max_size=len(reviewers) * count)
    )
    conflicts = {
        (r.id, p.id)
        for k, (r, p) in enumerate((r, p) for r in reviewers for p in props)
        if flags[k] < rate
    }
    return props, reviewers, conflicts, n


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_random_pools(instance) -> None:  # type: ignore[no-untyped-def]
    """N reviewers per proposal, one per side at least, no conflict, spread ≤ 1 whenever some
    assignment achieves it — or an error naming exactly the proposals that cannot be served."""
    props, reviewers, conflicts, n = instance
    unservable = set()
    for p in props:
        free = [r for r in reviewers if (r.id, p.id) not in conflicts]
        if len(free) < n or {r.side for r in free} != {"US", "CN"}:
            unservable.add(p.label)
    try:
        result = assign_reviewers(props, reviewers, conflicts, n)
    except AssignmentError as error:
        assert unservable, "refused a feasible instance"
        assert {problem.label for problem in error.problems} == unservable
        return
    assert not unservable
    loads = check(result, props, reviewers, conflicts, n)
    if balance_is_possible(props, reviewers, conflicts, n):
        assert max(loads.values()) - min(loads.values()) <= 1, loads
