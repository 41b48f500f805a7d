"""The public pages: each view fetches, calls a read model of `indices.pages`, builds charts and tables,
renders. Every figure shown is a published one, with its source. They answer GET and HEAD only; any other
method gets 405 (a TRACE or OPTIONS would otherwise be answered with the whole page)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from indices import charts, exports, figures, formatting
from indices.caching import published
from indices.facts import Place
from indices.forms import CompareForm, RankingFilterForm
from indices.models import Band, Framework, Instance, Score
from indices.tables import BoundedPaginator, ChildrenTable, ProvinceLatestTable, RankingTable
from regions.models import Region

MAX_COMPARED = 8


@require_safe
@published
def home(request):
    data = figures.overview(request.GET.get("tahun"))
    year, legend = data["year"], data["legend"]
    table = _configured(request, ProvinceLatestTable(data["provinces_rows"]))
    context = {
        "year": year,
        "years": data["years"],
        "overview": data["summary"],
        "kinds": data["kinds"],
        "totals": data["totals"],
        "legend": legend,
        "national": data["national_year"],
        "table": table,
        "national_chart": data["national"]
        and charts.national_trend_chart(data["national"], data["frameworks"]),
        "predicate_chart": data["predicate_counts"]
        and charts.national_predicate_chart(data["predicate_counts"], legend, year),
        "tiles_chart": year and charts.province_tiles_chart(data["provinces"], data["rows"], year, legend),
    }
    return _export(request, table, f"provinsi-spbe-{year}") or render(request, "indices/home.html", context)


@require_safe
@published
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


@require_safe
@published
def agency(request, code):
    """A ministry's or agency's page."""
    instance = Instance.objects.central().filter(code=code).first()
    if instance is None:
        raise Http404(_("No agency has the identifier %(code)s.") % {"code": code})
    return _instance_page(request, instance, None)


def _instance_page(request, instance, region):
    data = figures.instance(instance)
    context = data | {"instance": instance, "region": region, "names": list(instance.names.all())}
    context["trend"] = charts.region_trend_chart(
        instance.name, data["points"], data["target_points"], data["frameworks"]
    )
    context["domain_chart"] = data["domain_rows"] and charts.domains_chart(
        instance.name, data["domain_rows"], data["domain_year"], instance.get_kind_display().lower()
    )
    if not instance.is_province:
        return render(request, "indices/instance.html", context)
    context |= figures.province_children(instance, request.GET.get("tahun"), data["frameworks"])
    table = _configured(
        request, ChildrenTable(context["children_rows"], framework=context["children_framework"])
    )
    year = context["children_year"]
    context["children_table"] = table
    context["children_chart"] = context["children_rows"] and charts.children_bars_chart(
        instance.name, context["children_rows"], year
    )
    return _export(request, table, f"kabupaten-kota-{instance.code}-{year}") or render(
        request, "indices/instance.html", context
    )


@require_safe
@published
def rankings(request):
    years, default = figures.ranking_years()
    form = RankingFilterForm(request.GET or None, years=years, default=default)
    year = form.year()
    data = figures.ranking(year, form.filter)
    provinces = dict(Region.objects.provinces().values_list("code", "name"))
    table = _configured(
        request,
        RankingTable(data["rows"], provinces=provinces, framework=data["framework"]),
        paginate=True,
    )
    context = {"form": form, "table": table, "year": year}
    return _export(request, table, f"peringkat-spbe-{year}") or render(
        request, "indices/rankings.html", context
    )


@require_safe
@published
def compare(request):
    instances = list(Instance.objects.named().order_by("code"))
    form = CompareForm(request.GET or None, instances=instances, limit=MAX_COMPARED)
    chosen = form.chosen()
    points = list(Score.objects.filter(instance__in=[i.code for i in chosen]).points())
    chart = points and charts.compare_chart(_places(chosen), points, Framework.objects.facts())
    return render(request, "indices/compare.html", {"form": form, "chosen": chosen, "chart": chart})


@require_safe
@published
def data_export(request, file_format):
    """The whole published dataset (scores with domain values, targets, sources) in the importer's columns."""
    if file_format not in exports.WRITERS:
        raise Http404(_("Download the data as data.csv or data.xlsx."))
    data = exports.dataset_export(file_format=file_format)
    return exports.download(data, file_format, f"data-indeks-spbe.{file_format}")


@require_safe
@published
def predicate_styles(request):
    """The badges' colours, one class per band colour: a strict Content-Security-Policy allows no inline
    style, and the colours are data an admin may change."""
    colours = Band.objects.values_list("colour", flat=True)
    return HttpResponse(formatting.badge_stylesheet(colours), content_type="text/css; charset=utf-8")


def _configured(request, table, paginate=False):
    """Sorting and page from the query string; unless `paginate`, every row on one page. The download is
    always the whole table as sorted and filtered."""
    RequestConfig(request, paginate=paginate and {"paginator_class": BoundedPaginator}).configure(table)
    return table


def _export(request, table, filename):
    """The table as CSV or XLSX when `?_export=csv|xlsx` asks for it, exactly as sorted and filtered."""
    file_format = request.GET.get("_export")
    if file_format not in exports.WRITERS:
        return None
    return exports.table_download(table, file_format, f"{filename}.{file_format}")


def _places(items) -> list[Place]:
    return [Place(item.code, item.name) for item in items]
