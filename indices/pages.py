"""Page read models: one function per page section, plain data in, plain data out.

Each takes what a view fetched (points from `ScoreQuerySet.points()`, targets, `Frameworks`, `Place`s) and
returns the rows and figures its section shows, so that the HTML views and a JSON API compute every figure
in the same place. No ORM, no request.
"""

from indices import stats
from indices.facts import Frameworks


def years_of(points: list[dict]) -> list[int]:
    """The evaluation years with at least one point, oldest first."""
    return sorted({point["year"] for point in points})


def chosen_year(requested: str | None, years: list[int]) -> int | None:
    """The year asked for (`?tahun=`) when it has data, else the latest one."""
    requested = requested or ""
    if requested.isdigit() and int(requested) in years:
        return int(requested)
    return years[-1] if years else None


def with_previous(year: int | None, years: list[int], frameworks: Frameworks) -> list[int]:
    """`year` and the previous evaluation under the same framework: what a ranking with changes needs."""
    if year is None:
        return []
    framework = frameworks.for_year(year)
    earlier = [y for y in years if y < year and frameworks.for_year(y) == framework]
    return [year, max(earlier)] if earlier else [year]


def national_overview(points: list[dict], provinces, frameworks: Frameworks, year: int | None) -> dict:
    """The overview of `year`: key figures, the provinces' rows, the legend and predicate counts per year."""
    rows = stats.rows_for_year(points, year, group=stats.level) if year else []
    by_code = {row["code"]: row for row in rows}
    framework = frameworks.for_year(year) if year else None
    return {
        "rows": rows,
        "summary": stats.overview(rows),
        "provinces": [{"region": province, "row": by_code.get(province.code)} for province in provinces],
        "legend": framework.legend() if framework else [],
        "predicate_counts": stats.predicate_counts(points),
    }


def headline(own: list[dict], frameworks: Frameworks) -> dict:
    """The latest score of one region, its change since the previous evaluation and the next predicate."""
    if not own:
        return {"latest": None}
    latest = own[-1]
    distance = stats.distance_to_next(frameworks.by_id(latest["framework_id"]), latest["value"])
    return {
        "latest": latest,
        "change": stats.change(own, latest["year"]),
        "previous": stats.previous_in_framework(own, latest["year"]),
        "to_next": None if distance is None else {"gap": distance[0], "predicate": distance[1].predicate},
    }


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
        "province_mean": stats.mean(p["value"] for p in siblings),
        "national_mean": stats.mean(p["value"] for p in same_kind),
        "siblings": sorted(siblings, key=lambda p: (-p["value"], p["name"])),
    }


def ranking(points: list[dict], year: int | None) -> list[dict]:
    """Every region of `year` ranked nationally among its kind, with changes since the previous evaluation;
    provinces first, then regencies, then cities."""
    rows = stats.rows_for_year(points, year, group=lambda p: p["kind"]) if year else []
    return sorted(rows, key=stats.by_kind_then_rank)
