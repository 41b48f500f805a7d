"""What each page shows, fetched and computed once: plain data for the HTML pages and the JSON API alike.

Each function runs a fixed handful of queries (however much data there is) and hands the rows to the read
models of `indices.reads.sections`; the views add charts and tables, the API serialises the same dicts. A figure is
thus computed in one place whichever way it is read.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from indices.facts import Frameworks, Place
from indices.models import (
    Framework,
    Instance,
    NationalIndex,
    Score,
    ScoreValue,
    Succession,
    Target,
    kind_short,
)
from indices.reads import sections, stats
from regions.models import Region


@dataclass
class Overview:
    """The national overview of one year, as the page and its tables and charts read it."""

    frameworks: Frameworks
    year: int | None
    years: list[int]  # every year with scores, oldest first
    complete: list[int]  # the years with KemenPANRB's whole national table
    partial: dict | None  # what a year without the whole table holds (`sections.completeness`)
    national: list[dict]  # the national index by year (`NationalIndexQuerySet.points`)
    national_year: dict | None  # the national index of `year`
    provinces: list[Place]
    rows: list[dict]  # every instance's row of `year` (`stats.rows_for_year`)
    summary: dict  # key figures per kind (`stats.overview`)
    kinds: list[dict]  # per kind, with its counts per predicate, highest first
    totals: dict  # {"count", "predicates"}
    provinces_rows: list[dict]  # [{"region": Place, "row": its row or None}]
    legend: list[dict]  # the bands of the framework in force
    predicate_counts: dict[int, dict[str, int]]  # per complete year, instances per predicate
    predicate_sources: list[str]
    comparable_count: int  # how many of the year's instances have an earlier score
    kinds_per_year: dict[int, str] = field(default_factory=dict)  # each complete year's kinds of source
    record: dict | None = None  # the framework's evaluations so far (`sections.record_of_framework`)


@dataclass
class InstancePage:
    """One instance's page and its API answer: its scores and targets, headline, rank among its kind, domains
    against its kind's and province's means, and for a regency or city its standing in the province."""

    frameworks: Frameworks
    points: list[dict]  # its official scores, oldest first (`ScoreQuerySet.points`)
    target_points: list[dict]
    history: list[dict]
    targets: list[dict]  # with their source and document label
    standing: dict | None = None  # {"rank", "count", "mean", "year"} among its kind
    reported: list[dict] = field(default_factory=list)  # press figures (`ScoreQuerySet.reported_points`)
    predecessors: list = field(default_factory=list)  # `Succession`s into this instance
    successors: list = field(default_factory=list)  # what this instance went into
    # The headline (`sections.headline`).
    latest: dict | None = None
    change: Decimal | None = None
    previous: dict | None = None
    first: dict | None = None
    change_since_first: Decimal | None = None
    to_next: dict | None = None
    newer_reported: dict | None = None
    # The domain section (`sections.domains`).
    domain_year: int | None = None
    domain_previous_year: int | None = None
    domain_rows: list[dict] = field(default_factory=list)
    domain_means: dict = field(default_factory=dict)
    weakest: dict | None = None
    # A regency's or city's standing in its province (`sections.regency_peers`).
    peer_year: int | None = None
    rank_in_province: int | None = None
    siblings_count: int | None = None
    rank_national: int | None = None
    same_kind_count: int | None = None
    province_mean: Decimal | None = None
    national_mean: Decimal | None = None
    siblings: list[dict] = field(default_factory=list)


def complete_years(national: list[dict] | None = None) -> list[int]:
    """The years for which the whole national table is held (see `sections.complete_years`)."""
    national = list(NationalIndex.objects.points()) if national is None else national
    return sections.complete_years(Score.objects.counts_per_year(), national)


def overview(requested_year: str | None) -> Overview:
    """The national overview of the year asked for, else of the latest year with the whole national table."""
    frameworks = Framework.objects.facts()
    points = list(Score.objects.points())
    national = list(NationalIndex.objects.points())
    years = sections.years_of(points)
    complete = complete_years(national)
    year = sections.chosen_year(requested_year, years, complete[-1] if complete else None)
    provinces = [Place(code, name) for code, name in Region.objects.provinces().values_list("code", "name")]
    national_year = next((n for n in national if n["year"] == year), None)
    section = sections.national_overview(points, provinces, frameworks, year, complete)
    counted = [p for p in points if p["year"] in complete]
    return Overview(
        kinds_per_year=stats.kinds_per_year(counted, kind_short),
        record=sections.record_of_framework(points, frameworks, year, complete),
        frameworks=frameworks,
        year=year,
        years=years,
        complete=complete,
        partial=sections.completeness(year, len(section["rows"]), complete, national_year),
        national=national,
        national_year=national_year,
        provinces=provinces,
        **section,
    )


def instance(instance: Instance) -> InstancePage:
    """One instance's page (`InstancePage`), in a fixed handful of queries."""
    frameworks = Framework.objects.facts()
    scores = Score.objects.all()
    own = list(scores.filter(instance=instance).points())
    results_by_year = {p["year"]: p["value"] for p in own}
    reported = [
        p | {"result_value": results_by_year.get(p["year"])}
        for p in scores.filter(instance=instance).reported_points()
    ]
    successions = list(
        Succession.objects.filter(Q(predecessor=instance) | Q(successor=instance)).select_related(
            "predecessor", "successor"
        )
    )
    targets = list(Target.objects.filter(instance=instance).points())
    values = list(ScoreValue.objects.filter(score__instance=instance).points())
    year = sections.domain_year(values)
    kind_values = ScoreValue.objects.filter(score__year=year, score__instance__kind=instance.kind).points()
    province_values = []
    if instance.province_code:
        province_values = (
            ScoreValue.objects.filter(score__year=year).in_province(instance.province_code).points()
        )
    fields = {
        **sections.headline(own, frameworks, reported),
        **sections.domains(instance.code, values, list(kind_values), list(province_values), frameworks),
    }
    if year := sections.standing_year(own, complete_years()):
        peers = list(scores.filter(year=year, instance__kind=instance.kind).points())
        fields["standing"] = sections.standing(instance.code, peers) | {"year": year}
        if instance.province_code:
            peers = scores.filter(year=year).of_kind(*Instance.REGIONAL[1:]).points()
            fields |= sections.regency_peers(
                instance.code, instance.province_code, instance.kind, list(peers)
            )
    return InstancePage(
        frameworks=frameworks,
        points=own,
        target_points=targets,
        history=sections.score_history(own),
        reported=reported,
        predecessors=[s for s in successions if s.successor_id == instance.code],
        successors=[s for s in successions if s.predecessor_id == instance.code],
        targets=[
            row | {"document_label": Target.Document(row["document"]).label}
            for row in sections.targets_with_sources(own, targets)
        ],
        **fields,
    )


def province_children(province: Instance, requested_year: str | None, frameworks) -> dict:
    """A province's regencies and cities in the year asked for (else the latest), with domain values."""
    children = list(Score.objects.in_province(province.code).exclude(instance=province).points())
    years = sections.years_of(children)
    year = sections.chosen_year(requested_year, years)
    targets = Target.objects.in_province(province.code).filter(year=year).values_list("instance_id", "value")
    section = sections.province_children(children, year, dict(targets))
    values = ScoreValue.objects.filter(score__year=year).in_province(province.code).points()
    history = list(Score.objects.in_province(province.code).exclude(instance=province).points())
    return {
        "children_history": sections.children_history(history, frameworks),
        "children_year": year,
        "children_years": years,
        "children_rows": sections.with_domains(section["rows"], list(values)),
        "children_predicates": section["predicates"],
        "children_count": Instance.objects.in_province(province.code).exclude(code=province.code).count(),
        "children_framework": frameworks.for_year(year) if year else None,
    }


def ranking(year: int | None, chosen: sections.RankingFilter) -> dict:
    """Every instance of `year` ranked among its kind, with changes and domain values; `chosen` narrows the
    rows after ranking (so a filtered list keeps national ranks)."""
    frameworks = Framework.objects.facts()
    scores = Score.objects.all()
    years = scores.official().years()
    points = list(scores.filter(year__in=sections.with_previous(year, years, frameworks)).points())
    values = list(ScoreValue.objects.filter(score__year=year).points())
    return {
        "rows": sections.with_domains(chosen.apply(sections.ranking(points, year)), values),
        "framework": frameworks.for_year(year) if year else None,
    }


def ranked_years() -> tuple[list[int], list[int]]:
    """The years a ranking can show, and those of them for which the whole national table is held."""
    return Score.objects.official().years(), complete_years()


def year_without_table(year: int) -> dict | None:
    """A year with figures but no national table ({"year", "reported": how many press figures}), or None: it
    has no ranks and no rank changes, and the pages say why."""
    reported = Score.objects.filter(year=year, status=Score.Status.REPORTED).count()
    return {"year": year, "reported": reported} if reported else None


def ranking_years() -> tuple[list[int], int | None]:
    """The years a ranking can show, and the one it opens on (the latest with the whole national table)."""
    years, complete = ranked_years()
    return years, complete[-1] if complete else None
