from django.shortcuts import render
from django_tables2 import RequestConfig

from indices.models import Score
from indices.tables import ProvinceLatestTable
from regions.models import Region


def home(request):
    provinces = Region.objects.provinces()
    latest = {
        score.region_id: score
        for score in Score.objects.official()
        .real()
        .filter(region__kind=Region.Kind.PROVINSI)
        .latest_for_each_region()
        .with_bands()
    }
    rows = [_province_row(province, latest.get(province.code)) for province in provinces]
    table = ProvinceLatestTable(rows)
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "indices/home.html", {"table": table, "scored": len(latest), "total": len(rows)})


def _province_row(province, score) -> dict:
    row = {"code": province.code, "name": province.name}
    if score is None:
        return row
    band = score.band
    return row | {
        "year": score.year,
        "value": score.value,
        "predicate": band.predicate,
        "predicate_order": band.order,
        "colour": band.colour,
        "source": str(score.source),
        "source_url": score.source.url,
    }
