from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.models import Instance, Score
from tests.benchmarks.growth import grow

pytestmark = pytest.mark.django_db


def rows_by_code(response):
    return {row.record["region"].code: row for row in response.context["table"].rows}


def test_home_is_served_at_the_root_in_indonesian(client, published):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in page
    assert "Indeks SPBE 2024: ikhtisar nasional" in page


def test_home_opens_on_the_latest_year_with_the_whole_national_table(client, published):
    """2025 has a few figures regional governments published; 2024 is the last complete national table."""
    response = client.get("/")
    assert response.context["year"] == 2024
    assert response.context["years"][-1] == 2025
    rows = rows_by_code(response)
    assert len(rows) == 38
    assert rows["62"].get_cell("value") == "2,87"
    assert "Baik" in rows["62"].get_cell("predicate")
    assert rows["62"].get_cell("change") == "+0,12"
    assert "Sangat Baik" in rows["64"].get_cell("predicate")


def test_home_shows_another_year_when_asked(client, published):
    rows = rows_by_code(client.get("/", {"tahun": "2025"}))
    assert (rows["62"].get_cell("value"), rows["64"].get_cell("value"), rows["11"].get_cell("value")) == (
        "3,41",
        "4,13",
        "—",
    )


def test_home_counts_and_means_per_kind_match_the_report(client, published):
    response = client.get("/")
    assert response.context["overview"]["count"] == 615
    kinds = {k["kind"]: k for k in response.context["kinds"]}
    assert {
        kind: (k["count"], k["mean"])
        for kind, k in kinds.items()
        if kind in ("kementerian", "kabupaten", "kota")
    } == {
        "kementerian": (34, Decimal("4.03")),
        "kabupaten": (392, Decimal("2.97")),
        "kota": (93, Decimal("3.39")),
    }
    # Memuaskan, Sangat Baik, Baik, Cukup, Kurang over every instance, as the 2024 report counts them.
    assert response.context["totals"] == {"count": 615, "predicates": [48, 182, 239, 127, 19]}


def test_home_shows_the_national_index_as_published_with_its_target_and_source(client, published):
    response = client.get("/")
    national = response.context["national"]
    assert (national["value"], national["target"], national["predicate"]) == (
        Decimal("3.12"),
        Decimal("2.85"),
        "Baik",
    )
    page = response.content.decode()
    assert "3,12" in page and "target 2,85" in page and "Laporan Pelaksanaan Evaluasi SPBE Tahun 2024" in page
    assert (
        "Rata-rata sederhana instansi yang memiliki skor di portal" in page
    )  # means are labelled as the portal's


def test_home_draws_the_national_series_with_targets_and_the_framework_break(client, published):
    chart = client.get("/").context["national_chart"]
    lines = [t for t in chart.figure["data"] if t["mode"] == "lines+markers"]
    assert [list(t["x"]) for t in lines] == [[2018, 2019, 2020], [2021, 2022, 2023, 2024]]
    assert chart.figure["data"][-1]["name"] == "Target" and list(chart.figure["data"][-1]["y"]) == [2.6, 2.85]
    assert ["2024", "3,12", "Baik", "2,85"] in chart.rows


def test_home_counts_predicates_only_for_years_with_the_whole_national_table(client, published):
    chart = client.get("/").context["predicate_chart"]
    assert chart.columns[1:6] == ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"]
    assert [row[0] for row in chart.rows] == ["2023", "2024"]
    assert ["2024", "19", "127", "239", "182", "48", "615"] in chart.rows
    assert chart.summary.startswith("Pada 2024, 615 instansi memiliki skor: 48 Memuaskan")


def test_home_colours_the_province_tiles_by_predicate(client, published):
    chart = client.get("/").context["tiles_chart"]
    assert len(chart.rows) == 38
    assert ["Kalimantan Tengah", "2,87", "Baik"] in chart.rows


def test_home_shows_a_point_in_english(client, published):
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert "2.87" in page and "2,87" not in page
    assert "SPBE index 2024: national overview" in page


def test_home_ignores_self_assessments(client, published, make_score):
    make_score(Instance.objects.get(code="62"), 2024, "3.90", status="self_assessed")
    assert rows_by_code(client.get("/"))["62"].get_cell("value") == "2,87"


def test_home_links_a_score_to_its_source(client, published):
    page = client.get("/", {"tahun": "2025"}).content.decode()
    assert '<a href="https://kaltengterkini.co.id/?p=52789" rel="noopener">' in page


def test_home_sorts_by_index(client, published):
    rows = list(client.get("/", {"sort": "-value"}).context["table"].rows)
    assert [row.record["region"].code for row in rows[:2]] == ["32", "34"]  # Jawa Barat 4.73, DI Yogyakarta


def test_home_without_any_score_says_so(client, no_results):
    response = client.get("/")
    assert response.status_code == 200
    assert "Belum ada skor" in response.content.decode()


def test_home_queries_do_not_grow_with_the_data(client, published, django_assert_num_queries):
    with CaptureQueriesContext(connection) as national:
        client.get("/")
    grow()  # ten more years for every instance: about ten times the rows
    assert Score.objects.count() > 7000
    with django_assert_num_queries(len(national.captured_queries)):
        client.get("/")


def test_unknown_page_gets_the_portals_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_home_provinces_table_downloads_as_xlsx(client, published):
    import io

    import openpyxl

    response = client.get("/", {"tahun": "2024", "sort": "-value", "_export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 39
    assert rows[1][:3] == ("32", "Jawa Barat", 4.73)


def test_every_page_links_the_whole_dataset_download(client, published):
    page = client.get("/").content.decode()
    assert 'href="/unduh/data.csv"' in page and 'href="/unduh/data.xlsx"' in page
    response = client.get("/unduh/data.csv")
    assert response.status_code == 200
    assert "Kementerian Keuangan" in response.content.decode("utf-8-sig")
