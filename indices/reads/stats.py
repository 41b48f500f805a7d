"""Derived figures the dashboards show: changes, ranks, means, distance to the next predicate.

Pure functions over the plain dicts of `ScoreQuerySet.points()` and the plain frameworks of
`indices.facts`: no ORM, no request, so each rule is tested on its own. A point has the keys code, name,
kind, province, year, value and framework_id, and its band's predicate, colour and band_order.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def previous_in_framework(series: list[dict], year: int) -> dict | None:
    """The latest point before `year` evaluated under the same framework, or None.

    A change is never computed across frameworks (2019 -> 2021, 2025 -> 2026): the scale or the
    bands changed, and 2020 had no evaluation at all.
    """
    current = next((p for p in series if p["year"] == year), None)
    if current is None:
        return None
    earlier = [p for p in series if p["year"] < year and p["framework_id"] == current["framework_id"]]
    return earlier[-1] if earlier else None


def change(series: list[dict], year: int) -> Decimal | None:
    """Value in `year` minus the previous value under the same framework, or None."""
    current = next((p for p in series if p["year"] == year), None)
    previous = previous_in_framework(series, year)
    if current is None or previous is None:
        return None
    return current["value"] - previous["value"]


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
        before = previous_by_code.get(point["code"])
        previous_rank = previous_ranks.get(point["code"])
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


def domain_profile(
    own: list[dict], kind_values: list[dict], province_values: list[dict], previous: list[dict]
):
    """One instance's values of the first level of its framework (domains, or aspects) in one year, beside
    the mean of its kind and of its province, with the change since `previous` (the same instance's values
    of the previous evaluation under the same framework). Values are `ScoreValueQuerySet.points()` dicts.

    Returns rows [{"number", "name", "value", "kind_mean", "province_mean", "change"}] by number.
    """
    before = {v["number"]: v["value"] for v in previous}

    def mean_of(values, number):
        return mean(v["value"] for v in values if v["number"] == number)

    return [
        {
            "number": v["number"],
            "name": v["name"],
            "value": v["value"],
            "kind_mean": mean_of(kind_values, v["number"]),
            "province_mean": mean_of(province_values, v["number"]) if province_values else None,
            "change": v["value"] - before[v["number"]] if v["number"] in before else None,
        }
        for v in sorted(own, key=lambda v: v["number"])
    ]


def weakest(profile: list[dict]) -> dict | None:
    """The lowest of a domain profile's rows (the first by number on a tie)."""
    return min(profile, key=lambda row: (row["value"], row["number"])) if profile else None
