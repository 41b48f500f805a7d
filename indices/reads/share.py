"""What a shared link's preview image and an embedded badge say: plain data, read from published results
only (an official publication or a result compiled from its indicator levels), never a press figure, a
carried-over value or a workspace's draft."""

from django.utils.translation import gettext as _

from indices.models import FigureKind, Instance, NationalIndex, Score, kind_in_words

# The kinds of result a badge or a preview may show: what KemenPANRB's evaluation gave.
SHOWN_KINDS = (FigureKind.OFFICIAL, FigureKind.COMPILED)


def instance_card(instance: Instance) -> dict | None:
    """The latest evaluation result of `instance`, or None if it has none.

    Keys: name, year, value (Decimal), predicate, colour, kind (the kind of source in words), trend (the
    (year, value) pairs under the latest result's framework, oldest first) and path (the page's address).
    """
    points = [p for p in Score.objects.filter(instance=instance).points() if p["source_kind"] in SHOWN_KINDS]
    if not points:
        return None
    latest = points[-1]
    same_framework = [p for p in points if p["framework_id"] == latest["framework_id"]]
    return {
        "name": instance.name,
        "year": latest["year"],
        "value": latest["value"],
        "predicate": latest["predicate"],
        "colour": latest["colour"],
        "kind": kind_in_words(latest["source_kind"]),
        "trend": [(p["year"], p["value"]) for p in same_framework],
        "path": instance.get_absolute_url(),
    }


def national_card(title: str | None = None) -> dict | None:
    """The latest national index as KemenPANRB published it, in `instance_card`'s shape; `title` names the
    page shared (the rankings), else the nation."""
    points = list(NationalIndex.objects.points())
    if not points:
        return None
    latest = points[-1]
    same_framework = [p for p in points if p["framework_id"] == latest["framework_id"]]
    return {
        "name": title or _("Indonesia: national SPBE index"),
        "year": latest["year"],
        "value": latest["value"],
        "predicate": latest["predicate"],
        "colour": latest["colour"],
        "kind": kind_in_words(FigureKind.OFFICIAL),
        "trend": [(p["year"], p["value"]) for p in same_framework],
        "path": "/",
    }
