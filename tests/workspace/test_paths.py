"""Where the points are: points lost per indicator and the shortest path to a goal, checked against brute
force on small trees (no database: the scoring functions are pure)."""

import itertools
import random
from decimal import Decimal

import pytest

from indices import scoring
from indices.facts import NodeFacts

D = Decimal
TOP = D(5)


def small_tree(rng, fractional=False):
    """Two or three aspects of one to three indicators, weights in halves adding up to 100."""
    aspects = rng.randint(2, 3)
    counts = [rng.randint(1, 3) for _ in range(aspects)]
    total = sum(counts)
    units = [rng.randint(1, 6) for _ in range(total)]
    scale = D(100) / sum(units)
    weights = [(D(unit) * scale).quantize(D("0.01")) for unit in units]
    weights[-1] += D(100) - sum(weights)  # the last indicator takes the rounding
    nodes, levels, number, pointer = [], {}, 1, 0
    for aspect in range(aspects):
        members = weights[pointer : pointer + counts[aspect]]
        pointer += counts[aspect]
        aspect_id = 1000 + aspect
        nodes.append(NodeFacts(aspect_id, "aspect", aspect + 1, f"A{aspect + 1}", sum(members), None))
        for weight in members:
            nodes.append(NodeFacts(number, "indicator", number, f"I{number}", weight, aspect_id))
            if fractional:
                levels[number] = D(rng.randint(100, 500)) / 100
            else:
                levels[number] = D(rng.randint(1, 5))
            number += 1
    return nodes, levels


def raises_of(level):
    """The levels one-level raises lead through, up to the top: 2.26 -> 3.26 -> 4.26 -> 5."""
    steps = []
    while level < TOP:
        level = min(level + 1, TOP)
        steps.append(level)
    return steps


def fewest_by_brute_force(nodes, levels, goal):
    options = {node_id: [level, *raises_of(level)] for node_id, level in levels.items()}
    best = None
    for choice in itertools.product(*(range(len(options[node_id])) for node_id in levels)):
        count = sum(choice)
        if best is not None and count >= best:
            continue
        chosen = {node_id: options[node_id][k] for node_id, k in zip(levels, choice, strict=True)}
        if scoring.index_of(nodes, chosen) >= goal:
            best = count
    return best


@pytest.mark.parametrize("fractional", [False, True], ids=["whole levels", "two-decimal levels"])
def test_the_shortest_path_is_as_short_as_brute_force_finds_on_300_small_trees(fractional):
    rng = random.Random(20261201 + fractional)
    checked = 0
    for _ in range(300):
        nodes, levels = small_tree(rng, fractional)
        start = scoring.index_of(nodes, levels)
        goal = (start + D(rng.randint(1, 250)) / 100).quantize(D("0.01"))
        if goal > TOP:
            continue
        path = scoring.shortest_path(nodes, levels, goal)
        expected = fewest_by_brute_force(nodes, levels, goal)
        assert path is not None and len(path) == expected, (levels, goal)
        # Each step is a true one-level raise, and the index it states is what the raised levels give.
        raised = dict(levels)
        for step in path:
            assert step.before == raised[step.node.id] and step.after == min(step.before + 1, TOP)
            raised[step.node.id] = step.after
            assert step.index == scoring.index_of(nodes, raised)
        assert path[-1].index >= goal and (len(path) == 1 or path[-2].index < goal)
        checked += 1
    assert checked > 200


def test_a_goal_already_reached_needs_no_step_and_one_above_the_top_has_no_path():
    nodes, levels = small_tree(random.Random(1))
    index = scoring.index_of(nodes, levels)
    assert scoring.shortest_path(nodes, levels, index) == []
    assert scoring.shortest_path(nodes, levels, D("5.01")) is None


def test_levels_that_give_no_index_give_no_path():
    nodes = [NodeFacts(1, "domain", 1, "D", None, None), NodeFacts(2, "domain", 2, "E", None, None)]
    assert scoring.shortest_path(nodes, {1: D(3), 2: D(3)}, D(4)) is None


def test_points_lost_rank_indicators_by_weight_times_levels_to_go():
    nodes = [
        NodeFacts(10, "aspect", 1, "A", D(60), None),
        NodeFacts(1, "indicator", 1, "I1", D(30), 10),
        NodeFacts(2, "indicator", 2, "I2", D(30), 10),
        NodeFacts(11, "aspect", 2, "B", D(40), None),
        NodeFacts(3, "indicator", 3, "I3", D(40), 11),
    ]
    lost = scoring.points_lost(nodes, {1: D(4), 2: D(1), 3: D(3)})
    assert [(node.number, points) for node, points in lost] == [(2, D("1.2")), (3, D("0.8")), (1, D("0.3"))]


def test_one_raise_of_an_spbe_2020_manajemen_indicator_is_worth_0_015():
    """The issue's own example: indicator 23 (weight 1.5 %) from 1 to 2 adds 0.015 to the index."""
    nodes = [NodeFacts(1, "aspect", 5, "Penerapan Manajemen SPBE", D(100), None)]
    nodes += [NodeFacts(23, "indicator", 23, "Penerapan Manajemen Data", D("1.5"), 1)]
    nodes += [NodeFacts(24, "indicator", 24, "Rest", D("98.5"), 1)]
    path = scoring.shortest_path(nodes, {23: D(1), 24: D(5)}, D("4.95"))
    assert [(step.node.number, step.before, step.after, step.gain) for step in path] == [
        (23, 1, 2, D("0.015"))
    ]
