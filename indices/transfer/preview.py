"""How a planned change reads in the import preview: each field's label and value as written ("2021", never
"2.021"; a status by its label; a source with its kind), and the domains and aspects by name."""

from decimal import Decimal

from indices.formatting import MISSING, format_score
from indices.models import Score, Source, Target, kind_short
from indices.scoring import LEVELS


def field_label(record, name: str) -> str:
    return str(record._meta.get_field(name).verbose_name).capitalize()


def text(value) -> str:
    """A compared field's value as the preview shows it."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, Decimal):
        return format_score(value)
    if isinstance(value, Source):
        return f"{value.title} ({kind_short(value.kind)})"
    if isinstance(value, int):
        return str(value)  # a year, written as a year (2021, never 2.021)
    for choice in (Score.Status, Target.Document):
        if value in choice.values:
            return str(choice(value).label)
    return str(value)


def node_names(framework) -> dict[int, tuple[tuple, str]]:
    """{node id: (sort key, "Domain 2")} of a framework's domains and aspects."""
    if framework is None:
        return {}
    return {
        node.id: ((node.level != "domain", node.number), f"{LEVELS[node.level]} {node.number}")
        for node in framework.nodes
        if node.level in ("domain", "aspect")
    }
