"""What each page shows, fetched and computed once: plain data for the HTML pages and the JSON API alike.

Each function runs a fixed handful of queries (however much data there is) and hands the rows to the read
models of `indices.pages`; the views add charts and tables, the API serialises the same dicts. A figure is
thus computed in one place whichever way it is read.
"""

from indices import pages
from indices.facts import Place
from indices.models import Framework, Instance, InstanceName, NationalIndex, Score, ScoreValue, Target
from regions.models import Region


def complete_years(national: list[dict] | None = None) -> list[int]:
    """The years for which the whole national table is held (see `pages.complete_years`)."""
    national = list(NationalIndex.objects.points()) if national is None else national
    return pages.complete_years(Score.objects.counts_per_year(), national)


def overview(requested_year: str | None) -> dict:
    """The national overview of the year asked for, else of the latest year with the whole national table."""
    frameworks = Framework.objects.facts()
    points = list(Score.objects.points())
    national = list(NationalIndex.objects.points())
    years = pages.years_of(points)
    complete = complete_years(national)
    year = pages.chosen_year(requested_year, years, complete[-1] if complete else None)
    provinces = [Place(code, name) for code, name in Region.objects.provinces().values_list("code", "name")]
    national_year = next((n for n in national if n["year"] == year), None)
    section = pages.national_overview(points, provinces, frameworks, year, complete)
    return {
        "frameworks": frameworks,
        "year": year,
        "years": years,
        "complete": complete,
        "partial": pages.completeness(year, len(section["rows"]), complete, national_year),
        "national": national,
        "national_year": national_year,
        "provinces": provinces,
        **section,
    }


def instance(instance: Instance) -> dict:
    """One instance's page: its scores, targets, headline, rank among its kind, domains against its kind's and
    province's means, and for a regency or city its standing in the province."""
    frameworks = Framework.objects.facts()
    scores = Score.objects.all()
    own = list(scores.filter(instance=instance).points())
    targets = list(Target.objects.filter(instance=instance).points())
    values = list(ScoreValue.objects.filter(score__instance=instance).points())
    year = pages.domain_year(values)
    kind_values = ScoreValue.objects.filter(score__year=year, score__instance__kind=instance.kind).points()
    province_values = []
    if instance.province_code:
        province_values = (
            ScoreValue.objects.filter(score__year=year).in_province(instance.province_code).points()
        )
    figures = {
        "frameworks": frameworks,
        "points": own,
        "target_points": targets,
        "history": pages.score_history(own),
        "targets": [
            row | {"document_label": Target.Document(row["document"]).label}
            for row in pages.targets_with_sources(own, targets)
        ],
        "standing": None,
        **pages.headline(own, frameworks),
        **pages.domains(instance.code, values, list(kind_values), list(province_values), frameworks),
    }
    if year := pages.standing_year(own, complete_years()):
        peers = list(scores.filter(year=year, instance__kind=instance.kind).points())
        figures["standing"] = pages.standing(instance.code, peers) | {"year": year}
        if instance.province_code:
            peers = scores.filter(year=year).of_kind(*Instance.REGIONAL[1:]).points()
            figures |= pages.regency_peers(instance.code, instance.province_code, instance.kind, list(peers))
    return figures


def province_children(province: Instance, requested_year: str | None, frameworks) -> dict:
    """A province's regencies and cities in the year asked for (else the latest), with domain values."""
    children = list(Score.objects.in_province(province.code).exclude(instance=province).points())
    years = pages.years_of(children)
    year = pages.chosen_year(requested_year, years)
    targets = Target.objects.in_province(province.code).filter(year=year).values_list("instance_id", "value")
    section = pages.province_children(children, year, dict(targets))
    values = ScoreValue.objects.filter(score__year=year).in_province(province.code).points()
    return {
        "children_year": year,
        "children_years": years,
        "children_rows": pages.with_domains(section["rows"], list(values)),
        "children_predicates": section["predicates"],
        "children_count": Instance.objects.in_province(province.code).exclude(code=province.code).count(),
        "children_framework": frameworks.for_year(year) if year else None,
    }


def ranking(year: int | None, keep) -> dict:
    """Every instance of `year` ranked among its kind, with changes and domain values; `keep` filters the
    rows after ranking (so a filtered list keeps national ranks)."""
    frameworks = Framework.objects.facts()
    scores = Score.objects.all()
    years = scores.official().years()
    points = list(scores.filter(year__in=pages.with_previous(year, years, frameworks)).points())
    values = list(ScoreValue.objects.filter(score__year=year).points())
    return {
        "rows": pages.with_domains(keep(pages.ranking(points, year)), values),
        "framework": frameworks.for_year(year) if year else None,
    }


def ranked_years() -> tuple[list[int], list[int]]:
    """The years a ranking can show, and those of them for which the whole national table is held."""
    return Score.objects.official().years(), complete_years()


def ranking_years() -> tuple[list[int], int | None]:
    """The years a ranking can show, and the one it opens on (the latest with the whole national table)."""
    years, complete = ranked_years()
    return years, complete[-1] if complete else None


def places() -> list[dict]:
    """Every region and central agency with a page, as the place search finds them (`pages.places`)."""
    regions = [
        {
            "code": code,
            "name": name,
            "kind": kind,
            "within": province or "",
            "url": Instance.url_for(kind, code),
        }
        for code, name, kind, province in Region.objects.order_by("code").values_list(
            "code", "name", "kind", "province__name"
        )
    ]
    agencies = [
        {"code": code, "name": name, "kind": kind, "within": group, "url": Instance.url_for(kind, code)}
        for code, name, kind, group in Instance.objects.central()
        .order_by("code")
        .values_list("code", "name", "kind", "group")
    ]
    return pages.places(regions, agencies, list(InstanceName.objects.values_list("instance_id", "name")))
