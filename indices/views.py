"""The public pages: each view fetches, calls a read model of `indices.pages`, builds charts and tables,
renders. Every figure shown is a published one, with its source."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from indices import charts, exports, pages, stats
from indices.facts import Place
from indices.forms import CompareForm, RankingFilterForm
from indices.models import Framework, Instance, NationalIndex, Score, ScoreValue, Target
from indices.tables import ChildrenTable, ProvinceLatestTable, RankingTable
from regions.models import Region

MAX_COMPARED = 8


def home(request):
    frameworks = Framework.objects.facts()
    points = list(Score.objects.points())
    national = list(NationalIndex.objects.points())
    years = pages.years_of(points)
    complete = pages.complete_years(Score.objects.counts_per_year(), national)
    year = pages.chosen_year(request.GET.get("tahun"), years, complete[-1] if complete else None)
    provinces = _places(Region.objects.provinces())
    overview = pages.national_overview(points, provinces, frameworks, year, complete)
    table = _configured(request, ProvinceLatestTable(overview["provinces"]))
    context = {
        "year": year,
        "years": years,
        "overview": overview["summary"],
        "kinds": overview["kinds"],
        "totals": overview["totals"],
        "legend": overview["legend"],
        "national": next((n for n in national if n["year"] == year), None),
        "table": table,
        "national_chart": national and charts.national_trend_chart(national, frameworks),
        "predicate_chart": overview["predicate_counts"]
        and charts.national_predicate_chart(overview["predicate_counts"], overview["legend"], year),
        "tiles_chart": year
        and charts.province_tiles_chart(provinces, overview["rows"], year, overview["legend"]),
    }
    return _export(request, table, f"provinsi-spbe-{year}") or render(request, "indices/home.html", context)


def region(request, code):
    """A region's page: its government's scores where it is evaluated (Jakarta's cities are not)."""
    try:
        region = Region.objects.select_related("province", "instance").get(code=code)
    except Region.DoesNotExist:
        raise Http404(_("No region has the code %(code)s.") % {"code": code}) from None
    instance = getattr(region, "instance", None)
    if instance is None:
        return render(request, "indices/instance.html", {"region": region, "instance": None})
    return _instance_page(request, instance, region)


def agency(request, code):
    """A ministry's or agency's page."""
    instance = Instance.objects.central().filter(code=code).first()
    if instance is None:
        raise Http404(_("No agency has the identifier %(code)s.") % {"code": code})
    return _instance_page(request, instance, None)


def _instance_page(request, instance, region):
    frameworks = Framework.objects.facts()
    scores = Score.objects.all()
    own = list(scores.filter(instance=instance).points())
    targets = list(Target.objects.filter(instance=instance).points())
    values = list(ScoreValue.objects.filter(score__instance=instance).points())
    context = {"instance": instance, "region": region, **pages.headline(own, frameworks)}
    context["trend"] = charts.region_trend_chart(instance.name, own, targets, frameworks)
    context["targets"] = stats.targets_with_gap(own, targets)
    context["names"] = list(instance.names.all())
    year = pages.domain_year(values)
    kind_values = ScoreValue.objects.filter(score__year=year, score__instance__kind=instance.kind).points()
    province_values = []
    if instance.province_code:
        province_values = (
            ScoreValue.objects.filter(score__year=year).in_province(instance.province_code).points()
        )
    context |= pages.domains(instance.code, values, list(kind_values), list(province_values), frameworks)
    context["domain_chart"] = context["domain_rows"] and charts.domains_chart(
        instance.name, context["domain_rows"], context["domain_year"], instance.get_kind_display().lower()
    )
    complete = pages.complete_years(scores.counts_per_year(), list(NationalIndex.objects.points()))
    if year := pages.standing_year(own, complete):
        peers = list(scores.filter(year=year, instance__kind=instance.kind).points())
        context["standing"] = pages.standing(instance.code, peers) | {"year": year}
    if instance.is_province:
        return _province_page(request, instance, scores, frameworks, context)
    if instance.province_code and year:
        peers = scores.filter(year=year).of_kind(*Instance.REGIONAL[1:]).points()
        context |= pages.regency_peers(instance.code, instance.province_code, instance.kind, list(peers))
    return render(request, "indices/instance.html", context)


def _province_page(request, instance, scores, frameworks, context):
    children = list(scores.in_province(instance.code).exclude(instance=instance).points())
    children_years = pages.years_of(children)
    year = pages.chosen_year(request.GET.get("tahun"), children_years)
    targets = Target.objects.in_province(instance.code).filter(year=year).values_list("instance_id", "value")
    section = pages.province_children(children, year, dict(targets))
    values = ScoreValue.objects.filter(score__year=year).in_province(instance.code).points()
    rows = pages.with_domains(section["rows"], list(values))
    framework = frameworks.for_year(year) if year else None
    table = _configured(request, ChildrenTable(rows, framework=framework))
    context |= {
        "children_year": year,
        "children_years": children_years,
        "children_table": table,
        "children_count": Instance.objects.in_province(instance.code).exclude(code=instance.code).count(),
        "children_predicates": section["predicates"],
        "children_chart": section["rows"]
        and charts.children_bars_chart(instance.name, section["rows"], year),
    }
    filename = f"kabupaten-kota-{instance.code}-{year}"
    return _export(request, table, filename) or render(request, "indices/instance.html", context)


def rankings(request):
    frameworks = Framework.objects.facts()
    scores = Score.objects.all()
    years = scores.official().years()
    complete = pages.complete_years(scores.counts_per_year(), list(NationalIndex.objects.points()))
    form = RankingFilterForm(request.GET or None, years=years, default=complete[-1] if complete else None)
    year = form.year()
    points = list(scores.filter(year__in=pages.with_previous(year, years, frameworks)).points())
    values = list(ScoreValue.objects.filter(score__year=year).points())
    rows = pages.with_domains(form.filter(pages.ranking(points, year)), values)
    provinces = dict(Region.objects.provinces().values_list("code", "name"))
    framework = frameworks.for_year(year) if year else None
    table = _configured(request, RankingTable(rows, provinces=provinces, framework=framework))
    context = {"form": form, "table": table, "year": year}
    return _export(request, table, f"peringkat-spbe-{year}") or render(
        request, "indices/rankings.html", context
    )


def compare(request):
    instances = list(Instance.objects.named().order_by("code"))
    form = CompareForm(request.GET or None, instances=instances, limit=MAX_COMPARED)
    chosen = form.chosen()
    points = list(Score.objects.filter(instance__in=[i.code for i in chosen]).points())
    chart = points and charts.compare_chart(_places(chosen), points, Framework.objects.facts())
    return render(request, "indices/compare.html", {"form": form, "chosen": chosen, "chart": chart})


def data_export(request, file_format):
    """The whole published dataset (scores with domain values, targets, sources) in the importer's columns."""
    if file_format not in exports.WRITERS:
        raise Http404(_("Download the data as data.csv or data.xlsx."))
    data = exports.dataset_export(file_format=file_format)
    return exports.download(data, file_format, f"data-indeks-spbe.{file_format}")


def _configured(request, table):
    """Sorting from the query string; every row on one page (the whole table is the download too)."""
    RequestConfig(request, paginate=False).configure(table)
    return table


def _export(request, table, filename):
    """The table as CSV or XLSX when `?_export=csv|xlsx` asks for it, exactly as sorted and filtered."""
    file_format = request.GET.get("_export")
    if file_format not in exports.WRITERS:
        return None
    return exports.table_download(table, file_format, f"{filename}.{file_format}")


def _places(items) -> list[Place]:
    return [Place(item.code, item.name) for item in items]
