from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from indices import charts, stats
from indices.forms import CompareForm, RankingFilterForm
from indices.importing import spreadsheet_safe
from indices.models import Framework, NationalIndex, Score, Target
from indices.services import dataset_export
from indices.tables import ChildrenTable, ProvinceLatestTable, RankingTable
from regions.models import Region

MAX_COMPARED = 8


def home(request):
    sample = _sample_mode(request)
    frameworks = _frameworks()
    points = stats.with_bands(list(Score.objects.dataset(sample).points()), frameworks)
    years = sorted({p["year"] for p in points})
    year = _chosen_year(request, years)
    rows = stats.rows_for_year(points, year, group=stats.level) if year else []
    provinces = list(Region.objects.provinces())
    table = ProvinceLatestTable(_province_rows(provinces, rows))
    RequestConfig(request, paginate=False).configure(table)
    legend = _band_legend(frameworks, year) if year else []
    context = {
        "sample": sample,
        "year": year,
        "years": years,
        "overview": stats.overview(rows),
        "national": NationalIndex.objects.filter(year=year).select_related("source").first(),
        "table": table,
        "predicate_chart": year
        and _label(
            sample,
            charts.national_predicate_chart(stats.predicate_counts(points), legend),
        ),
        "tiles_chart": year and _label(sample, charts.province_tiles_chart(provinces, rows, year, legend)),
    }
    return _export(request, table, f"provinsi-spbe-{year}") or render(request, "indices/home.html", context)


def region(request, code):
    region = _get_region_or_404(code)
    sample = _sample_mode(request)
    frameworks = _frameworks()
    family = Q(region=region) | Q(region__province=region) if region.is_province else Q(region=region)
    points = stats.with_bands(list(Score.objects.dataset(sample).filter(family).points()), frameworks)
    own = [p for p in points if p["code"] == region.code]
    targets = list(Target.objects.dataset(sample).filter(region=region).points())
    context = {"region": region, "sample": sample, **_headline(own, frameworks)}
    context["trend"] = _label(
        sample, charts.region_trend_chart(region.name, own, targets, frameworks.values())
    )
    context["targets"] = stats.targets_with_gap(own, targets)
    if not region.is_province:
        return render(
            request, "indices/region.html", context | _regency_peers(region, own, sample, frameworks)
        )
    context |= _province_children(request, region, points, sample)
    table, year = context["children_table"], context["children_year"]
    return _export(request, table, f"kabupaten-kota-{region.code}-{year}") or render(
        request, "indices/region.html", context
    )


def rankings(request):
    sample = _sample_mode(request)
    frameworks = _frameworks()
    scores = Score.objects.dataset(sample)
    years = scores.official().years()
    form = RankingFilterForm(request.GET or None, years=years)
    year = form.year()
    points = stats.with_bands(
        list(scores.filter(year__in=_with_previous(year, years, frameworks)).points()), frameworks
    )
    rows = stats.rows_for_year(points, year, group=lambda p: p["kind"]) if year else []
    rows = sorted(form.filter(rows), key=stats.by_kind_then_rank)
    table = RankingTable(rows, provinces=dict(Region.objects.provinces().values_list("code", "name")))
    RequestConfig(request, paginate=False).configure(table)
    return _export(request, table, f"peringkat-spbe-{year}") or render(
        request, "indices/rankings.html", {"form": form, "table": table, "year": year, "sample": sample}
    )


def compare(request):
    sample = _sample_mode(request)
    frameworks = _frameworks()
    regions = list(Region.objects.select_related("province").order_by("code"))
    form = CompareForm(request.GET or None, regions=regions, limit=MAX_COMPARED)
    chosen = form.chosen()
    points = Score.objects.dataset(sample).filter(region__in=[r.code for r in chosen]).points()
    points = stats.with_bands(list(points), frameworks)
    chart = points and _label(sample, charts.compare_chart(chosen, points, frameworks.values()))
    return render(
        request, "indices/compare.html", {"form": form, "chosen": chosen, "chart": chart, "sample": sample}
    )


def _export(request, table, filename):
    """The table as CSV or XLSX when `?_export=csv|xlsx` asks for it, exactly as sorted and filtered."""
    export = request.GET.get("_export")
    if export not in EXPORT_TYPES:
        return None
    if _sample_mode(request):
        filename += "-data-contoh"
    return SafeTableExport(export, table).response(f"{filename}.{export}")


class SafeTableExport(TableExport):
    """A table export whose text cells cannot run as spreadsheet formulas (CSV injection)."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        for index, row in enumerate(dataset):
            dataset[index] = [spreadsheet_safe(cell) if isinstance(cell, str) else cell for cell in row]
        return dataset


def _label(sample: bool, chart):
    return charts.as_sample(chart) if sample else chart


def _get_region_or_404(code) -> Region:
    try:
        return Region.objects.select_related("province").get(code=code)
    except Region.DoesNotExist:
        raise Http404(_("No region has the code %(code)s.") % {"code": code}) from None


def _sample_mode(request) -> bool:
    """`?data=contoh` shows generated sample data for the session, `?data=resmi` the published figures."""
    choice = request.GET.get("data")
    if choice in ("contoh", "resmi"):
        request.session["sample"] = choice == "contoh"
        return choice == "contoh"
    return request.session.get("sample", False)


def _frameworks() -> dict[int, Framework]:
    return {f.pk: f for f in Framework.objects.prefetch_related("bands")}


def _band_legend(frameworks, year) -> list[dict]:
    """Predicate names and colours, lowest first, of the framework in force in `year`."""
    framework = stats.framework_of(frameworks.values(), year)
    return [{"predicate": b.predicate, "colour": b.colour} for b in framework.bands.all()]


def _chosen_year(request, years: list[int]) -> int | None:
    requested = request.GET.get("tahun", "")
    if requested.isdigit() and int(requested) in years:
        return int(requested)
    return years[-1] if years else None


def _with_previous(year, years, frameworks) -> list[int]:
    """`year` and the previous evaluation under the same framework: what a ranking with changes needs."""
    if year is None:
        return []
    framework = stats.framework_of(frameworks.values(), year)
    earlier = [y for y in years if y < year and stats.framework_of(frameworks.values(), y) == framework]
    return [year, max(earlier)] if earlier else [year]


def _headline(own: list[dict], frameworks) -> dict:
    """The latest score, its change since the previous evaluation and the distance to the next predicate."""
    if not own:
        return {"latest": None}
    latest = own[-1]
    distance = stats.distance_to_next(frameworks[latest["framework_id"]], latest["value"])
    return {
        "latest": latest,
        "change": stats.change(own, latest["year"]),
        "previous": stats.previous_in_framework(own, latest["year"]),
        "to_next": None if distance is None else {"gap": distance[0], "predicate": distance[1].predicate},
    }


def _province_rows(provinces, rows) -> list[dict]:
    by_code = {r["code"]: r for r in rows}
    return [{"region": province, "row": by_code.get(province.code)} for province in provinces]


def _province_children(request, province, points, sample) -> dict:
    children = [p for p in points if p["code"] != province.code]
    years = sorted({p["year"] for p in children})
    year = _chosen_year(request, years)
    rows = stats.rows_for_year(children, year, group=lambda p: "province") if year else []
    targets = Target.objects.dataset(sample).filter(region__province=province, year=year).points()
    targets_by_code = {t["code"]: t["value"] for t in targets}
    for row in rows:
        row["target"] = targets_by_code.get(row["code"])
        row["gap"] = stats.gap_to_target(row["value"], row["target"])
    table = ChildrenTable(rows)
    RequestConfig(request, paginate=False).configure(table)
    return {
        "children_year": year,
        "children_years": years,
        "children_table": table,
        "children_count": province.children.filter(is_evaluated=True).count(),
        "children_predicates": stats.predicate_counts_of(rows),
        "children_chart": rows and _label(sample, charts.children_bars_chart(province.name, rows, year)),
    }


def _regency_peers(region, own, sample, frameworks) -> dict:
    if not own:
        return {}
    year = own[-1]["year"]
    local_kinds = [Region.Kind.KABUPATEN, Region.Kind.KOTA]
    peers = Score.objects.dataset(sample).filter(year=year, region__kind__in=local_kinds).points()
    peers = stats.with_bands(list(peers), frameworks)
    siblings = [p for p in peers if p["province"] == region.province_id]
    same_kind = [p for p in peers if p["kind"] == region.kind]
    return {
        "peer_year": year,
        "rank_in_province": stats.competition_ranks(siblings, group=lambda p: "all")[region.code],
        "siblings_count": len(siblings),
        "rank_national": stats.competition_ranks(same_kind, group=lambda p: "all")[region.code],
        "same_kind_count": len(same_kind),
        "province_mean": stats.mean(p["value"] for p in siblings),
        "national_mean": stats.mean(p["value"] for p in same_kind),
        "siblings": sorted(siblings, key=lambda p: (-p["value"], p["name"])),
    }


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def data_export(request, file_format):
    """The whole dataset (scores, targets, sources; sample data flagged) in the importer's columns."""
    if file_format not in EXPORT_TYPES:
        raise Http404(_("Download the data as data.csv or data.xlsx."))
    sample = _sample_mode(request)
    data = dataset_export(file_format=file_format, sample=sample)
    response = HttpResponse(data, content_type=EXPORT_TYPES[file_format])
    name = "data-contoh-spbe" if sample else "data-indeks-spbe"
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
