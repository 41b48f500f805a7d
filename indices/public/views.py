"""The public pages: each view fetches, calls a read model of `indices.reads.sections`, builds charts and tables,
renders. Every figure shown is a published one, with its source. They answer GET and HEAD only; any other
method gets 405 (a TRACE or OPTIONS would otherwise be answered with the whole page)."""

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from indices import formatting, spreadsheets
from indices.facts import Place
from indices.formatting import whole_number
from indices.models import Band, Framework, Instance, Score, kind_in_words
from indices.public import sharing
from indices.public.cache import published
from indices.public.charts import cards
from indices.public.forms import CompareForm, RankingFilterForm, year_label
from indices.public.parameters import DECIMAL, EXPORT, PAGE, Parameter, code, one_of, sort_of, text, year
from indices.public.tables import ChildrenTable, ProvinceLatestTable, RankingTable
from indices.reads import dataset, page_data, share
from indices.reads.places import every_place, find_places
from indices.shown_tables import shown_download
from indices.tables import BoundedPaginator
from regions.models import Region

MAX_COMPARED = 8
# A search naming more places than this lists the first ones and asks for more of the name.
MAX_LISTED = 50

# The query parameters each page reads (`indices.public.parameters`); no other reaches it.
YEAR = Parameter(year)
DOWNLOAD = {"_export": EXPORT, "desimal": DECIMAL}
# Every table a page offers for download by its id (`indices.shown_tables`): an instance's scores, press
# figures, domains, targets and the spread of a province's regencies and cities; the overview's kinds and
# still-low instances; the data of each chart.
SHOWN_TABLES = ("skor", "berita", "domain", "target", "sebaran", "jenis", "tetap-rendah") + tuple(
    f"data-{chart}"
    for chart in ("trend", "national", "domains", "compare", "predicates", "tiles", "children")
)
TABLE = Parameter(one_of(*SHOWN_TABLES))
HOME_QUERY = {"tahun": YEAR, "sort": sort_of(ProvinceLatestTable), "tabel": TABLE} | DOWNLOAD
REGION_QUERY = {"tahun": YEAR, "sort": sort_of(ChildrenTable, parts=9), "tabel": TABLE} | DOWNLOAD
AGENCY_QUERY = {"tabel": TABLE} | DOWNLOAD
RANKING_QUERY = {
    "tahun": YEAR,
    "jenis": Parameter(one_of(*Instance.Kind.values)),
    "kelompok": Parameter(text(100)),
    "provinsi": Parameter(code),
    "predikat": Parameter(text(30)),
    "jenis_sumber": Parameter(one_of("official", "compiled", "carried_over")),
    "sort": sort_of(RankingTable, parts=9),
    "page": PAGE,
    "per_page": Parameter(one_of("25", "50", "100", "250", "500", "1000")),
    "tampilan": Parameter(one_of("ringkas", "domain", "lengkap")),
} | DOWNLOAD
# The rankings' views and the columns each shows: compact (what fits a phone of 320 px, each index with
# its predicate in its cell, and leaves the names room), the domains, every column.
RANKING_VIEWS = {
    "ringkas": ("rank", "name", "value", "change"),
    "domain": ("rank", "name", "value", "predicate", "domain_*"),
    "lengkap": None,
}
# A download holds the rows as shown, in the view's columns, each predicate in a column of its own, and
# always says where each figure is from.
DOWNLOAD_ALSO = ("predicate", "source_kind", "code", "source")
COMPARE_QUERY = {
    "wilayah": Parameter(code, many=True, most=2 * MAX_COMPARED),
    "tambah": Parameter(text(100)),
    "tabel": TABLE,
} | DOWNLOAD


@require_safe
@published(query=HOME_QUERY)
def home(request):
    data = page_data.overview(request.GET.get("tahun"))
    year, legend = data.year, data.legend
    caption = _("Provinces in %(year)s: index, predicate, change since the previous evaluation and source")
    table = _configured(request, ProvinceLatestTable(data.provinces_rows, caption=caption % {"year": year}))
    provinces_scored = any(row["kind"] == "provinsi" for row in data.rows)
    context = {
        "year": year,
        "year_options": [(y, year_label(y, data.complete)) for y in data.years],
        "partial": data.partial,
        "overview": data.summary,
        "comparable_count": data.comparable_count,
        "kinds": data.kinds,
        "totals": data.totals,
        "legend": legend,
        "national": data.national_year,
        "table": table,
        "national_chart": data.national and cards.national_trend_chart(data.national, data.frameworks),
        "predicate_chart": data.predicate_counts
        and cards.national_predicate_chart(
            data.predicate_counts, legend, year, sources=data.predicate_sources, kinds=data.kinds_per_year
        ),
        "record": data.record,
        "tiles_chart": provinces_scored
        and cards.province_tiles_chart(data.provinces, data.rows, year, legend),
    }
    context["share"] = sharing.meta(
        title=_("SPBE index: national overview"),
        card=share.national_card(),
        image=reverse("indices:overview_preview"),
        path=reverse("indices:home"),
    )
    return _export(request, table, f"provinsi-spbe-{year}") or shown_download(
        request, render(request, "indices/home.html", context), f"ikhtisar-{year}"
    )


@require_safe
@published(query=REGION_QUERY)
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
@published(query=AGENCY_QUERY)
def agency(request, code):
    """A ministry's or agency's page."""
    instance = Instance.objects.central().filter(code=code).first()
    if instance is None:
        raise Http404(_("No agency has the identifier %(code)s.") % {"code": code})
    return _instance_page(request, instance, None)


def _instance_page(request, instance, region):
    data = page_data.instance(instance)
    names = list(instance.names.all())
    context = vars(data) | {
        "instance": instance,
        "region": region,
        # Listed only where the name changed: "evaluated as X (2023); X (2024)" says nothing.
        "names": names if len({n.name for n in names}) > 1 else [],
    }
    context["share"] = sharing.meta(
        title=instance.name,
        card=share.instance_card(instance),
        image=reverse("indices:instance_preview", args=[instance.code]),
        path=instance.get_absolute_url(),
    )
    context["trend"] = cards.region_trend_chart(
        instance.name, data.points, data.target_points, data.frameworks
    )
    context["domain_chart"] = data.domain_rows and cards.domains_chart(
        instance.name,
        data.domain_rows,
        data.domain_year,
        instance.get_kind_display().lower(),
        sources=[p["source_title"] for p in data.points if p["year"] == data.domain_year],
    )
    if not instance.is_province:
        return shown_download(request, render(request, "indices/instance.html", context), instance.code)
    context |= page_data.province_children(instance, request.GET.get("tahun"), data.frameworks)
    year = context["children_year"]
    caption = _("Regencies and cities of %(province)s in %(year)s, ranked within the province") % {
        "province": instance.name,
        "year": year,
    }
    table = _configured(
        request,
        ChildrenTable(context["children_rows"], framework=context["children_framework"], caption=caption),
    )
    context["children_year_options"] = [(y, str(y)) for y in context["children_years"]]
    context["children_table"] = table
    context["children_chart"] = context["children_rows"] and cards.children_bars_chart(
        instance.name, context["children_rows"], year
    )
    history = context["children_history"]
    context["children_history_chart"] = len(history["counts"]) > 1 and cards.national_predicate_chart(
        history["counts"], history["legend"], year, place=instance.name
    )
    return _export(request, table, f"kabupaten-kota-{instance.code}-{year}") or shown_download(
        request, render(request, "indices/instance.html", context), instance.code
    )


@require_safe
@published(query=RANKING_QUERY)
def rankings(request):
    view = request.GET.get("tampilan") or "ringkas"
    sort = request.GET.get("sort", "").removeprefix("-")
    if sort and not _shows(RANKING_VIEWS[view], sort):
        # Sorted by a column the view leaves out: the view that shows it, rather than an order unexplained.
        showing = next(name for name, shown in RANKING_VIEWS.items() if _shows(shown, sort))
        return redirect(f"{request.path}?{_query(request, tampilan=showing)}")
    years, complete = page_data.ranked_years()
    asked = whole_number(request.GET.get("tahun", ""))
    # A year with figures but no national table (only the press's): no rank, and the page says why.
    if asked and asked not in years and (without_table := page_data.year_without_table(asked)):
        return render(request, "indices/rankings.html", {"without_table": without_table, "year": asked})
    form = RankingFilterForm(request.GET or None, years=years, complete=complete)
    year = form.year()
    data = page_data.ranking(year, form.chosen())
    provinces = dict(Region.objects.provinces().values_list("code", "name"))
    exporting = "_export" in request.GET
    table = RankingTable(
        data["rows"],
        provinces=provinces,
        framework=data["framework"],
        caption=form.description(provinces),
        caption_visible=True,
        predicate_in_index=view == "ringkas" and not exporting,
    )
    table.exclude = _hidden(table, RANKING_VIEWS[view], also=DOWNLOAD_ALSO if exporting else ())
    table = _configured(request, table, paginate=True)
    context = {
        "form": form,
        "table": table,
        # Every figure's source and kind in words, also in the views that leave those columns out.
        "sources": sorted(
            {
                (row["source_title"] or "—", kind_in_words(row["source_kind"], row["carried_from"]))
                for row in data["rows"]
            }
        ),
        "view": view,
        "views": _view_links(request, sort),
        "year": year,
        "partial": year is not None and year not in complete,
    }
    context["share"] = sharing.meta(
        title=_("Rankings"),
        card=share.national_card(_("Rankings of the SPBE index")),
        image=reverse("indices:rankings_preview"),
        path=reverse("indices:rankings"),
    )
    # A filter that cannot be read is shown with its error, and answered 400: never kept in the cache.
    status = 400 if form.errors else 200
    return _export(request, table, f"peringkat-spbe-{year}") or render(
        request, "indices/rankings.html", context, status=status
    )


@require_safe
@published(query=COMPARE_QUERY, unstored=["tambah"])
def compare(request):
    instances = list(Instance.objects.named().order_by("code"))
    form = CompareForm(request.GET or None, instances=instances, places=every_place(), limit=MAX_COMPARED)
    chosen = form.chosen()
    codes = [instance.code for instance in chosen]
    matches = form.matches()
    if form.query() and len(matches) == 1 and len(chosen) < MAX_COMPARED:
        return redirect(_compare_url([*codes, matches[0]["code"]]) + "#compare-add")
    points = list(Score.objects.filter(instance__in=codes).points())
    context = {
        "form": form,
        "chosen": chosen,
        # Each with the address of the comparison without it: removing one is a link, no script needed.
        "removals": [(i, _compare_url([c for c in codes if c != i.code])) for i in chosen],
        "full": len(chosen) >= MAX_COMPARED,
        "matches": matches[:MAX_LISTED],
        "more_matches": max(len(matches) - MAX_LISTED, 0),
        "chart": points and cards.compare_chart(_places(chosen), points, Framework.objects.facts()),
    }
    # Unknown codes are named on the page and answered 400: never kept in the cache.
    response = render(request, "indices/compare.html", context, status=400 if form.unknown() else 200)
    return shown_download(request, response, "bandingkan-" + "-".join(codes))


@require_safe
@published(query={"q": Parameter(text(100))}, unstored=["q"])
def search(request):
    """Places by name or Kemendagri code (`find_places`); a single match opens its page at once."""
    query = request.GET.get("q", "").strip()[:100]
    found = find_places(query, every_place()) if query else []
    if len(found) == 1:
        return redirect(found[0]["url"])
    context = {"query": query, "found": found[:MAX_LISTED], "count": len(found)}
    return render(request, "indices/search.html", context)


@require_safe
@published
def places(request):
    """Every place with a page, for the suggestions of the search fields (static/js/search.js): name,
    code, kind, province or group, page and the keys `find_places` matches."""
    kinds = dict(Region.Kind.choices) | dict(Instance.Kind.choices)
    rows = [place | {"kind_label": kinds[place["kind"]]} for place in every_place()]
    return JsonResponse({"places": rows})


@require_safe
@published(query={"desimal": DECIMAL})
def data_export(request, file_format):
    """The whole published dataset (scores with domain values, targets, sources) in the importer's columns;
    a CSV with a decimal comma, or a decimal point for `?desimal=titik`."""
    if file_format not in spreadsheets.WRITERS:
        raise Http404(_("Download the data as data.csv or data.xlsx."))
    decimal = spreadsheets.convention(request.GET.get("desimal"))
    data = dataset.dataset_export(file_format=file_format, decimal=decimal)
    return spreadsheets.download(data, file_format, "data-indeks-spbe", decimal)


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
    options = paginate and {"paginator_class": BoundedPaginator, "silent": False}
    try:
        RequestConfig(request, paginate=options).configure(table)
    except (EmptyPage, PageNotAnInteger):
        raise Http404(_("This table has no such page.")) from None
    return table


def _hidden(table, shown, also=()) -> tuple[str, ...]:
    """The columns of `table` outside `shown` (names, "domain_*" for every domain column) and `also`;
    none when `shown` is None."""
    if shown is None:
        return ()
    kept = set(shown) | set(also)
    return tuple(
        column.name
        for column in table.columns.all()
        # A download-only column (the year, where in the source) is never shown: kept for the download.
        if column.name not in kept
        and column.column.visible
        and not (column.name.startswith("domain_") and "domain_*" in kept)
    )


def _shows(shown, column: str) -> bool:
    """Whether a view showing the columns `shown` (None for every column) shows `column`."""
    return shown is None or column in shown or (column.startswith("domain_") and "domain_*" in shown)


def _query(request, drop=(), **values) -> str:
    """This page's query string with `values` set and the parameters `drop` left out, the others kept."""
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    for name, value in values.items():
        query[name] = value
    return query.urlencode()


def _view_links(request, sort: str) -> list[tuple[str, str, str]]:
    """The rankings' views as (key, label, query string): each from the first page, and without the sort
    where the view does not show the column sorted by (which would only send the visitor back)."""
    labels = {"ringkas": _("Compact"), "domain": _("Domains"), "lengkap": _("Every column")}
    links = []
    for key, shown in RANKING_VIEWS.items():
        drop = ("page",) if not sort or _shows(shown, sort) else ("page", "sort")
        links.append((key, labels[key], "?" + _query(request, drop, tampilan=key)))
    return links


def _export(request, table, name):
    """The table as CSV or XLSX when `?_export=csv|xlsx` asks for it, exactly as sorted and filtered; a CSV
    in the convention `?desimal=` names."""
    file_format = request.GET.get("_export")
    if file_format not in spreadsheets.WRITERS or request.GET.get("tabel"):
        return None
    decimal = spreadsheets.convention(request.GET.get("desimal"))
    return spreadsheets.table_download(table, file_format, name, decimal)


def _compare_url(codes: list[str]) -> str:
    query = urlencode([("wilayah", code) for code in codes])
    return reverse("indices:compare") + (f"?{query}" if query else "")


def _places(items) -> list[Place]:
    return [Place(item.code, item.name) for item in items]
