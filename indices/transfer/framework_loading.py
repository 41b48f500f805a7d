"""The evaluation frameworks the portal ships, into the database: each framework with its predicate bands and
its tree of domains, aspects and indicators (`indices/data/frameworks.json` and the trees it names). Creates what
is missing and never overwrites a record that exists, like the other loaders (`indices.transfer.loading`).
"""

import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError

from indices import scoring
from indices.facts import NodeFacts
from indices.models import Band, Framework, FrameworkNode, create_all, validate_band_cover
from indices.transfer.loading import DATA, LoadResult, recorded_load


@recorded_load
def frameworks_install(*, path: Path = DATA / "frameworks.json") -> LoadResult:
    """Create the shipped frameworks that are missing, and the tree of any that has none; leave existing
    frameworks, bands and trees (and admins' edits) alone. A tree whose weights do not add up is refused."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for item in spec["frameworks"]:
        scale = tuple(Decimal(value) for value in item["scale"])
        tree = _tree_nodes(item["tree"], path.parent)
        problems = scoring.tree_problems([node for node, _parent in tree])
        if problems:
            raise ValidationError([f"{item['name']}: {problem}" for problem in problems])
        framework = Framework.objects.filter(slug=item["slug"]).first()
        if framework is None:
            bands = [(Decimal(lower), Decimal(upper)) for _name, lower, upper, _colour in item["bands"]]
            validate_band_cover(bands, scale)
            framework = Framework(
                slug=item["slug"],
                name=item["name"],
                legal_basis=item["legal_basis"],
                first_year=item["first_year"],
                last_year=item["last_year"],
                scale_min=scale[0],
                scale_max=scale[1],
                whole_levels=item.get("whole_levels", True),
                note=item["note"],
            )
            framework.full_clean()
            framework.save()
            create_all(
                Band,
                [
                    Band(
                        framework=framework,
                        predicate=name,
                        lower=lower,
                        upper=upper,
                        colour=colour,
                        order=order,
                    )
                    for order, (name, lower, upper, colour) in enumerate(item["bands"], start=1)
                ],
            )
            created += 1
        _tree_complete(framework, tree)
    return LoadResult(created=created, kept=len(spec["frameworks"]) - created)


def _tree_nodes(tree, folder: Path) -> list[tuple[NodeFacts, dict]]:
    """The tree of a framework file as (NodeFacts with provisional ids, fields) in parent-first order."""
    if isinstance(tree, str):
        tree = json.loads((folder / tree).read_text(encoding="utf-8"))
    nodes = []

    def walk(items, level, parent_id):
        for item in items:
            weight = None if item.get("weight") is None else Decimal(item["weight"])
            facts = NodeFacts(len(nodes) + 1, level, item["number"], item["name"], weight, parent_id)
            fields = {"question": item.get("question", ""), "criteria": item.get("criteria", [])}
            nodes.append((facts, fields))
            for child_level, key in (("aspect", "aspects"), ("indicator", "indicators")):
                if key in item:
                    walk(item[key], child_level, facts.id)

    for level, key in (("domain", "domains"), ("aspect", "aspects")):
        if key in tree:
            walk(tree[key], level, None)
    return nodes


def _tree_complete(framework: Framework, tree: list[tuple[NodeFacts, dict]]) -> None:
    """Create the nodes of `tree` that the framework lacks and give a weight to those stored without one (the
    SPBE 2018 weights were found in 2026); a name, question or weight already stored, an admin's correction
    included, is kept."""
    stored = {}
    for node in framework.nodes.select_related("parent"):
        stored[(node.level, node.number, node.parent.number if node.parent else None)] = node
    saved = {}
    for facts, fields in tree:  # parents come first
        parent = saved.get(facts.parent_id)
        key = (facts.level, facts.number, parent.number if parent else None)
        node = stored.get(key)
        if node is None:
            node = FrameworkNode.objects.create(
                framework=framework,
                parent=parent,
                level=facts.level,
                number=facts.number,
                name=facts.name,
                weight=facts.weight,
                **fields,
            )
        elif node.weight is None and facts.weight is not None:
            node.weight = facts.weight
            node.save(update_fields=["weight"])
        saved[facts.id] = node
