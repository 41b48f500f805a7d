"""The province's view: every instance of a province (its government, its regencies and cities) in one
evaluation year, read at once. The cycle under way (state, indicators filled, evidence, items to revise, the
draft index the levels give against the target, recommendations) and, for the province report, the published
results since 2021, the counts per predicate, the weakest domains and the state of the cycle.

A fixed number of queries whatever the number of instances: the levels of all the province's assessments are
read in one query and scored by the one scoring function (`indices.scoring`) the way
`read_model.workspace` scores one assessment (a test holds the two to the same index). Plain data out.
"""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from indices import scoring
from indices.models import Framework, Instance, Score, ScoreValue, Target
from indices.models.published import kind_in_words
from indices.reads import stats
from indices.workspace import pemdi_reads
from indices.workspace.models import Assessment, Evidence, IndicatorLevel, Recommendation
from indices.workspace.pemdi_models import AgencyScore, ItemReview
from regions.models import Region

# The movement of published results starts with the first year of SPBE 2020, the framework in force since.
MOVEMENT_FROM = 2021
NOT_STARTED = ""


def state_choices() -> list[tuple[str, str]]:
    """Every state an instance of the province can be in for a year, "not started" first."""
    return [(NOT_STARTED, _("Not started")), *Assessment.State.choices]


def instances_of(province: Instance) -> list[Instance]:
    """The province's government and its regencies and cities, by code (one query)."""
    regions = Region.objects.in_province(province.code)
    return list(Instance.objects.filter(region__in=regions).order_by("code"))


def cycle(province: Instance, year: int, today) -> dict:
    """The cycle of `year` for every instance of `province`: {"framework", "indicator_count", "rows"}, one row
    per instance with keys code, name, url, state ("" when not started), state_words, filled,
    indicator_count, accepted, revisi, index (the draft index, None while levels are missing), basis
    ("final" or "self"), predicate, colour, target, gap, behind, open, overdue. Eleven queries."""
    instances = instances_of(province)
    codes = [instance.code for instance in instances]
    framework, whole_levels = _scoring_framework(year)
    assessments = {
        assessment.instance_id: assessment
        for assessment in Assessment.objects.filter(instance_id__in=codes, year=year)
    }
    pks = [assessment.pk for assessment in assessments.values()]
    levels = defaultdict(dict)
    for assessment_id, node_id, self_level, final_level in IndicatorLevel.objects.filter(
        assessment_id__in=pks
    ).values_list("assessment_id", "node_id", "self_level", "final_level"):
        levels[assessment_id][node_id] = (self_level, final_level)
    accepted = _count_by(
        Evidence.objects.accepted().filter(level__assessment_id__in=pks), "level__assessment_id"
    )
    # What an assessor sent back: Pemerintah Digital's item verdicts and SPBE 2020's evidence "to revise".
    revisi = Counter(
        _count_by(
            ItemReview.objects.filter(assessment_id__in=pks, status=ItemReview.Status.REVISI), "assessment_id"
        )
    ) + Counter(
        _count_by(
            Evidence.objects.filter(level__assessment_id__in=pks, status=Evidence.Status.REVISI),
            "level__assessment_id",
        )
    )
    recommendations = _recommendation_counts(codes, year, today)
    targets = {}
    for code, value in Target.objects.filter(instance_id__in=codes, year=year).values_list(
        "instance_id", "value"
    ):
        targets.setdefault(code, value)
    externals = _externals(codes, year, framework) if framework and not whole_levels else {}
    leaves = scoring.indicators(framework.nodes) if framework else []
    rows = []
    for instance in instances:
        assessment = assessments.get(instance.code)
        state = assessment.state if assessment else NOT_STARTED
        figures = _draft_index(framework, leaves, *_of(assessment, levels, externals))
        band = framework.band_for(figures["index"]) if framework else None
        target = targets.get(instance.code)
        gap = stats.gap_to_target(figures["index"], target)
        counts = recommendations.get(instance.code, {})
        rows.append(
            {
                "code": instance.code,
                "name": instance.name,
                "kind": instance.kind,
                "url": reverse("workspace:overview", args=[instance.code, year]),
                "state": state,
                "state_words": str(dict(state_choices())[state]),
                "filled": figures["filled"],
                "indicator_count": len(leaves),
                "accepted": accepted.get(assessment.pk, 0) if assessment else 0,
                "revisi": revisi.get(assessment.pk, 0) if assessment else 0,
                "index": figures["index"],
                "basis": figures["basis"],
                "predicate": band.predicate if band else "",
                "colour": band.colour if band else "",
                "target": target,
                "gap": gap,
                "behind": gap is not None and gap < 0,
                "open": counts.get("open", 0),
                "overdue": counts.get("overdue", 0),
            }
        )
    return {"framework": framework, "indicator_count": len(leaves), "rows": rows}


def report(province: Instance, year: int, today) -> dict:
    """Everything the province report shows: the cycle of `year` (`cycle`), the published results up to
    `year` (the latest of each instance with its kind of source, and the movement since 2021), the counts per
    predicate and the weakest domains of the latest published year, and the counts per state of the cycle."""
    current = cycle(province, year, today)
    frameworks = Framework.objects.facts()
    points = list(Score.objects.in_province(province.code).filter(year__lte=year).points())
    latest_year = max((point["year"] for point in points), default=None)
    latest = {}
    for point in points:  # oldest first: the last one of each instance stays
        latest[point["code"]] = point | {
            "source_words": kind_in_words(point["source_kind"], point["carried_from"])
        }
    years = list(range(MOVEMENT_FROM, latest_year + 1)) if latest_year else []
    published_framework = frameworks.for_year(latest_year) if latest_year else None
    return {
        "cycle": current,
        "latest_year": latest_year,
        "published": sorted(latest.values(), key=lambda point: point["code"]),
        "movement_years": years,
        "movement": movement(points, current["rows"], years),
        "predicate_counts": predicate_counts(
            published_framework, [p for p in points if p["year"] == latest_year]
        ),
        "weakest_domains": weakest_domains(province, latest_year),
        "states": state_counts(current["rows"]),
        "draft_predicate_counts": predicate_counts(
            current["framework"], [row for row in current["rows"] if row["predicate"]]
        ),
        "drafts": sum(1 for row in current["rows"] if row["index"] is not None),
    }


def movement(points: list[dict], rows: list[dict], years: list[int]) -> list[dict]:
    """Per instance (in the order of `rows`): its published value in each of `years` ("values", None where
    none was published) and the change from its first to its last since 2021 under one framework."""
    by_code = defaultdict(list)
    for point in points:
        if point["year"] >= MOVEMENT_FROM:
            by_code[point["code"]].append(point)
    result = []
    for row in rows:
        series = by_code.get(row["code"], [])
        published = {point["year"]: point["value"] for point in series}
        first, last = (series[0], series[-1]) if series else (None, None)
        same = first is not None and first is not last and first["framework_id"] == last["framework_id"]
        result.append(
            {
                "code": row["code"],
                "name": row["name"],
                "values": [published.get(year) for year in years],
                "change": last["value"] - first["value"] if same else None,
                "since": first["year"] if same else None,
            }
        )
    return result


def predicate_counts(framework, rows: list[dict]) -> list[dict]:
    """How many `rows` hold each predicate of `framework`'s bands, lowest band first, a band none holds
    counted 0: [{"predicate", "colour", "count"}]. The predicates come from the bands, never typed."""
    if framework is None:
        return []
    held = Counter(row["predicate"] for row in rows)
    return [
        {"predicate": band.predicate, "colour": band.colour, "count": held[band.predicate]}
        for band in framework.bands
    ]


def weakest_domains(province: Instance, year: int | None) -> list[dict]:
    """The mean published value of each domain over the province's instances in `year`, weakest first:
    [{"number", "name", "mean", "count"}]."""
    if year is None:
        return []
    values = (
        ScoreValue.objects.in_province(province.code).filter(score__year=year, node__level="domain").points()
    )
    by_number = defaultdict(list)
    names = {}
    for value in values:
        by_number[value["number"]].append(value["value"])
        names[value["number"]] = value["name"]
    domains = [
        {"number": number, "name": names[number], "mean": stats.mean(found), "count": len(found)}
        for number, found in by_number.items()
    ]
    return sorted(domains, key=lambda domain: (domain["mean"], domain["number"]))


def state_counts(rows: list[dict]) -> list[dict]:
    """How many instances are in each state of the cycle, every state listed: [{"state", "words", "count"}]."""
    held = Counter(row["state"] for row in rows)
    return [{"state": state, "words": str(words), "count": held[state]} for state, words in state_choices()]


def _scoring_framework(year: int):
    """The facts of the framework whose levels give an index in `year`, and whether its levels are whole
    (four queries); (None, True) for a year no such framework covers."""
    found = Framework.objects.scoring_levels().covering(year).values_list("pk", "whole_levels").first()
    if found is None:
        return None, True
    return Framework.objects.filter(pk=found[0]).facts()[0], found[1]


def _count_by(queryset, field: str) -> dict:
    return dict(queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))


def _recommendation_counts(codes: list[str], year: int, today) -> dict:
    """{code: {"open", "overdue"}}: recommendations of `year` and earlier ones still open, per instance."""
    done = Q(status=Recommendation.Status.SELESAI)
    rows = (
        Recommendation.objects.filter(assessment__instance_id__in=codes, assessment__year__lte=year)
        .order_by()
        .values("assessment__instance_id")
        .annotate(open=Count("pk", filter=~done), overdue=Count("pk", filter=~done & Q(deadline__lt=today)))
    )
    return {row["assessment__instance_id"]: row for row in rows}


def _externals(codes: list[str], year: int, framework) -> dict:
    """{code: {node id: External}}: the indicators other agencies' indices value, per instance (one query)."""
    by_number = {node.number: node for node in scoring.indicators(framework.nodes)}
    scores = defaultdict(dict)
    for score in AgencyScore.objects.filter(instance_id__in=codes, year=year):
        scores[score.instance_id][score.index] = score
    return {code: pemdi_reads.externals_from(scores.get(code, {}), by_number) for code in codes}


def _of(assessment, levels: dict, externals: dict) -> tuple[dict, dict]:
    """An instance's levels and external values; none at all before its assessment is started."""
    if assessment is None:
        return {}, {}
    return levels.get(assessment.pk, {}), externals.get(assessment.instance_id, {})


def _draft_index(framework, leaves, records: dict, externals: dict) -> dict:
    """What one assessment's levels give, as `read_model.workspace` computes it: {"filled" (indicators with a level
    of the basis), "basis" (final where every final level is in, else self), "index" (None while a
    level of the basis is missing)}."""
    if framework is None:
        return {"filled": 0, "basis": "self", "index": None}
    given = {"self": {}, "final": {}}
    for node in leaves:
        self_level, final_level = records.get(node.id, (None, None))
        external = externals.get(node.id)
        if external:
            self_level = final_level = external.value
        for name, level in (("self", self_level), ("final", final_level)):
            if level is not None:
                given[name][node.id] = Decimal(level)
    basis = "final" if leaves and len(given["final"]) == len(leaves) else "self"
    complete = bool(leaves) and len(given[basis]) == len(leaves)
    index = scoring.index_of(framework.nodes, given[basis]) if complete else None
    return {"filled": len(given[basis]), "basis": basis, "index": index}
