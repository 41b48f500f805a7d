"""The workspace's reads of a framework with continuous values (Pemerintah Digital): the value each
indicator's accepted evidence items suggest, the four indicators other agencies' indices value, one
indicator's criteria and items level by level with the evaluation's cascade, the level names, and what is
still missing. Plain data out; the read model, the pages and the report card read it."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from indices import pemdi, scoring
from indices.models import CriterionText, EvidenceItem, LevelName
from indices.pemdi import Tally
from indices.workspace.models import Evidence
from indices.workspace.pemdi_models import (
    INDICATOR_OF,
    AgencyIndex,
    AgencyScore,
    ItemReview,
    conversion_known,
)

LEVELS = range(1, 6)
REVISI, DITERIMA = ItemReview.Status.REVISI, ItemReview.Status.DITERIMA


@dataclass(frozen=True)
class External:
    """An indicator valued from another agency's index: its value (converted from the published score,
    entered where no conversion is known, or 1 while no score has arrived) and where it comes from."""

    number: int
    index: str
    value: Decimal
    waiting: bool
    converted: bool
    score: AgencyScore | None

    @property
    def index_label(self) -> str:
        return AgencyIndex(self.index).label


@dataclass(frozen=True)
class Continuous:
    """By indicator node id: the indicators valued from other agencies' indices, and the value each other
    indicator's accepted items suggest (an estimate)."""

    external: dict
    suggested: dict


def bands_of(bands) -> tuple:
    """(lower, upper) of levels 1 to 5 from a framework's predicate bands (lowest first), which are the bands
    the suggestion moves through (pemdi-2026.json; tested)."""
    return tuple((band.lower, band.upper) for band in bands)


def continuous_values(assessment, framework) -> Continuous | None:
    """What a framework of continuous values adds to the read model (three queries); None for a framework of
    whole levels. `framework`: the facts of `read_model.framework_of`."""
    if assessment.framework.whole_levels:
        return None
    by_number = {node.number: node for node in scoring.indicators(framework.nodes)}
    totals = EvidenceItem.objects.counts(framework.id)
    accepted = _accepted_counts(assessment)
    bands = bands_of(framework.bands)
    suggested = {}
    for node in by_number.values():
        tallies = level_tallies(totals, accepted, node.id)
        if tallies:
            suggested[node.id] = pemdi.suggest_value(tallies, bands)
    return Continuous(external=external_values(assessment, by_number), suggested=suggested)


def level_tallies(totals: dict, accepted: dict, node_id: int) -> list[Tally]:
    """(accepted, total) per level, level 1 first, up to the first level that lists no item."""
    tallies = []
    for level in LEVELS:
        total = totals.get((node_id, level), 0)
        if not total:
            break
        tallies.append(Tally(accepted.get((node_id, level), 0), total))
    return tallies


def external_values(assessment, by_number: dict) -> dict:
    """The indicators valued from other agencies' indices, by node id."""
    scores = {score.index: score for score in AgencyScore.objects.of(assessment.instance_id, assessment.year)}
    return externals_from(scores, by_number)


def externals_from(scores: dict, by_number: dict) -> dict:
    """`external_values` of one instance's agency scores (index -> `AgencyScore`), read by the caller: the
    province's view reads every instance's at once."""
    waiting_value = Decimal(pemdi.framework()["external_indices"]["while_missing"]["value"])
    found = {}
    for index, number in INDICATOR_OF.items():
        node = by_number.get(number)
        if node is None:
            continue
        score = scores.get(index)
        value = score.indicator_value if score else None
        found[node.id] = External(
            number=number,
            index=index,
            value=waiting_value if value is None else value,
            waiting=value is None,
            converted=conversion_known(index),
            score=score,
        )
    return found


def level_names(framework) -> dict:
    """{"shown": {level: name}, "other": {level: name}, "shown_label", "other_label"}: the set of level names
    the workspace names levels by, and the other beside it."""
    sets = defaultdict(dict)
    labels = {}
    for name in LevelName.objects.filter(name_set__framework=framework).select_related("name_set"):
        sets[(not name.name_set.shown, name.name_set.key)][name.level] = name.name
        labels[(not name.name_set.shown, name.name_set.key)] = name.name_set.label
    keys = sorted(sets)
    shown, other = (keys + [None, None])[:2]
    return {
        "shown": sets.get(shown, {}),
        "other": sets.get(other, {}),
        "shown_label": labels.get(shown, ""),
        "other_label": labels.get(other, ""),
    }


def indicator_detail(assessment, node, bands) -> dict:
    """One indicator of an assessment, level by level: the criterion shown and the other sources' versions,
    the evidence items with their files and verdicts, and the evaluation's cascade ("an item of a higher
    level is rejected when the level below was rejected"); the indicator's other texts; and the value its
    accepted items suggest."""
    items = list(EvidenceItem.objects.filter(node=node).select_related("source"))
    attached = defaultdict(list)
    for evidence in Evidence.objects.filter(level__assessment_id=assessment.pk, item__node=node):
        attached[evidence.item_id].append(evidence)
    reviews = {review.item_id: review for review in ItemReview.objects.of(assessment).filter(item__node=node)}
    texts = defaultdict(list)
    for text in CriterionText.objects.filter(node=node).select_related("source"):
        texts[(text.level, text.kind)].append(text)
    levels, below_rejected, below_accepted = [], False, True
    for level in LEVELS:
        rows = []
        for item in (i for i in items if i.level == level):
            review = reviews.get(item.pk)
            status = review.status if review else None
            state = (
                "auto_rejected"
                if below_rejected
                else (status or ("waiting" if attached[item.pk] else "empty"))
            )
            rows.append({"item": item, "attachments": attached[item.pk], "review": review, "state": state})
        accepted = sum(1 for row in rows if row["review"] and row["review"].status == DITERIMA)
        rejected = below_rejected or any(row["review"] and row["review"].status == REVISI for row in rows)
        levels.append(
            {
                "level": level,
                "criterion": (texts[(level, CriterionText.Kind.CRITERION)] or [None])[0],
                "others": texts[(level, CriterionText.Kind.OTHER_VERSION)],
                "rows": rows,
                "accepted": accepted,
                "auto_rejected": below_rejected,
                "rejected": rejected,
                # Above a level not fully accepted nothing counts yet, whatever its verdicts.
                "counted": below_accepted and not below_rejected,
            }
        )
        below_rejected = rejected
        below_accepted = below_accepted and bool(rows) and accepted == len(rows)
    tallies = []
    for level in levels:  # up to the first level that lists no item, as `level_tallies`
        if not level["rows"]:
            break
        tallies.append(Tally(level["accepted"], len(level["rows"])))
    return {
        "levels": levels,
        "descriptions": texts[(None, CriterionText.Kind.DESCRIPTION)],
        "initial": texts[(None, CriterionText.Kind.INITIAL)],
        "fragments": texts[(None, CriterionText.Kind.FRAGMENT)],
        "agreement": texts[(None, CriterionText.Kind.AGREEMENT)],
        "sources": sorted(
            {t.source for found in texts.values() for t in found if t.source}
            | {i.source for i in items if i.source},
            key=lambda source: source.key,
        ),
        "suggested": pemdi.suggest_value(tallies, bands) if tallies else None,
        "tallies": tallies,
    }


def missing(assessment, framework, rows, continuous: Continuous) -> dict:
    """What is still missing before the next deadline: indicators without a self-assessed value (those other
    agencies' indices value left out), the levels a claimed value reaches into whose items lack a file or
    link, and the items the assessor returned for revision. `rows`: the read model's rows."""
    bands = bands_of(framework.bands)
    without_value = [
        row["node"] for row in rows if row["self"] is None and row["node"].id not in continuous.external
    ]
    items = list(EvidenceItem.objects.of_framework(framework.id).values_list("pk", "node_id", "level"))
    attached = set(
        Evidence.objects.filter(level__assessment_id=assessment.pk, item__isnull=False).values_list(
            "item_id", flat=True
        )
    )
    empty = defaultdict(lambda: [0, 0])
    for pk, node_id, level in items:
        empty[(node_id, level)][1] += 1
        if pk not in attached:
            empty[(node_id, level)][0] += 1
    without_evidence = []
    for row in rows:
        node, value = row["node"], row["self"]
        if value is None or node.id in continuous.external:
            continue
        for level, (lower, _upper) in enumerate(bands, start=1):
            lacking, total = empty.get((node.id, level), (0, 0))
            if lower < value and lacking:
                without_evidence.append({"node": node, "level": level, "lacking": lacking, "total": total})
    returned = list(
        ItemReview.objects.of(assessment)
        .filter(status=REVISI)
        .select_related("item__node")
        .order_by("item__node__number", "item__level", "item__position")
    )
    return {
        "without_value": without_value,
        "without_evidence": without_evidence,
        "returned": returned,
        "count": len(without_value) + len(without_evidence) + len(returned),
    }


def _accepted_counts(assessment) -> dict:
    """(indicator node id, level) -> how many of its items the assessor accepted."""
    if assessment.pk is None:
        return {}
    rows = (
        ItemReview.objects.of(assessment)
        .filter(status=DITERIMA)
        .values_list("item__node_id", "item__level")
        .annotate(n=Count("pk"))
    )
    return {(node_id, level): n for node_id, level, n in rows}
