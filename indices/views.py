"""The public pages: each view fetches, calls a read model of `indices.pages`, builds charts and tables,
renders. Sample data (`?data=contoh`) is a view of its own, never mixed with the published figures."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from indices import charts, exports, pages, stats
from indices.facts import Place
from indices.forms import CompareForm, RankingFilterForm
from indices.models import Framework, NationalIndex, Score, Target
from indices.tables import ChildrenTable, ProvinceLatestTable, RankingTable
from regions.models import Region

MAX_COMPARED = 8


def home(request):
    sample = _sample_mode(request)
    frameworks = Framework.objects.facts()
    points = list(Score.objects.dataset(sample).points())
    years = pages.years_of(points)
    year = pages.chosen_year(request.GET.get("tahun"), years)
    provinces = _places(Region.objects.provinces())
    national = pages.national_overview(points, provinces, frameworks, year)
    table = _configured(request, ProvinceLatestTable(national["provinces"]))
    context = {
        "sample": sample,
        "year": year,
        "years": years,
        "overview": national["summary"],
        "national": NationalIndex.objects.filter(year=year).select_related("source").first(),
        "table": table,
        "predicate_chart": year
        and _label(sample, charts.national_predicate_chart(national["predicate_counts"], national["legend"])),
        "tiles_chart": year
        and _label(
            sample, charts.province_tiles_chart(provinces, national["rows"], year, national["legend"])
        ),
    }
    return _export(request, table, f"provinsi-spbe-{year}") or render(request, "indices/home.html", context)


def region(request, code):
    region = _get_region_or_404(code)
    sample = _sample_mode(request)
    frameworks = Framework.objects.facts()
    scores = Score.objects.dataset(sample)
    points = list((scores.in_province(code) if region.is_province else scores.filter(region=region)).points())
    own = [p for p in points if p["code"] == code]
    targets = list(Target.objects.dataset(sample).filter(region=region).points())
    context = {"region": region, "sample": sample, **pages.headline(own, frameworks)}
    context["trend"] = _label(sample, charts.region_trend_chart(region.name, own, targets, frameworks))
    context["targets"] = stats.targets_with_gap(own, targets)
    if not region.is_province:
        if own:
            peers = scores.filter(year=own[-1]["year"]).exclude(region__kind=Region.Kind.PROVINSI).points()
            context |= pages.regency_peers(code, region.province_id, region.kind, list(peers))
        return render(request, "indices/region.html", context)
    children_points = [p for p in points if p["code"] != code]
    children_years = pages.years_of(children_points)
    year = pages.chosen_year(request.GET.get("tahun"), children_years)
    child_targets = Target.objects.dataset(sample).in_province(code).filter(year=year)
    children = pages.province_children(
        children_points, year, dict(child_targets.values_list("region_id", "value"))
    )
    table = _configured(request, ChildrenTable(children["rows"]))
    context |= {
        "children_year": year,
        "children_years": children_years,
        "children_table": table,
        "children_count": region.children.filter(is_evaluated=True).count(),
        "children_predicates": children["predicates"],
        "children_chart": children["rows"]
        and _label(sample, charts.children_bars_chart(region.name, children["rows"], year)),
    }
    return _export(request, table, f"kabupaten-kota-{code}-{year}") or render(
        request, "indices/region.html", context
    )


def rankings(request):
    sample = _sample_mode(request)
    frameworks = Framework.objects.facts()
    scores = Score.objects.dataset(sample)
    years = scores.official().years()
    form = RankingFilterForm(request.GET or None, years=years)
    year = form.year()
    points = list(scores.filter(year__in=pages.with_previous(year, years, frameworks)).points())
    rows = form.filter(pages.ranking(points, year))
    provinces = dict(Region.objects.provinces().values_list("code", "name"))
    table = _configured(request, RankingTable(rows, provinces=provinces))
    context = {"form": form, "table": table, "year": year, "sample": sample}
    return _export(request, table, f"peringkat-spbe-{year}") or render(
        request, "indices/rankings.html", context
    )


def compare(request):
    sample = _sample_mode(request)
    regions = list(Region.objects.select_related("province").order_by("code"))
    form = CompareForm(request.GET or None, regions=regions, limit=MAX_COMPARED)
    chosen = form.chosen()
    points = list(Score.objects.dataset(sample).filter(region__in=[r.code for r in chosen]).points())
    chart = points and _label(
        sample, charts.compare_chart(_places(chosen), points, Framework.objects.facts())
    )
    context = {"form": form, "chosen": chosen, "chart": chart, "sample": sample}
    return render(request, "indices/compare.html", context)


def data_export(request, file_format):
    """The whole dataset (scores, targets, sources; sample data flagged) in the importer's columns."""
    if file_format not in exports.WRITERS:
        raise Http404(_("Download the data as data.csv or data.xlsx."))
    sample = _sample_mode(request)
    name = "data-contoh-spbe" if sample else "data-indeks-spbe"
    data = exports.dataset_export(file_format=file_format, sample=sample)
    return exports.download(data, file_format, f"{name}.{file_format}")


def _configured(request, table):
    """Sorting from the query string; every row on one page (the whole table is the download too)."""
    RequestConfig(request, paginate=False).configure(table)
    return table


def _export(request, table, filename):
    """The table as CSV or XLSX when `?_export=csv|xlsx` asks for it, exactly as sorted and filtered."""
    file_format = request.GET.get("_export")
    if file_format not in exports.WRITERS:
        return None
    if _sample_mode(request):
        filename += "-data-contoh"
    return exports.table_download(table, file_format, f"{filename}.{file_format}")


def _label(sample: bool, chart):
    return charts.as_sample(chart) if sample else chart


def _places(regions) -> list[Place]:
    return [Place(region.code, region.name) for region in regions]


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
