"""Page read models: one function per page section, plain data in, plain rows out (no query)."""

from dataclasses import dataclass

from indices.facts import Frameworks
from indices.reads import stats

# The words people put before a place's name, written out or cut short ("Kab. Balangan", "Prov. Bali"):
# they say which kind of region is meant, and are not part of the name the search compares.
KIND_WORDS = {
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "kota": "kota",
    "provinsi": "provinsi",
    "propinsi": "provinsi",
    "prov": "provinsi",
}


def years_of(points: list[dict]) -> list[int]:
    """The evaluation years with at least one point, oldest first."""
    return sorted({point["year"] for point in points})


def chosen_year(requested: str | None, years: list[int], default: int | None = None) -> int | None:
    """The year asked for (`?tahun=`) when it has data, else `default`, else the latest year."""
    requested = requested or ""
    # isdigit() alone admits "²" and other scripts' digits, which int() refuses.
    if requested.isascii() and requested.isdigit() and int(requested) in years:
        return int(requested)
    if default in years:
        return default
    return years[-1] if years else None


def complete_years(counts: dict[int, int], national: list[dict]) -> list[int]:
    """The years for which the portal holds KemenPANRB's whole national table: as many scores (`counts`, per
    year) as the report says instances were evaluated. Counts and ranks across instances only mean
    something for those years."""
    evaluated = {n["year"]: n["instances_evaluated"] for n in national if n["instances_evaluated"]}
    return sorted(year for year, count in counts.items() if evaluated.get(year) == count)


def standing_year(own: list[dict], complete: list[int]) -> int | None:
    """The year an instance's rank is told for: its latest year with the whole national table, else its
    latest year (a rank among the few instances that published a later figure would mislead)."""
    ranked = [p["year"] for p in own if p["year"] in complete]
    return ranked[-1] if ranked else (own[-1]["year"] if own else None)


def with_previous(year: int | None, years: list[int], frameworks: Frameworks) -> list[int]:
    """`year` and the previous evaluation under the same framework: what a ranking with changes needs."""
    if year is None:
        return []
    framework = frameworks.for_year(year)
    earlier = [y for y in years if y < year and frameworks.for_year(y) == framework]
    return [year, max(earlier)] if earlier else [year]


def national_overview(
    points: list[dict], provinces, frameworks: Frameworks, year: int | None, complete: list[int]
):
    """The overview of `year`: key figures per kind, the provinces' rows, predicate counts per kind, per year
    over the `complete` years (`complete_years`), and the legend of the framework in force."""
    rows = stats.rows_for_year(points, year) if year else []
    by_code = {row["code"]: row for row in rows}
    framework = frameworks.for_year(year) if year else None
    legend = framework.legend() if framework else []
    summary = stats.overview(rows)
    per_kind = stats.predicate_counts_by_kind(rows)
    highest_first = [band["predicate"] for band in reversed(legend)]
    kinds = [
        entry | {"predicates": [per_kind.get(entry["kind"], {}).get(name, 0) for name in highest_first]}
        for entry in summary["kinds"]
    ]
    totals = {
        "count": len(rows),
        "predicates": [sum(k["predicates"][i] for k in kinds) for i in range(len(legend))],
    }
    return {
        "rows": rows,
        "summary": summary,
        "kinds": kinds,
        "totals": totals,
        "provinces_rows": [{"region": province, "row": by_code.get(province.code)} for province in provinces],
        "legend": legend,
        "predicate_counts": stats.predicate_counts([p for p in points if p["year"] in complete]),
        "predicate_sources": sorted(
            {p["source_title"] for p in points if p["year"] in complete and p["source_title"]}
        ),
        # How many of the year's instances have an earlier score to rise from: says why no one is listed
        # among the biggest improvers.
        "comparable_count": sum(1 for row in rows if row["change"] is not None),
    }


def completeness(year: int | None, count: int, complete: list[int], national: dict | None) -> dict | None:
    """What the overview of a year without KemenPANRB's whole national table holds, so the page can say so:
    None for a complete year; else the year, how many scores the portal holds, how many instances
    KemenPANRB evaluated that year (None where the report does not say) and the latest complete year."""
    if year is None or year in complete:
        return None
    return {
        "year": year,
        "count": count,
        "evaluated": national["instances_evaluated"] if national else None,
        "latest_complete": complete[-1] if complete else None,
    }


def headline(own: list[dict], frameworks: Frameworks, reported: list[dict] = ()) -> dict:
    """An instance's headline: its latest evaluation result (official or compiled, never a carried-over value
    or a press figure), its change since the previous evaluation and since the first one under the same
    framework, the next predicate, and a press figure of a later year, which stands beside it, labelled."""
    evaluated = [p for p in own if not stats.carried(p)]
    if not evaluated:
        return {"latest": None, "newer_reported": reported[-1] if reported else None}
    latest = evaluated[-1]
    distance = stats.distance_to_next(frameworks.by_id(latest["framework_id"]), latest["value"])
    first = stats.first_in_framework(own, latest["year"])
    previous = stats.previous_in_framework(own, latest["year"])
    return {
        "latest": latest,
        "change": stats.change(own, latest["year"]),
        "previous": previous,
        "first": first if first is not None and first is not previous else None,
        "change_since_first": None
        if first is None or first is previous
        else latest["value"] - first["value"],
        "to_next": None if distance is None else {"gap": distance[0], "predicate": distance[1].predicate},
        "newer_reported": next((p for p in reversed(reported) if p["year"] > latest["year"]), None),
    }


def standing(code: str, peers: list[dict]) -> dict:
    """Where an instance stands among `peers` (its kind, in one year): rank, how many, and their mean."""
    return {
        "rank": stats.competition_ranks(peers, group=lambda p: "all")[code],
        "count": len(peers),
        "mean": stats.mean(p["value"] for p in peers),
    }


def domains(code: str, values: list[dict], kind_values: list[dict], province_values: list[dict], frameworks):
    """The domain section of an instance's page: its first-level values (domains, or aspects) of the
    latest year that has them, beside the means of its kind and province, with the change since the
    previous evaluation under the same framework and the weakest one named.

    `values`: the instance's values of every year; `kind_values` / `province_values`: the values of its
    kind / its province's regencies and cities in that latest year (fetched for `domain_year(values)`).
    """
    year = domain_year(values)
    if year is None:
        return {"domain_year": None, "domain_rows": [], "domain_means": {}, "weakest": None}
    framework = frameworks.for_year(year)
    top = {node.level for node in framework.top}
    own = [v for v in values if v["year"] == year and v["level"] in top]
    earlier = [y for y in {v["year"] for v in values} if y < year and frameworks.for_year(y) == framework]
    previous = [v for v in values if earlier and v["year"] == max(earlier) and v["level"] in top]
    kind_values = [v for v in kind_values if v["level"] in top]
    rows = stats.domain_profile(
        own,
        kind_values,
        [v for v in province_values if v["level"] in top and v["code"] != code],
        previous,
    )
    return {
        "domain_year": year,
        "domain_previous_year": max(earlier) if previous else None,
        "domain_rows": rows,
        # Which mean columns the table has: the kind's where it is a mean; the province's where the province
        # has other values, even too few for a mean (the cell then says how many).
        "domain_means": {
            "kind": any(row["kind_mean"] is not None for row in rows),
            "province": any(row["province_count"] for row in rows),
        },
        "weakest": stats.weakest(rows),
    }


def domain_year(values: list[dict]) -> int | None:
    """The latest year in which an instance has published domain values."""
    return max((v["year"] for v in values), default=None)


def score_history(own: list[dict]) -> list[dict]:
    """An instance's scores, newest first, each with its predicate and the source it was published in."""
    return list(reversed(own))


def targets_with_sources(own: list[dict], targets: list[dict]) -> list[dict]:
    """Each target (`TargetQuerySet.points()`) with the score of its year, the gap, whether it was met
    (`stats.targets_with_gap`), and its planning document and source."""
    return [
        row
        | {
            key: target.get(key)
            for key in ("document", "quoted", "source_title", "source_url", "source_detail")
        }
        for row, target in zip(stats.targets_with_gap(own, targets), targets, strict=True)
    ]


def with_domains(rows: list[dict], values: list[dict]) -> list[dict]:
    """Rows each with its first-level values of the same year as `domain_<number>` (for tables)."""
    by_row = {}
    for value in values:
        by_row.setdefault((value["code"], value["year"]), {})[f"domain_{value['number']}"] = value["value"]
    return [row | by_row.get((row["code"], row["year"]), {}) for row in rows]


def province_children(children: list[dict], year: int | None, targets: dict) -> dict:
    """A province's regencies and cities in `year`, ranked within it, each with its target (`targets`:
    code -> value) and the gap to it, and how many hold each predicate."""
    rows = stats.rows_for_year(children, year, group=lambda p: "province") if year else []
    for row in rows:
        row["target"] = targets.get(row["code"])
        row["gap"] = stats.gap_to_target(row["value"], row["target"])
    return {"rows": rows, "predicates": stats.predicate_counts_of(rows)}


def regency_peers(code: str, province: str, kind: str, peers: list[dict]) -> dict:
    """Where a regency or city stands among its province's regencies and cities and among its kind
    nationally, in the year of `peers` (every regency and city with a score that year)."""
    siblings = [p for p in peers if p["province"] == province]
    same_kind = [p for p in peers if p["kind"] == kind]
    return {
        "peer_year": peers[0]["year"],
        "rank_in_province": stats.competition_ranks(siblings, group=lambda p: "all")[code],
        "siblings_count": len(siblings),
        "rank_national": stats.competition_ranks(same_kind, group=lambda p: "all")[code],
        "same_kind_count": len(same_kind),
        "province_mean": (
            stats.mean(p["value"] for p in siblings)
            if len(siblings) >= stats.FEWEST_FOR_PROVINCE_MEAN
            else None
        ),
        "national_mean": stats.mean(p["value"] for p in same_kind),
        "siblings": sorted(siblings, key=lambda p: (-p["value"], p["name"])),
    }


@dataclass(frozen=True)
class RankingFilter:
    """What a ranking is narrowed to, the one rule of the rankings page and the API alike: a kind, an agency
    group, a province (its own government and every regency and city in it), a predicate. The ranks stay national
    among a kind, whatever is filtered."""

    kind: str = ""
    group: str = ""
    province: str = ""
    predicate: str = ""
    source_kind: str = ""  # official results only, compiled ones, carried-over values

    def keeps(self, row: dict) -> bool:
        return (
            (not self.source_kind or row["source_kind"] == self.source_kind)
            and (not self.kind or row["kind"] == self.kind)
            and (not self.group or row["group"] == self.group)
            and (not self.province or self.province in (row["code"], row["province"]))
            and (not self.predicate or row["predicate"] == self.predicate)
        )

    def apply(self, rows: list[dict]) -> list[dict]:
        return [row for row in rows if self.keeps(row)]


def ranking(points: list[dict], year: int | None) -> list[dict]:
    """Every instance of `year` ranked nationally among its kind, with changes since the previous
    evaluation; kinds in the reports' order (ministries, agencies, provinces, regencies, cities)."""
    rows = stats.rows_for_year(points, year) if year else []
    return sorted(rows, key=stats.by_kind_then_rank)


LOW_PREDICATES = {"Kurang", "Cukup"}


def record_of_framework(points: list[dict], frameworks: Frameworks, year: int | None, complete: list[int]):
    """What the evaluations under the framework of `year` show so far: the biggest improvers from its first
    complete year to its last, and the instances evaluated in every one of those years and each time in Kurang
    or Cukup. None before a framework has two complete years."""
    if year is None:
        return None
    framework = frameworks.for_year(year)
    years = [y for y in complete if frameworks.for_year(y) == framework]
    if len(years) < 2:
        return None
    return {
        "first": years[0],
        "last": years[-1],
        "years": years,
        "improvers": stats.improvers(points, years[0], years[-1]),
        "still_low": stats.still_low(points, years, LOW_PREDICATES),
    }


def children_history(points: list[dict], frameworks: Frameworks) -> dict:
    """How a province's regencies and cities moved over the years: per year how many held each predicate, and
    the mean with its spread (lowest and highest); the years' bands for the legend."""
    evaluated = [p for p in points if not stats.carried(p)]
    latest = frameworks.for_year(max(p["year"] for p in evaluated)) if evaluated else None
    return {
        "counts": stats.predicate_counts(evaluated),
        "spread": stats.spread_per_year(evaluated),
        "legend": latest.legend() if latest else [],
    }
