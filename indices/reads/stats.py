"""Derived figures the dashboards show: changes, ranks, means, distance to the next predicate.

Pure functions over the plain dicts of `ScoreQuerySet.points()` and the plain frameworks of
`indices.facts`: no ORM, no request, so each rule is tested on its own. A point has the keys code, name,
kind, province, year, value and framework_id, and its band's predicate, colour and band_order.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def carried(point: dict) -> bool:
    """A value of an earlier evaluation counted again in a later year: never an evaluation of its own."""
    return point.get("status") == "carried_over"


def previous_in_framework(series: list[dict], year: int) -> dict | None:
    """The latest evaluation before `year` under the same framework, or None (a carried-over value is
    passed over: it is the earlier evaluation's value, not one of its own).

    A change is never computed across frameworks (2018 -> 2021, 2025 -> 2026): the scale or the bands
    changed.
    """
    current = next((p for p in series if p["year"] == year), None)
    if current is None:
        return None
    earlier = [
        p
        for p in series
        if p["year"] < year and p["framework_id"] == current["framework_id"] and not carried(p)
    ]
    return earlier[-1] if earlier else None


def change(series: list[dict], year: int) -> Decimal | None:
    """Value in `year` minus the previous evaluation's under the same framework, or None; a carried-over
    value has no change (it is the same evaluation counted again)."""
    current = next((p for p in series if p["year"] == year), None)
    previous = previous_in_framework(series, year)
    if current is None or previous is None or carried(current):
        return None
    return current["value"] - previous["value"]


def first_in_framework(series: list[dict], year: int) -> dict | None:
    """The first evaluation under the framework of `year` (2021 for SPBE 2020), when it is an earlier one."""
    current = next((p for p in series if p["year"] == year), None)
    if current is None:
        return None
    same = [p for p in series if p["framework_id"] == current["framework_id"] and not carried(p)]
    return same[0] if same and same[0]["year"] < year else None


def competition_ranks(points, group=lambda p: p["kind"]) -> dict[str, int]:
    """Rank by value, highest first, within each group; ties share a rank (1, 1, 3)."""
    ranks = {}
    groups = defaultdict(list)
    for point in points:
        groups[group(point)].append(point)
    for members in groups.values():
        ordered = sorted(members, key=lambda p: p["value"], reverse=True)
        for position, point in enumerate(ordered, start=1):
            same = position > 1 and point["value"] == ordered[position - 2]["value"]
            ranks[point["code"]] = ranks[ordered[position - 2]["code"]] if same else position
    return ranks


def mean(values) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP)


def distance_to_next(framework, value: Decimal):
    """(points needed, next band) for the next predicate of a `FrameworkFacts`, or None in the top band."""
    band = framework.band_above(value)
    return None if band is None else (band.lower - value, band)


def predicate_counts(points) -> dict[int, dict[str, int]]:
    """For each year, how many points fall in each predicate."""
    counts = defaultdict(lambda: defaultdict(int))
    for point in points:
        counts[point["year"]][point["predicate"]] += 1
    return {year: dict(per) for year, per in sorted(counts.items())}


def predicate_counts_of(rows) -> list[dict]:
    """How many rows hold each predicate, lowest band first: [{"predicate", "colour", "count"}]."""
    counts = {}
    for row in sorted(rows, key=lambda r: r["band_order"]):
        entry = counts.setdefault(
            row["predicate"], {"predicate": row["predicate"], "colour": row["colour"], "count": 0}
        )
        entry["count"] += 1
    return list(counts.values())


def gap_to_target(score: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Score minus target: negative while short of it, None until both are known."""
    return None if score is None or target is None else score - target


def targets_with_gap(points: list[dict], targets: list[dict]) -> list[dict]:
    """Each target with the score of its year, the gap (score minus target) and whether it was met."""
    achieved = {p["year"]: p["value"] for p in points}
    rows = []
    for target in targets:
        score = achieved.get(target["year"])
        gap = gap_to_target(score, target["value"])
        rows.append(
            {
                "year": target["year"],
                "target": target["value"],
                "achieved": score,
                "gap": gap,
                "met": None if gap is None else gap >= 0,
            }
        )
    return rows


def kind(point) -> str:
    """Each instance is ranked among its kind: ministries among ministries, cities among cities."""
    return point["kind"]


# The order of KemenPANRB's reports: central agencies, then provinces, regencies and cities.
KIND_ORDER = {"kementerian": 0, "lembaga": 1, "provinsi": 2, "kabupaten": 3, "kota": 4}


def by_kind_then_rank(row) -> tuple:
    """Kinds in the reports' order, each by rank."""
    return (KIND_ORDER[row["kind"]], row["rank"], row["name"])


def rows_for_year(points: list[dict], year: int, group=kind) -> list[dict]:
    """The points of `year`, each with its change, rank and rank change since the previous evaluation.

    Ranks are taken within `group` over all the given points; filter the rows afterwards, so that a
    filtered table still shows national ranks. The previous evaluation is the latest earlier year
    with data under the same framework.
    """
    current = [p for p in points if p["year"] == year]
    if not current:
        return []
    framework = current[0]["framework_id"]
    earlier = {p["year"] for p in points if p["year"] < year and p["framework_id"] == framework}
    previous = [p for p in points if p["year"] == max(earlier)] if earlier else []
    previous_by_code = {p["code"]: p for p in previous}
    ranks, previous_ranks = competition_ranks(current, group), competition_ranks(previous, group)
    rows = []
    for point in current:
        # A carried-over value is the same evaluation counted again: no change, no rank change of its own.
        before = None if carried(point) else previous_by_code.get(point["code"])
        previous_rank = previous_ranks.get(point["code"]) if before is not None else None
        rows.append(
            point
            | {
                "change": None if before is None else point["value"] - before["value"],
                "rank": ranks[point["code"]],
                "previous_rank": previous_rank,
                "rank_change": None if previous_rank is None else previous_rank - ranks[point["code"]],
            }
        )
    return sorted(rows, key=lambda r: (r["rank"], r["name"]))


def overview(rows: list[dict]) -> dict:
    """Counts and means per kind, top and bottom provinces and biggest improvers of one year's rows."""
    provinces = [r for r in rows if r["kind"] == "provinsi"]
    improved = [r for r in rows if r["change"] is not None and r["change"] > 0]
    top = sorted(provinces, key=lambda r: (-r["value"], r["name"]))[:5]
    kinds = sorted({r["kind"] for r in rows}, key=KIND_ORDER.get)
    return {
        "count": len(rows),
        "kinds": [
            {
                "kind": name,
                "count": sum(1 for r in rows if r["kind"] == name),
                "mean": mean(r["value"] for r in rows if r["kind"] == name),
            }
            for name in kinds
        ],
        "top": top,
        # The bottom list never repeats the top one: with few provinces it is shorter, or empty.
        "bottom": [r for r in sorted(provinces, key=lambda r: (r["value"], r["name"])) if r not in top][:5],
        "improvers": sorted(improved, key=lambda r: (-r["change"], r["name"]))[:5],
    }


def predicate_counts_by_kind(rows: list[dict]) -> dict[str, dict[str, int]]:
    """How many of one year's rows hold each predicate, per kind in the reports' order."""
    counts = defaultdict(lambda: defaultdict(int))
    for row in sorted(rows, key=lambda r: KIND_ORDER[r["kind"]]):
        counts[row["kind"]][row["predicate"]] += 1
    return {name: dict(per) for name, per in counts.items()}


# A mean needs this many values to stand beside an instance's own: one other instance's value is no "mean of
# its kind", and two neighbours are not "its province" (issue 21).
FEWEST_FOR_KIND_MEAN = 2
FEWEST_FOR_PROVINCE_MEAN = 3


def domain_profile(
    own: list[dict], kind_values: list[dict], province_values: list[dict], previous: list[dict]
):
    """One instance's values of the first level of its framework (domains, or aspects) in one year, beside
    the mean of its kind and of its province, with the change since `previous` (the same instance's values
    of the previous evaluation under the same framework). Values are `ScoreValueQuerySet.points()` dicts.

    Returns rows [{"number", "name", "value", "kind_mean", "kind_count", "province_mean", "province_count",
    "change"}] by number. Each mean counts its own row's values (a domain some instances lack has fewer), and
    is None when made of fewer values than `FEWEST_FOR_KIND_MEAN` / `FEWEST_FOR_PROVINCE_MEAN`.
    """
    before = {v["number"]: v["value"] for v in previous}

    def mean_and_count(values, number, fewest):
        of_row = [v["value"] for v in values if v["number"] == number]
        return (mean(of_row) if len(of_row) >= fewest else None), len(of_row)

    rows = []
    for v in sorted(own, key=lambda v: v["number"]):
        kind_mean, kind_count = mean_and_count(kind_values, v["number"], FEWEST_FOR_KIND_MEAN)
        province_mean, province_count = mean_and_count(province_values, v["number"], FEWEST_FOR_PROVINCE_MEAN)
        rows.append(
            {
                "number": v["number"],
                "name": v["name"],
                "value": v["value"],
                "kind_mean": kind_mean,
                "kind_count": kind_count,
                "province_mean": province_mean,
                "province_count": province_count,
                "change": v["value"] - before[v["number"]] if v["number"] in before else None,
            }
        )
    return rows


def weakest(profile: list[dict]) -> dict | None:
    """The lowest of a domain profile's rows (the first by number on a tie)."""
    return min(profile, key=lambda row: (row["value"], row["number"])) if profile else None


def kinds_per_year(points: list[dict], words) -> dict[int, str]:
    """Each year's kinds of source and how many figures of each, in words: "official (616)", "compiled (554),
    carried over from 2021 (66)". `words(kind, carried_from)` says a kind."""
    counts = defaultdict(lambda: defaultdict(int))
    for point in points:
        counts[point["year"]][words(point["source_kind"], point.get("carried_from"))] += 1
    return {
        year: ", ".join(f"{word} ({n})" for word, n in per.items()) for year, per in sorted(counts.items())
    }


def spread_per_year(points: list[dict]) -> list[dict]:
    """Per year: how many evaluations, their mean, lowest and highest value (carried-over values left out:
    they are no evaluation of that year). [{"year", "count", "mean", "lowest", "highest"}]."""
    by_year = defaultdict(list)
    for point in points:
        if not carried(point):
            by_year[point["year"]].append(point["value"])
    return [
        {
            "year": year,
            "count": len(values),
            "mean": mean(values),
            "lowest": min(values),
            "highest": max(values),
        }
        for year, values in sorted(by_year.items())
    ]


def improvers(points: list[dict], first: int, last: int, count: int = 10) -> list[dict]:
    """The instances whose result rose most from `first` to `last` (both evaluations, same framework), each
    its `last` point with "from" (its `first` value) and "change"."""
    start = {p["code"]: p for p in points if p["year"] == first and not carried(p)}
    rows = [
        p | {"from": start[p["code"]]["value"], "change": p["value"] - start[p["code"]]["value"]}
        for p in points
        if p["year"] == last
        and not carried(p)
        and p["code"] in start
        and p["framework_id"] == start[p["code"]]["framework_id"]
    ]
    return sorted(rows, key=lambda r: (-r["change"], r["name"]))[:count]


def still_low(points: list[dict], years: list[int], predicates: set[str]) -> list[dict]:
    """The instances evaluated in every one of `years` and in one of `predicates` each time: their latest
    point with "history" (the values of those years)."""
    by_code = defaultdict(dict)
    for point in points:
        if point["year"] in years and not carried(point):
            by_code[point["code"]][point["year"]] = point
    rows = []
    for series in by_code.values():
        if len(series) == len(years) and all(p["predicate"] in predicates for p in series.values()):
            latest = series[max(years)]
            rows.append(latest | {"history": [series[y]["value"] for y in sorted(years)]})
    return sorted(rows, key=lambda r: (KIND_ORDER[r["kind"]], r["value"], r["name"]))
