from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.loading import sample_generate
from indices.models import Target
from regions.models import Region

pytestmark = pytest.mark.django_db


def test_province_page_is_at_its_code(client, demo):
    response = client.get("/wilayah/62/")
    assert response.status_code == 200
    assert response.context["region"].name == "Kalimantan Tengah"


def test_province_headline_matches_the_database(client, demo):
    context = client.get("/wilayah/62/").context
    assert (context["latest"]["year"], context["latest"]["value"], context["latest"]["predicate"]) == (
        2025,
        Decimal("3.41"),
        "Baik",
    )
    assert context["change"] == Decimal("0.54")  # 3.41 - 2.87
    assert context["previous"]["year"] == 2024
    assert context["to_next"] == {"gap": Decimal("0.09"), "predicate": "Sangat Baik"}  # 3.50 - 3.41


def test_province_page_says_how_far_the_next_predicate_is(client, demo):
    page = client.get("/wilayah/62/").content.decode()
    assert "+0,09" in page
    assert "menuju Sangat Baik" in page


def test_province_targets_show_the_gap(client, demo):
    (target,) = client.get("/wilayah/62/").context["targets"]
    assert (target["target"], target["achieved"], target["gap"], target["met"]) == (
        Decimal("3.35"), Decimal("3.41"), Decimal("0.06"), True)  # fmt: skip


def test_province_trend_marks_targets_and_the_bands(client, demo):
    trend = client.get("/wilayah/62/").context["trend"]
    assert (
        trend.summary
        == "Indeks SPBE Kalimantan Tengah naik dari 2,87 (2024) menjadi 3,41 (2025), predikat Baik."
    )
    assert trend.figure["data"][-1]["name"] == "Target"
    assert len([s for s in trend.figure["layout"]["shapes"] if s["type"] == "rect"]) == 5


def test_province_children_table_ranks_within_the_province(client, demo):
    context = client.get("/wilayah/64/").context
    assert context["children_year"] == 2024
    (row,) = context["children_table"].rows
    assert (row.record["code"], row.record["rank"], row.get_cell("value"), row.get_cell("change")) == (
        "64.01",
        1,
        "3,27",
        "+0,37",
    )


def test_province_children_get_their_targets_and_gaps(client, demo, source):
    Target.objects.create(
        region_id="64.01", year=2024, value=Decimal("3.50"), document="rpjmd", source=source
    )
    (row,) = client.get("/wilayah/64/").context["children_table"].rows
    assert (row.get_cell("target"), row.get_cell("gap")) == ("3,50", "−0,23")


def test_province_children_year_can_be_chosen(client, demo):
    context = client.get("/wilayah/64/", {"tahun": "2018"}).context
    (row,) = context["children_table"].rows
    assert (context["children_year"], row.get_cell("value"), row.get_cell("change")) == (2018, "1,85", "—")


def test_province_counts_its_children_per_predicate(client, register, frameworks):
    sample_generate(regions=Region.objects.filter(province_id="63"), years=(2024,))
    context = client.get("/wilayah/63/", {"data": "contoh"}).context
    rows = list(context["children_table"].rows)
    assert len(rows) == 13
    assert sum(entry["count"] for entry in context["children_predicates"]) == 13
    assert [r.record["rank"] for r in rows] == sorted(r.record["rank"] for r in rows)
    assert len(context["children_chart"].figure["data"][0]["x"]) == 13


def test_regency_page_ranks_in_province_and_nationally(client, demo):
    context = client.get("/wilayah/63.11/").context
    assert (context["peer_year"], context["rank_in_province"], context["siblings_count"]) == (2024, 1, 1)
    # Kabupaten in 2024: Balangan 3.34, Paser 3.27, Kotawaringin Timur 3.22.
    assert (context["rank_national"], context["same_kind_count"]) == (1, 3)
    assert context["national_mean"] == Decimal("3.28")
    assert context["province_mean"] == Decimal("3.34")


def test_regency_change_is_not_computed_across_the_framework_break(client, demo):
    context = client.get("/wilayah/64.01/", {}).context
    assert context["change"] == Decimal("0.37")  # 2024 vs 2023
    trend = context["trend"]
    lines = [t for t in trend.figure["data"] if t["mode"] == "lines+markers"]
    assert [list(t["x"]) for t in lines] == [[2018, 2019], [2021, 2022, 2023, 2024]]


def test_region_without_scores_shows_an_empty_state(client, demo):
    response = client.get("/wilayah/11/")
    assert response.status_code == 200
    assert "Belum ada indeks SPBE" in response.content.decode()


@pytest.mark.parametrize("path", ["/wilayah/99/", "/wilayah/63.99/", "/wilayah/6/", "/wilayah/abc/"])
def test_unknown_region_code_gets_the_portals_404(client, demo, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.parametrize("code", ["63", "63.11"])
def test_region_page_queries_do_not_grow_with_the_data(
    client, register, frameworks, code, django_assert_num_queries
):
    kalsel = Region.objects.filter(province_id="63")
    sample_generate(
        regions=list(kalsel[:2]) + [Region.objects.get(code="63"), Region.objects.get(code="63.11")],
        years=(2024,),
    )
    with CaptureQueriesContext(connection) as small:
        client.get(f"/wilayah/{code}/", {"data": "contoh"})
    sample_generate(years=(2018, 2019, 2021, 2022, 2023, 2024, 2025))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(f"/wilayah/{code}/", {"data": "contoh"})


def test_province_children_table_downloads_as_csv(client, demo):
    response = client.get("/wilayah/64/", {"tahun": "2024", "_export": "csv"})
    assert "kabupaten-kota-64-2024.csv" in response["Content-Disposition"]
    lines = response.content.decode("utf-8").splitlines()
    assert lines[1].split(",")[:3] == ["1", "Kabupaten Paser", "3.27"]
