"""The open data API, read-only JSON under /api/v1/, described by an OpenAPI document.

Every answer comes from the same reads and read models as the pages (`indices.reads.page_data`, the querysets'
`points()`), so the API and a page never disagree on a figure; answers are cached, compressed and answer
conditional GETs exactly like the pages (`indices.public.cache.published`)."""

from dataclasses import asdict

from csp.decorators import csp_update
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from indices.formatting import absolute_url
from indices.models import (
    Framework,
    Instance,
    NationalIndex,
    NationalValue,
    Score,
    ScoreValue,
    Target,
    kind_in_words,
)
from indices.public.cache import published
from indices.public.parameters import PAGE, Parameter, code, one_of, text, year
from indices.public.serializers import (
    FrameworkSerializer,
    InstanceDetailSerializer,
    InstanceSerializer,
    NationalSerializer,
    RankingRowSerializer,
    ScoreSerializer,
    TargetSerializer,
)
from indices.reads import page_data, sections
from indices.reads.sections import RankingFilter
from regions.models import Region


def _source(row) -> dict:
    return {
        "title": row["source_title"] or "",
        "url": row["source_url"] or "",
        "detail": row["source_detail"] or "",
    }


def _score(point: dict, domains: dict) -> dict:
    keys = ("code", "name", "kind", "group", "province", "year", "value", "predicate", "carried_from")
    return {key: point[key] for key in keys} | {
        "domains": domains.get((point["code"], point["year"]), {}),
        "kind_of_source": point["source_kind"],
        "kind_of_source_label": kind_in_words(point["source_kind"], point["carried_from"]),
        "source": _source(point),
    }


def _domains(values) -> dict:
    """First-level values by (code, year) -> {"number": value}."""
    by_score = {}
    for value in values:
        by_score.setdefault((value["code"], value["year"]), {})[str(value["number"])] = value["value"]
    return by_score


def _instance(instance: Instance, request) -> dict:
    return {
        "code": instance.code,
        "kind": instance.kind,
        "name": instance.name,
        "group": instance.group,
        "province": instance.province_code,
        "page": absolute_url(instance.get_absolute_url()),
    }


class Pages(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    # Links to the next and previous page never come from the request's Host header: a cached answer would
    # hand every later visitor someone's forged host (`absolute_url`).
    def get_next_link(self):
        return self._link(self.page.next_page_number() if self.page.has_next() else None)

    def get_previous_link(self):
        return self._link(self.page.previous_page_number() if self.page.has_previous() else None)

    def _link(self, number):
        if number is None:
            return None
        url = absolute_url(self.request.get_full_path())
        return (
            remove_query_param(url, self.page_query_param)
            if number == 1
            else replace_query_param(url, self.page_query_param, number)
        )


YEAR = OpenApiParameter("year", int, description="Evaluation year")


KIND = OpenApiParameter("kind", str, enum=Instance.Kind.values, description="Kind of instance")


PROVINCE = OpenApiParameter(
    "province", str, description='A province\'s code ("63"): it and its regencies and cities'
)


GROUP = OpenApiParameter("group", str, description="A central agency's group")
KIND_OF_SOURCE = OpenApiParameter(
    "kind_of_source",
    str,
    enum=["official", "compiled", "carried_over", "press"],
    description="Only figures of this kind of source (official: KemenPANRB's publications)",
)


class ListView(GenericAPIView):
    """A paginated list of plain rows; subclasses say which rows."""

    pagination_class = Pages

    def rows(self, request) -> list:
        raise NotImplementedError

    def get(self, request):
        page = self.paginate_queryset(self.rows(request))
        return self.get_paginated_response(page)


def _checked(params) -> None:
    """A province or group that names none is refused (400), not answered with an empty list: every answer
    the cache keeps is one of the portal's real filters. The parameters' spelling is checked before any view
    runs (`indices.public.parameters`)."""
    problems = {}
    if (province := params.get("province")) and not Region.objects.provinces().filter(code=province).exists():
        problems["province"] = f"No province has the code {province}."
    if (group := params.get("group")) and group not in Instance.objects.groups():
        problems["group"] = f"No instance is in the group {group}."
    if problems:
        raise ValidationError(problems)


def _filtered(queryset, request, prefix="", year_field="year"):
    """Scores, values, targets or instances filtered by ?year=, ?kind=, ?province=, ?group=."""
    params = request.query_params
    _checked(params)
    if year := params.get("year", ""):
        queryset = queryset.filter(**{year_field: int(year)})
    if kind := params.get("kind"):
        queryset = queryset.filter(**{f"{prefix}kind": kind})
    if group := params.get("group"):
        # A score or target is in the group its year's report printed; an instance in its current one.
        queryset = queryset.filter(group=group) if queryset.model is Instance else queryset.in_group(group)
    if province := params.get("province"):
        queryset = queryset.in_province(province)
    return queryset


@extend_schema(parameters=[KIND, PROVINCE, GROUP], responses=InstanceSerializer(many=True))
class InstanceList(ListView):
    """Evaluated instances: regional governments and central agencies."""

    def rows(self, request):
        instances = _filtered(Instance.objects.named(), request)
        return [_instance(instance, request) for instance in instances]


@extend_schema(responses=InstanceDetailSerializer)
class InstanceDetail(GenericAPIView):
    """One instance with its scores, targets, rank among its kind and domain section, as its page shows them."""

    def get(self, request, code):
        instance = Instance.objects.named().filter(code=code).first()
        if instance is None:
            raise NotFound(f"No instance has the code {code}.")
        data = page_data.instance(instance)
        own_values = ScoreValue.objects.filter(score__instance=instance, node__parent=None)
        values = _domains(own_values.points())
        reported_values = _domains(own_values.reported_points())
        return Response(
            _instance(instance, request)
            | {
                "scores": [_score(point, values) for point in data.points],
                "reported": [_score(point, reported_values) for point in data.reported],
                "targets": [_target(point) for point in data.target_points],
                "standing": data.standing,
                "domains": data.domain_rows,
            }
        )


@extend_schema(parameters=[YEAR, KIND, PROVINCE, GROUP, KIND_OF_SOURCE], responses=ScoreSerializer(many=True))
class ScoreList(ListView):
    """Every published figure: results (official, compiled, carried over) and figures the press reported, each
    with its kind of source (`?kind_of_source=official` for KemenPANRB's publications only), predicate, domain
    values and source."""

    def rows(self, request):
        scores = _filtered(Score.objects.all(), request, prefix="instance__")
        values = ScoreValue.objects.filter(node__parent=None)
        values = _filtered(values, request, prefix="score__instance__", year_field="score__year")
        domains = _domains([*values.points(), *values.reported_points()])
        rows = sorted(
            [*scores.points(), *scores.reported_points()], key=lambda p: (p["year"], p["code"], p["status"])
        )
        wanted = request.query_params.get("kind_of_source")
        return [_score(point, domains) for point in rows if not wanted or point["source_kind"] == wanted]


@extend_schema(
    parameters=[YEAR, KIND, PROVINCE, GROUP, KIND_OF_SOURCE], responses=RankingRowSerializer(many=True)
)
class RankingList(ListView):
    """The rankings page: every instance of a year ranked among its kind, rank changes, domain values."""

    def rows(self, request):
        years, default = page_data.ranking_years()
        year = sections.chosen_year(request.query_params.get("year"), years, default)
        params = request.query_params
        _checked(params)

        chosen = RankingFilter(
            kind=params.get("kind", ""),
            group=params.get("group", ""),
            province=params.get("province", ""),
            source_kind=params.get("kind_of_source", ""),
        )
        rows = page_data.ranking(year, chosen)["rows"]
        return [
            _score(row, {})
            | {
                "domains": {
                    key.removeprefix("domain_"): row[key] for key in row if key.startswith("domain_")
                },
                "rank": row["rank"],
                "rank_change": row["rank_change"],
                "change": row["change"],
            }
            for row in rows
        ]


def _target(point) -> dict:
    return {key: point[key] for key in ("code", "year", "value", "document")} | {
        "source": {"title": point["source_title"] or "", "url": point["source_url"] or "", "detail": ""}
    }


@extend_schema(parameters=[YEAR, KIND, PROVINCE, GROUP], responses=TargetSerializer(many=True))
class TargetList(ListView):
    """Targets from planning documents, each with its source."""

    def rows(self, request):
        return [
            _target(point) for point in _filtered(Target.objects.all(), request, prefix="instance__").points()
        ]


@extend_schema(responses=NationalSerializer(many=True))
class NationalList(GenericAPIView):
    """The national index by year as KemenPANRB published it, with its domains and the national target."""

    def get(self, request):
        values = {}
        for value in NationalValue.objects.values("national__year", "node__number", "value"):
            values.setdefault(value["national__year"], {})[str(value["node__number"])] = value["value"]
        rows = [
            {key: row[key] for key in ("year", "value", "predicate", "target", "instances_evaluated")}
            | {
                "target_source": row["target_detail"],
                "domains": values.get(row["year"], {}),
                "source": _source(row),
            }
            for row in NationalIndex.objects.points()
        ]
        return Response(rows)


@extend_schema(responses=FrameworkSerializer(many=True))
class FrameworkList(GenericAPIView):
    """The evaluation frameworks: years, scale, predicate bands and the tree of weights."""

    def get(self, request):
        rows = []
        for framework in Framework.objects.facts():
            labels = {node.id: f"{node.level} {node.number}" for node in framework.nodes}
            rows.append(
                {
                    "slug": framework.slug,
                    "name": framework.name,
                    "first_year": framework.first_year,
                    "last_year": framework.last_year,
                    "scale": list(framework.scale),
                    "bands": [asdict(band) for band in framework.bands],
                    "tree": [
                        {
                            "level": node.level,
                            "number": node.number,
                            "name": node.name,
                            "weight": node.weight,
                            "parent": labels.get(node.parent_id),
                        }
                        for node in sorted(
                            framework.nodes, key=lambda n: (n.level != "domain", n.level, n.number)
                        )
                    ],
                }
            )
        return Response(rows)


class Root(GenericAPIView):
    """What the API offers."""

    @extend_schema(exclude=True)
    def get(self, request):
        names = ("instances", "scores", "rankings", "targets", "national", "frameworks", "schema", "docs")
        return Response({name: absolute_url(reverse(f"api:{name}")) for name in names})


# GET and HEAD only. A CORS preflight (OPTIONS) never reaches a view: django-cors-headers answers it.
READ_ONLY = ["get", "head"]


# The query parameters each list reads (`indices.public.parameters`); no other reaches it.
FILTERS = {
    "kind": Parameter(one_of(*Instance.Kind.values)),
    "province": Parameter(code),
    "group": Parameter(text(100)),
    "page": PAGE,
    "page_size": Parameter(one_of("10", "25", "50", "100", "250", "500", "1000")),
}


YEARLY = FILTERS | {
    "year": Parameter(year),
    "kind_of_source": Parameter(one_of("official", "compiled", "carried_over", "press")),
}


def _view(view_class, query=None):
    return published(view_class.as_view(http_method_names=READ_ONLY), query=query)


app_name = "api"


urlpatterns = [
    path("", _view(Root), name="root"),
    path("instances/", _view(InstanceList, FILTERS), name="instances"),
    path("instances/<str:code>/", _view(InstanceDetail), name="instance"),
    path("scores/", _view(ScoreList, YEARLY), name="scores"),
    path("rankings/", _view(RankingList, YEARLY), name="rankings"),
    path("targets/", _view(TargetList, YEARLY), name="targets"),
    path("national/", _view(NationalList), name="national"),
    path("frameworks/", _view(FrameworkList), name="frameworks"),
    path("schema/", _view(SpectacularAPIView, {"format": Parameter(one_of("json", "yaml"))}), name="schema"),
    # The split view serves its start-up script as a file and the template has no inline style: the
    # Content-Security-Policy holds, with data: images added for Swagger UI's icons.
    path(
        "docs/",
        csp_update({"img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="indices/api_docs.html", http_method_names=READ_ONLY
            )
        ),
        name="docs",
    ),
]
