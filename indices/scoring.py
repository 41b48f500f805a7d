"""The one scoring function of every framework: values roll up the tree by weight.

Weights are percent of the whole index (PermenPANRB 59/2020, section B.2; PermenPANRB 8/2026): an aspect's
or domain's value is the weighted mean of its children, Σ(wᵢ·vᵢ) / w, and the index is Σ(w·v) / 100 over the
first level (domains, or aspects where a framework has no domains). Values are kept unrounded: KemenPANRB
rounds what it prints, and the 2024 predicates were decided before rounding. Pure functions over
`NodeFacts`; no ORM.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indices.facts import NodeFacts
from indices.formatting import format_score

LEVELS = {
    "domain": gettext_lazy("Domain"),
    "aspect": gettext_lazy("Aspect"),
    "indicator": gettext_lazy("Indicator"),
}
HUNDRED = Decimal(100)
INDEX = None  # the key of the whole index in a roll-up


def tree_problems(nodes) -> list[str]:
    """Why a tree's weights do not add up, or [] when they do.

    Siblings either all have a weight or none has; known weights of children sum to their parent's, and the
    first level sums to 100. Indicators may all go without weights under a weighted aspect (SPBE 2018's report
    publishes domain and aspect weights only): values then roll up from the aspects, never from the levels.
    """
    children = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    by_id = {node.id: node for node in nodes}
    problems = []
    for parent_id, members in sorted(children.items(), key=lambda item: (item[0] is not None, item[0] or 0)):
        weights = [member.weight for member in members]
        parent = by_id.get(parent_id)
        where = _("the whole index") if parent is None else f"{LEVELS[parent.level]} {parent.number}"
        if all(weight is None for weight in weights):
            indicators = all(member.level == "indicator" for member in members)
            if parent is not None and parent.weight is not None and not indicators:
                problems.append(
                    _("The parts of %(where)s have no weights, but it has one.") % {"where": where}
                )
            continue
        if any(weight is None for weight in weights):
            problems.append(_("Some parts of %(where)s have a weight and some have none.") % {"where": where})
            continue
        expected = HUNDRED if parent is None else parent.weight
        total = sum(weights, Decimal(0))
        if expected is not None and total != expected:
            problems.append(
                _("The weights of the parts of %(where)s add up to %(total)s instead of %(expected)s.")
                % {"where": where, "total": format_score(total), "expected": format_score(expected)}
            )
    return problems


def roll_up(nodes, known: dict) -> dict:
    """Every value that `known` (node id -> value) determines, unrounded, the index under the key INDEX.

    A node gets a value when all its children have one and their weights are known; values given in
    `known` are kept as they are (a published domain value is not recomputed from its aspects).
    """
    children = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    values = dict(known)

    def value_of(node_id):
        if node_id in values:
            return values[node_id]
        members = children.get(node_id, [])
        if not members or any(member.weight is None for member in members):
            return None
        member_values = [value_of(member.id) for member in members]
        if any(value is None for value in member_values):
            return None
        total = sum((m.weight * v for m, v in zip(members, member_values, strict=True)), Decimal(0))
        weight = HUNDRED if node_id is INDEX else sum((m.weight for m in members), Decimal(0))
        values[node_id] = total / weight
        return values[node_id]

    for node in nodes:
        value_of(node.id)
    value_of(INDEX)
    return {key: value for key, value in values.items() if value is not None}


def index_of(nodes, known: dict) -> Decimal | None:
    """The unrounded index `known` values give, or None when they do not determine it."""
    return roll_up(nodes, known).get(INDEX)


def unrounded_index(nodes, known: dict, decided_before_rounding: bool) -> Decimal | None:
    """The index a score's predicate is read from, kept beside the published one: where the year's
    predicates were decided before rounding (2024), the unrounded index its values give; else None, and the
    predicate is read from the published, rounded index."""
    computed = index_of(nodes, known) if decided_before_rounding else None
    return None if computed is None else computed.quantize(Decimal("0.000001"))


# Where the points are. The index is linear in the indicators' levels (each weight is percent of the
# whole index), so raising an indicator by one level adds weight / 100, whatever the rest.


@dataclass(frozen=True)
class Raise:
    """One step of a path: an indicator raised one level, and the unrounded index after it."""

    node: NodeFacts
    before: Decimal
    after: Decimal
    gain: Decimal
    index: Decimal


def indicators(nodes) -> list:
    """The leaves of a tree (its indicators), by number."""
    parents = {node.parent_id for node in nodes}
    return sorted((node for node in nodes if node.id not in parents), key=lambda node: node.number)


def points_lost(nodes, levels: dict, top: Decimal = Decimal(5)) -> list[tuple]:
    """(indicator, index points lost) for every weighted indicator, most lost first: weight × (top − level)
    / 100 is what the index would gain if the indicator reached the top level."""
    lost = [
        (node, node.weight * (top - levels[node.id]) / HUNDRED)
        for node in indicators(nodes)
        if node.weight is not None and node.id in levels
    ]
    return sorted(lost, key=lambda item: (-item[1], item[0].number))


def shortest_path(nodes, levels: dict, goal: Decimal, top: Decimal = Decimal(5)) -> list[Raise] | None:
    """The fewest one-level raises (+1, at most to `top`) that bring the index to `goal` or above, in order,
    each with the index it gives; [] when already there, None when the levels do not give an index.

    Each raise adds its indicator's weight / 100 (the last raise of a fractional level, less), so the k
    largest raises are the most any k raises can add: taking them largest first is shortest. Ties go to the
    indicator at the lower level (usually the cheaper step), then by number.
    """
    leaves = indicators(nodes)
    levels = {node.id: levels[node.id] for node in leaves if node.id in levels}
    index = index_of(nodes, levels)
    if index is None:
        return None
    if index >= goal:
        return []
    candidates = []
    for node in leaves:
        level = levels[node.id]
        while level < top:
            after = min(level + 1, top)
            candidates.append((node.weight * (after - level) / HUNDRED, level, node, after))
            level = after
    candidates.sort(key=lambda item: (-item[0], item[1], item[2].number))
    path = []
    for gain, before, node, after in candidates:
        levels[node.id] = after
        index = index_of(nodes, levels)
        path.append(Raise(node, before, after, gain, index))
        if index >= goal:
            return path
    return None  # the goal lies above what the top level of every indicator gives
